"""The link-school page (EX-7): who sees it, who designates for whom, and its refusals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.compliance.rule_kinds import hainan_text
from tests.factories import SchoolFactory
from tests.records.programme_people import matrix, with_hainan
from touyan.audit.models import AuditEntry
from touyan.programmes.models import LinkSchool

pytestmark = pytest.mark.django_db

URL = reverse("programmes:link_schools", args=["hn-2025"])


@pytest.mark.clause("EX-7")
def test_the_page_is_seen_by_whoever_sees_the_programme(client, cast):
    with_hainan(cast, members=3, text=hainan_text())
    check_access(
        client,
        cast,
        URL,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            longhua=ALLOWED,
            host=ALLOWED,
            member=ALLOWED,
            other_host=ALLOWED,
        ),
    )


@pytest.mark.clause("EX-7")
def test_without_a_link_school_rule_there_is_no_page(client, cast):
    with_hainan(cast, members=3)
    check_access(client, cast, URL, matrix(cast, NOT_FOUND))


@pytest.mark.clause("EX-7")
def test_a_member_designates_for_themself_and_the_host_for_their_members(client, cast):
    hn = with_hainan(cast, members=3, text=hainan_text())
    studio = hn.studios[0]
    member, other = hn.members[studio.pk][:2]
    village = SchoolFactory(name="琼山乡村小学", region_id="460106", is_rural=True)
    town = SchoolFactory(name="琼山城区小学", region_id="460106", is_rural=False)

    client.force_login(cast.member)
    page = client.get(URL).content.decode()
    assert member.name in page and other.name not in page  # only themself
    found = client.post(URL, {"school_query": "琼山", "find_school": "1"}).content.decode()
    assert "琼山乡村小学" in found and "琼山城区小学" not in found  # rural only
    refused = client.post(
        URL, {"principal": other.pk, "school": village.pk, "designated_on": "2025-09-10"}
    )
    assert refused.status_code == 200 and not LinkSchool.objects.exists()
    done = client.post(
        URL, {"principal": member.pk, "school": village.pk, "designated_on": "2025-09-10"}
    )
    assert done.status_code == 302
    link = LinkSchool.objects.get(principal=member)
    assert link.school == village and link.designated_by == cast.member
    assert AuditEntry.objects.filter(note="确定联系学校").exists()
    assert "琼山乡村小学" in client.get(URL).content.decode()
    town_refused = client.post(
        URL, {"principal": member.pk, "school": town.pk, "designated_on": "2025-09-10"}
    )
    assert town_refused.status_code == 200 and LinkSchool.objects.count() == 1

    client.force_login(cast.host)
    assert other.name in client.get(URL).content.decode()
    hamlet = SchoolFactory(name="琼山村小", region_id="460106", is_rural=True)
    assert (
        client.post(
            URL, {"principal": other.pk, "school": hamlet.pk, "designated_on": "2025-09-12"}
        ).status_code
        == 302
    )

    end = reverse("programmes:end_link_school", args=["hn-2025", link.pk])
    client.force_login(cast.other_host)
    assert client.post(end).status_code == 404
    client.force_login(cast.member)
    assert client.post(end).status_code == 302
    link.refresh_from_db()
    assert link.ended_on is not None


@pytest.mark.clause("EX-7")
def test_the_studio_page_links_to_the_link_schools(client, cast):
    hn = with_hainan(cast, members=3, text=hainan_text())
    client.force_login(cast.hn_centre)
    detail = client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    assert URL in detail
    from touyan.core.registry import STUDIO_LINKS

    links = list(STUDIO_LINKS.items((hn.studios[0], True)))
    assert (URL, "联系学校") in links


@pytest.mark.clause("EX-7")
def test_the_page_refuses_a_date_in_the_future_or_before_taking_part_at_the_date(client, cast):
    hn = with_hainan(cast, members=3, text=hainan_text())
    member = hn.members[hn.studios[0].pk][0]
    village = SchoolFactory(name="琼山乡村小学", region_id="460106", is_rural=True)
    client.force_login(cast.member)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for day, message in (
        (tomorrow, "确定日期不能晚于今天"),
        (dt.date(2025, 8, 31), f"确定日期不能早于 {member.name} 参加本项目的日期（2025-09-01）"),
    ):
        refused = client.post(
            URL, {"principal": member.pk, "school": village.pk, "designated_on": day.isoformat()}
        )
        assert refused.status_code == 200
        assert message in str(refused.context["form"].errors["designated_on"])
    assert not LinkSchool.objects.exists()
