"""Roll call of a cohort's session on a phone (HZ-3.4.1): the clerk taps each trainee present,
on leave (only with granted leave) or absent; or opens a six-digit session code that trainees
enter on their own phones to be marked present; then closes the roll, which marks everyone not
yet marked: 请假 with granted leave, else 缺勤 (未经同意). Every mark goes through
``records.services.record_attendance``, the one writer of attendance."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.people.models import Principal
from touyan.programmes.models import Trainee
from touyan.records.models import Activity, Attendance
from touyan.records.services import Mark, activity_scope, expected_participants, record_attendance

from ..models import LeaveRequest, SessionCode
from .leave import cohort_of_session

Status = Attendance.Status
CODE_MINUTES = 15  # how long a session code stays open unless the clerk says otherwise
MAX_CODE_MINUTES = 240


@dataclass(frozen=True)
class RollRow:
    principal: Principal
    status: str  # saved status, or "" when not yet marked
    leave: str  # the state of the trainee's live leave request, or ""
    note: str

    @property
    def granted(self) -> bool:
        return self.leave == LeaveRequest.State.GRANTED


def _must_be_session(activity: Activity) -> int:
    cohort_id = cohort_of_session(activity)
    if cohort_id is None:
        raise ValidationError(_("这不是培训班的培训安排，不能点名"))
    return cohort_id


def roll_of(activity: Activity) -> list[RollRow]:
    """The cohort's active trainees expected at the session, with their saved marks and leave,
    in enrolment order."""
    people = expected_participants(activity)
    saved = {a.principal_id: a for a in Attendance.objects.filter(activity=activity)}
    leave = dict(
        LeaveRequest.objects.filter(activity=activity)
        .exclude(state=LeaveRequest.State.WITHDRAWN)
        .values_list("trainee__principal_id", "state")
    )
    return [
        RollRow(
            principal=person,
            status=saved[pk].status if pk in saved else "",
            leave=leave.get(pk, ""),
            note=saved[pk].note if pk in saved else "",
        )
        for pk, person in people.items()
    ]


def take_roll(
    *, actor: Actor, activity: Activity, statuses: dict[int, str], today: dt.date | None = None
) -> int:
    """Save the clerk's taps (principal id → status); 请假 is refused by the record for anyone
    without granted leave. Returns how many rows changed."""
    _must_be_session(activity)
    saved = {a.principal_id: a for a in Attendance.objects.filter(activity=activity)}
    marks = [
        Mark(
            principal_id=pk,
            status=status,
            presented=saved[pk].presented if pk in saved else False,
            note=saved[pk].note if pk in saved else "",
        )
        for pk, status in statuses.items()
    ]
    return record_attendance(actor=actor, activity=activity, marks=marks, today=today)


@transaction.atomic
def close_roll(*, actor: Actor, activity: Activity, now: dt.datetime | None = None) -> int:
    """Everyone not yet marked: 请假 with granted leave, else 缺勤 (未经同意); the session code,
    if open, closes. Returns how many were marked."""
    require(actor, "records.take_attendance", activity, _("您无权记录这个活动的考勤"))
    _must_be_session(activity)
    now = now or timezone.now()
    _close_code(actor, activity, now)
    rows = [row for row in roll_of(activity) if not row.status]
    marks = [Mark(row.principal.pk, Status.LEAVE if row.granted else Status.ABSENT) for row in rows]
    if marks:
        record_attendance(
            actor=actor, activity=activity, marks=marks, today=timezone.localdate(now)
        )
    return len(marks)


# Session codes -----------------------------------------------------------------------------


@transaction.atomic
def open_code(
    *,
    actor: Actor,
    activity: Activity,
    minutes: int = CODE_MINUTES,
    now: dt.datetime | None = None,
) -> SessionCode:
    """A new six-digit code for the session, open for ``minutes`` from now and never past the
    session's day; opening again replaces the code."""
    require(actor, "records.take_attendance", activity, _("您无权记录这个活动的考勤"))
    _must_be_session(activity)
    now = now or timezone.now()
    if timezone.localdate(now) != activity.date:
        raise ValidationError(_("签到码只能在培训当天开放"))
    if not 1 <= minutes <= MAX_CODE_MINUTES:
        raise ValidationError(
            {"minutes": _("开放时长须在 1 至 %(n)d 分钟之间") % {"n": MAX_CODE_MINUTES}}
        )
    day_end = timezone.make_aware(dt.datetime.combine(activity.date, dt.time.max))
    closes_at = min(now + dt.timedelta(minutes=minutes), day_end)
    code = f"{secrets.randbelow(10**6):06d}"
    found = SessionCode.objects.select_for_update().filter(activity=activity).first()
    if found is None:
        found = SessionCode(activity=activity)
    found.code, found.opens_at, found.closes_at, found.created_by = (
        code,
        now,
        closes_at,
        actor.user,
    )
    found.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=activity,
        scope_code=activity_scope(activity),
        changes={"closes_at": [None, closes_at.isoformat()]},
        note=_("开放签到码"),
    )
    return found


