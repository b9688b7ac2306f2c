"""The authority decides each case's grade with reasons and publishes the round (HN-5.4):
publication locks the results, opens the review window (复核) and fixes each grade's
consequence and the day it takes effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.programmes.policy import parsed

from ..models import Case, Consequence, Round, Subjects
from ..rubric import grade_name, rubric_of
from ..states import CASE, ROUND

C = Case.Status


def _checked_reason(reason: str, *, changed: bool) -> str:
    reason = reason.strip()
    if not reason:
        if changed:
            raise ValidationError({"reason": _("审定等次与建议等次不同，须写明理由")})
        raise ValidationError({"reason": _("请写明审定理由")})
    if len(reason) > Case._meta.get_field("reason").max_length:
        raise ValidationError({"reason": _("审定理由不能超过 2000 字")})
    return reason


def _checked_grade(round_: Round, grade: str) -> str:
    if rubric_of(round_).grade(grade) is None:
        raise ValidationError({"grade": _("请从本轮考核的等次中选择")})
    return grade


def _decide(
    actor: Actor, case: Case, grade: str, reason: str, now: dt.datetime | None = None
) -> Case:
    fields = {
        "grade": grade,
        "reason": reason,
        "decided_at": now or timezone.now(),
        "decided_by": actor.user,
        "decider_name": display_name(actor),
    }
    changes = {"grade": [case.grade, grade]}
    if case.status == C.DECIDED:
        return change_decision(actor=actor, case=case, fields=fields, changes=changes, note=reason)
    return CASE.move(
        actor=actor, obj=case, action="decide", fields=fields, changes=changes, note=reason
    )


def change_decision(*, actor: Actor, case: Case, fields: dict, changes: dict, note: str) -> Case:
    """A decided case's grade changed (before publication, or by a review): CASE "redecide",
    taken within the state, on the locked row, in the caller's transaction."""
    CASE.check(case, "redecide")
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=case,
        scope_code=case.round.programme.jurisdiction_id,
        changes=changes,
        note=note,
    )
    return case


@transaction.atomic
def decide_case(
    *, actor: Actor, case: Case, grade: str, reason: str, now: dt.datetime | None = None
) -> Case:
    """Confirm (or, before publication, change) one case's grade, with the reasons."""
    round_ = ROUND.lock(case.round)
    require(actor, "assessment.decide_round", round_)
    case = CASE.lock(case)
    ROUND.check(round_, "decide")
    case.round = round_
    grade = _checked_grade(round_, grade)
    reason = _checked_reason(reason, changed=grade != case.proposed_grade)
    return _decide(actor, case, grade, reason, now)


