"""Moderation (合议) of a case whose experts' totals spread beyond the policy's threshold: the
centre writes a note, may ask one expert to reconsider (their score is reopened and the case
waits for it again), or sets the proposed grade with its reasons. Clearing the flag is audited
with who and when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.notifications.services import notify

from ..models import Case, Score
from ..rubric import grade_name, rubric_of
from ..states import CASE, ROUND

NOTE_LENGTH = 2000


def _locked(actor: Actor, case: Case) -> Case:
    case = CASE.lock(case)
    require(actor, "assessment.manage_case", case)
    if not (ROUND.allows(case.round, "score") or ROUND.allows(case.round, "decide")):
        ROUND.check(case.round, "score")
    if case.status != Case.Status.SCORED:
        CASE.check(case, "decide")
    return case


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写合议意见")})
    if len(note) > NOTE_LENGTH:
        raise ValidationError({"note": _("合议意见不能超过 %(n)d 字") % {"n": NOTE_LENGTH}})
    return note


@transaction.atomic
def moderate(*, actor: Actor, case: Case, note: str, grade: str = "") -> Case:
    """Write the moderation note and clear the flag; with ``grade``, set the proposed grade
    (otherwise the one the thresholds proposed stands)."""
    case = _locked(actor, case)
    note = _note(note)
    rubric = rubric_of(case.round)
    grade = grade or case.proposed_grade
    if rubric.grade(grade) is None:
        raise ValidationError({"grade": _("本轮考核没有这一等次")})
    changes = {
        "moderation_note": [case.moderation_note, note],
        "needs_moderation": [case.needs_moderation, False],
    }
    if grade != case.proposed_grade:
        changes["proposed_grade"] = [case.proposed_grade, grade]
    case.moderation_note = note
    case.needs_moderation = False
    case.proposed_grade = grade
    case.save(update_fields=["moderation_note", "needs_moderation", "proposed_grade"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=case,
        scope_code=case.round.programme.jurisdiction_id,
        changes=changes,
        note=_("合议：建议等次 %(grade)s") % {"grade": grade_name(rubric, grade)},
    )
    return case


@transaction.atomic
def ask_to_reconsider(*, actor: Actor, score: Score, note: str) -> Score:
    """Reopen one expert's submitted score of a flagged case; the case waits for it again and
    is scored anew when it is submitted."""
    case = _locked(actor, score.case)
    ROUND.check(case.round, "score")
    note = _note(note)
    score = Score.objects.select_for_update().get(pk=score.pk, case=case, for_review=False)
    if score.submitted_at is None:
        raise ValidationError(_("这份评分尚未提交，无需重新评分"))
    score.submitted_at = None
    score.save(update_fields=["submitted_at"])
    CASE.move(
        actor=actor,
        obj=case,
        action="reconsider",
        fields={"moderation_note": note, "score": None, "spread": None},
        changes={"reopened": [str(score.expert), None]},
        note=note,
    )
    notify(
        users=[score.expert],
        title=_("培训中心请您重新评分：%(case)s") % {"case": case},
        body=note,
        url=reverse("assessment:expert_score", args=[score.pk]),
    )
    return score
