"""The pages of the trainee's 名校长工作室 (HZ-3.3.3, HZ-3.3.3.1), and the studio pages of the
studios app with a trainee's studio beside Hainan's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM, hainan
from touyan.compliance.engine import evaluate
from touyan.programmes.models import Studio
from touyan.records.models import Activity
from touyan.training.services.studio import found_studio, hold_studio_activity

from .people import matrix, with_course

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.3.3")]
D = dt.date

SEES_TRAINEE0 = dict(
    superuser=ALLOWED,
    hz_admin=ALLOWED,
    hz_centre=ALLOWED,
    xihu=ALLOWED,
    trainee=ALLOWED,
    lead=ALLOWED,
    other_mentor=ALLOWED,
    institute=ALLOWED,
)


def test_the_trainee_founds_their_studio_on_its_page(client, cast):
    c = with_course(cast)
    trainee = c.trainees[0]
    url = reverse("training:trainee_studio", args=[c.programme.slug, trainee.pk])
    check_access(client, cast, url, matrix(NOT_FOUND, **SEES_TRAINEE0))
    client.force_login(cast.other_trainee)
    assert client.post(url, {"form": "found", "found-name": ""}).status_code == 404
    client.force_login(cast.trainee)
    page = client.get(url).content.decode()
    assert "创办工作室" in page
    response = client.post(url, {"form": "found", "found-name": ""})
    assert response.status_code == 302
    studio = Studio.objects.get(founder=trainee)
    page = client.get(url).content.decode()
    assert studio.name in page and "登记工作室活动" in page and "加入成员" not in page
    assert reverse("studios:edit", args=[studio.pk]) in page


@pytest.mark.clause("HZ-3.3.3.1")
def test_the_trainee_records_an_activity_and_the_centre_adds_a_member(client, cast, pin_today):
    pin_today(D(2026, 6, 1))
    c = with_course(cast)
    trainee = c.trainees[0]
    studio = found_studio(actor=SYSTEM, trainee=trainee)
    url = reverse("training:trainee_studio", args=[c.programme.slug, trainee.pk])
    client.force_login(cast.trainee)
    response = client.post(
        url,
        {
            "form": "activity",
            "activity-title": "工作室启动会",
            "activity-date": "2026-05-20",
            "activity-hours": "4",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.activity_type, activity.topic, activity.hours) == (
        "studio_activity",
        "studio",
        Decimal("4"),
    )
    PrincipalFactory(name="青年校长乙", school=SchoolFactory(name="西湖小学", region_id="330106"))
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert "加入成员" in page
    response = client.post(
        url, {"form": "member", "member-name": "青年校长乙", "member-joined_on": "2026-05-01"}
    )
    assert response.status_code == 302
    assert [m.principal.name for m in studio.members.all()] == ["青年校长乙"]
    page = client.get(url).content.decode()
    assert "青年校长乙" in page and "工作室启动会" in page
    page = client.get(reverse("programmes:trainee", args=[c.programme.slug, trainee.pk]))
    assert url in page.content.decode()


def test_the_centre_sees_every_studio_of_a_cohort(client, cast, pin_today):
    pin_today(D(2026, 6, 1))
    c = with_course(cast)
    studio = found_studio(actor=SYSTEM, trainee=c.trainees[0])
    hold_studio_activity(
        actor=SYSTEM, studio=studio, title="读书会", date=D(2026, 5, 1), hours=Decimal("2")
    )
    url = reverse("training:cohort_studios", args=[c.programme.slug, c.hz.cohort.number])
    check_access(
        client,
        cast,
        url,
        matrix(NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert studio.name in page and "已创办 1 个（共 3 名培养人选）" in page


def test_a_trainees_studio_lives_beside_hainans_studio_pages(client, cast):
    hn = hainan(studios=1, members=1)
    c = with_course(cast)
    studio = found_studio(actor=SYSTEM, trainee=c.trainees[0])
    client.force_login(cast.trainee)
    assert studio.name in client.get(reverse("studios:mine")).content.decode()
    assert client.get(reverse("studios:edit", args=[studio.pk])).status_code == 200
    client.logout()
    page = client.get(reverse("studios:public_list"))
    assert page.status_code == 200 and studio.name not in page.content.decode()
    client.force_login(cast.superuser)
    for url in (
        reverse("programmes:detail", args=[c.programme.slug]),
        reverse("programmes:studio", args=[c.programme.slug, studio.pk]),
        reverse("programmes:detail", args=[hn.programme.slug]),
        reverse("programmes:studio", args=[hn.programme.slug, hn.studios[0].pk]),
    ):
        assert client.get(url).status_code == 200, url
    # The training programme's rules stay the trainees' (no studio subjects appear).
    result = evaluate(c.programme, as_of=D(2026, 7, 1))
    assert {subject.kind for subject in result.subjects} == {"trainee"}