@transaction.atomic
def accept_proposals(
    *,
    actor: Actor,
    round_: Round,
    reason: str,
    cases: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[Case]:
    """Decide every scored case of the round (or those of ``cases``) at its proposed grade,
    with one reason. Cases flagged for moderation and cases without a proposal are left for
    one-by-one decisions."""
    round_ = ROUND.lock(round_)
    require(actor, "assessment.decide_round", round_)
    ROUND.check(round_, "decide")
    reason = _checked_reason(reason, changed=False)
    waiting = Case.objects.filter(round=round_, status=C.SCORED, needs_moderation=False).exclude(
        proposed_grade=""
    )
    if cases is not None:
        waiting = waiting.filter(pk__in=list(cases))
    decided = []
    for case in CASE.lock_all(waiting.order_by("pk")):
        case.round = round_
        decided.append(_decide(actor, case, case.proposed_grade, reason, now))
    return decided


def consequence_of(round_: Round, grade: str) -> str:
    """What the grade brings in this round: revocation and commendation for studios,
    certification for trainees at the end of their course, as the round's policy says."""
    found = rubric_of(round_).grade(grade)
    consequence = found.consequence if found else Consequence.NONE
    if round_.subjects == Subjects.STUDIOS and consequence in (
        Consequence.REVOKE,
        Consequence.COMMEND,
    ):
        return consequence
    if (
        round_.subjects == Subjects.TRAINEES
        and consequence == Consequence.CERTIFY
        and _closes_the_course(round_)
    ):
        return consequence
    return Consequence.NONE


def _closes_the_course(round_: Round) -> bool:
    """Whether the round is the assessment at the end of the course (a round over the whole
    cycle, in the policy version it opened under): process assessments certify nothing."""
    assessment = parsed(round_.policy_version).assessment
    spec = assessment.round(round_.code) if assessment else None
    return spec is not None and spec.period == "cycle"


def effective_on(round_: Round, consequence: str, published_on: dt.date) -> dt.date | None:
    """A revocation waits for the review window to close; the rest count from publication."""
    if consequence == Consequence.NONE:
        return None
    if consequence == Consequence.REVOKE:
        return round_.review_closes_on + dt.timedelta(days=1)
    return published_on


@transaction.atomic
def publish_round(
    *,
    actor: Actor,
    round_: Round,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Round:
    """Lock and publish the round's results once every case is decided; the subjects are told.
    ``now`` is the moment of publication (the demo tells a past round), ``today`` its day."""
    round_ = ROUND.lock(round_)
    require(actor, "assessment.decide_round", round_)
    ROUND.check(round_, "publish")
    today = today or (timezone.localdate(now) if now else timezone.localdate())
    now = now or timezone.now()
    cases = CASE.lock_all(Case.objects.filter(round=round_).order_by("pk"))
    undecided = sum(1 for case in cases if case.status != C.DECIDED)
    if undecided:
        raise ValidationError(
            _("还有 %(n)d 个考核对象未审定，全部审定后才能公布") % {"n": undecided}
        )
    round_ = ROUND.move(
        actor=actor,
        obj=round_,
        action="publish",
        fields={
            "published_at": now,
            "published_by": actor.user,
            "publisher_name": display_name(actor),
            "review_closes_on": today + dt.timedelta(days=rubric_of(round_).review_days),
        },
        changes={"cases": [None, len(cases)]},
    )
    settle_consequences(actor=actor, round_=round_, cases=cases, today=today, now=now)
    _tell_subjects(round_, cases)
    return round_


def settle_consequences(
    *,
    actor: Actor,
    round_: Round,
    cases: list[Case],
    today: dt.date,
    now: dt.datetime | None = None,
) -> None:
    """At publication: each case's consequence and the day it takes effect; those due today
    (commendations, certifications) are applied at once. Any way of publishing a round calls
    this in its transaction, with the round's ``review_closes_on`` set."""
    from ..consequences import apply_case, grades_published

    for case in cases:
        case.consequence = consequence_of(round_, case.grade)
        case.effective_on = effective_on(round_, case.consequence, today)
    Case.objects.bulk_update(cases, ["consequence", "effective_on"])
    for case in cases:
        if case.effective_on is not None and case.effective_on <= today:
            case.round = round_
            apply_case(actor=actor, case=case, today=today, now=now)
    grades_published.send(sender=Case, actor=actor, round_=round_, cases=cases)


def subject_users(round_: Round) -> dict[int, User | None]:
    """The person each case of the round is about: the member, the trainee, else the studio's
    host."""
    rows = Case.objects.filter(round=round_).values_list(
        "pk", "member__principal__user", "trainee__principal__user", "studio__host__user"
    )
    wanted = {pk: member or trainee or host for pk, member, trainee, host in rows}
    users = User.objects.in_bulk([pk for pk in wanted.values() if pk])
    return {case: users.get(user) for case, user in wanted.items()}


def _tell_subjects(round_: Round, cases: list[Case]) -> None:
    rubric = rubric_of(round_)
    users = subject_users(round_)
    for case in cases:
        notify(
            users=[users.get(case.pk)],
            title=_("%(round)s结果已公布：%(grade)s")
            % {"round": round_.name, "grade": grade_name(rubric, case.grade)},
            body=case.reason,
            url=reverse("assessment:result", args=[case.pk]),
        )
