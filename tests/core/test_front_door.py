"""The public front door: `/` for a visitor who has not signed in shows the open calls, the
notices in their period and the public studios, with the way in; a signed-in user gets their
home. Its sections come from the domains through the `PUBLIC_HOME` slot."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, check_access
from tests.factories import UserFactory, grant
from tests.formation import approve_prospectus, formation
from tests.programmes import SYSTEM, hainan
from tests.selection.test_public_views import noticed
from tests.selection_chain import candidate_call
from touyan.core.registry import PUBLIC_HOME
from touyan.people.models import Principal
from touyan.selection.services import calls

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture(autouse=True)
def _monday(pin_today):
    pin_today(dt.date(2026, 11, 23))


def another_call(programme, cohort, *, now=None, title="第二个遴选"):
    now = now or timezone.now()
    call = calls.create_call(
        actor=SYSTEM,
        programme=programme,
        spec_code="candidate",
        title=title,
        places=2,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        district_deadline=now + dt.timedelta(days=20),
        cohort=cohort,
    )
    return calls.publish_call(actor=SYSTEM, call=call)


def front_door(client, **headers) -> str:
    client.logout()
    response = client.get(HOME, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.clause("HZ-4.1.1", "HN-3.5")
def test_a_visitor_finds_the_calls_the_notices_and_the_studios(client, cast):
    _chain, _apps, notice = noticed()
    open_call = another_call(notice.call.programme, notice.call.cohort)
    studios = formation(carried=1, members=1, new=1).studios
    check_access(client, cast, HOME, {"anonymous": ALLOWED, "nobody": ALLOWED, "xihu": ALLOWED})
    page = front_door(client)
    assert reverse("selection:public_call", args=[open_call.pk]) in page
    assert reverse("selection:public_notice", args=[notice.call_id]) in page
    assert "公示期 2026-11-23 至" in page
    for studio in studios:
        assert reverse("studios:public", args=[studio.pk]) in page and studio.name in page
    assert reverse("accounts:login") in page
    assert "您好" not in page


def test_a_notice_out_of_its_period_and_a_closed_call_stay_off(client, pin_today):
    _chain, _apps, notice = noticed()
    closed = another_call(
        notice.call.programme, notice.call.cohort, now=timezone.now() - dt.timedelta(days=30)
    )
    pin_today(notice.ends_on + dt.timedelta(days=1))
    page = front_door(client)
    assert reverse("selection:public_notice", args=[notice.call_id]) not in page
    assert reverse("selection:public_call", args=[closed.pk]) not in page
    assert "目前没有公示期内的名单" in page and "目前没有正在申报的遴选" in page


def test_the_front_door_shows_no_personal_data(client):
    _chain, applications, _notice = noticed(applicants=3)
    formation(carried=1, members=2, new=1)
    page = front_door(client)
    people = Principal.objects.all()
    assert people.count() > 5
    for principal in people:
        assert principal.id_number not in page and principal.mobile not in page
    # Not even the names under notice: the notice page has the list. (A studio's name carries
    # its host's, by the policy: HN-3.2.)
    for application in applications:
        assert application.principal.name not in page


def test_on_the_public_name_no_sign_in_is_offered(client):
    """deploy/nginx lets no sign-in page out on the public name and says so in a header."""
    assert reverse("accounts:login") not in front_door(client, **{"X-Touyan-Public-Name": "1"})


def test_signed_in_users_get_their_home(client, cast):
    client.force_login(cast.xihu)
    page = client.get(HOME).content.decode()
    assert "您好" in page and "core/front_door" not in page
    assert "正在申报的遴选" not in page


def test_its_queries_do_not_grow_with_the_calls_and_studios(client):
    centre = UserFactory()
    grant(centre, "centre_staff", "460000")
    chain = candidate_call()
    formation(carried=1, members=1, new=0)
    with CaptureQueriesContext(connection) as few:
        front_door(client)
    for number in range(3):
        another_call(chain.programme, chain.cohort, title=f"遴选{number}")
    for studio in hainan(studios=3, members=1, start=dt.date(2019, 9, 1)).studios:
        approve_prospectus(studio, centre)
    with CaptureQueriesContext(connection) as many:
        front_door(client)
    assert len(many) == len(few)


def test_every_section_comes_through_the_slot(rf):
    titles = [section.title for section in PUBLIC_HOME.items(rf.get(HOME))]
    assert titles == ["正在申报的遴选", "公示", "工作室", "结业证书查验"]
