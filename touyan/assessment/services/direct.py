"""Rounds graded directly, without experts: each studio's host grades its members (平时考核 and
终结考核, HN-4.2.4), the centre grades the trainees of a cohort (过程考核, HZ-3.4.3).

A grade is on the round's frozen scale; the lowest grade needs a comment. A case once graded
may be graded again until the centre publishes the round; publication needs every case graded
and locks them all.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify
from touyan.policies import schema

from ..models import Assessor, Case, Round
from ..rubric import grade_name, rubric_of
from ..states import CASE, ROUND
from .decisions import settle_consequences

COMMENT_MAX = 2000


def lowest_grade(rubric: schema.Assessment) -> str:
    """The scale's lowest grade: the policy lists grades best first."""
    return rubric.grades[-1].code


def is_failing(case: Case) -> bool:
    return bool(case.grade) and case.grade == lowest_grade(rubric_of(case.round))


@transaction.atomic
def grade_case(*, actor: Actor, case: Case, grade: str, comment: str = "") -> Case:
    """Grade a member (by their studio's host) or a trainee (by the centre), or change the
    grade given, until the round is published."""
    round_ = _lock_round(case.round)
    case = CASE.lock(case)
    require(actor, "assessment.grade_case", case)
    return _grade(actor, round_, case, grade, comment)


@transaction.atomic
def grade_cases(
    *, actor: Actor, round_: Round, grades: Mapping[int, tuple[str, str]]
) -> list[Case]:
    """Grade several cases of one round at once (case pk → grade, comment): all or none. The
    errors are keyed by case pk, each a list of messages."""
    round_ = _lock_round(round_)
    cases = {
        case.pk: case
        for case in CASE.lock_all(
            Case.objects.filter(round=round_, pk__in=list(grades)).select_related(
                "studio", "member", "trainee"
            )
        )
    }
    errors: dict[str, list[str]] = {}
    graded = []
    for pk, (grade, comment) in grades.items():
        case = cases.get(pk)
        if case is None:
            errors[str(pk)] = [_("考核对象不在本轮次中")]
            continue
        case.round = round_
        require(actor, "assessment.grade_case", case)
        try:
            graded.append(_grade(actor, round_, case, grade, comment))
        except ValidationError as error:
            errors[str(pk)] = error.messages
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return graded


def _lock_round(round_: Round) -> Round:
    round_ = ROUND.lock(round_)
    if round_.assessed_by == Assessor.EXPERTS:
        raise ValidationError(_("这一轮次由专家评审，不能直接评定等次"))
    ROUND.check(round_, "grade_directly")
    return round_


def _grade(actor: Actor, round_: Round, case: Case, grade: str, comment: str) -> Case:
    rubric = rubric_of(round_)
    comment = (comment or "").strip()
    if rubric.grade(grade) is None:
        raise ValidationError(_("请选择本轮次评定等次中的一项"))
    if grade == lowest_grade(rubric) and not comment:
        raise ValidationError(
            _("评定为“%(grade)s”须写明评语") % {"grade": grade_name(rubric, grade)}
        )
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_("评语不能超过 %(n)d 字") % {"n": COMMENT_MAX})
    stamps = {
        "grade": grade,
        "reason": comment,
        "decided_at": timezone.now(),
        "decided_by": actor.user,
        "decider_name": display_name(actor),
    }
    changes = {"grade": [case.grade, grade], "reason": [case.reason, comment]}
    if case.status != Case.Status.DECIDED:
        return CASE.move(
            actor=actor, obj=case, action="grade_directly", fields=stamps, changes=changes
        )
    CASE.check(case, "redecide")
    if case.grade == grade and case.reason == comment:
        return case
    for name, value in stamps.items():
        setattr(case, name, value)
    case.save(update_fields=list(stamps))
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=case,
        scope_code=round_.programme.jurisdiction_id,
        changes=changes,
    )
    return case


@transaction.atomic
def publish_direct_round(*, actor: Actor, round_: Round) -> Round:
    """Publish a round graded by the host or the centre once every case is graded: the grades
    are locked and each member or trainee is told."""
    round_ = ROUND.lock(round_)
    require(actor, "assessment.publish_directly", round_)
    if round_.assessed_by == Assessor.EXPERTS:
        raise ValidationError(_("这一轮次由专家评审，须经审定后公布"))
    ROUND.check(round_, "publish_directly")
    cases = round_.cases.all()
    total = cases.count()
    if not total:
        raise ValidationError(_("本轮次没有考核对象"))
    waiting = cases.exclude(status=Case.Status.DECIDED).count()
    if waiting:
        raise ValidationError(_("还有 %(n)d 人未评定等次，全部评定后才能公布") % {"n": waiting})
    round_ = ROUND.move(
        actor=actor,
        obj=round_,
        action="publish_directly",
        fields={
            "published_at": timezone.now(),
            "published_by": actor.user,
            "publisher_name": display_name(actor),
        },
        note=_("公布 %(n)d 人的考核结果") % {"n": total},
    )
    settle_consequences(
        actor=actor,
        round_=round_,
        cases=list(round_.cases.order_by("pk")),
        today=timezone.localdate(),
    )
    notify(
        users=_subject_users(round_),
        title=_("%(round)s结果已公布") % {"round": round_.name},
        url=reverse("assessment:results"),
    )
    return round_


def _subject_users(round_: Round):
    from touyan.accounts.models import User

    principals = [
        member or trainee
        for member, trainee in round_.cases.values_list(
            "member__principal_id", "trainee__principal_id"
        )
    ]
    return User.objects.filter(principal__pk__in=principals)
