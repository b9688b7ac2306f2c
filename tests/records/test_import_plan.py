"""The record import's dry run and write, on small real programmes: workbooks filled the way a
training centre's clerk or a studio host fills them."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.core.spreadsheets import SpreadsheetRefused
from touyan.programmes import services as programmes
from touyan.records import services as records
from touyan.records.importing.planning import plan_import
from touyan.records.importing.reading import RecordFileError
from touyan.records.importing.writing import RecordsRejected, apply_plan
from touyan.records.models import Activity, Attendance, Deliverable
from touyan.records.text import char_count

from ..factories import PrincipalFactory, SchoolFactory, UserFactory
from ..programmes import SYSTEM, hainan, hangzhou

pytestmark = pytest.mark.django_db

D = dt.date
ACTIVITY_HEADERS = [
    "组织方",
    "活动类型",
    "活动名称",
    "日期",
    "开始时间",
    "结束时间",
    "地点",
    "活动所在学校",
    "级别",
    "课程专题",
    "学时",
    "活动内容",
]
ATTENDANCE_HEADERS = ["活动名称", "日期", "姓名", "学校", "出勤情况", "作报告"]
DELIVERABLE_HEADERS = [
    "成果类型",
    "标题",
    "工作室",
    "作者姓名",
    "作者学校",
    "提交日期",
    "字数",
    "正文",
]


def workbook(*, activities=None, attendance=None, deliverables=None, headers=None, title=None):
    """An .xlsx with the sheets given (each a list of rows), under the usual headers; ``title``
    puts a title row above the headers, as many real files have."""
    headers = headers or {}
    book = Workbook()
    book.remove(book.active)
    for name, rows, default in (
        ("活动", activities, ACTIVITY_HEADERS),
        ("考勤", attendance, ATTENDANCE_HEADERS),
        ("成果", deliverables, DELIVERABLE_HEADERS),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        if title:
            sheet.append([title])
        sheet.append(headers.get(name, default))
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "records.xlsx"
    return stream


def activity_row(organiser, kind, title, day, **more):
    """A row under ACTIVITY_HEADERS."""
    return [
        organiser,
        kind,
        title,
        day,
        more.get("start"),
        more.get("end"),
        more.get("place"),
        more.get("school"),
        more.get("level"),
        more.get("topic"),
        more.get("hours"),
        more.get("content"),
    ]


def plan(source, programme, *, user=None):
    return plan_import(source, programme=programme, user=user)


def by_row(result):
    return {(o.sheet, o.row): o for o in result.outcomes}


def messages(result, sheet, row):
    return " ".join(by_row(result)[(sheet, row)].messages)


@pytest.fixture
def hn():
    return hainan(studios=2, members=3)


def hainan_file(hn):
    a, b = hn.studios
    member = hn.members[a.pk][0]
    return workbook(
        activities=[
            activity_row(
                a.name,
                "专题研讨",
                "“双减”背景下的课堂变革",
                "2026/3/5",
                start="9:00",
                end="11:30",
                place="学术报告厅",
                level="市级",
            ),
            activity_row(
                "主持人1工作室",
                "seminar",
                "三月专题研讨",
                "2026年3月12日",
                content="研讨学校发展规划",
            ),
            activity_row(
                f"{a.name}、{b.name}",
                "工作室联合活动",
                "两室联合教研",
                dt.datetime(2026, 4, 2),
                school=b.host.school.name,
            ),
        ],
        attendance=[
            ["“双减”背景下的课堂变革", "2026-03-05", a.host.name, "", "出勤", "是"],
            ["“双减”背景下的课堂变革", "2026-03-05", member.name, "", "√", "否"],
            ["“双减”背景下的课堂变革", "2026-03-05", hn.members[a.pk][1].name, "", "假", ""],
            ["两室联合教研", "2026-04-02", b.host.name, "", "到", ""],
        ],
        deliverables=[
            [
                "个性化成长方案",
                "我的三年成长方案",
                a.name,
                member.name,
                "",
                "2026-03-20",
                "",
                "第一年，读书与反思。第二年，实践。",
            ],
            ["工作室三年活动计划", "工作室三年计划", b.name, "", "", "2026/2/28", "12,000", ""],
        ],
    )


def test_the_dry_run_reports_every_row_and_writes_nothing(hn):
    before = AuditEntry.objects.count()
    result = plan(hainan_file(hn), hn.programme)
    assert result.counts == {"create": 9, "update": 0, "unchanged": 0, "rejected": 0}
    assert result.counts_by_sheet == {
        "activities": {"create": 3, "update": 0, "unchanged": 0, "rejected": 0},
        "attendance": {"create": 4, "update": 0, "unchanged": 0, "rejected": 0},
        "deliverables": {"create": 2, "update": 0, "unchanged": 0, "rejected": 0},
    }
    assert result.has_changes
    assert Activity.objects.count() == Deliverable.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.clause("HN-4.1.5")
def test_applying_writes_activities_organisers_attendance_and_deliverables(hn):
    a, b = hn.studios
    result = apply_plan(
        plan(hainan_file(hn), hn.programme), actor=Actor.system(), skip_invalid=False
    )
    assert result == {
        "activities_created": 3,
        "activities_updated": 0,
        "attendance_created": 4,
        "attendance_updated": 0,
        "deliverables_created": 2,
        "deliverables_updated": 0,
        "rows_rejected": 0,
    }
    first = Activity.objects.get(title="“双减”背景下的课堂变革")
    assert (first.activity_type, first.date, first.start_time, first.end_time) == (
        "seminar",
        D(2026, 3, 5),
        dt.time(9),
        dt.time(11, 30),
    )
    assert (first.place, first.level) == ("学术报告厅", "city")
    assert Activity.objects.get(title="三月专题研讨").description == "研讨学校发展规划"
    joint = Activity.objects.get(title="两室联合教研")
    assert {o.studio_id for o in joint.organisers.all()} == {a.pk, b.pk}
    assert joint.place_school == b.host.school
    marks = {
        (m.principal.name, m.status, m.presented) for m in Attendance.objects.filter(activity=first)
    }
    assert marks == {
        ("主持人0", "present", True),
        ("成员0-0", "present", False),
        ("成员0-1", "leave", False),
    }
    plan_ = Deliverable.objects.get(kind="growth_plan")
    assert (plan_.studio, plan_.principal.name) == (a, "成员0-0")
    assert plan_.char_count == char_count("第一年，读书与反思。第二年，实践。")
    studio_plan = Deliverable.objects.get(kind="three_year_plan")
    assert (studio_plan.studio, studio_plan.principal, studio_plan.char_count) == (b, None, 12000)
    assert studio_plan.body == ""


def test_each_write_leaves_its_audit_entry(hn):
    before = AuditEntry.objects.count()
    apply_plan(plan(hainan_file(hn), hn.programme), actor=Actor.system(), skip_invalid=False)
    entries = AuditEntry.objects.order_by("pk")[before:]
    # three activities, the attendance of two of them, two deliverables
    assert [(e.verb, e.note) for e in entries].count(("create", "")) == 5
    assert [e.note for e in entries].count("考勤") == 2
    joint = next(e for e in entries if e.target_label == "两室联合教研")
    assert joint.changes["organisers"][1] == "、".join(s.name for s in hn.studios)
    assert joint.scope_code == hn.programme.jurisdiction_id  # joint: filed under the province


def test_importing_the_same_file_twice_writes_nothing_the_second_time(hn):
    apply_plan(plan(hainan_file(hn), hn.programme), actor=Actor.system(), skip_invalid=False)
    before = AuditEntry.objects.count()
    again = plan(hainan_file(hn), hn.programme)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 9, "rejected": 0}
    assert not again.has_changes
    result = apply_plan(again, actor=Actor.system(), skip_invalid=False)
    assert set(result.values()) == {0}
    assert AuditEntry.objects.count() == before
    assert Activity.objects.count() == 3 and Attendance.objects.count() == 4


def test_a_changed_field_or_mark_is_an_update(hn):
    a = hn.studios[0]
    apply_plan(plan(hainan_file(hn), hn.programme), actor=Actor.system(), skip_invalid=False)
    changed = workbook(
        activities=[
            activity_row(
                a.name,
                "专题研讨",
                "“双减”背景下的课堂变革",
                "2026-03-05",
                start="9:00",
                end="11:30",
                place="图书馆",
                level="市级",
            ),
        ],
        attendance=[
            ["“双减”背景下的课堂变革", "2026-03-05", hn.members[a.pk][1].name, "", "缺勤", ""]
        ],
    )
    result = plan(changed, hn.programme)
    outcomes = by_row(result)
    assert outcomes[("activities", 2)].status == "update"
    assert outcomes[("activities", 2)].messages == ["将更新：地点"]
    assert outcomes[("attendance", 2)].status == "update"
    written = apply_plan(result, actor=Actor.system(), skip_invalid=False)
    assert (written["activities_updated"], written["attendance_updated"]) == (1, 1)
    activity = Activity.objects.get(title="“双减”背景下的课堂变革")
    assert activity.place == "图书馆"
    assert activity.description == ""  # a column the sheet has, left blank, is blank
    assert (
        Attendance.objects.get(activity=activity, principal=hn.members[a.pk][1]).status == "absent"
    )
    entry = AuditEntry.objects.filter(target_label=activity.title, verb="update", note="").get()
    assert entry.changes == {"place": ["学术报告厅", "图书馆"]}


def test_a_column_the_sheet_does_not_have_keeps_what_is_recorded(hn):
    a = hn.studios[0]
    apply_plan(plan(hainan_file(hn), hn.programme), actor=Actor.system(), skip_invalid=False)
    fewer = workbook(
        activities=[[a.name, "专题研讨", "“双减”背景下的课堂变革", "2026-03-05"]],
        headers={"活动": ["工作室", "类型", "活动主题", "活动日期"]},
    )
    result = plan(fewer, hn.programme)
    assert result.counts["unchanged"] == 1


def test_an_unknown_activity_type_names_the_ones_the_policy_has(hn):
    source = workbook(
        activities=[activity_row(hn.studios[0].name, "专题研讨会", "研讨", "2026-03-05")]
    )
    result = plan(source, hn.programme)
    text = messages(result, "activities", 2)
    assert text.startswith("活动类型“专题研讨会”不在本项目政策中（可用：专题研讨、集中研修、")


def test_cells_are_read_the_way_people_write_them(hn):
    a = hn.studios[0]
    source = workbook(
        activities=[
            activity_row(
                f" {a.host.name}工作室 ",
                "ＳＥＭＩＮＡＲ".lower(),
                "研讨一",
                "２０２６-０３-０５",
                start="下午2:30",
                end="16点",
                level="区级",
            ),
            activity_row(
                a.name, "专题研讨", "研讨二", 46090, start=dt.time(8, 30)
            ),  # an Excel date
        ],
    )
    result = plan(source, hn.programme)
    assert result.counts["create"] == 2, [o.messages for o in result.rejected]
    first, second = result.activities
    assert first.fields["date"] == D(2026, 3, 5)
    assert (first.fields["start_time"], first.fields["end_time"]) == (dt.time(14, 30), dt.time(16))
    assert first.fields["level"] == "district"
    assert second.fields["date"] == D(2026, 3, 9)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026年3月", "没有写到哪一天"),
        ("2026.03", "没有写到哪一天"),
        ("2026-13-01", "月份 13 无效"),
        ("2099-01-01", "在 5 年以后，请核对"),
        ("下周二", "无法识别日期"),
        (None, "日期：不能为空"),
    ],
)
def test_dates_that_cannot_be_taken_are_refused_with_the_reason(hn, value, reason):
    source = workbook(activities=[activity_row(hn.studios[0].name, "专题研讨", "研讨", value)])
    result = plan(source, hn.programme)
    assert reason in messages(result, "activities", 2)


def test_an_organiser_that_is_not_in_the_programme_is_refused(hn):
    source = workbook(activities=[activity_row("某某工作室", "专题研讨", "研讨", "2026-03-05")])
    text = messages(plan(source, hn.programme), "activities", 2)
    assert "组织方：“某某工作室”不是本项目的工作室或培训班（可填：" in text


def test_a_host_may_record_only_for_their_own_studio(hn):
    a, b = hn.studios
    host = UserFactory(username="host-a")
    a.host.user = host
    a.host.save()
    source = workbook(
        activities=[
            activity_row(a.name, "专题研讨", "本室研讨", "2026-03-05"),
            activity_row(b.name, "专题研讨", "别室研讨", "2026-03-05"),
            activity_row(f"{a.name}、{b.name}", "工作室联合活动", "联合", "2026-03-06"),
        ]
    )
    result = plan(source, hn.programme, user=host)
    assert by_row(result)[("activities", 2)].status == "create"
    assert messages(result, "activities", 3) == f"您无权为“{b.name}”记录活动"
    assert messages(result, "activities", 4) == f"您无权为“{b.name}”记录活动"


def test_the_same_name_twice_in_a_studio_needs_the_school(hn):
    a = hn.studios[0]
    twin_school = SchoolFactory(name="海南另一中学", region_id="460106")
    twin = PrincipalFactory(name="成员0-0", school=twin_school)
    programmes.add_member(actor=SYSTEM, studio=a, principal=twin, joined_on=D(2025, 9, 1))
    source = workbook(
        activities=[activity_row(a.name, "专题研讨", "研讨", "2026-03-05")],
        attendance=[
            ["研讨", "2026-03-05", "成员0-0", "", "出勤", ""],
            ["研讨", "2026-03-05", "成员0-0", "海南另一中学", "出勤", ""],
            ["研讨", "2026-03-05", "成员0-0", hn.members[a.pk][0].school.name, "请假", ""],
        ],
    )
    result = plan(source, hn.programme)
    assert messages(result, "attendance", 2) == (
        f"这次活动的应到人员中有 2 位“成员0-0”（{hn.members[a.pk][0].school.name}、海南另一中学），"
        "请填写学校以区分"
    )
    assert by_row(result)[("attendance", 3)].status == "create"
    assert by_row(result)[("attendance", 4)].status == "create"


def test_attendance_for_someone_not_expected_is_refused(hn):
    a, b = hn.studios
    source = workbook(
        activities=[activity_row(a.name, "专题研讨", "研讨", "2026-03-05")],
        attendance=[
            ["研讨", "2026-03-05", b.host.name, "", "出勤", ""],
            ["研讨", "2026-03-05", a.host.name, "", "迟到", ""],
            ["研讨", "2026-03-05", a.host.name, "", "出勤", ""],
            ["研讨", "2026-03-05", a.host.name, "", "出勤", ""],
            ["没有这个活动", "2026-03-05", a.host.name, "", "出勤", ""],
        ],
    )
    result = plan(source, hn.programme)
    assert messages(result, "attendance", 2) == f"“{b.host.name}”不是这次活动的应到人员"
    assert "出勤情况：“迟到”无法识别" in messages(result, "attendance", 3)
    assert by_row(result)[("attendance", 4)].status == "create"
    assert messages(result, "attendance", 5) == f"“{a.host.name}”的考勤已在考勤表第 4 行记录"
    assert "找不到2026-03-05的活动“没有这个活动”" in messages(result, "attendance", 6)


def test_attendance_of_a_refused_activity_is_refused_with_it(hn):
    source = workbook(
        activities=[activity_row(hn.studios[0].name, "专题研讨会", "研讨", "2026-03-05")],
        attendance=[["研讨", "2026-03-05", "主持人0", "", "出勤", ""]],
    )
    result = plan(source, hn.programme)
    assert messages(result, "attendance", 2) == "所属活动（活动表第 2 行）未通过校验"


def test_attendance_may_be_added_to_an_activity_already_recorded(hn):
    a = hn.studios[0]
    records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[a],
        activity_type="seminar",
        title="十月研讨",
        date=D(2026, 10, 9),
    )
    source = workbook(attendance=[["十月研讨", dt.datetime(2026, 10, 9), "成员0-2", "", "缺", ""]])
    result = plan(source, hn.programme)
    assert result.counts == {"create": 1, "update": 0, "unchanged": 0, "rejected": 0}
    apply_plan(result, actor=Actor.system(), skip_invalid=False)
    assert Attendance.objects.get().status == "absent"


def test_attendance_of_an_activity_held_for_some_is_taken_for_them_only(hn):
    """An activity held for part of its studio (``records.Audience``, as a mentor team's
    session is) takes marks for those it was held for; anyone else is not expected at it."""
    a = hn.studios[0]
    records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[a],
        activity_type="seminar",
        title="小组研讨",
        date=D(2026, 10, 9),
        audience=[a.host_id],
    )
    day = dt.datetime(2026, 10, 9)
    source = workbook(
        attendance=[
            ["小组研讨", day, a.host.name, "", "出勤", ""],
            ["小组研讨", day, "成员0-2", "", "缺", ""],
        ]
    )
    result = plan(source, hn.programme)
    assert by_row(result)[("attendance", 2)].status == "create"
    assert messages(result, "attendance", 3) == "不是本次活动应到人员：成员0-2"


def test_two_activities_of_the_same_name_and_day_need_the_organiser(hn):
    a, b = hn.studios
    source = workbook(
        activities=[
            activity_row(a.name, "专题研讨", "月度研讨", "2026-03-05"),
            activity_row(b.name, "专题研讨", "月度研讨", "2026-03-05"),
        ],
        attendance=[
            ["月度研讨", "2026-03-05", a.host.name, "", "出勤", "", "", ""],
            ["月度研讨", "2026-03-05", b.host.name, "", "出勤", "", "", b.name],
        ],
        headers={"考勤": [*ATTENDANCE_HEADERS, "备注", "组织方"]},
    )
    result = plan(source, hn.programme)
    assert "活动表中有 2 个2026-03-05的“月度研讨”（第 2、3 行），请填写组织方以区分" in messages(
        result, "attendance", 2
    )
    assert by_row(result)[("attendance", 3)].status == "create"


def test_the_same_activity_twice_in_a_file_is_refused_the_second_time(hn):
    row = activity_row(hn.studios[0].name, "专题研讨", "研讨", "2026-03-05")
    result = plan(workbook(activities=[row, row]), hn.programme)
    assert (
        messages(result, "activities", 3) == "与第 2 行是同一活动（组织方、类型、名称、日期都相同）"
    )


def test_attendance_written_on_the_activity_row(hn):
    a = hn.studios[0]
    headers = [
        "组织方",
        "活动类型",
        "活动名称",
        "日期",
        "出勤人员",
        "请假人员",
        "缺勤人员",
        "作报告人员",
    ]
    source = workbook(
        activities=[
            [
                a.name,
                "专题研讨",
                "研讨",
                "2026-03-05",
                "主持人0、成员0-0",
                "成员0-1",
                f"成员0-2（{hn.members[a.pk][2].school.name}）",
                "主持人0",
            ]
        ],
        headers={"活动": headers},
    )
    result = plan(source, hn.programme)
    assert by_row(result)[("activities", 2)].messages == ["考勤：新增 4 人"]
    apply_plan(result, actor=Actor.system(), skip_invalid=False)
    marks = {(m.principal.name, m.status, m.presented) for m in Attendance.objects.all()}
    assert marks == {
        ("主持人0", "present", True),
        ("成员0-0", "present", False),
        ("成员0-1", "leave", False),
        ("成员0-2", "absent", False),
    }
    assert plan(source, hn.programme).counts["unchanged"] == 1


def test_a_school_shared_by_two_counties_is_told_apart_by_its_county(hn):
    SchoolFactory(name="海南实验中学", region_id="460106")
    SchoolFactory(name="海南实验中学", region_id="460203")
    SchoolFactory(name="杭州学军中学", region_id="330106")
    a = hn.studios[0]
    source = workbook(
        activities=[
            activity_row(a.name, "入校诊断", "诊断一", "2026-03-05", school="海南实验中学"),
            activity_row(a.name, "入校诊断", "诊断二", "2026-03-06", school="龙华区海南实验中学"),
            activity_row(
                a.name, "入校诊断", "诊断三", "2026-03-07", school="海南实验中学（吉阳区）"
            ),
            activity_row(a.name, "入校诊断", "诊断四", "2026-03-08", school="杭州学军中学"),
        ]
    )
    result = plan(source, hn.programme)
    assert messages(result, "activities", 2) == (
        "活动所在学校：本项目范围内有 2 所“海南实验中学”（龙华区、吉阳区），请写成“龙华区海南实验中学”"
    )
    schools = {p.row: p.fields["place_school"].region_id for p in result.activities}
    assert schools == {3: "460106", 4: "460203"}
    assert "学校名册中没有“杭州学军中学”" in messages(result, "activities", 5)


def test_all_or_nothing_refuses_and_skipping_writes_the_rest(hn):
    a = hn.studios[0]
    source = workbook(
        activities=[
            activity_row(a.name, "专题研讨", "好的一行", "2026-03-05"),
            activity_row(a.name, "专题研讨会", "坏的一行", "2026-03-06"),
        ]
    )
    result = plan(source, hn.programme)
    with pytest.raises(RecordsRejected, match="有 1 行未通过校验"):
        apply_plan(result, actor=Actor.system(), skip_invalid=False)
    assert Activity.objects.count() == 0
    written = apply_plan(result, actor=Actor.system(), skip_invalid=True)
    assert (written["activities_created"], written["rows_rejected"]) == (1, 1)
    assert list(Activity.objects.values_list("title", flat=True)) == ["好的一行"]


def test_a_member_only_counts_while_in_the_studio(hn):
    a = hn.studios[0]
    late = PrincipalFactory(name="新成员", school=SchoolFactory(region_id="460106"))
    programmes.add_member(actor=SYSTEM, studio=a, principal=late, joined_on=D(2026, 4, 1))
    source = workbook(
        activities=[
            activity_row(a.name, "专题研讨", "三月研讨", "2026-03-05"),
            activity_row(a.name, "专题研讨", "四月研讨", "2026-04-05"),
        ],
        attendance=[
            ["三月研讨", "2026-03-05", "新成员", "", "出勤", ""],
            ["四月研讨", "2026-04-05", "新成员", "", "出勤", ""],
        ],
    )
    result = plan(source, hn.programme)
    assert messages(result, "attendance", 2) == "“新成员”不是这次活动的应到人员"
    assert by_row(result)[("attendance", 3)].status == "create"


@pytest.mark.clause("HZ-3.4.2")
def test_deliverables_count_chinese_characters_or_take_the_declared_length():
    hz = hangzhou(trainees=2)
    body = "本报告共分三部分：一、问题的提出；二、研究方法（2025年）；三、结论。"
    source = workbook(
        deliverables=[
            ["课题结题报告", "课题结题报告", "", "学员0", "", "2026-09-01", "", body],
            ["海内外研修报告", "新加坡研修报告", "", "学员1", "", "2026-09-02", "1.2万", ""],
            ["交流报告", "交流报告一", "", "学员1", "", "2026-09-03", "", ""],
            ["交流报告", "交流报告二", "", "学员9", "", "2026-09-03", "3000", ""],
            ["交流报告", "交流报告三", "", "", "", "2026-09-03", "3000", ""],
            ["读书笔记", "笔记", "", "学员1", "", "2026-09-03", "3000", ""],
        ]
    )
    result = plan(source, hz.programme)
    assert messages(result, "deliverables", 4) == "请填写字数或正文"
    assert messages(result, "deliverables", 5) == "“学员9”不是本项目的培养人选"
    assert messages(result, "deliverables", 6) == "须指明成果属于哪个工作室或哪位人员"
    assert messages(result, "deliverables", 7).startswith(
        "成果类型“读书笔记”不在本项目政策中（可用：个人发展规划、"
    )
    apply_plan(result, actor=Actor.system(), skip_invalid=True)
    report = Deliverable.objects.get(kind="research_report")
    assert report.principal.name == "学员0" and report.char_count == char_count(body)
    assert Deliverable.objects.get(kind="study_report").char_count == 12000


def test_a_member_deliverable_names_a_member_of_that_studio(hn):
    a, b = hn.studios
    source = workbook(
        deliverables=[["个性化成长方案", "方案", b.name, "成员0-0", "", "2026-03-20", "3000", ""]]
    )
    result = plan(source, hn.programme)
    assert messages(result, "deliverables", 2) == "“成员0-0”不是该工作室的主持人和成员"


def test_a_deliverable_already_recorded_is_unchanged_or_updated(hn):
    a = hn.studios[0]
    row = ["个性化成长方案", "方案", a.name, "成员0-0", "", "2026-03-20", "3000", ""]
    apply_plan(
        plan(workbook(deliverables=[row]), hn.programme), actor=Actor.system(), skip_invalid=False
    )
    assert plan(workbook(deliverables=[row]), hn.programme).counts["unchanged"] == 1
    longer = [*row[:6], "4500", ""]
    result = plan(workbook(deliverables=[longer]), hn.programme)
    assert by_row(result)[("deliverables", 2)].messages == ["将更新：字数"]
    apply_plan(result, actor=Actor.system(), skip_invalid=False)
    assert Deliverable.objects.get().char_count == 4500
    assert AuditEntry.objects.filter(verb="update", target_label="方案").get().changes == {
        "char_count": [3000, 4500]
    }


@pytest.mark.clause("HZ-3.2", "HZ-3.4.1")
def test_a_cohort_session_with_its_topic_hours_and_leave():
    hz = hangzhou(trainees=3)
    source = workbook(
        activities=[
            activity_row(
                "第1期",
                "集中培训",
                "人文讲座",
                "2026-04-10",
                topic="人文社会科学思想拓展",
                hours="4学时",
            ),
            activity_row("第一期", "course", "理论研习", "2026-04-11", topic="theory"),
            activity_row(
                "第一期", "集中培训", "理论研习二", "2026-04-12", topic="不存在的专题", hours=2
            ),
        ],
        attendance=[
            ["人文讲座", "2026-04-10", "学员0", "", "出勤", ""],
            ["人文讲座", "2026-04-10", "学员1", "", "请假", ""],
            ["人文讲座", "2026-04-10", "学员2", "", "×", ""],
        ],
    )
    result = plan(source, hz.programme)
    assert messages(result, "activities", 3) == "学时：课程专题的活动须填写学时"
    assert messages(result, "activities", 4).startswith(
        "课程专题“不存在的专题”不在本项目政策中（可用："
    )
    apply_plan(result, actor=Actor.system(), skip_invalid=True)
    session = Activity.objects.get()
    assert (session.topic, session.hours) == ("humanities", Decimal("4.0"))
    assert session.organisers.get().cohort == hz.cohort
    statuses = dict(Attendance.objects.values_list("principal__name", "status"))
    assert statuses == {"学员0": "present", "学员1": "leave", "学员2": "absent"}


def test_example_rows_and_a_title_row_above_the_headers_are_fine(hn):
    source = workbook(
        activities=[
            activity_row(hn.studios[0].name, "专题研讨", "【示例】第一次专题研讨", "2026-03-05"),
            activity_row(hn.studios[0].name, "专题研讨", "真的研讨", "2026-03-05"),
        ],
        title="2026年春季学期活动登记表",
    )
    result = plan(source, hn.programme)
    assert [(o.row, o.status) for o in result.outcomes] == [(4, "create")]


def test_files_that_cannot_be_read_are_refused_as_a_whole(hn):
    with pytest.raises(SpreadsheetRefused, match="请上传 Excel 2007 及以上版本的 .xlsx 文件"):
        plan(io.BytesIO(b"\xd0\xcf\x11\xe0 old excel"), hn.programme)
    book = Workbook()
    book.active.append(["序号", "备注"])
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(RecordFileError, match="没有找到“活动”“考勤”或“成果”工作表"):
        plan(stream, hn.programme)
    missing = workbook(activities=[], headers={"活动": ["活动类型", "活动名称", "日期"]})
    with pytest.raises(RecordFileError, match="工作表“活动”第1行缺少必填列：组织方"):
        plan(missing, hn.programme)


def broken(source: io.BytesIO, part: str) -> io.BytesIO:
    """The same workbook with one of its XML parts cut off half-way."""
    damaged = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(damaged, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, data[: len(data) // 2] if item.filename == part else data)
    damaged.seek(0)
    damaged.name = "records.xlsx"
    return damaged


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_damaged_workbook_is_refused_as_a_whole(hn, part):
    rows = [
        activity_row(hn.studios[0].name, "专题研讨", f"研讨{n}", "2026-03-05") for n in range(50)
    ]
    with pytest.raises(RecordFileError, match="无法读取该文件：文件已损坏"):
        plan(broken(workbook(activities=rows), part), hn.programme)


@pytest.mark.clause("HZ-3.4.1")
def test_a_timetable_of_sessions_still_to_come_is_imported():
    hz = hangzhou(trainees=2)
    source = workbook(
        activities=[
            activity_row("第一期", "集中培训", "已上的课", "2026-05-10"),
            activity_row("第一期", "集中培训", "下月的课", "2026-07-10"),
            activity_row("第一期", "集中培训", "明年的课", "2027-03-10"),
            activity_row("第一期", "集中培训", "太远的课", "2031-06-02"),
        ],
        attendance=[
            ["已上的课", "2026-05-10", "学员0", "", "出勤", ""],
            ["下月的课", "2026-07-10", "学员0", "", "请假", ""],
        ],
    )
    result = plan_import(source, programme=hz.programme, today=D(2026, 6, 1))
    statuses = {(o.sheet, o.row): o.status for o in result.outcomes}
    assert [statuses[("activities", row)] for row in (2, 3, 4, 5)] == [
        "create",
        "create",
        "create",
        "rejected",
    ]
    assert messages(result, "activities", 5) == "日期：日期“2031-06-02”在 5 年以后，请核对"
    assert statuses[("attendance", 2)] == "create"
    assert messages(result, "attendance", 3) == (
        "活动日期 2026-07-10 还没有到，不能记录考勤；活动举行后再导入考勤"
    )
    apply_plan(result, actor=Actor.system(), skip_invalid=True)
    assert sorted(Activity.objects.values_list("title", flat=True)) == [
        "下月的课",
        "已上的课",
        "明年的课",
    ]
    assert Attendance.objects.count() == 1


def test_marks_on_the_row_of_an_activity_still_to_come_are_refused(hn):
    a = hn.studios[0]
    headers = {"活动": ["组织方", "活动类型", "活动名称", "日期", "出勤人员"]}
    source = workbook(
        activities=[
            [a.name, "专题研讨", "下月研讨", "2026-07-10", a.host.name],
            [a.name, "专题研讨", "下月研讨（无考勤）", "2026-07-11", ""],
        ],
        headers=headers,
    )
    result = plan_import(source, programme=hn.programme, today=D(2026, 6, 1))
    assert messages(result, "activities", 2) == (
        "活动日期 2026-07-10 还没有到，不能记录考勤；活动举行后再导入考勤"
    )
    assert by_row(result)[("activities", 3)].status == "create"


def test_a_deliverable_is_not_handed_in_on_a_day_still_to_come(hn):
    row = ["工作室工作制度", "制度", hn.studios[0].name, "", "", "2026-07-01", "3000", ""]
    result = plan_import(workbook(deliverables=[row]), programme=hn.programme, today=D(2026, 6, 1))
    assert messages(result, "deliverables", 2) == "提交日期：日期“2026-07-01”晚于今天"


def test_a_declared_length_beyond_any_document_is_refused_and_nothing_overflows(hn):
    row = ["个性化成长方案", "方案", hn.studios[0].name, "成员0-0", "", "2026-03-20"]
    source = workbook(
        deliverables=[
            [*row, "99999999999999999999999", ""],
            [*row[:1], "方案二", *row[2:], 1e22, ""],
        ]
    )
    result = plan(source, hn.programme)
    assert messages(result, "deliverables", 2) == "字数：字数过大，不能超过 10,000,000"
    assert messages(result, "deliverables", 3) == "字数：字数过大，不能超过 10,000,000"
    apply_plan(result, actor=Actor.system(), skip_invalid=True)
    assert not Deliverable.objects.exists()


def _account(principal, username):
    user = UserFactory(username=username)
    principal.user = user
    principal.save(update_fields=["user"])
    return user


@pytest.mark.clause("HN-4.0")
def test_a_host_imports_the_studio_documents_but_no_member_plan(hn):
    a = hn.studios[0]
    member = hn.members[a.pk][0]
    own_plan = [
        "个性化成长方案",
        "成员的方案",
        a.name,
        member.name,
        "",
        "2026-03-20",
        "",
        "本人写的",
    ]
    records.submit_deliverable(
        actor=SYSTEM,
        programme=hn.programme,
        kind="growth_plan",
        title="成员的方案",
        submitted_on=D(2026, 3, 20),
        studio=a,
        principal=member,
        body="本人写的",
    )
    host = _account(a.host, "host-a")
    overwritten = [*own_plan[:7], "主持人改写的方案"]
    in_their_name = [*own_plan[:1], "代交的方案", *own_plan[2:]]
    as_author = ["工作室工作制度", "制度", a.name, a.host.name, "", "2026-03-20", "", "第一条"]
    studio_document = [*as_author[:3], "", *as_author[4:]]
    result = plan(
        workbook(deliverables=[overwritten, in_their_name, as_author, studio_document]),
        hn.programme,
        user=host,
    )
    refusal = (
        "作者姓名：主持人以工作室的名义登记成果，作者一栏请留空；"
        f"“{member.name}”本人的成果由本人提交，或由培训中心代交"
    )
    assert messages(result, "deliverables", 2) == refusal
    assert messages(result, "deliverables", 3) == refusal
    assert messages(result, "deliverables", 4) == (
        f"作者姓名：“{a.host.name}”是该工作室的主持人；工作室的成果请把作者一栏留空"
    )
    assert by_row(result)[("deliverables", 5)].status == "create"
    apply_plan(result, actor=Actor.system(), skip_invalid=True)
    assert Deliverable.objects.get(title="成员的方案").body == "本人写的"
    assert not Deliverable.objects.filter(title="代交的方案").exists()
    assert Deliverable.objects.get(title="制度").principal is None


def test_the_centre_imports_any_current_member_plan_but_not_one_of_a_former_member(hn, cast):
    a = hn.studios[0]
    stayed, left = hn.members[a.pk][:2]
    membership = a.members.get(principal=left)
    membership.left_on = D(2026, 1, 31)
    membership.save()
    row = ["个性化成长方案", "方案", a.name, stayed.name, "", "2026-03-20", "", "三年规划"]
    source = workbook(deliverables=[row, [*row[:3], left.name, *row[4:]]])
    result = plan(source, hn.programme, user=cast.hn_admin)
    assert by_row(result)[("deliverables", 2)].status == "create"
    assert messages(result, "deliverables", 3) == (
        f"“{left.name}”已于 2026-01-31 退出该工作室，不能再以其名义登记成果"
    )
