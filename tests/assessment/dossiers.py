"""Records and rounds for the dossier's tests: a studio's period with activities, attendance,
deliverables, research and outreach; a round open for submission today."""

import datetime as dt

from django.utils import timezone

from touyan.assessment.services.rounds import open_round
from touyan.records import services as records
from touyan.records.models import Attendance, Level
from touyan.records.services import Mark

from ..factories import SchoolFactory
from ..programmes import SYSTEM, Hainan

D = dt.date


def annual_open_today(hn: Hainan, *, year: int = 1):
    """The annual assessment of the ``year``-th year, its submission window around today."""
    today = timezone.localdate()
    return open_round(
        actor=SYSTEM,
        programme=hn.programme,
        code="annual",
        period=f"year-{year}",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=7),
    )


def activity(programme, *, studios=(), cohort=None, kind, day, **fields):
    return records.create_activity(
        actor=SYSTEM,
        programme=programme,
        studios=list(studios),
        cohort=cohort,
        activity_type=kind,
        title=fields.pop("title", f"{kind} {day}"),
        date=day,
        **fields,
    )


def attend(activity_, people, statuses):
    records.record_attendance(
        actor=SYSTEM,
        activity=activity_,
        marks=[Mark(p.pk, s) for p, s in zip(people, statuses, strict=True)],
    )


def studio_year(hn: Hainan, index: int = 0) -> dict:
    """A year of one studio's records, a few of them outside the first year."""
    studio, people = hn.studios[index], hn.members[hn.studios[index].pk]
    seminar = activity(hn.programme, studios=[studio], kind="seminar", day=D(2025, 9, 12))
    attend(seminar, people[:4], ["present", "present", "leave", "absent"])
    rural = SchoolFactory(name=f"农村学校{studio.pk}", region_id=studio.region_id, is_rural=True)
    outreach = activity(
        hn.programme,
        studios=[studio],
        kind="outreach",
        day=D(2025, 11, 3),
        place_school=rural,
        level=Level.DISTRICT,
    )
    attend(outreach, people[:2], ["present", "present"])
    activity(hn.programme, studios=[studio], kind="seminar", day=D(2026, 9, 20))  # year 2
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="three_year_plan",
        title="三年活动计划",
        studio=studio,
        body="计划" * 600,
        today=D(2025, 10, 1),
    )
    project = records.create_project(
        actor=SYSTEM,
        programme=hn.programme,
        studio=studio,
        leader=studio.host,
        title="乡村学校治理研究",
        level=Level.PROVINCE,
        approved_on=D(2025, 10, 10),
    )
    records.add_outcome(
        actor=SYSTEM,
        project=project,
        kind="paper",
        title="乡村学校治理的三个问题",
        achieved_on=D(2026, 5, 1),
        level=Level.PROVINCE,
    )
    return {"seminar": seminar, "outreach": outreach, "statuses": Attendance.Status}
