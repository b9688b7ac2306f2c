"""A Hainan studio with its rotation planned, and a visit held and reported, through the
services."""

import datetime as dt

from tests.programmes import SYSTEM
from touyan.diagnosis.models import Visit
from touyan.diagnosis.services import rotation, visits

D = dt.date
TODAY = D(2026, 3, 10)


def planned(studio, today=TODAY) -> list[Visit]:
    rotation.plan_rotation(actor=SYSTEM, studio=studio, today=today)
    return list(Visit.objects.filter(studio=studio).order_by("month", "pk"))


def report_entries(*extras):
    return [
        visits.Entry(title=name, findings=f"{name}问题", recommendations=f"{name}建议", code=code)
        for code, name in (
            ("philosophy", "办学理念"),
            ("institutions", "办学制度"),
            ("staff", "教师队伍"),
        )
    ] + [visits.Entry(title=t, findings=f"{t}问题", recommendations=f"{t}建议") for t in extras]


def held_and_reported(visit, *, day=None, actor=SYSTEM) -> Visit:
    day = day or D(2026, 3, 2)
    visits.hold_visit(actor=actor, visit=visit, date=day)
    return visits.record_report(actor=actor, visit=visit, entries=report_entries())


def diagnose(studio, principals, day, *, report=True) -> list[Visit]:
    """Visit the schools of ``principals`` on ``day`` (planning the rotation first when it is
    not yet), the report recorded unless ``report`` is false."""
    if not Visit.objects.filter(studio=studio).exists():
        rotation.plan_rotation(actor=SYSTEM, studio=studio, today=studio.programme.starts_on)
    done = []
    for principal in principals:
        visit = Visit.objects.get(studio=studio, member__principal=principal)
        visits.hold_visit(actor=SYSTEM, visit=visit, date=day)
        if report:
            visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
        done.append(visit)
    return done
