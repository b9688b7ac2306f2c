import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.sheets import workbook_bytes
from touyan.accounts.scopes import UNLIMITED, scope_of
from touyan.audit.models import AuditEntry
from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.core.identity import make_id_number
from touyan.core.personal_data import OUTSIDE_SCOPE
from touyan.core.spreadsheets import SpreadsheetRefused
from touyan.people.models import Principal, School
from touyan.people.roster.exporting import write_roster
from touyan.people.roster.importer import RosterRejected, apply_plan, plan_import
from touyan.people.roster.reading import RosterFileError

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-2.1")]

ZHANG = make_id_number("330106", dt.date(1972, 3, 8), 11)
LI = make_id_number("330106", dt.date(1978, 5, 20), 22)
WANG = make_id_number("330108", dt.date(1975, 1, 2), 31)


def good_rows():
    return [
        [
            "张 三",
            "男",
            ZHANG,
            "13800001111",
            "杭州学军中学",
            "高中",
            "校长",
            "正高级",
            "2019年9月",
            "西湖区",
        ],
        [
            "李四",
            "女",
            LI,
            "１３９００００２２２２",
            "杭州市文三街小学",
            "小学",
            "党组织书记",
            "高级",
            "2016.09",
            "杭州市西湖区",
        ],
        [
            "王五",
            "男",
            WANG,
            "",
            "杭州第二中学",
            "完全中学",
            "书记兼校长",
            "高级",
            dt.datetime(2012, 8, 1),
            "滨江区",
        ],
    ]


def bad_rows():
    return [
        [
            "赵六",
            "男",
            "330106197801011234",
            "",
            "某小学",
            "小学",
            "校长",
            "高级",
            "2019.09",
            "西湖区",
        ],  # checksum
        [
            "钱七",
            "男",
            make_id_number("330106", dt.date(1970, 1, 1), 41),
            "",
            "某小学",
            "小学",
            "校长",
            "高级",
            "2019.13",
            "西湖区",
        ],
        [
            "孙八",
            "男",
            make_id_number("330106", dt.date(1970, 1, 1), 51),
            "",
            "某小学",
            "小学",
            "校长",
            "高级",
            "2019.09",
            "火星区",
        ],
    ]


def test_dry_run_reports_every_row_and_writes_nothing():
    plan = plan_import(workbook_bytes(good_rows() + bad_rows()), scope=UNLIMITED)
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0, "rejected": 3}
    rejected = {o.row: " ".join(o.messages) for o in plan.rejected}
    assert "校验位错误" in rejected[6]
    assert "月份 13 无效" in rejected[7]
    assert "未知的市县“火星区”" in rejected[8]
    assert Principal.objects.count() == School.objects.count() == AuditEntry.objects.count() == 0


def test_values_are_normalised_on_the_way_in():
    apply_plan(
        plan_import(workbook_bytes(good_rows()), scope=UNLIMITED),
        actor=Actor.system(),
        skip_invalid=False,
    )
    zhang = Principal.objects.get(name="张三")
    assert zhang.school.name == "杭州学军中学"
    assert zhang.school.region_id == "330106"
    assert zhang.appointed_on == dt.date(2019, 9, 1)
    assert zhang.title == "professor"
    li = Principal.objects.get(name="李四")
    assert li.mobile == "13900002222"
    assert li.position == "secretary"
    wang = Principal.objects.get(name="王五")
    assert wang.position == "secretary_principal"
    assert wang.school.kind == "complete"


def test_all_or_nothing_refuses_a_file_with_bad_rows():
    plan = plan_import(workbook_bytes(good_rows() + bad_rows()), scope=UNLIMITED)
    with pytest.raises(RosterRejected, match="有3行未通过校验"):
        apply_plan(plan, actor=Actor.system(), skip_invalid=False)
    assert Principal.objects.count() == 0


