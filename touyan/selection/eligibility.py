"""Eligibility computed from the registry, condition by condition, each with its reason.

What the registry can answer (post, years in post, title) is decided here. What only people can
judge is never decided here: declarations need the applicant's statement, judgements go to the
experts, and an unmet title with an "or outstanding contribution" branch goes to the experts
instead of rejecting the applicant (HZ-2.2).

Beyond the policy's conditions, a call never takes someone the programme already has, on the
call's closing day, in the place it fills: a trainee on a trainee call, a host on a host call,
a member or a host on a member call (``standing``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from touyan.people.models import Principal
from touyan.policies import schema
from touyan.policies.names import shown
from touyan.programmes.conditions import EXPERTS, MET, UNMET
from touyan.programmes.conditions import post as _post
from touyan.programmes.conditions import title as _title
from touyan.programmes.conditions import years_in_post as _years
from touyan.programmes.models import Studio, StudioMember, Trainee

JUDGED = "judged"
DECLARED, MISSING = "declared", "missing"
# The finding of ``standing``: a policy's codes start with a letter, so this one never clashes.
STANDING = "_standing"


@dataclass(frozen=True)
class Finding:
    code: str
    text: str
    outcome: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def condition_text(spec: schema.SelectionCall, finding: dict) -> str:
    """A finding's condition in the reader's language; an application keeps the policy's
    Chinese (or, for ``standing``, the words of whoever submitted)."""
    if finding["code"] == STANDING:
        return standing_text(spec.purpose)
    condition = spec.condition(finding["code"])
    return shown(condition, "text") if condition is not None else finding["text"]


def outcome_label(outcome: str) -> str:
    return {
        MET: _("符合"),
        UNMET: _("不符合"),
        EXPERTS: _("待专家评议"),
        JUDGED: _("由专家评议"),
        DECLARED: _("已作陈述"),
        MISSING: _("未填写陈述"),
    }[outcome]


def overall(findings: list[Finding]) -> str:
    """``ineligible`` if the registry rules one out; ``experts`` if a computed condition fell
    back on its judgement branch; else ``eligible`` (judged conditions always go to experts)."""
    if any(f.outcome == UNMET for f in findings):
        return "ineligible"
    if any(f.outcome == EXPERTS for f in findings):
        return "experts"
    return "eligible"


def missing_statements(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.outcome == MISSING]


def evaluate(
    spec: schema.SelectionCall,
    principal: Principal,
    *,
    jurisdiction: str,
    on: dt.date,
    statements: dict[str, str] | None = None,
    programme_id: int | None = None,
) -> list[Finding]:
    """Every condition's finding; with ``programme_id``, first the applicant's ``standing`` in
    that programme when it rules them out."""
    statements = statements or {}
    found = [_finding(c, principal, jurisdiction, on, statements) for c in spec.conditions]
    if programme_id is not None and spec.purpose == "hosts":
        found = _honour_exception(found, principal.pk, programme_id)
    if programme_id is not None:
        already = standing(spec.purpose, principal.pk, programme_id=programme_id, on=on)
        if already is not None:
            found.insert(0, already)
    return found


def _honour_exception(found: list[Finding], principal_id: int, programme_id: int):
    """An introduced host (引进, HN-3.3): a studio of the programme hosted by the principal
    with the centre's recorded exception stands in for the host conditions the registry
    answers (a host carried over before the cycle starts may still take part in its host
    call)."""
    reason = (
        Studio.objects.filter(programme_id=programme_id, host_id=principal_id, introduced=True)
        .values_list("introduced_reason", flat=True)
        .first()
    )
    if reason is None:
        return found
    excepted = _("引进主持人，中心已记录例外：%(reason)s") % {"reason": reason}
    return [Finding(f.code, f.text, MET, excepted) if f.outcome == UNMET else f for f in found]


def standing_text(purpose: str) -> str:
    """What ``standing`` asks, as a condition's text."""
    if purpose == "trainees":
        return _("不是本项目的在培学员")
    if purpose == "hosts":
        return _("不是本项目工作室的现任主持人")
    return _("不是本项目工作室的现任成员或主持人")


def standing(purpose: str, principal_id: int, *, programme_id: int, on: dt.date) -> Finding | None:
    """An unmet finding when the programme has the principal on day ``on`` where the call would
    put them (a query or two), else None. A studio has no date of its own: its host hosts from
    the programme's start (a host chosen before the cycle starts keeps the studio they have)."""
    if purpose == "trainees":
        trainee = (
            Trainee.objects.filter(
                cohort__programme_id=programme_id,
                principal_id=principal_id,
                status=Trainee.Status.ACTIVE,
                joined_on__lte=on,
            )
            .select_related("cohort")
            .first()
        )
        if trainee is None:
            return None
        return Finding(
            STANDING,
            standing_text(purpose),
            UNMET,
            _("已是本项目%(cohort)s的在培学员") % {"cohort": trainee.cohort.name},
        )
    if purpose not in ("hosts", "members"):
        return None
    running = Q(revoked_on__isnull=True) | Q(revoked_on__gt=on)
    studios = Studio.objects.filter(
        running, programme_id=programme_id, programme__starts_on__lte=on
    )
    hosted = studios.filter(host_id=principal_id).values_list("name", flat=True).first()
    text = standing_text(purpose)
    if hosted is not None:
        return Finding(STANDING, text, UNMET, _("已主持“%(studio)s”") % {"studio": hosted})
    if purpose == "hosts":
        return None
    joined = (
        StudioMember.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=on),
            studio__in=studios,
            principal_id=principal_id,
            joined_on__lte=on,
        )
        .values_list("studio__name", flat=True)
        .first()
    )
    if joined is None:
        return None
    return Finding(STANDING, text, UNMET, _("已是“%(studio)s”的成员") % {"studio": joined})


def _finding(condition, principal, jurisdiction, on, statements) -> Finding:
    # The text is kept as the policy wrote it; pages word it for their reader (presenters).
    def found(outcome: str, reason: str) -> Finding:
        return Finding(condition.code, condition.text, outcome, reason)

    if isinstance(condition, schema.PostCondition):
        return found(*_post(condition, principal, jurisdiction))
    if isinstance(condition, schema.YearsInPost):
        return found(*_years(condition, principal, on))
    if isinstance(condition, schema.TitleCondition):
        return found(*_title(condition, principal))
    written = (statements.get(condition.code) or "").strip()
    if isinstance(condition, schema.Declaration):
        if written:
            return found(DECLARED, _("本人已陈述并承诺"))
        return found(MISSING, _("须填写本项陈述"))
    return found(JUDGED, _("由专家依据陈述与证明材料评议"))
