"""Leave (请假, HZ-3.4.1.1): a trainee asks for leave for a session of their cohort before it
starts, with a reason, and may withdraw while it waits; the centre grants or refuses with a
note before the session starts. An absence without granted leave is 缺勤 (未经同意): the
record's ``record_attendance`` asks ``granted_for`` (registered in ``apps.py``) and refuses
请假 for anyone else."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.notifications.services import notify
from touyan.programmes.models import Trainee
from touyan.records.models import Activity, Organiser

from ..models import LeaveRequest

State = LeaveRequest.State
REASON_MAX = 1000
NOTE_MAX = 500


def session_start(activity: Activity) -> dt.datetime:
    """When a session starts: its date and start time, or 00:00 of its date without one, in
    the platform's time zone."""
    naive = dt.datetime.combine(activity.date, activity.start_time or dt.time(0, 0))
    return timezone.make_aware(naive)


def has_started(activity: Activity, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= session_start(activity)


def cohort_of_session(activity: Activity) -> int | None:
    """The cohort a session belongs to, or None for an activity no cohort organises."""
    return (
        Organiser.objects.filter(activity=activity, cohort_id__isnull=False)
        .values_list("cohort_id", flat=True)
        .first()
    )


def granted_for(activity: Activity) -> frozenset[int] | None:
    """For ``records.leave``: the principals with granted leave for a cohort's session; None
    for an activity no cohort organises (a studio's), whose leave is not decided here."""
    if cohort_of_session(activity) is None:
        return None
    return frozenset(
        LeaveRequest.objects.filter(activity=activity, state=State.GRANTED).values_list(
            "trainee__principal_id", flat=True
        )
    )


def _scope(trainee: Trainee) -> str:
    return trainee.principal.school.region_id


def _when(activity: Activity) -> str:
    start = timezone.localtime(session_start(activity))
    text = date_format(activity.date, "Y-m-d")
    return f"{text} {start:%H:%M}" if activity.start_time else text


@transaction.atomic
def request_leave(
    *,
    actor: Actor,
    trainee: Trainee,
    activity: Activity,
    reason: str,
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """The trainee asks for leave for one session of their cohort, before it starts."""
    require(actor, "training.ask_leave", trainee, _("只有学员本人可以为自己请假"))
    trainee = (
        Trainee.objects.select_for_update().select_related("principal__school").get(pk=trainee.pk)
    )
    activity = Activity.objects.get(pk=activity.pk)
    reason = (reason or "").strip()
    if trainee.status != Trainee.Status.ACTIVE:
        raise ValidationError(_("您已不在培，不能请假"))
    if cohort_of_session(activity) != trainee.cohort_id:
        raise ValidationError({"activity": _("这不是您所在培训班的培训安排")})
    if has_started(activity, now):
        raise ValidationError(
            {
                "activity": _("培训已于 %(when)s 开始，请假须在开始前提出")
                % {"when": _when(activity)}
            }
        )
    if not reason:
        raise ValidationError({"reason": _("请填写请假事由")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("请假事由最多 %(n)d 字") % {"n": REASON_MAX}})
    live = LeaveRequest.objects.filter(trainee=trainee, activity=activity).exclude(
        state=State.WITHDRAWN
    )
    if found := live.first():
        raise ValidationError(
            {
                "activity": _("您已为这次培训请过假（%(state)s），不能重复申请")
                % {"state": found.get_state_display()}
            }
        )
    leave = LeaveRequest.objects.create(
        trainee=trainee, activity=activity, reason=reason, asked_at=now or timezone.now()
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=leave,
        scope_code=_scope(trainee),
        changes={"activity": [None, activity.title], "reason": [None, reason]},
        note=_("请假申请"),
    )
    return leave


def _locked(leave: LeaveRequest) -> LeaveRequest:
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("trainee__principal__school", "trainee__principal__user", "activity")
        .select_related("decided_by")
        .get(pk=leave.pk)
    )


def _refuse_unless_pending(leave: LeaveRequest) -> None:
    if leave.state == State.REQUESTED:
        return
    if leave.state == State.WITHDRAWN:
        raise ValidationError(_("学员已撤回这份请假申请"))
    who = leave.decided_by.full_name or leave.decided_by.username if leave.decided_by else _("系统")
    raise ValidationError(
        _("这份请假申请已由 %(who)s 于 %(when)s 审批（%(state)s）")
        % {
            "who": who,
            "when": timezone.localtime(leave.decided_at).strftime("%Y-%m-%d %H:%M"),
            "state": leave.get_state_display(),
        }
    )


@transaction.atomic
def withdraw_leave(*, actor: Actor, leave: LeaveRequest) -> LeaveRequest:
    """The trainee takes back a request not yet decided."""
    require(actor, "training.ask_leave", leave.trainee, _("只有学员本人可以撤回请假"))
    leave = _locked(leave)
    _refuse_unless_pending(leave)
    leave.state = State.WITHDRAWN
    leave.save(update_fields=["state"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=leave,
        scope_code=_scope(leave.trainee),
        changes={"state": [State.REQUESTED, State.WITHDRAWN]},
        note=_("撤回请假"),
    )
    return leave


@transaction.atomic
def decide_leave(
    *,
    actor: Actor,
    leave: LeaveRequest,
    grant: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """The centre grants (only before the session starts) or refuses a pending request; the
    trainee is told."""
    require(actor, "training.decide_leave", leave.trainee, _("请假由培训中心审批"))
    leave = _locked(leave)
    _refuse_unless_pending(leave)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("审批意见最多 %(n)d 字") % {"n": NOTE_MAX}})
    if grant and has_started(leave.activity, now):
        raise ValidationError(
            _("培训已于 %(when)s 开始，不能再准假；未到者按缺勤（未经同意）登记")
            % {"when": _when(leave.activity)}
        )
    if not grant and not note:
        raise ValidationError({"note": _("不准假时请写明理由")})
    before = leave.state
    leave.state = State.GRANTED if grant else State.REFUSED
    leave.decided_at = now or timezone.now()
    leave.decided_by = actor.user
    leave.decision_note = note
    leave.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=leave,
        scope_code=_scope(leave.trainee),
        changes={"state": [before, leave.state], "decision_note": ["", note]},
        note=_("审批请假"),
    )
    title = _("请假已批准：%(title)s") if grant else _("请假未获批准：%(title)s")
    notify(
        users=[leave.trainee.principal.user],
        title=title % {"title": leave.activity.title},
        body=_("%(when)s %(title)s。%(note)s")
        % {"when": _when(leave.activity), "title": leave.activity.title, "note": note},
        url=reverse("training:my_leave"),
    )
    return leave