def test_skipping_invalid_rows_imports_the_rest_with_an_audit_entry_each():
    plan = plan_import(workbook_bytes(good_rows() + bad_rows()), scope=UNLIMITED)
    result = apply_plan(plan, actor=Actor.system(), skip_invalid=True)
    assert result == {
        "principals_created": 3,
        "principals_updated": 0,
        "schools_created": 3,
        "schools_updated": 0,
        "rows_rejected": 3,
    }
    assert AuditEntry.objects.filter(verb="create", target_type__model="principal").count() == 3
    assert AuditEntry.objects.filter(verb="create", target_type__model="school").count() == 3
    for entry in AuditEntry.objects.filter(target_type__model="principal"):
        old, new = entry.changes["id_number"]
        assert old is None and "**********" in new
        assert entry.changes["school"][1] in {"杭州学军中学", "杭州市文三街小学", "杭州第二中学"}


def test_the_same_file_twice_changes_nothing():
    source = workbook_bytes(good_rows())
    apply_plan(plan_import(source, scope=UNLIMITED), actor=Actor.system(), skip_invalid=False)
    entries = AuditEntry.objects.count()
    source.seek(0)
    again = plan_import(source, scope=UNLIMITED)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3, "rejected": 0}
    assert not again.has_changes
    apply_plan(again, actor=Actor.system(), skip_invalid=False)
    assert AuditEntry.objects.count() == entries
    assert Principal.objects.count() == 3


def test_a_changed_row_is_an_update_naming_the_fields():
    apply_plan(
        plan_import(workbook_bytes(good_rows()), scope=UNLIMITED),
        actor=Actor.system(),
        skip_invalid=False,
    )
    rows = good_rows()
    rows[0][7] = "高级"  # title
    rows[0][4] = "杭州市保俶塔实验学校"  # moved school
    rows[0][5] = "九年一贯制"
    plan = plan_import(workbook_bytes(rows), scope=UNLIMITED)
    assert plan.counts["update"] == 1
    update = next(o for o in plan.outcomes if o.status == "update")
    assert "职称" in update.messages[0] and "学校" in update.messages[0]
    apply_plan(plan, actor=Actor.system(), skip_invalid=False)
    zhang = Principal.objects.get(name="张三")
    assert zhang.title == "senior"
    assert zhang.school.name == "杭州市保俶塔实验学校"
    assert AuditEntry.objects.filter(verb="update", target_id=str(zhang.pk)).exists()


def test_duplicates_and_conflicts_inside_one_file_are_rejected():
    rows = good_rows()
    rows.append(
        ["张三", "男", ZHANG, "", "杭州学军中学", "高中", "校长", "正高级", "2019年9月", "西湖区"]
    )
    rows.append(
        [
            "周九",
            "男",
            make_id_number("330106", dt.date(1970, 1, 1), 61),
            "",
            "杭州学军中学",
            "初中",
            "副校长",
            "高级",
            "",
            "西湖区",
        ]
    )
    plan = plan_import(workbook_bytes(rows), scope=UNLIMITED)
    messages = {o.row: " ".join(o.messages) for o in plan.rejected}
    assert messages == {
        6: "身份证号与第3行重复",
        7: "学校“杭州学军中学”的学段与第3行不一致",
    }


def test_gender_must_agree_with_the_id_number():
    rows = [
        ["张三", "女", ZHANG, "", "杭州学军中学", "高中", "校长", "正高级", "2019年9月", "西湖区"]
    ]
    plan = plan_import(workbook_bytes(rows), scope=UNLIMITED)
    assert plan.rejected[0].messages == ["性别：与身份证号不符"]


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_officer_imports_only_inside_their_district(cast):
    plan = plan_import(workbook_bytes(good_rows()), scope=scope_of(cast.xihu))
    assert plan.counts["create"] == 2
    (outside,) = plan.rejected
    assert outside.name == "王五"
    assert outside.messages == [
        "所在区县：“滨江区”不在您的管辖范围内"
    ]  # the column as the file names it


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_cannot_take_over_a_principal_registered_elsewhere(cast):
    rows = [
        [
            "滨江校长",
            "男",
            cast.binjiang_principal.id_number,
            "",
            "杭州学军中学",
            "高中",
            "校长",
            "高级",
            "",
            "西湖区",
        ]
    ]
    rows[0][1] = "男" if cast.binjiang_principal.gender == "M" else "女"
    plan = plan_import(workbook_bytes(rows), scope=scope_of(cast.xihu))
    (refused,) = plan.rejected
    # Nothing about the person as registered: not their school, not where they are.
    assert refused.messages == [str(OUTSIDE_SCOPE)]
    assert cast.binjiang_school.name not in str(plan.report())


