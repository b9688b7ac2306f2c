"""What the programme builders share: picking plausible days for activities, and marking
attendance the way a real register looks (nearly everyone present, a few on leave)."""

import datetime as dt
import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from touyan.programmes.festivals import spring_festival
from touyan.records import services as records
from touyan.records.models import Attendance
from touyan.records.services import Mark

DAY = dt.timedelta(days=1)
PRESENT, LEAVE, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LEAVE,
    Attendance.Status.ABSENT,
)
LEAVE_NOTES = (
    "因公出差，已请假",
    "参加省教育厅会议，已请假",
    "学校迎接督导检查，已请假",
    "身体不适，已请假",
    "参加上级部门调研接待，已请假",
    "学校举行重大活动，已请假",
    "外出参加培训，已请假",
)
ABSENT_NOTES = ("未请假，未到", "未履行请假手续")


@dataclass
class ProgrammeWritten:
    """What building one demo programme wrote (nothing when it was there already)."""

    name: str
    created: bool
    studios: int = 0
    people: int = 0
    activities: int = 0
    deliverables: int = 0
    projects: int = 0


def workdays(first: dt.date, last: dt.date, *, excluded: Collection[dt.date] = ()) -> list[dt.date]:
    """Monday to Friday from ``first`` to ``last`` (inclusive), leaving out ``excluded``."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in excluded:
            days.append(day)
        day += DAY
    return days


def pick_day(
    rng: random.Random, first: dt.date, last: dt.date, *, excluded: Collection[dt.date] = ()
) -> dt.date | None:
    days = workdays(first, last, excluded=excluded)
    return rng.choice(days) if days else None


def school_holidays(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """Summer (15 July – 31 August) and the Spring Festival fortnight, when no school-year
    programme meets, between ``first`` and ``last``."""
    days: set[dt.date] = set()
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 7, 15)
        while day <= dt.date(year, 8, 31):
            days.add(day)
            day += DAY
        festival = spring_festival(year)
        for offset in range(-7, 8):
            days.add(festival + offset * DAY)
    return frozenset(day for day in days if first <= day <= last)


def national_holidays(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The May Day and National Day holidays (1–5 May, 1–7 October)."""
    days = {
        dt.date(year, month, day)
        for year in range(first.year, last.year + 1)
        for month, count in ((5, 5), (10, 7))
        for day in range(1, count + 1)
    }
    return frozenset(day for day in days if first <= day <= last)


def ordinary_marks(
    rng: random.Random,
    principal_ids: Iterable[int],
    *,
    leave: float = 0.06,
    absent: float = 0.0,
) -> list[Mark]:
    """A register: each person present, or on leave with a reason, or (rarely) absent."""
    marks = []
    for principal_id in principal_ids:
        roll = rng.random()
        if roll < absent:
            marks.append(Mark(principal_id, ABSENT, note=rng.choice(ABSENT_NOTES)))
        elif roll < absent + leave:
            marks.append(Mark(principal_id, LEAVE, note=rng.choice(LEAVE_NOTES)))
        else:
            marks.append(Mark(principal_id, PRESENT))
    return marks


class HandsIn:
    """For a trainee programme's builder (with ``actor``, ``programme``, ``today`` and
    ``written``): a trainee's deliverable handed in on ``on``, nothing when that day is to come."""

    def submit(self, trainee, *, kind: str, title: str, on: dt.date, body: str) -> None:
        if on > self.today:
            return
        records.submit_deliverable(
            actor=self.actor,
            programme=self.programme,
            kind=kind,
            title=title,
            submitted_on=on,
            today=self.today,
            principal=trainee.principal,
            body=body,
        )
        self.written.deliverables += 1
