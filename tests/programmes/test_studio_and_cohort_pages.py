"""A studio's page and its members; a cohort's page, its trainees and one trainee's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry, Verb
from touyan.programmes.models import StudioMember, Trainee
from touyan.programmes.services import add_member
from touyan.records.models import Activity
from touyan.records.services import create_activity

pytestmark = pytest.mark.django_db


def studio_url(hn, index: int) -> str:
    return reverse("programmes:studio", args=["hn-2025", hn.studios[index].pk])


@pytest.mark.clause("HN-3.1")
def test_a_studio_is_seen_by_its_people_its_district_and_the_centre(client, cast):
    hn = with_hainan(cast)
    everyone_of_hainan = {
        "superuser": ALLOWED,
        "hn_admin": ALLOWED,
        "hn_centre": ALLOWED,
    }
    check_access(
        client,
        cast,
        studio_url(hn, 0),
        matrix(
            cast, NOT_FOUND, **everyone_of_hainan, longhua=ALLOWED, host=ALLOWED, member=ALLOWED
        ),
    )
    check_access(
        client,
        cast,
        studio_url(hn, 1),
        matrix(cast, NOT_FOUND, **everyone_of_hainan, other_host=ALLOWED),
    )


@pytest.mark.clause("HN-3.2")
def test_the_studio_page_names_host_base_school_and_members(client, cast):
    hn = with_hainan(cast, members=3)
    client.force_login(cast.member)
    page = client.get(studio_url(hn, 0)).content.decode()
    assert "主持人0中学卓越校长工作室" in page
    assert "海南测试中学" in page and "海南省中学卓越校长培养实践基地" in page
    assert "成员0-0" in page and "成员0-2" in page and "2025-09-01" in page
    assert "共 3 名成员" in page and "政策要求每个工作室 10—12 名" in page
    assert "添加成员" not in page and "<summary>登记课题</summary>" not in page


def test_adding_a_member_is_for_the_centre(client, cast):
    hn = with_hainan(cast, members=2)
    url = reverse("programmes:add_member", args=["hn-2025", hn.studios[0].pk])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )


@pytest.mark.clause("HN-3.6")
def test_the_centre_finds_a_principal_in_the_registry_and_adds_them(client, cast):
    hn = with_hainan(cast, members=2)
    newcomer = PrincipalFactory(
        name="符新来", school=SchoolFactory(name="海口市第一中学", region_id="460106")
    )
    PrincipalFactory(name="符在杭", school=cast.xihu_school)
    studio = hn.studios[0]
    url = reverse("programmes:add_member", args=["hn-2025", studio.pk])
    client.force_login(cast.hn_centre)
    found = client.get(url, {"q": "符"}).content.decode()
    assert "符新来 · 海口市第一中学" in found
    assert "符在杭" not in found  # outside the province's registry
    response = client.post(f"{url}?q=符", {"principal": newcomer.pk, "joined_on": "2026-03-01"})
    assert response.status_code == 302 and response.url == studio_url(hn, 0)
    member = StudioMember.objects.get(studio=studio, principal=newcomer)
    assert member.joined_on == dt.date(2026, 3, 1)
    assert AuditEntry.objects.filter(
        verb=Verb.CREATE, target_id=str(studio.pk), note="成员加入"
    ).exists()
    # A member of another studio of the programme is refused with the service's reason.
    taken = hn.members[hn.studios[1].pk][0]
    refused = client.post(
        f"{url}?q=成员1", {"principal": taken.pk, "joined_on": "2026-03-01"}
    ).content.decode()
    assert "已是“主持人1中学卓越校长工作室”的成员" in refused


def test_a_search_that_finds_nobody_says_so(client, cast):
    hn = with_hainan(cast, members=1)
    client.force_login(cast.hn_centre)
    url = reverse("programmes:add_member", args=["hn-2025", hn.studios[0].pk])
    assert "名册中没有找到“不存在”" in client.get(url, {"q": "不存在"}).content.decode()


def test_the_cohort_page_and_who_sees_it(client, cast):
    with_hangzhou(cast)
    url = reverse("programmes:cohort", args=["hz-2026", 1])
    check_access(
        client,
        cast,
        url,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            binjiang=ALLOWED,
            trainee=ALLOWED,
            other_trainee=ALLOWED,
        ),
    )
    assert client.get(reverse("programmes:cohort", args=["hz-2026", 2])).status_code in (302, 404)


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_officer_lists_only_their_own_trainees(client, cast):
    with_hangzhou(cast, trainees=4)
    url = reverse("programmes:cohort", args=["hz-2026", 1])
    client.force_login(cast.xihu)
    page = client.get(url).content.decode()
    assert "学员0" in page and "学员2" in page
    assert "学员1" not in page and "学员3" not in page
    client.force_login(cast.trainee)
    page = client.get(url).content.decode()
    assert "学员0" in page and "学员2" not in page


@pytest.mark.clause("HZ-4.2.4")
def test_the_centre_adds_a_trainee_to_a_cohort(client, cast):
    hz = with_hangzhou(cast)
    candidate = PrincipalFactory(name="钱新选", school=cast.binjiang_school)
    url = reverse("programmes:add_trainee", args=["hz-2026", 1])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED),
    )
    client.force_login(cast.hz_centre)
    assert "钱新选 · 杭州第二中学" in client.get(url, {"q": "钱新"}).content.decode()
    response = client.post(f"{url}?q=钱新", {"principal": candidate.pk, "joined_on": "2026-03-01"})
    assert response.status_code == 302
    trainee = Trainee.objects.get(cohort=hz.cohort, principal=candidate)
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(trainee.pk)).exists()
    again = client.post(f"{url}?q=钱新", {"principal": candidate.pk, "joined_on": "2026-03-01"})
    assert "已在本期名单中" in again.content.decode()


@pytest.mark.clause("HZ-4.2.2")
def test_a_trainee_page_is_seen_by_the_trainee_their_district_and_the_centre(client, cast):
    hz = with_hangzhou(cast)
    url = reverse("programmes:trainee", args=["hz-2026", hz.trainees[0].pk])
    check_access(
        client,
        cast,
        url,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            trainee=ALLOWED,
        ),
    )
    client.force_login(cast.trainee)
    page = client.get(url).content.decode()
    assert "人文社会科学思想拓展" in page and "认定学时" not in page
    client.force_login(cast.hz_centre)
    assert "认定学时" in client.get(url).content.decode()


def leave(hn, principal, on: dt.date) -> StudioMember:
    membership = StudioMember.objects.get(studio__programme=hn.programme, principal=principal)
    membership.left_on = on
    membership.save()
    return membership


@pytest.mark.clause("HN-3.6")
def test_a_member_who_has_left_no_longer_sees_the_studio_its_activities_or_roll_calls(client, cast):
    hn = with_hainan(cast, members=2)
    member = hn.members[hn.studios[0].pk][0]
    activity = create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="十月研讨",
        date=dt.date(2025, 10, 15),
    )
    pages = [
        reverse("programmes:detail", args=["hn-2025"]),
        studio_url(hn, 0),
        reverse("records:activity_list", args=["hn-2025"]),
        reverse("records:activity", args=["hn-2025", activity.pk]),
        reverse("records:deliverable_create", args=["hn-2025"]),
    ]
    client.force_login(cast.member)
    assert [client.get(url).status_code for url in pages] == [200] * 5
    # Leaving later this year: still a member until the day.
    leave(hn, member, dt.date.today() + dt.timedelta(days=30))
    assert [client.get(url).status_code for url in pages] == [200] * 5
    leave(hn, member, dt.date(2026, 1, 31))
    assert [client.get(url).status_code for url in pages] == [404] * 5
    assert "hn-2025" not in client.get(reverse("programmes:list")).content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.clause("HN-3.1")
def test_the_studio_page_counts_current_members_and_marks_those_who_left(client, cast):
    hn = with_hainan(cast, members=3)
    leave(hn, hn.members[hn.studios[0].pk][2], dt.date(2026, 1, 31))
    client.force_login(cast.hn_centre)
    page = client.get(studio_url(hn, 0)).content.decode()
    assert "共 2 名成员；政策要求每个工作室 10—12 名；另有 1 人已退出" in page
    assert '成员0-2</a> <span class="badge">已退出</span>' in page and "2026-01-31 退出" in page


@pytest.mark.clause("HN-3.6")
def test_a_member_who_left_is_taken_back_on_their_old_membership(client, cast):
    hn = with_hainan(cast, members=2)
    studio = hn.studios[0]
    returning = hn.members[studio.pk][0]
    leave(hn, returning, dt.date(2026, 1, 31))
    url = reverse("programmes:add_member", args=["hn-2025", studio.pk])
    client.force_login(cast.hn_centre)
    response = client.post(url, {"principal": returning.pk, "joined_on": "2026-09-01"})
    assert response.status_code == 302
    membership = StudioMember.objects.get(studio=studio, principal=returning)
    assert (membership.joined_on, membership.left_on) == (dt.date(2026, 9, 1), None)
    entry = AuditEntry.objects.get(target_id=str(studio.pk), note="成员重新加入")
    assert entry.changes["joined_on"] == ["2025-09-01", "2026-09-01"]
    assert entry.changes["left_on"] == ["2026-01-31", None]
    again = client.post(
        f"{url}?q={returning.name}", {"principal": returning.pk, "joined_on": "2026-10-01"}
    )
    assert "已是“主持人0中学卓越校长工作室”的成员" in again.content.decode()


def test_one_may_not_join_another_studio_before_leaving_the_first(cast):
    hn = with_hainan(cast, members=1)
    moving = hn.members[hn.studios[0].pk][0]
    leave(hn, moving, dt.date(2026, 3, 31))
    with pytest.raises(ValidationError, match="已是“主持人0中学卓越校长工作室”的成员"):
        add_member(
            actor=SYSTEM, studio=hn.studios[1], principal=moving, joined_on=dt.date(2026, 3, 1)
        )
    add_member(actor=SYSTEM, studio=hn.studios[1], principal=moving, joined_on=dt.date(2026, 4, 1))
    assert StudioMember.objects.filter(principal=moving).count() == 2


@pytest.mark.clause("HZ-4.2.4")
def test_the_cohort_page_counts_trainees_in_training_and_marks_those_removed(client, cast):
    hz = with_hangzhou(cast, trainees=3)
    removed = hz.trainees[2]
    removed.status = Trainee.Status.REMOVED
    removed.save()
    client.force_login(cast.hz_centre)
    page = client.get(reverse("programmes:cohort", args=["hz-2026", 1])).content.decode()
    assert "共 2 人；另有 1 人已淘汰" in page
    assert '<span class="badge">已淘汰</span>' in page
