"""Attendance at one activity: who was expected, and who came, took leave or was absent."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Body, Router

from touyan.people.models import Principal
from touyan.records import services
from touyan.records.models import Attendance
from touyan.records.selectors import participants_seen_by
from touyan.records.services import Mark, expected_participants

from .. import present
from ..context import actor_of
from ..permissions import refusals
from ..schemas.attendance import AttendanceOut, Changed, MarkIn
from ..schemas.common import READ_ERRORS, WRITE_ERRORS
from .activities import ActivityId, activity_of

router = Router(tags=["考勤"])

MARKS = Body(..., max_length=2000, description="要登记的人员及其出勤情况")


@router.get(
    "/activities/{activity_id}/attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    summary="一次活动的考勤：应到人员及其出勤、请假、缺勤（只含我可见的人员）",
)
def get_attendance(request, activity_id: int = ActivityId):
    activity = activity_of(request, activity_id)
    seen = participants_seen_by(request.auth, activity.programme)
    expected = [pk for pk in expected_participants(activity) if seen is None or pk in seen]
    rows = {
        row.principal_id: row
        for row in Attendance.objects.filter(activity=activity)
        if seen is None or row.principal_id in seen
    }
    order = expected + [pk for pk in rows if pk not in set(expected)]
    people = Principal.objects.select_related("school__region").in_bulk(order)
    return [
        {
            **present.person(people[pk]),
            "expected": pk in expected,
            "status": rows[pk].status if pk in rows else None,
            "presented": rows[pk].presented if pk in rows else False,
            "note": rows[pk].note if pk in rows else "",
            "recorded_at": rows[pk].recorded_at if pk in rows else None,
        }
        for pk in order
    ]


def _check_marks(marks: list[MarkIn], expected) -> None:
    """Each person once and expected at the activity; the reasons name people by their id
    only, never by a name the user may not see (the service checks whom the user records)."""
    problems, seen = {}, set()
    for index, mark in enumerate(marks):
        person = {"id": mark.principal_id}
        if mark.principal_id in seen:
            problem = _("%(id)s 在列表中出现了不止一次") % person
        elif mark.principal_id not in expected:
            problem = _("%(id)s 不是本次活动的应到人员") % person
        else:
            problem = ""
        if problem:
            problems[f"[{index}].principal_id"] = problem
        seen.add(mark.principal_id)
    if problems:
        raise ValidationError(problems)


@router.put(
    "/activities/{activity_id}/attendance",
    response={200: Changed, **WRITE_ERRORS},
    summary="登记考勤（只改列出的人员；重复提交相同内容不产生改动）",
)
def put_attendance(request, activity_id: int = ActivityId, marks: list[MarkIn] = MARKS):
    activity = activity_of(request, activity_id)
    _check_marks(marks, expected_participants(activity))
    with refusals():
        changed = services.record_attendance(
            actor=actor_of(request),
            activity=activity,
            marks=[Mark(m.principal_id, m.status, m.presented, m.note) for m in marks],
        )
    return {"changed": changed}
