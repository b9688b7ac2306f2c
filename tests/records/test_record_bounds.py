"""Records stay inside their programme: dates within the cycle or the cohort's course, nothing
recorded for days still to come, texts no longer than the record keeps. The rules live in the
services, so the pages, the import and the API all meet them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.api.helpers import send, token_for
from tests.programmes import SYSTEM, hainan, hangzhou
from tests.records.programme_people import with_hainan
from tests.records.test_import_plan import by_row, messages, workbook
from touyan.records import services
from touyan.records.importing.planning import plan_import
from touyan.records.importing.writing import apply_plan
from touyan.records.lengths import DESCRIPTION_MAX, NOTE_MAX, TITLE_MAX
from touyan.records.models import Activity, CountSource, CurriculumCredit, Deliverable

pytestmark = pytest.mark.django_db

D = dt.date


def seminar(hn, **fields):
    return services.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        **{"activity_type": "seminar", "title": "专题研讨", "date": D(2025, 10, 9), **fields},
    )


def session(hz, **fields):
    return services.create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        **{"activity_type": "course", "title": "集中培训", "date": D(2026, 3, 9), **fields},
    )


def test_a_studio_activity_falls_within_the_cycle():
    hn = hainan(studios=1, members=1)  # cycle 2025-09-01 … 2028-08-31
    for day in (D(2025, 8, 31), D(2028, 9, 1)):
        with pytest.raises(ValidationError) as refused:
            seminar(hn, date=day)
        assert refused.value.message_dict["date"] == [
            "日期须在本项目的工作周期内（2025-09-01 至 2028-08-31）"
        ]
    with pytest.raises(ValidationError) as refused:
        seminar(hn, end_date=D(2028, 9, 2))
    assert "end_date" in refused.value.message_dict
    assert seminar(hn, date=D(2028, 8, 31)).pk
    activity = seminar(hn)
    with pytest.raises(ValidationError):
        services.update_activity(actor=SYSTEM, activity=activity, date=D(2024, 1, 1))
    activity.refresh_from_db()
    assert activity.date == D(2025, 10, 9)


def test_a_cohort_session_falls_within_the_cohort_course():
    hz = hangzhou(trainees=1)  # cohort 2026-03-01 … 2027-08-31
    with pytest.raises(ValidationError) as refused:
        session(hz, date=D(2027, 9, 1))
    assert refused.value.message_dict["date"] == [
        "日期须在第一期的培训期内（2026-03-01 至 2027-08-31）"
    ]
    assert session(hz, date=D(2027, 8, 31)).pk


def test_hours_are_credited_inside_the_course_and_not_ahead_of_time():
    hz = hangzhou(trainees=1)
    trainee = hz.trainees[0]
    credit = dict(actor=SYSTEM, trainee=trainee, topic="humanities", hours=Decimal(4), note="认定")
    with pytest.raises(ValidationError) as refused:
        services.credit_hours(**credit, credited_on=D(2026, 6, 2), today=D(2026, 6, 1))
    assert refused.value.message_dict["credited_on"] == ["认定日期不能晚于今天"]
    with pytest.raises(ValidationError) as refused:
        services.credit_hours(**credit, credited_on=D(2026, 2, 1), today=D(2026, 6, 1))
    assert "培训期内" in refused.value.message_dict["credited_on"][0]
    services.credit_hours(**credit, credited_on=D(2026, 6, 1), today=D(2026, 6, 1))
    assert CurriculumCredit.objects.count() == 1


def test_attendance_is_not_recorded_for_an_activity_still_to_come():
    hn = hainan(studios=1, members=1)
    activity = seminar(hn, date=D(2026, 5, 6))
    mark = services.Mark(hn.members[hn.studios[0].pk][0].pk, "present")
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            actor=SYSTEM, activity=activity, marks=[mark], today=D(2026, 5, 5)
        )
    assert "尚未举行的活动不能登记考勤" in refused.value.message_dict["attendance"][0]


def test_texts_longer_than_the_record_keeps_are_refused_with_their_limit():
    hn = hainan(studios=1, members=1)
    with pytest.raises(ValidationError) as refused:
        seminar(hn, title="研" * (TITLE_MAX + 1), description="文" * (DESCRIPTION_MAX + 1))
    assert refused.value.message_dict["title"] == ["“活动名称”最多 200 字，现有 201 字"]
    assert refused.value.message_dict["description"] == ["“活动内容”最多 20,000 字，现有 20,001 字"]
    activity = seminar(hn)
    member = hn.members[hn.studios[0].pk][0]
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            actor=SYSTEM,
            activity=activity,
            marks=[services.Mark(member.pk, "leave", note="假" * (NOTE_MAX + 1))],
        )
    assert "“备注”最多 200 字" in refused.value.message_dict["attendance"][0]
    assert Activity.objects.count() == 1


def test_the_activity_form_keeps_an_overlong_text_and_says_why(client, cast):
    hn = with_hainan(cast, members=1)
    client.force_login(cast.hn_centre)
    description = "研讨内容" * 5001
    response = client.post(
        reverse("records:activity_create", args=[hn.programme.slug]),
        {
            "studios": [hn.studios[0].pk],
            "activity_type": "seminar",
            "title": "专题研讨",
            "date": "2025-10-09",
            "description": description,
        },
    )
    assert response.status_code == 200
    assert description in response.content.decode()
    assert "最多 20000 字，现有 20004 字" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_api_refuses_an_activity_outside_the_cycle_and_a_typed_submission_date(client, cast):
    hn = with_hainan(cast, members=1)
    key = token_for(cast.hn_centre)
    response = send(
        client,
        "POST",
        f"/programmes/{hn.programme.slug}/activities",
        {
            "activity_type": "seminar",
            "title": "专题研讨",
            "date": "2030-01-05",
            "studio_ids": [hn.studios[0].pk],
        },
        key=key,
    )
    assert response.status_code == 400
    assert response.json()["detail"][0]["field"] == "date"
    body = {"kind": "studio_rules", "title": "工作制度", "body": "第一条"}
    path = f"/programmes/{hn.programme.slug}/deliverables"
    typed = send(
        client,
        "POST",
        path,
        {**body, "studio_id": hn.studios[0].pk, "submitted_on": "2025-09-02"},
        key=key,
    )
    assert typed.status_code == 400
    assert typed.json()["detail"][0]["message"] == "提交日期由服务器记录，不能填写"
    sent = send(client, "POST", path, {**body, "studio_id": hn.studios[0].pk}, key=key)
    assert sent.status_code == 201
    assert Deliverable.objects.get().submitted_on == dt.date.today()


def test_the_import_refuses_an_activity_outside_the_cycle_and_marks_declared_lengths():
    hn = hainan(studios=1, members=1)
    studio = hn.studios[0]
    headers = {"活动": ["组织方", "活动类型", "活动名称", "日期"]}
    source = workbook(
        activities=[
            [studio.name, "专题研讨", "周期前的研讨", "2025-08-20"],
            [studio.name, "专题研讨", "周期内的研讨", "2025-10-20"],
        ],
        deliverables=[["工作室工作制度", "制度", studio.name, "", "", "2025-10-01", "3000", ""]],
        headers=headers,
    )
    plan = plan_import(source, programme=hn.programme, today=D(2026, 6, 1))
    assert messages(plan, "activities", 2) == (
        "日期须在本项目的工作周期内（2025-09-01 至 2028-08-31）"
    )
    assert by_row(plan)[("activities", 3)].status == "create"
    apply_plan(plan, actor=SYSTEM, skip_invalid=True)
    assert Activity.objects.get().title == "周期内的研讨"
    imported = Deliverable.objects.get()
    assert imported.count_source == CountSource.DECLARED and imported.count_pending
