"""Whatever a client sends, the answer is a 4xx with a readable Chinese reason — never a 500.

The test client re-raises any exception a view lets escape, so a crash fails these tests even
before the status is looked at."""

import json

import pytest

from touyan.records.models import Activity, Attendance, Deliverable

from ..programmes import hangzhou
from .helpers import token_for, url

pytestmark = pytest.mark.django_db

GARBAGE = [
    None,
    0,
    -1,
    2**70,
    1.5,
    "",
    "   ",
    "x" * 300_000,
    "\x00",
    "\ud800",
    "2025-02-30",
    "25:61",
    "数学",
    [],
    [1, 2],
    {},
    {"$gt": ""},
    True,
]


@pytest.fixture
def hz(db, cast):
    programme = hangzhou(trainees=2)
    programme.key = token_for(cast.hz_centre)
    programme.activity = Activity.objects.create(
        programme=programme.programme, activity_type="course", title="开班", date="2026-03-05"
    )
    programme.activity.organisers.create(cohort=programme.cohort)
    return programme


def call(client, hz, method, path, raw, content_type="application/json"):
    response = getattr(client, method)(
        url(path),
        data=raw,
        content_type=content_type,
        headers={"Authorization": f"Bearer {hz.key}"},
    )
    assert 400 <= response.status_code < 500, (
        method,
        path,
        raw[:200] if raw else raw,
        response.content[:300],
    )
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all({"field", "in", "message"} <= set(item) for item in detail)
        assert all(any(ord(ch) > 0x2E80 for ch in item["message"]) for item in detail), detail
    else:
        assert any(ord(ch) > 0x2E80 for ch in detail), detail
    return response


def valid_activity(hz):
    return {
        "activity_type": "course",
        "title": "人文素养专题",
        "date": "2026-03-12",
        "end_date": "2026-03-13",
        "start_time": "09:00",
        "end_time": "17:00",
        "place": "杭州师范大学",
        "place_school_id": hz.trainees[0].principal.school_id,
        "level": "city",
        "topic": "humanities",
        "hours": "6.0",
        "description": "讲座与研讨",
        "cohort_id": hz.cohort.pk,
    }


FIELDS = [
    "activity_type",
    "title",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "place_school_id",
    "level",
    "topic",
    "hours",
    "description",
    "cohort_id",
    "studio_ids",
]


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_of_an_activity_with_every_kind_of_garbage(client, hz, field):
    for value in GARBAGE:
        body = {**valid_activity(hz), field: value}
        if field == "studio_ids" and value is not None:
            body.pop("cohort_id")
        response = client.post(
            url(f"/programmes/{hz.programme.slug}/activities"),
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {hz.key}"},
        )
        assert response.status_code in {201, 400, 404, 422}, (field, value, response.content[:300])
    # Whatever was accepted is a well-formed activity.
    for activity in Activity.objects.exclude(pk=hz.activity.pk):
        assert activity.title.strip() and activity.date.year == 2026, (field, activity.__dict__)


BODIES = [
    "",
    "{",
    "null",
    "[1, 2]",
    '"just a string"',
    "123",
    '{"activity_type": "course"',
    '{"title": "\\u0000"}',
    "\xff\xfe",
    '{"date": "2026-13-01", "title": 5, "activity_type": ["x"], "cohort_id": "one"}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "cohort_id": 99999999999999999999999}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "hours": "1e400", "cohort_id": 1}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "hours": "NaN", "cohort_id": 1}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "hours": 12345.67, "cohort_id": 1}',
    '{"activity_type": "picnic", "title": "开班", "date": "2026-03-05", "cohort_id": 1}',
    '{"activity_type": "course", "title": "开班", "date": "0000-01-01", "cohort_id": 1}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "level": "galactic", "cohort_id": 1}',
    '{"activity_type": "course", "title": "开班", "date": "2026-03-05", "studio_ids": [1, 1, -5], "cohort_id": 1}',
]


@pytest.mark.parametrize("raw", BODIES)
def test_broken_activity_bodies(client, hz, raw):
    call(client, hz, "post", f"/programmes/{hz.programme.slug}/activities", raw)
    assert Activity.objects.count() == 1