def test_headers_may_be_spelled_differently_and_sit_below_a_title():
    headers = [
        "姓名*",
        "性别",
        "公民身份号码",
        "联系电话",
        "工作单位",
        "学校类型",
        "现任职务",
        "专业技术职务",
        "任职时间",
        "所在市县",
    ]
    rows = [r[:] for r in good_rows()]
    plan = plan_import(
        workbook_bytes([r for r in rows], headers=["序号", *headers]), scope=UNLIMITED
    )
    assert plan.counts["create"] == 3


def test_a_sheet_missing_required_columns_is_refused_as_a_whole():
    with pytest.raises(RosterFileError, match="缺少必填列：学校、学段、职务、所在市县"):
        plan_import(
            workbook_bytes([["张三", ZHANG]], headers=["姓名", "身份证号"]), scope=UNLIMITED
        )


def test_a_file_that_is_not_xlsx_is_refused():
    with pytest.raises(SpreadsheetRefused, match=".xlsx"):
        plan_import(io.BytesIO(b"name,id\n"), scope=UNLIMITED)


def test_export_round_trips_through_import(cast):
    apply_plan(
        plan_import(workbook_bytes(good_rows()), scope=UNLIMITED),
        actor=Actor.system(),
        skip_invalid=False,
    )
    stream = io.BytesIO()
    disclosure = personal_data.for_export(viewer=None, full=True)
    count = write_roster(Principal.objects.all(), disclosure=disclosure, stream=stream)
    assert count == Principal.objects.count() == 5
    stream.seek(0)
    sheet = load_workbook(stream, read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("姓名", "性别", "身份证号")
    assert {row[2] for row in rows} >= {ZHANG, LI, WANG}
    stream.seek(0)
    assert plan_import(stream, scope=UNLIMITED).counts == {
        "create": 0,
        "update": 0,
        "unchanged": 5,
        "rejected": 0,
    }


def test_export_masks_numbers_the_user_may_not_see(cast):
    stream = io.BytesIO()
    disclosure = personal_data.for_export(viewer=cast.binjiang, full=True)
    write_roster(Principal.objects.all(), disclosure=disclosure, stream=stream)
    stream.seek(0)
    rows = list(load_workbook(stream, read_only=True).active.iter_rows(values_only=True))[1:]
    assert all("**********" in row[2] for row in rows)


def test_command_line_dry_run_and_commit(tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(good_rows() + bad_rows()).getvalue())
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_roster", str(path))
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "第6行\t未通过" in out and "这是预检" in out
    assert Principal.objects.count() == 0

    with pytest.raises(SystemExit):
        call_command("import_roster", str(path), "--commit")
    assert Principal.objects.count() == 0

    with pytest.raises(SystemExit) as exit_info:
        call_command("import_roster", str(path), "--commit", "--skip-invalid")
    assert exit_info.value.code == 1
    assert Principal.objects.count() == 3
    assert AuditEntry.objects.filter(source="cli").count() == 6


def test_command_line_clean_file_exits_zero(tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(good_rows()).getvalue())
    call_command("import_roster", str(path), "--commit")
    assert "已导入：新增校长 3" in capsys.readouterr().out
    out_path = tmp_path / "export.xlsx"
    call_command("export_roster", "--output", str(out_path), "--region", "330106")
    rows = list(load_workbook(out_path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 2


@pytest.mark.parametrize(
    ("written", "title"),
    [("中小学高级教师", "senior"), ("中小学正高级教师", "professor"), ("小学高级教师", "first")],
)
def test_older_official_title_names_are_understood(written, title):
    rows = [
        ["张三", "男", ZHANG, "", "杭州学军中学", "高中", "校长", written, "2019年9月", "西湖区"]
    ]
    apply_plan(
        plan_import(workbook_bytes(rows), scope=UNLIMITED), actor=Actor.system(), skip_invalid=False
    )
    assert Principal.objects.get().title == title


def test_rejected_rows_show_the_masked_id_number_as_written():
    plan = plan_import(workbook_bytes(bad_rows()), scope=UNLIMITED)
    assert plan.rejected[0].id_masked == "3301**********1234"