def _close_code(actor: Actor, activity: Activity, now: dt.datetime) -> bool:
    code = SessionCode.objects.select_for_update().filter(activity=activity).first()
    if code is None or code.closes_at <= now:
        return False
    if now <= code.opens_at:
        code.delete()
    else:
        code.closes_at = now
        code.save(update_fields=["closes_at"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=activity,
        scope_code=activity_scope(activity),
        changes={"closes_at": [None, now.isoformat()]},
        note=_("关闭签到码"),
    )
    return True


@transaction.atomic
def close_code(*, actor: Actor, activity: Activity, now: dt.datetime | None = None) -> bool:
    require(actor, "records.take_attendance", activity, _("您无权记录这个活动的考勤"))
    return _close_code(actor, activity, now or timezone.now())


def open_code_of(activity: Activity, now: dt.datetime | None = None) -> SessionCode | None:
    now = now or timezone.now()
    return SessionCode.objects.filter(
        activity=activity, opens_at__lte=now, closes_at__gt=now
    ).first()


@transaction.atomic
def sign_in(*, actor: Actor, code: str, now: dt.datetime | None = None) -> Activity:
    """The trainee signed in marks themself present at the session of their cohort whose code
    is open now. Only themself, only with the right code, only while it is open: the record is
    written with the system's rights (a trainee may not take attendance), the sign-in is
    audited under the trainee's name."""
    require(actor, "training.sign_in", None, _("只有在培学员可以签到"))
    now = now or timezone.now()
    code = (code or "").strip()
    trainees = {
        t.cohort_id: t
        for t in Trainee.objects.filter(
            principal__user=actor.user, status=Trainee.Status.ACTIVE
        ).select_related("principal__school")
    }
    found = (
        SessionCode.objects.filter(
            code=code,
            opens_at__lte=now,
            closes_at__gt=now,
            activity__organisers__cohort_id__in=list(trainees),
        )
        .select_related("activity")
        .first()
        if code.isdigit() and len(code) == 6 and trainees
        else None
    )
    if found is None:
        raise ValidationError({"code": _("签到码不对，或签到已经结束")})
    activity = found.activity
    trainee = trainees[cohort_of_session(activity)]
    if trainee.joined_on > activity.date:
        raise PermissionDenied
    saved = Attendance.objects.filter(activity=activity, principal_id=trainee.principal_id).first()
    changed = record_attendance(
        actor=Actor(user=None, source=actor.source, ip_address=actor.ip_address),
        activity=activity,
        marks=[
            Mark(
                trainee.principal_id,
                Status.PRESENT,
                presented=saved.presented if saved else False,
                note=saved.note if saved else "",
            )
        ],
        today=timezone.localdate(now),
    )
    if not changed:
        return activity
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=activity,
        scope_code=trainee.principal.school.region_id,
        changes={trainee.principal.name: [None, Status.PRESENT]},
        note=_("签到码签到"),
    )
    return activity
