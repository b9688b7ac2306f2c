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

from touyan.people.enums import Position, SchoolKind, Title
from touyan.people.models import Principal
from touyan.policies import schema
from touyan.policies.names import shown
from touyan.programmes.models import Studio, StudioMember, Trainee
from touyan.regions import codes

MET, UNMET, EXPERTS, JUDGED = "met", "unmet", "experts", "judged"
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
    if programme_id is not None:
        already = standing(spec.purpose, principal.pk, programme_id=programme_id, on=on)
        if already is not None:
            found.insert(0, already)
    return found


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


def _post(condition: schema.PostCondition, principal: Principal, jurisdiction: str):
    school = principal.school
    position = Position(principal.position).label
    if principal.position not in condition.positions:
        return UNMET, _("职务为%(position)s，不在申报范围内") % {"position": position}
    if condition.school_kinds and school.kind not in condition.school_kinds:
        return UNMET, _("所在学校为%(kind)s，不在申报范围内") % {
            "kind": SchoolKind(school.kind).label
        }
    if condition.within_jurisdiction and not codes.contains(jurisdiction, school.region_id):
        return UNMET, _("所在学校不在本项目辖区内")
    if condition.in_service and not principal.in_service:
        return UNMET, _("名册登记为不在职")
    if condition.established and not principal.established:
        return UNMET, _("名册登记为不在编")
    return MET, _("%(school)s%(position)s") % {"school": school.name, "position": position}


def _years(condition: schema.YearsInPost, principal: Principal, on: dt.date):
    tenure = principal.years_in_post(on)
    if tenure is None:
        return UNMET, _("名册中没有任现职时间，无法计算任职年限")
    years, months = tenure
    served = _("任现职%(years)d年%(months)d个月") % {"years": years, "months": months}
    if years >= condition.at_least:
        return MET, served
    return UNMET, _("%(served)s，不满%(at_least)d年") % {
        "served": served,
        "at_least": condition.at_least,
    }


def _title(condition: schema.TitleCondition, principal: Principal):
    title = Title(principal.title).label
    if principal.title in condition.titles:
        return MET, _("职称为%(title)s") % {"title": title}
    if condition.otherwise:
        return EXPERTS, _("职称为%(title)s，未达要求；“%(otherwise)s”一项交专家评议") % {
            "title": title,
            "otherwise": shown(condition, "otherwise"),
        }
    return UNMET, _("职称为%(title)s，未达要求") % {"title": title}
