"""Shared setup of the removal tests: sessions with attendance, a finished call with a
ranking, the centre's account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from touyan.core.actors import Actor
from touyan.records import services as records
from touyan.records.models import Attendance
from touyan.selection.models import Application, Call
from touyan.training.models import RemovalCase
from touyan.training.services.removal import open_case

from ..factories import PrincipalFactory, SchoolFactory

SYSTEM = Actor.system()
D = dt.date


OPENED_ON = D(2026, 4, 1)


def centre_opens(centre, trainee, *, reason="严重违反培训纪律", today=OPENED_ON):
    """The centre opens a case by hand on ground 4 (其他情形), as most removal tests begin."""
    return open_case(
        actor=Actor(centre), trainee=trainee, ground=RemovalCase.Ground.OTHER, reason=reason,
        today=today,
    )  # fmt: skip


def session(programme, cohort, day: dt.date, *, hours=Decimal(4)):
    return records.create_activity(
        actor=SYSTEM,
        programme=programme,
        cohort=cohort,
        activity_type="course",
        title=f"集中培训 {day}",
        date=day,
        topic="humanities",
        hours=hours,
    )


def attend(activity, trainees, absent=(), today=None):
    marks = [
        records.Mark(
            t.principal_id,
            Attendance.Status.ABSENT if t in absent else Attendance.Status.PRESENT,
        )
        for t in trainees
    ]
    records.record_attendance(actor=SYSTEM, activity=activity, marks=marks, today=today)


def ranking(programme, cohort, *, scores=(88, 85, 80), notice_days: int | None = None) -> Call:
    """A trainee call that filled ``cohort``, finished, with applications not selected."""
    from touyan.programmes.policy import spec_of

    spec = spec_of(programme).selection_call("candidate").model_dump(mode="json")
    if notice_days is not None:
        spec["notice_working_days"] = notice_days
    now = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    call = Call.objects.create(
        programme=programme,
        spec_code="candidate",
        spec=spec,
        title="第一期人选遴选",
        places=3,
        opens_at=now,
        closes_at=now + dt.timedelta(days=20),
        cohort=cohort,
        stage=Call.Stage.FINAL,
    )
    for index, score in enumerate(scores):
        school = SchoolFactory(name=f"候补学校{index}", region_id="330106")
        principal = PrincipalFactory(name=f"候补{index}", school=school)
        Application.objects.create(
            call=call,
            principal=principal,
            district_id="330106",
            status=Application.Status.NOT_SELECTED,
            score=Decimal(score),
        )
    return call
