"""Studios and trainees: narrowed like the pages, and never a personal number."""

import pytest

from touyan.api.services import create_api_token
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
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


def bodies_and_people(client, key):
    hz = hangzhou(trainees=3)
    hn = hainan(studios=1, members=2)
    bodies = [
        send(client, "GET", f"/programmes/{hz.programme.slug}/trainees", key=key).content.decode(),
        send(client, "GET", f"/programmes/{hn.programme.slug}/studios", key=key).content.decode(),
    ]
    people = [t.principal for t in hz.trainees] + [
        hn.studios[0].host,
        *hn.members[hn.studios[0].pk],
    ]
    return bodies, people


def test_without_the_personal_data_scope_the_api_masks(client, cast):
    bodies, people = bodies_and_people(client, token_for(cast.superuser))
    for body in bodies:
        assert "13800138000" not in body and "138****8000" in body and "birth" not in body
        assert all(person.id_number not in body for person in people)
    assert all(any(person.masked_id_number in body for body in bodies) for person in people)
    assert not AuditEntry.objects.filter(verb="reveal").exists()


def test_a_browser_session_gets_masked_numbers_too(client, cast):
    client.force_login(cast.superuser)
    bodies, people = bodies_and_people(client, None)
    for body in bodies:
        assert "13800138000" not in body
        assert all(person.id_number not in body for person in people)


def test_the_personal_data_scope_gives_full_numbers_with_an_audit_entry(client, cast):
    _token, key = create_api_token(
        actor=Actor.system(), user=cast.superuser, name="省级平台", personal_data=True
    )
    bodies, people = bodies_and_people(client, key)
    for person in people:
        assert any(person.id_number in body for body in bodies)
    assert "13800138000" in bodies[0]
    entries = AuditEntry.objects.filter(verb="reveal", source="api")
    assert entries.count() == 2 and all(e.actor == cast.superuser for e in entries)


def test_the_scope_does_not_widen_the_users_right(client, cast):
    hz = hangzhou(trainees=2)
    _token, key = create_api_token(
        actor=Actor.system(), user=cast.hz_centre, name="省级平台", personal_data=True
    )
    body = send(
        client, "GET", f"/programmes/{hz.programme.slug}/trainees", key=key
    ).content.decode()
    assert all(t.principal.id_number not in body for t in hz.trainees)
    assert not AuditEntry.objects.filter(verb="reveal").exists()


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
