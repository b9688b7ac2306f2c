"""The rotation's services refuse whoever may not: the host and the centre plan and report a
studio's visits, only the visited member follows up (pages answer 404 for what these refuse)."""

import pytest

from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.refusals import HAINAN_CAST, check_service
from touyan.diagnosis.models import Invitee, ReportItem, Visit
from touyan.diagnosis.services import rotation, visits

from .helpers import TODAY, D, planned, report_entries

pytestmark = pytest.mark.django_db

PLANNERS = ("superuser", "hn_admin", "hn_centre", "host")
EVERYONE = pytest.mark.parametrize("name", HAINAN_CAST)


@pytest.fixture
def hn(cast):
    return with_hainan(cast, members=2)


def visit_of_member(hn, cast) -> Visit:
    planned(hn.studios[0])
    return Visit.objects.get(member__principal__user=cast.member)


@EVERYONE
@pytest.mark.clause("HN-4.1.2")
def test_planning_a_rotation(cast, hn, name):
    studio = hn.studios[0]
    check_service(
        cast,
        name,
        PLANNERS,
        lambda actor: rotation.plan_rotation(actor=actor, studio=studio, today=TODAY),
        Visit,
    )


@EVERYONE
def test_moving_a_visit(cast, hn, name):
    visit = visit_of_member(hn, cast)
    check_service(
        cast,
        name,
        PLANNERS,
        lambda actor: rotation.move_visit(
            actor=actor, visit=visit, month=D(2026, 11, 1), today=TODAY
        ),
        lambda: Visit.objects.get(pk=visit.pk).month,
    )


@EVERYONE
def test_holding_a_visit(cast, hn, name):
    visit = visit_of_member(hn, cast)
    check_service(
        cast,
        name,
        PLANNERS,
        lambda actor: visits.hold_visit(actor=actor, visit=visit, date=D(2026, 3, 4)),
        lambda: Visit.objects.get(pk=visit.pk).activity_id,
    )


@EVERYONE
def test_inviting(cast, hn, name):
    visit = visit_of_member(hn, cast)
    check_service(
        cast,
        name,
        PLANNERS,
        lambda actor: visits.add_invitee(
            actor=actor,
            visit=visit,
            name="王校长",
            unit="海口市第一中学",
            role="principal",
            inside_province=True,
        ),
        Invitee,
    )


@EVERYONE
@pytest.mark.clause("HN-4.1.2.1")
def test_reporting(cast, hn, name):
    visit = visit_of_member(hn, cast)
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 3, 4))
    check_service(
        cast,
        name,
        PLANNERS,
        lambda actor: visits.record_report(actor=actor, visit=visit, entries=report_entries()),
        ReportItem,
    )


@EVERYONE
@pytest.mark.clause("HN-4.1.2.1")
def test_following_up(cast, hn, name):
    visit = visit_of_member(hn, cast)
    visits.hold_visit(actor=SYSTEM, visit=visit, date=D(2026, 3, 4))
    visits.record_report(actor=SYSTEM, visit=visit, entries=report_entries())
    item = visit.items.first()
    check_service(
        cast,
        name,
        ("superuser", "member"),
        lambda actor: visits.record_follow_up(actor=actor, item=item, text="已整改"),
        lambda: ReportItem.objects.get(pk=item.pk).follow_up,
    )
