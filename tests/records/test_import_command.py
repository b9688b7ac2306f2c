"""``touyan import-records``: the dry run by default, --commit to write, exit 1 on refused rows."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from touyan.records.models import Activity

from ..factories import UserFactory
from ..programmes import hainan
from .test_import_plan import activity_row, broken, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def hn():
    return hainan(studios=2, members=2)


def _write(tmp_path, hn, *, bad: bool):
    a, b = hn.studios
    rows = [
        activity_row(a.name, "专题研讨", "三月研讨", "2026-03-05"),
        activity_row(b.name, "专题研讨", "乙室研讨", "2026-03-06"),
    ]
    if bad:
        rows.append(activity_row(a.name, "专题研讨会", "坏的一行", "2026-03-07"))
    path = tmp_path / "活动.xlsx"
    path.write_bytes(workbook(activities=rows).getvalue())
    return path


def run(*args):
    return call_command("import_records", *args)


def test_a_dry_run_reports_and_writes_nothing(tmp_path, hn, capsys):
    run(str(_write(tmp_path, hn, bad=False)), "--programme", hn.programme.slug, "--all-rows")
    out = capsys.readouterr().out
    assert "［活动］第 2 行：新增 三月研讨" in out
    assert "活动（工作表“活动”）：新增 2，更新 0，无变化 0，未通过 0。" in out
    assert "这是预检，没有写入任何数据" in out
    assert Activity.objects.count() == 0


def test_refused_rows_exit_with_1_and_name_the_reason(tmp_path, hn, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(str(_write(tmp_path, hn, bad=True)), "--programme", hn.programme.slug, "--commit")
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert "［活动］第 4 行：活动类型“专题研讨会”不在本项目政策中（可用：专题研讨、" in captured.out
    assert "没有写入任何数据" in captured.err
    assert Activity.objects.count() == 0


def test_skip_invalid_imports_the_rest_and_still_exits_with_1(tmp_path, hn, capsys):
    path = str(_write(tmp_path, hn, bad=True))
    with pytest.raises(SystemExit):
        run(path, "--programme", hn.programme.slug, "--commit", "--skip-invalid")
    assert "已导入：新增活动 2" in capsys.readouterr().out
    assert Activity.objects.count() == 2
    with pytest.raises(SystemExit):
        run(path, "--programme", hn.programme.slug, "--commit", "--skip-invalid")
    assert "无变化 2" in capsys.readouterr().out
    assert Activity.objects.count() == 2


def test_as_a_host_only_their_studio_rows_pass(tmp_path, hn, capsys):
    host = UserFactory(username="host-a")
    hn.studios[0].host.user = host
    hn.studios[0].host.save()
    with pytest.raises(SystemExit):
        run(
            str(_write(tmp_path, hn, bad=False)), "--programme", hn.programme.slug, "--as", "host-a"
        )
    assert f"您无权为“{hn.studios[1].name}”记录活动" in capsys.readouterr().out


def test_unknown_programme_user_or_file_and_users_without_the_right_are_refused(tmp_path, hn):
    path = str(_write(tmp_path, hn, bad=False))
    with pytest.raises(CommandError, match="没有标识为“nope”的项目"):
        run(path, "--programme", "nope")
    with pytest.raises(CommandError, match="没有用户“ghost”"):
        run(path, "--programme", hn.programme.slug, "--as", "ghost")
    UserFactory(username="outsider")
    with pytest.raises(CommandError, match="无权为项目"):
        run(path, "--programme", hn.programme.slug, "--as", "outsider")
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "missing.xlsx"), "--programme", hn.programme.slug)


def test_a_damaged_workbook_is_a_command_error_not_a_traceback(tmp_path, hn):
    rows = [
        activity_row(hn.studios[0].name, "专题研讨", f"研讨{n}", "2026-03-05") for n in range(50)
    ]
    path = tmp_path / "坏.xlsx"
    path.write_bytes(broken(workbook(activities=rows), "xl/worksheets/sheet1.xml").getvalue())
    with pytest.raises(CommandError, match="无法读取该文件：文件已损坏"):
        run(str(path), "--programme", hn.programme.slug)
    with pytest.raises(CommandError, match="无法打开文件"):
        run(str(tmp_path), "--programme", hn.programme.slug)
