"""How a call and an application are shown, on pages of every audience: the stage in words
and as steps, the profile, statements, evidence, findings and scores of an application."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.policies import schema
from touyan.policies.names import shown

from .eligibility import condition_text, outcome_label
from .models import Application, Call, Review
from .policy import call_spec

PROFILE = (
    ("name", gettext_lazy("姓名")),
    ("gender", gettext_lazy("性别")),
    ("birth_date", gettext_lazy("出生日期")),
    ("school", gettext_lazy("学校")),
    ("school_kind", gettext_lazy("学段")),
    ("position", gettext_lazy("职务")),
    ("title", gettext_lazy("职称")),
    ("appointed_on", gettext_lazy("任现职时间")),
)
# What an anonymised review leaves out.
IDENTIFYING = frozenset({"name", "school", "birth_date"})
WRITTEN = (schema.Declaration, schema.Judgement)


def local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def stage_words(call: Call, now: dt.datetime) -> str:
    if call.stage == Call.Stage.OPEN:
        if now < call.opens_at:
            return _("未开始")
        return _("报名中") if now < call.closes_at else _("已截止")
    return {
        Call.Stage.DRAFT: _("未发布"),
        Call.Stage.REVIEW: _("评审中"),
        Call.Stage.DECISION: _("审定中"),
        Call.Stage.NOTICE: _("公示中"),
        Call.Stage.FINAL: _("名单已确定"),
    }[call.stage]


def stage_steps(call: Call, spec) -> list[dict]:
    """The stages in order, each marked done, current or to come, named as steps (the stage
    names say where a call stands, not what was done); the expert review is left out when the
    call has none, and a member call has the allocation instead of a decision and a notice."""
    steps = {
        Call.Stage.DRAFT: _("起草"),
        Call.Stage.OPEN: _("申报与推荐"),
        Call.Stage.REVIEW: _("专家评审"),
        Call.Stage.DECISION: _("差额审定"),
        Call.Stage.NOTICE: _("公示"),
        Call.Stage.FINAL: _("确定名单"),
    }
    if spec.experts_per_application == 0:
        del steps[Call.Stage.REVIEW]
    if spec.purpose == "members":
        # Placed by the allocation: no one-by-one decision and no notice.
        steps[Call.Stage.DECISION] = _("成员分配")
        del steps[Call.Stage.NOTICE]
    order = list(steps)
    position = order.index(call.stage) if call.stage in order else 0
    return [
        {
            "label": steps[stage],
            "state": "done" if i < position else "current" if i == position else "todo",
        }
        for i, stage in enumerate(order)
    ]


def findings(application: Application, spec=None) -> list[dict]:
    """The eligibility findings with their outcome in words."""
    return worded(application.eligibility or [], spec or call_spec(application.call))


def worded(found: list[dict], spec) -> list[dict]:
    """Findings (as kept, or as computed for a preview) with their outcome in words and their
    condition in the reader's language: an application keeps the policy's Chinese."""
    return [
        {
            **finding,
            "text": condition_text(spec, finding),
            "label": outcome_label(finding["outcome"]),
        }
        for finding in found
    ]


def profile_rows(application: Application, *, anonymous: bool = False) -> list[dict]:
    profile, corrections = application.profile or {}, application.corrections or {}
    return [
        {"label": label, "value": profile.get(key, ""), "correction": corrections.get(key, "")}
        for key, label in PROFILE
        if not (anonymous and key in IDENTIFYING)
    ]


def statement_rows(application: Application, spec) -> list[dict]:
    statements = application.statements or {}
    return [
        {"text": shown(condition, "text"), "statement": statements.get(condition.code, "")}
        for condition in spec.conditions
        if isinstance(condition, WRITTEN)
    ]


def evidence_rows(application: Application, spec) -> list[dict]:
    names = {attachment.code: shown(attachment) for attachment in spec.attachments}
    return [
        {"evidence": evidence, "requirement": names.get(evidence.requirement, _("其他材料"))}
        for evidence in application.evidence.all()
    ]


def score_rows(review: Review, spec) -> list[dict]:
    return [
        {"name": shown(c), "points": c.points, "score": (review.scores or {}).get(c.code)}
        for c in spec.rubric
    ]
