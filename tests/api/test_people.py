"""Studios and trainees: narrowed like the pages, and never a personal number."""

import pytest

from touyan.programmes import services as programme_services

from ..factories import UserFactory
from ..programmes import SYSTEM, hainan, hangzhou
from .helpers import send, token_for

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json())


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_officer_sees_only_their_districts_trainees(client, cast):
    hz = hangzhou(trainees=4)
    path = f"/programmes/{hz.programme.slug}/trainees"
    assert names(send(client, "GET", path, key=token_for(cast.hz_centre))) == [
        "学员0",
        "学员1",
        "学员2",
        "学员3",
    ]
    assert names(send(client, "GET", path, key=token_for(cast.xihu))) == ["学员0", "学员2"]
    assert names(send(client, "GET", path, key=token_for(cast.binjiang))) == ["学员1", "学员3"]


def test_a_trainee_sees_themself(client, cast):
    hz = hangzhou(trainees=2)
    programme_services.add_trainee(
        actor=SYSTEM, cohort=hz.cohort, principal=cast.xihu_principal, joined_on=hz.cohort.starts_on
    )
    client.force_login(cast.own)
    response = client.get(f"/api/v1/programmes/{hz.programme.slug}/trainees")
    [me] = response.json()
    assert me["name"] == "西湖校长" and me["principal_id"] == cast.xihu_principal.pk
    assert me["school"] == {
        "id": cast.xihu_school.pk,
        "name": "杭州学军中学",
        "region": {"code": "330106", "name": "西湖区"},
    }
    assert me["cohort"]["name"] == "第一期" and me["status"] == "active"


def test_no_id_number_or_mobile_is_ever_sent(client, cast):
    hz = hangzhou(trainees=3)
    hn = hainan(studios=1, members=2)
    key = token_for(cast.superuser)
    bodies = [
        send(client, "GET", f"/programmes/{hz.programme.slug}/trainees", key=key).content.decode(),
        send(client, "GET", f"/programmes/{hn.programme.slug}/studios", key=key).content.decode(),
    ]
    people = [t.principal for t in hz.trainees] + [
        hn.studios[0].host,
        *hn.members[hn.studios[0].pk],
    ]
    for body in bodies:
        assert "13800138000" not in body and "138****8000" not in body
        assert "id_number" not in body and "mobile" not in body and "birth" not in body
        for person in people:
            assert person.id_number not in body


@pytest.mark.clause("HN-3.1")
def test_studios_list_their_host_and_members(client, cast):
    hn = hainan(studios=2, members=3)
    data = send(
        client, "GET", f"/programmes/{hn.programme.slug}/studios", key=token_for(cast.hn_admin)
    ).json()
    assert [s["name"] for s in data] == sorted(s.name for s in hn.studios)
    first = next(s for s in data if s["id"] == hn.studios[0].pk)
    assert first["host"]["name"] == "主持人0" and first["region"]["code"] == "460106"
    assert first["base_school"]["name"] == hn.studios[0].base_school.name
    assert [m["name"] for m in first["members"]] == [p.name for p in hn.members[hn.studios[0].pk]]
    assert (
        first["members"][0]["joined_on"] == "2025-09-01" and first["members"][0]["left_on"] is None
    )


def test_hosts_and_members_see_their_own_studio_only(client, cast):
    hn = hainan(studios=2, members=2)
    host, member = UserFactory(), UserFactory()
    hn.studios[1].host.user = host
    hn.studios[1].host.save()
    hn.members[hn.studios[0].pk][1].user = member
    hn.members[hn.studios[0].pk][1].save()
    path = f"/programmes/{hn.programme.slug}/studios"
    assert [s["id"] for s in send(client, "GET", path, key=token_for(host)).json()] == [
        hn.studios[1].pk
    ]
    assert [s["id"] for s in send(client, "GET", path, key=token_for(member)).json()] == [
        hn.studios[0].pk
    ]
    assert send(client, "GET", path, key=token_for(cast.hz_centre)).status_code == 404


def test_queries_do_not_grow_with_the_number_of_studios(
    client, cast, django_assert_max_num_queries
):
    hn = hainan(studios=3, members=4)
    key = token_for(cast.hn_admin)
    path = f"/programmes/{hn.programme.slug}/studios"
    send(client, "GET", path, key=key)
    with django_assert_max_num_queries(12):
        assert len(send(client, "GET", path, key=key).json()) == 3
