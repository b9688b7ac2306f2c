"""Activities through the API: the records services, the pages' permissions, the audit trail."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from touyan.audit.models import AuditEntry, Verb
from touyan.records.models import Activity

from ..factories import UserFactory
from ..programmes import hainan, hangzhou
from .helpers import send, token_for, url

pytestmark = pytest.mark.django_db


def trail(activity_id):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Activity), target_id=str(activity_id)
    )


def course(cohort, **fields):
    return {
        "activity_type": "course",
        "title": "人文社会科学思想拓展（一）",
        "date": "2026-03-12",
        "cohort_id": cohort.pk,
        "topic": "humanities",
        "hours": "4.0",
        **fields,
    }


def seminar(*studios, **fields):
    return {
        "activity_type": "seminar",
        "title": "九月专题研讨：新课标下的课程领导力",
        "date": "2025-09-18",
        "studio_ids": [studio.pk for studio in studios],
        **fields,
    }


@pytest.fixture
def hn(db):
    programme = hainan(studios=2, members=2)
    host = UserFactory(username="host0")
    programme.studios[0].host.user = host
    programme.studios[0].host.save()
    member = UserFactory(username="member0")
    principal = programme.members[programme.studios[0].pk][0]
    principal.user = member
    principal.save()
    programme.host, programme.member = host, member
    return programme


def test_the_centre_records_a_session_and_the_trail_says_api(client, cast):
    hz = hangzhou()
    response = send(
        client,
        "POST",
        f"/programmes/{hz.programme.slug}/activities",
        course(hz.cohort),
        key=token_for(cast.hz_centre),
        REMOTE_ADDR="10.2.3.4",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["activity_type_name"] == "集中培训" and data["hours"] == 4.0
    assert data["cohort"] == {"id": hz.cohort.pk, "name": "第一期"} and data["studios"] == []
    entry = trail(data["id"]).get(verb=Verb.CREATE)
    assert (entry.source, entry.actor, entry.ip_address) == ("api", cast.hz_centre, "10.2.3.4")


@pytest.mark.clause("HN-4.2")
def test_a_host_records_for_their_own_studio_only(client, hn):
    key = token_for(hn.host)
    path = f"/programmes/{hn.programme.slug}/activities"
    assert send(client, "POST", path, seminar(hn.studios[0]), key=key).status_code == 201
    own_only = "您只能为自己主持的工作室记录活动；几个工作室的联合活动由培训中心登记"
    refused = send(client, "POST", path, seminar(hn.studios[1]), key=key)
    assert refused.status_code == 404 and refused.json()["detail"] == own_only
    # Naming another studio as co-organiser would add to its counts without its consent.
    joint = send(
        client, "POST", path, seminar(hn.studios[0], hn.studios[1], activity_type="joint"), key=key
    )
    assert joint.status_code == 404 and joint.json()["detail"] == own_only
    unknown = send(
        client, "POST", path, seminar(hn.studios[0], hn.studios[1], studio_ids=[424242]), key=key
    )
    assert unknown.status_code == 404 and unknown.json()["detail"] == "本项目中没有工作室 424242"
    assert Activity.objects.count() == 1


@pytest.mark.clause("HN-4.1.5")
def test_a_host_neither_changes_nor_deletes_a_joint_activity(client, cast, hn):
    body = seminar(hn.studios[0], hn.studios[1], activity_type="joint")
    centre = token_for(cast.hn_admin)
    created = send(
        client, "POST", f"/programmes/{hn.programme.slug}/activities", body, key=centre
    ).json()
    path, host = f"/activities/{created['id']}", token_for(hn.host)
    assert send(client, "GET", path, key=host).status_code == 200
    changed = send(client, "PATCH", path, {"title": "改"}, key=host)
    assert changed.status_code == 404 and changed.json()["detail"] == "您无权修改这个活动的记录"
    assert send(client, "DELETE", path, key=host).status_code == 404
    assert send(client, "PATCH", path, {"title": "改"}, key=centre).status_code == 200


def test_an_end_time_before_the_start_is_refused(client, cast, hn):
    key = token_for(hn.host)
    path = f"/programmes/{hn.programme.slug}/activities"
    backwards = seminar(hn.studios[0], start_time="14:00", end_time="09:00")
    refused = send(client, "POST", path, backwards, key=key)
    assert refused.status_code == 400
    assert refused.json()["detail"] == [
        {"field": "end_time", "in": "body", "message": "结束时间不能早于开始时间"}
    ]
    # Over several days, the last day may end earlier in the day than the first began.
    two_days = {**backwards, "end_date": "2025-09-19"}
    created = send(client, "POST", path, two_days, key=key)
    assert created.status_code == 201, created.content
    patch = send(
        client, "PATCH", f"/activities/{created.json()['id']}", {"end_date": None}, key=key
    )
    assert patch.status_code == 400
    assert patch.json()["detail"][0]["message"] == "结束时间不能早于开始时间"
    assert Activity.objects.get().end_date is not None


def test_a_member_may_read_but_not_record(client, cast, hn):
    path = f"/programmes/{hn.programme.slug}/activities"
    send(client, "POST", path, seminar(hn.studios[0]), key=token_for(hn.host))
    member = token_for(hn.member)
    assert send(client, "GET", path, key=member).json()["count"] == 1
    refused = send(client, "POST", path, seminar(hn.studios[0]), key=member)
    assert refused.status_code == 404
    assert refused.json()["detail"] == "您无权为这个项目记录活动"


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_officer_reads_the_sessions_of_their_trainees_but_does_not_record(client, cast):
    hz = hangzhou()
    path = f"/programmes/{hz.programme.slug}/activities"
    created = send(client, "POST", path, course(hz.cohort), key=token_for(cast.hz_centre)).json()
    officer = token_for(cast.xihu)
    assert [a["id"] for a in send(client, "GET", path, key=officer).json()["items"]] == [
        created["id"]
    ]
    assert send(client, "POST", path, course(hz.cohort), key=officer).status_code == 404
    assert (
        send(
            client, "PATCH", f"/activities/{created['id']}", {"title": "改"}, key=officer
        ).status_code
        == 404
    )
    assert (
        send(
            client, "GET", f"/activities/{created['id']}", key=token_for(cast.hn_admin)
        ).status_code
        == 404
    )


@pytest.mark.clause("HN-4.1.5")
def test_the_centre_records_a_joint_activity_of_two_studios(client, cast, hn):
    body = seminar(hn.studios[0], hn.studios[1], hn.studios[0], activity_type="joint")
    response = send(
        client,
        "POST",
        f"/programmes/{hn.programme.slug}/activities",
        body,
        key=token_for(cast.hn_admin),
    )
    assert response.status_code == 201, response.content
    assert [s["id"] for s in response.json()["studios"]] == [hn.studios[0].pk, hn.studios[1].pk]
    host_view = send(client, "GET", f"/activities/{response.json()['id']}", key=token_for(hn.host))
    assert host_view.status_code == 200


def test_the_services_refusals_come_back_as_400_with_fields(client, cast):
    hz = hangzhou()
    key = token_for(cast.hz_centre)
    path = f"/programmes/{hz.programme.slug}/activities"
    unknown = send(client, "POST", path, course(hz.cohort, activity_type="picnic"), key=key)
    assert unknown.status_code == 400
    assert {
        "field": "activity_type",
        "in": "body",
        "message": "项目政策中没有活动类型“picnic”",
    } in unknown.json()["detail"]
    no_hours = send(client, "POST", path, course(hz.cohort, hours=None), key=key)
    assert no_hours.json()["detail"] == [
        {"field": "hours", "in": "body", "message": "课程专题的活动须填写学时"}
    ]
    backwards = send(client, "POST", path, course(hz.cohort, end_date="2026-03-01"), key=key)
    assert backwards.json()["detail"][0]["message"] == "结束日期不能早于开始日期"
    nobody = send(client, "POST", path, course(hz.cohort, cohort_id=None), key=key)
    assert nobody.status_code == 400 and nobody.json()["detail"][0]["field"] == "organisers"
    assert Activity.objects.count() == 0


def test_listing_filters_and_pages(client, cast, hn):
    key = token_for(cast.hn_admin)
    path = f"/programmes/{hn.programme.slug}/activities"
    for day in (3, 10, 17):
        send(client, "POST", path, seminar(hn.studios[0], date=f"2025-10-{day:02d}"), key=key)
    send(
        client,
        "POST",
        path,
        seminar(hn.studios[1], activity_type="reading", date="2025-11-05"),
        key=key,
    )
    page = send(client, "GET", f"{path}?page_size=2", key=key).json()
    assert page["count"] == 4 and [a["date"] for a in page["items"]] == ["2025-11-05", "2025-10-17"]
    second = send(client, "GET", f"{path}?page_size=2&page=2", key=key).json()
    assert [a["date"] for a in second["items"]] == ["2025-10-10", "2025-10-03"]
    assert send(client, "GET", f"{path}?studio={hn.studios[1].pk}", key=key).json()["count"] == 1
    assert send(client, "GET", f"{path}?type=seminar", key=key).json()["count"] == 3
    window = send(client, "GET", f"{path}?date_from=2025-10-05&date_to=2025-10-31", key=key).json()
    assert [a["date"] for a in window["items"]] == ["2025-10-17", "2025-10-10"]
    assert send(client, "GET", f"{path}?page_size=201", key=key).status_code == 422


def test_a_host_sees_the_activities_of_their_studio_only(client, cast, hn):
    key = token_for(cast.hn_admin)
    path = f"/programmes/{hn.programme.slug}/activities"
    own = send(client, "POST", path, seminar(hn.studios[0]), key=key).json()
    other = send(client, "POST", path, seminar(hn.studios[1]), key=key).json()
    host = token_for(hn.host)
    assert [a["id"] for a in send(client, "GET", path, key=host).json()["items"]] == [own["id"]]
    assert send(client, "GET", f"/activities/{other['id']}", key=host).status_code == 404
    assert (
        send(client, "GET", f"/activities/{own['id']}", key=token_for(cast.hz_centre)).status_code
        == 404
    )


def test_changing_and_deleting(client, cast, hn):
    key = token_for(hn.host)
    created = send(
        client,
        "POST",
        f"/programmes/{hn.programme.slug}/activities",
        seminar(hn.studios[0]),
        key=key,
    ).json()
    path = f"/activities/{created['id']}"
    changed = send(
        client, "PATCH", path, {"title": "专题研讨（改期）", "date": "2025-09-25"}, key=key
    )
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["date"]) == ("专题研讨（改期）", "2025-09-25")
    assert changed.json()["activity_type"] == "seminar"
    update = trail(created["id"]).get(verb=Verb.UPDATE)
    assert update.source == "api" and update.changes["date"] == ["2025-09-18", "2025-09-25"]
    assert send(client, "PATCH", path, {"title": "x"}, key=token_for(hn.member)).status_code == 404
    assert send(client, "DELETE", path, key=token_for(hn.member)).status_code == 404
    assert send(client, "DELETE", path, key=key).status_code == 204
    assert send(client, "GET", path, key=key).status_code == 404
    assert trail(created["id"]).filter(verb=Verb.DELETE, source="api").exists()


def test_a_session_write_needs_the_csrf_token(cast):
    hz = hangzhou()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.hz_centre)
    path = f"/programmes/{hz.programme.slug}/activities"
    refused = send(browser, "POST", path, course(hz.cohort))
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert send(browser, "GET", path).status_code == 200
    docs = browser.get(url("/docs")).content.decode()
    csrf = re.search(r'data-csrf-token="([^"]+)"', docs).group(1)
    accepted = send(browser, "POST", path, course(hz.cohort), HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201, accepted.content


def test_the_place_is_a_school_the_activity_form_offers(client, cast, hn):
    key = token_for(hn.host)
    path = f"/programmes/{hn.programme.slug}/activities"
    school = hn.members[hn.studios[0].pk][0].school
    body = seminar(hn.studios[0], activity_type="diagnosis", place_school_id=school.pk)
    visit = send(client, "POST", path, body, key=key)
    assert visit.status_code == 201, visit.content
    assert visit.json()["place_school"]["name"] == school.name
    far = send(client, "POST", path, {**body, "place_school_id": cast.xihu_school.pk}, key=key)
    assert far.status_code == 404
    assert far.json()["detail"] == f"没有找到学校 {cast.xihu_school.pk}，或不能选作本项目活动的地点"
    moved = send(
        client, "PATCH", f"/activities/{visit.json()['id']}", {"place_school_id": None}, key=key
    )
    assert moved.json()["place_school"] is None


def test_the_list_runs_the_same_queries_for_one_activity_or_many(client, cast, hn):
    key = token_for(cast.hn_admin)
    path = f"/programmes/{hn.programme.slug}/activities"

    def queries_for_listing():
        with CaptureQueriesContext(connection) as captured:
            assert send(client, "GET", path, key=key).status_code == 200
        return len(captured)

    send(
        client, "POST", path, seminar(hn.studios[0], hn.studios[1], activity_type="joint"), key=key
    )
    one = queries_for_listing()
    for day in range(1, 6):
        send(client, "POST", path, seminar(hn.studios[day % 2], date=f"2025-10-{day:02d}"), key=key)
    assert queries_for_listing() == one
