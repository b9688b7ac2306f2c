import pytest
from django.urls import reverse

from touyan.core.actors import Actor
from touyan.core.inbox import items_for
from touyan.programmes.models import Trainee
from touyan.training.models import RemovalCase
from touyan.training.services import replacement as replacements
from touyan.training.services.removal import decide_case

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from .course import course
from .removal_data import D, centre_opens, ranking

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-3.4.1")]

MANAGERS = {
    "anonymous": LOGIN,
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hz_centre": ALLOWED,
    "xihu": NOT_FOUND,
    "binjiang": NOT_FOUND,
    "hn_admin": NOT_FOUND,
    "nobody": NOT_FOUND,
    "trainee0": NOT_FOUND,
    "lead": NOT_FOUND,
}


@pytest.fixture
def setup(cast, pin_today):
    pin_today(D(2026, 4, 2))
    c = course()
    cast.trainee0 = c.account(c.trainees[0])
    cast.trainee1 = c.account(c.trainees[1])
    cast.lead = c.lead
    case = centre_opens(cast.hz_centre, c.trainees[0])
    return c, case


def test_the_centres_list_and_opening_form(client, cast, setup):
    c, case = setup
    slug = c.programme.slug
    check_access(client, cast, reverse("training:removal_list", args=[slug]), MANAGERS)
    check_access(
        client,
        cast,
        reverse("training:removal_open", args=[slug, c.trainees[1].pk]),
        MANAGERS,
    )
    client.force_login(cast.hz_centre)
    page = client.get(reverse("training:removal_list", args=[slug])).content.decode()
    assert "严重违反培训纪律" not in page and c.trainees[0].principal.name in page
    response = client.post(
        reverse("training:removal_open", args=[slug, c.trainees[1].pk]),
        {"ground": "tasks_or_assessment", "reason": "未按期提交学习报告"},
    )
    opened = RemovalCase.objects.get(trainee=c.trainees[1])
    assert response.status_code == 302 and response.url == reverse(
        "training:removal_case", args=[opened.pk]
    )


def test_the_case_page_for_the_centre_the_trainee_and_the_district(client, cast, setup):
    c, case = setup
    url = reverse("training:removal_case", args=[case.pk])
    check_access(
        client,
        cast,
        url,
        {
            **MANAGERS,
            "xihu": ALLOWED,  # the trainee's school is in 西湖区
            "trainee0": ALLOWED,
            "trainee1": NOT_FOUND,
        },
    )
    client.force_login(cast.trainee0)
    assert "提交申辩意见" in client.get(url).content.decode()
    client.force_login(cast.xihu)
    page = client.get(url).content.decode()
    assert "严重违反培训纪律" in page and "提交申辩意见" not in page
    assert reverse("training:removal_decide", args=[case.pk]) not in page


def test_the_trainee_answers_and_the_centre_decides_through_the_pages(client, cast, setup):
    c, case = setup
    answer = reverse("training:removal_answer", args=[case.pk])
    decide = reverse("training:removal_decide", args=[case.pk])
    client.force_login(cast.trainee1)
    assert client.post(answer, {"answer": "x"}).status_code == 404
    client.force_login(cast.trainee0)
    assert client.post(decide, {"decision": "remove", "reason": "x"}).status_code == 404
    assert client.post(answer, {"answer": "我会改正"}).status_code == 302
    client.force_login(cast.hz_centre)
    page = client.get(reverse("training:removal_case", args=[case.pk])).content.decode()
    assert "我会改正" in page and reverse("training:removal_decide", args=[case.pk]) in page
    response = client.post(decide, {"decision": "remove", "reason": ""})
    assert response.status_code == 200  # the form again, with its error
    response = client.post(decide, {"decision": "remove", "reason": "屡次违纪"})
    assert response.status_code == 302
    assert Trainee.objects.get(pk=c.trainees[0].pk).status == Trainee.Status.REMOVED


def test_inbox_items_for_the_trainee_and_the_centre(cast, setup, pin_today):
    c, case = setup
    keys = {item.key for item in items_for(cast.trainee0)}
    assert f"training.removal_answer:{case.pk}" in keys
    assert not any(i.key.startswith("training.removal_decide") for i in items_for(cast.hz_centre))
    pin_today(D(2026, 4, 9))  # past the answer deadline: the centre may decide
    keys = {item.key for item in items_for(cast.hz_centre)}
    assert f"training.removal_decide:{c.programme.slug}" in keys
    assert not any(k.key.startswith("training.removal_answer") for k in items_for(cast.trainee0))


@pytest.mark.clause("HZ-4.2.4")
def test_the_replacement_page_and_the_public_notice(client, cast, setup, pin_today):
    c, case = setup
    pin_today(D(2026, 4, 10))
    decide_case(actor=Actor(cast.hz_centre), case=case, decision="remove", reason="淘汰")
    ranking(c.programme, c.hz.cohort)
    url = reverse("training:replacement", args=[c.programme.slug, c.hz.cohort.number])
    check_access(client, cast, url, MANAGERS)
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert "候补0" in page and "确定递补" in page
    best = replacements.candidates(c.hz.cohort).first()
    response = client.post(
        url, {"removal": case.pk, "application": best.pk, "reason": "按评分依次递补"}
    )
    assert response.status_code == 302
    (done,) = c.hz.cohort.replacements.all()
    assert done.notice_ends_on is not None and done.trainee is None
    notice = reverse("training:replacement_notice", args=[done.pk])
    everyone = dict.fromkeys(MANAGERS, ALLOWED)
    check_access(client, cast, notice, everyone)
    assert "候补0" in client.get(notice).content.decode()
    withdraw = reverse("training:replacement_withdraw", args=[c.programme.slug, done.pk])
    check_access(client, cast, withdraw, MANAGERS)


def test_each_reader_lists_the_cases_they_may_read(client, cast, setup):
    c, case = setup
    url = reverse("training:removal_cases")
    check_access(client, cast, url, {**dict.fromkeys(MANAGERS, ALLOWED), "anonymous": LOGIN})
    name = c.trainees[0].principal.name
    for user, sees in ((cast.xihu, True), (cast.binjiang, False), (cast.trainee0, True)):
        client.force_login(user)
        assert (name in client.get(url).content.decode()) is sees
    client.force_login(cast.trainee1)
    assert name not in client.get(url).content.decode()


def test_a_district_officer_finds_the_cases_from_the_home_page(client, cast, setup):
    """The district is told when a case opens; the home page keeps the way to the cases."""
    url = reverse("training:removal_cases")
    client.force_login(cast.xihu)  # trainee 0 heads a school in 西湖区
    home = client.get(reverse("core:home")).content.decode()
    assert "淘汰审议" in home and f'href="{url}"' in home and "审议中 1 件" in home
    client.force_login(cast.binjiang)  # no case of theirs
    assert f'href="{url}"' not in client.get(reverse("core:home")).content.decode()
