"""The bulk writer of the record import leaves exactly what the record services leave: the same
activities, organisers, attendance and deliverables, and the same audit entries."""

import datetime as dt
import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor, Source
from touyan.records.importing.writing import apply_plan, write_through_services
from touyan.records.models import Activity, Attendance, Deliverable

from ..factories import UserFactory, grant
from ..programmes import hainan, hangzhou
from .test_import_plan import activity_row, plan, workbook

pytestmark = pytest.mark.django_db


def _first_file(hn):
    a, b = hn.studios
    members = hn.members[a.pk]
    return workbook(
        activities=[
            activity_row(
                a.name,
                "专题研讨",
                "三月研讨",
                "2026-03-05",
                start="9:00",
                level="市级",
                place="报告厅",
            ),
            activity_row(
                f"{a.name}、{b.name}",
                "工作室联合活动",
                "联合教研",
                "2026-03-20",
                school=b.host.school.name,
            ),
            activity_row(
                b.name, "集中研修", "春季研修", "2026-04-01", content="两天集中研修\n第二天考察"
            ),
        ],
        attendance=[
            ["三月研讨", "2026-03-05", a.host.name, "", "出勤", "是"],
            ["三月研讨", "2026-03-05", members[0].name, "", "出勤", ""],
            ["三月研讨", "2026-03-05", members[1].name, "", "请假", ""],
            ["联合教研", "2026-03-20", b.host.name, "", "出勤", ""],
            ["联合教研", "2026-03-20", members[2].name, "", "缺勤", ""],
        ],
        deliverables=[
            [
                "个性化成长方案",
                "成长方案",
                a.name,
                members[0].name,
                "",
                "2026-03-10",
                "",
                "三年成长方案：读书、实践、反思。",
            ],
            [
                "工作室工作制度",
                "工作制度",
                b.name,
                "",
                "",
                "2026-03-01",
                "",
                "第一条 每月一次专题研讨。",
            ],
        ],
    )


def _second_file(hn):
    a, b = hn.studios
    members = hn.members[a.pk]
    return workbook(
        activities=[
            activity_row(
                a.name,
                "专题研讨",
                "三月研讨",
                "2026-03-05",
                start="9:00",
                level="省级",
                place="图书馆",
            ),
            activity_row(a.name, "读书交流", "读书会", "2026-05-08"),
        ],
        attendance=[
            ["三月研讨", "2026-03-05", members[1].name, "", "出勤", ""],
            ["三月研讨", "2026-03-05", members[2].name, "", "出勤", ""],
            ["春季研修", "2026-04-01", b.host.name, "", "出勤", "是"],
            ["读书会", "2026-05-08", a.host.name, "", "出勤", ""],
        ],
    )


def _state(programme, since: int) -> dict:
    activities = sorted(
        (
            a.title,
            a.date,
            a.activity_type,
            a.end_date,
            a.start_time,
            a.end_time,
            a.place,
            a.place_school_id,
            a.level,
            a.topic,
            a.hours,
            a.description,
            a.created_by_id,
            tuple(sorted((o.studio_id or 0, o.cohort_id or 0) for o in a.organisers.all())),
        )
        for a in Activity.objects.filter(programme=programme)
    )
    attendance = sorted(
        (m.activity.title, m.principal_id, m.status, m.presented, m.note, m.recorded_by_id)
        for m in Attendance.objects.filter(activity__programme=programme).select_related("activity")
    )
    deliverables = sorted(
        (
            d.kind,
            d.title,
            d.studio_id or 0,
            d.principal_id or 0,
            d.body,
            d.submitted_on,
            d.char_count,
            d.created_by_id,
        )
        for d in Deliverable.objects.filter(programme=programme)
    )
    entries = sorted(
        (
            e.verb,
            e.target_type_id,
            e.target_label,
            e.scope_code,
            json.dumps(e.changes, sort_keys=True, ensure_ascii=False),
            e.note,
            e.actor_id,
            e.actor_label,
            e.source,
        )
        for e in AuditEntry.objects.filter(pk__gt=since)
    )
    return {
        "activities": activities,
        "attendance": attendance,
        "deliverables": deliverables,
        "audit": entries,
    }


def _written_by(writer, programme, files, actor) -> dict:
    with transaction.atomic():
        since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for make in files:
            writer(plan(make(), programme), actor=actor, skip_invalid=False)
        state = _state(programme, since)
        transaction.set_rollback(True)
    return state


def test_the_bulk_writer_matches_the_services_row_for_row_and_entry_for_entry():
    hn = hainan(studios=2, members=3)
    centre = UserFactory(username="centre")
    grant(centre, Role.CENTRE_STAFF, "460000")
    actor = Actor(user=centre, source=Source.WEB, ip_address="10.0.0.1")
    files = [lambda: _first_file(hn), lambda: _second_file(hn)]
    by_services = _written_by(write_through_services, hn.programme, files, actor)
    in_bulk = _written_by(apply_plan, hn.programme, files, actor)
    assert len(by_services["activities"]) == 4
    assert len(by_services["attendance"]) == 8
    assert (
        len(by_services["audit"]) == 4 + 3 + 1 + 2 + 2
    )  # created, attendance ×3 then ×3, updated, deliverables
    assert in_bulk == by_services


def test_a_cohort_session_is_written_the_same_way_too():
    hz = hangzhou(trainees=3)
    actor = Actor(user=None, source=Source.CLI)

    def session():
        return workbook(
            activities=[
                activity_row(
                    "第一期",
                    "集中培训",
                    "开班讲座",
                    "2026-04-10",
                    topic="人文社会科学思想拓展",
                    hours=4,
                )
            ],
            attendance=[
                ["开班讲座", "2026-04-10", "学员0", "", "出勤", ""],
                ["开班讲座", "2026-04-10", "学员1", "", "请假", ""],
            ],
            deliverables=[
                ["交流报告", "交流报告一", "", "学员2", "", "2026-09-03", "", "一次交流的报告。"]
            ],
        )

    by_services = _written_by(write_through_services, hz.programme, [session], actor)
    assert _written_by(apply_plan, hz.programme, [session], actor) == by_services


def test_the_write_takes_a_fixed_number_of_statements_however_many_rows():
    hn = hainan(studios=2, members=3)
    a = hn.studios[0]
    people = [a.host, *hn.members[a.pk]]

    def statements(days: int) -> int:
        rows = [
            activity_row(a.name, "专题研讨", f"研讨{day}", dt.date(2026, 3, day))
            for day in range(1, days + 1)
        ]
        marks = [
            [f"研讨{day}", dt.date(2026, 3, day), p.name, "", "出勤", ""]
            for day in range(1, days + 1)
            for p in people
        ]
        result = plan(workbook(activities=rows, attendance=marks), hn.programme)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            apply_plan(result, actor=Actor.system(), skip_invalid=False)
            transaction.set_rollback(True)
        return len(queries)

    assert statements(3) == statements(12)