def test_a_form_encoded_body_is_refused(client, hz):
    call(
        client,
        hz,
        "post",
        f"/programmes/{hz.programme.slug}/activities",
        "title=x&date=y",
        "application/x-www-form-urlencoded",
    )


ATTENDANCE = [
    "{}",
    "[{}]",
    '[{"principal_id": "me", "status": "present"}]',
    '[{"principal_id": 1, "status": "here"}]',
    '[{"principal_id": 1, "status": "present", "presented": "maybe"}]',
    '[{"principal_id": 1, "status": "present", "note": "' + "长" * 201 + '"}]',
    '[{"principal_id": 0, "status": "present"}]',
    '[{"principal_id": 9223372036854775808, "status": "present"}]',
    '[{"principal_id": 424242, "status": "present"}]',
    "[" + ",".join(['{"principal_id": 1, "status": "present"}'] * 2001) + "]",
]


@pytest.mark.parametrize("raw", ATTENDANCE)
def test_broken_attendance(client, hz, raw):
    call(client, hz, "put", f"/activities/{hz.activity.pk}/attendance", raw)
    assert Attendance.objects.count() == 0


DELIVERABLES = [
    '{"kind": "research_report", "title": "报告"}',
    '{"kind": "research_report", "title": "报告", "body": 42, "principal_id": 1}',
    '{"kind": "research_report", "title": "", "body": "正文", "principal_id": 1}',
    '{"kind": "research_report", "title": "报告", "body": "正文", "submitted_on": "昨天", "principal_id": 1}',
    '{"kind": "research_report", "title": "报告", "body": "正文", "principal_id": -1}',
    '{"kind": "research_report", "title": "报告", "body": "正文", "studio_id": 77777}',
    '{"kind": "sonnet", "title": "报告", "body": "正文", "principal_id": %d}',
]


@pytest.mark.parametrize("raw", DELIVERABLES)
def test_broken_deliverables(client, hz, raw):
    if "%d" in raw:
        raw = raw % hz.trainees[0].principal_id
    call(client, hz, "post", f"/programmes/{hz.programme.slug}/deliverables", raw)
    assert Deliverable.objects.count() == 0


def test_a_body_larger_than_any_field_allows(client, hz):
    body = {
        "kind": "research_report",
        "title": "报告",
        "body": "字" * 500_001,
        "principal_id": hz.trainees[0].principal_id,
    }
    response = call(
        client, hz, "post", f"/programmes/{hz.programme.slug}/deliverables", json.dumps(body)
    )
    assert response.json()["detail"] == [
        {"field": "body", "in": "body", "message": "不能超过 500000 个字符"}
    ]


QUERIES = [
    "/programmes/{slug}/activities?page=0",
    "/programmes/{slug}/activities?page=99999999999999999999",
    "/programmes/{slug}/activities?page_size=-3",
    "/programmes/{slug}/activities?studio=abc",
    "/programmes/{slug}/activities?cohort=99999999999999999999",
    "/programmes/{slug}/activities?date_from=2026-02-30",
    "/programmes/{slug}/activities?date_to=tomorrow",
    "/programmes/{slug}/activities?type=%00",
    "/programmes/{slug}/deliverables?principal=1.5",
    "/programmes/{slug}/compliance?as_of=20260301",
    "/programmes/{slug}/compliance?subject=-1",
    "/programmes/{slug}/compliance?state=great",
    "/programmes/{slug}/compliance?rule=nothing",
    "/programmes/%00/activities",
    "/programmes/" + "a" * 300,
    "/programmes/bad%20slug/trainees",
    "/activities/0",
    "/activities/99999999999999999999",
    "/activities/-4/attendance",
    "/policies/x/versions/999999999999999999999",
    "/policies/%00",
]


@pytest.mark.parametrize("path", QUERIES)
def test_broken_paths_and_queries(client, hz, path):
    call(client, hz, "get", path.format(slug=hz.programme.slug), None)
