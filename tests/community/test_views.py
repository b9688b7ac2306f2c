"""The community's pages (HN-4.0.1): who opens what (tests/access.py::check_access), and the
member's, the host's and the district's walk through a thread, a session and the queue."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.records.programme_people import matrix
from touyan.community.models import Opening, Post, Thread
from touyan.community.services import moderation
from touyan.community.services.threads import reply, start_thread
from touyan.records.models import Attendance

from .helpers import as_, hainan_community, session_of

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.0.1")]

CENTRE = {"superuser": ALLOWED, "hn_admin": ALLOWED, "hn_centre": ALLOWED}


@pytest.fixture
def hn(cast):
    return hainan_community(cast)


def test_who_opens_a_studios_community_its_threads_and_sessions(client, cast, hn):
    slug, studio = hn.programme.slug, hn.studios[0]
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=studio, title="t", body="b"
    )
    session = session_of(cast, hn)
    readers = matrix(cast, NOT_FOUND, **CENTRE, host=ALLOWED, member=ALLOWED, longhua=ALLOWED)
    readers["second"] = ALLOWED
    for url in (
        reverse("community:studio", args=[slug, studio.pk]),
        reverse("community:thread", args=[slug, thread.pk]),
        reverse("community:session", args=[slug, session.pk]),
        reverse("community:material", args=[slug, session.pk]),
        reverse("community:report", args=[slug, thread.posts.get().pk]),
    ):
        check_access(client, cast, url, readers)
    runners = matrix(cast, NOT_FOUND, **CENTRE, host=ALLOWED) | {"second": NOT_FOUND}
    check_access(client, cast, reverse("community:session_new", args=[slug, studio.pk]), runners)
    check_access(
        client, cast, reverse("community:hide", args=[slug, thread.posts.get().pk]), runners
    )


def test_who_opens_the_board_and_the_queue(client, cast, hn):
    slug = hn.programme.slug
    people = dict(host=ALLOWED, member=ALLOWED, other_host=ALLOWED, longhua=ALLOWED)
    check_access(
        client,
        cast,
        reverse("community:board", args=[slug]),
        matrix(cast, NOT_FOUND, **CENTRE, **people) | {"second": ALLOWED},
    )
    check_access(
        client,
        cast,
        reverse("community:moderation", args=[slug]),
        matrix(cast, NOT_FOUND, **CENTRE, host=ALLOWED, other_host=ALLOWED) | {"second": NOT_FOUND},
    )
    check_access(
        client,
        cast,
        reverse("community:index"),
        matrix(cast, ALLOWED) | {"second": ALLOWED},
    )


def test_a_member_answers_a_thread_and_the_host_hides_a_reported_post(client, cast, hn):
    slug, studio = hn.programme.slug, hn.studios[0]
    client.force_login(cast.host)
    url = reverse("community:studio", args=[slug, studio.pk])
    response = client.post(url, {"title": "", "body": "没有标题"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert "没有标题" in response.content.decode()  # nothing lost
    response = client.post(url, {"title": "本学期的读书计划", "body": "请大家推荐书目。"})
    thread = Thread.objects.get()
    assert response.status_code == 302

    client.force_login(cast.member)
    page = client.get(reverse("community:studio", args=[slug, studio.pk])).content.decode()
    assert "本学期的读书计划" in page
    thread_url = reverse("community:thread", args=[slug, thread.pk])
    response = client.post(thread_url, {"body": "推荐《给教师的建议》。\n第二本待定。"})
    assert response.status_code == 302
    answer = Post.objects.get(opening=False)
    page = client.get(thread_url).content.decode()
    assert "推荐《给教师的建议》。\n第二本待定。" in page

    client.force_login(cast.second)
    report_url = reverse("community:report", args=[slug, answer.pk])
    assert client.post(report_url, {"reason": ""}).status_code == 200
    assert client.post(report_url, {"reason": "广告"}).status_code == 302

    client.force_login(cast.host)
    queue = client.get(reverse("community:moderation", args=[slug])).content.decode()
    assert "推荐《给教师的建议》" in queue and "广告" in queue
    hide_url = reverse("community:hide", args=[slug, answer.pk])
    assert client.post(hide_url, {"reason": "与主题无关的推销"}).status_code == 302

    client.force_login(cast.second)
    page = client.get(thread_url).content.decode()
    assert "已隐藏" in page and "推荐《给教师的建议》" not in page
    client.force_login(cast.member)
    page = client.get(thread_url).content.decode()
    assert "与主题无关的推销" in page and "推荐《给教师的建议》" in page


def test_the_district_reads_but_cannot_post(client, cast, hn):
    slug, studio = hn.programme.slug, hn.studios[0]
    client.force_login(cast.longhua)
    page = client.get(reverse("community:studio", args=[slug, studio.pk])).content.decode()
    assert "发起讨论" not in page
    response = client.post(
        reverse("community:studio", args=[slug, studio.pk]), {"title": "t", "body": "b"}
    )
    assert response.status_code == 405 and not Thread.objects.exists()


def test_a_member_takes_part_in_a_session_through_its_pages(client, cast, hn):
    slug = hn.programme.slug
    session = session_of(cast, hn)
    client.force_login(cast.member)
    page = client.get(reverse("community:session", args=[slug, session.pk])).content.decode()
    assert "阅读研修资料" in page and "在讨论时段内打开研修资料并在讨论区发言" in page
    response = client.post(reverse("community:open", args=[slug, session.pk]))
    assert response.url == reverse("community:material", args=[slug, session.pk])
    assert Opening.objects.filter(session=session, principal__user=cast.member).exists()
    client.post(reverse("community:session", args=[slug, session.pk]), {"body": "我的体会"})
    page = client.get(reverse("community:session", args=[slug, session.pk])).content.decode()
    assert "您已参与" in page and "我的体会" in page

    client.force_login(cast.host)
    page = client.get(reverse("community:session", args=[slug, session.pk])).content.decode()
    assert "参与情况" in page and "结束讨论并统计参与" in page
    client.post(reverse("community:close", args=[slug, session.pk]))
    assert (
        Attendance.objects.get(activity=session.activity, principal__user=cast.member).status
        == Attendance.Status.PRESENT
    )
    assert (
        Attendance.objects.get(activity=session.activity, principal__user=cast.second).status
        == Attendance.Status.ABSENT
    )


def test_a_held_thread_is_read_only_by_its_author_and_the_host(client, cast, hn, settings):
    settings.COMMUNITY_WATCHED_WORDS = ["代写"]
    slug, studio = hn.programme.slug, hn.studios[0]
    thread = start_thread(
        actor=as_(cast.member), programme=hn.programme, studio=studio, title="代写", body="b"
    )
    url = reverse("community:thread", args=[slug, thread.pk])
    for user, status in ((cast.member, 200), (cast.host, 200), (cast.second, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(cast.second)
    assert (
        "代写"
        not in client.get(reverse("community:studio", args=[slug, studio.pk])).content.decode()
    )
    moderation.approve_post(actor=as_(cast.host), post=thread.posts.get())
    assert client.get(url).status_code == 200
    reply(actor=as_(cast.second), thread=thread, body="ok")


def test_my_studios_and_the_inbox_lead_to_the_community(client, cast, hn):
    from touyan.core.inbox import items_for

    session = session_of(cast, hn)
    client.force_login(cast.member)
    mine = client.get(reverse("studios:mine")).content.decode()
    assert reverse("community:studio", args=[hn.programme.slug, hn.studios[0].pk]) in mine
    keys = {item.key for item in items_for(cast.member)}
    assert f"community.session:{session.pk}" in keys
    reply(actor=as_(cast.member), thread=session.thread, body="发言")
    keys = {item.key for item in items_for(cast.member)}
    assert f"community.session:{session.pk}" not in keys
