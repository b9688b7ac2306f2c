"""`touyan compliance`: JSON to stdout, an .xlsx a spreadsheet program opens, snapshots that
keep the policy version they were given under."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from touyan.audit.models import AuditEntry
from touyan.compliance.models import Snapshot
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes.services import change_policy_version
from touyan.records import services as records

from ..programmes import SYSTEM, hainan

D = dt.date


@pytest.fixture
def programme(db):
    hn = hainan(studios=2)
    records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="九月专题研讨：新课标下的学校课程领导力",
        date=D(2025, 9, 18),
    )
    return hn


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("compliance", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.clause("HN-4.1.1")
def test_json_has_every_subject_rule_and_period(programme, capsys):
    out, _ = run("--programme", programme.programme.slug, "--as-of", "2025-10-08")
    data = json.loads(out)
    assert data["as_of"] == "2025-10-08"
    assert data["policy"] == {"slug": "hainan-studios", "version": 1}
    assert len(data["subjects"]) == 2
    seminar = data["subjects"][0]["cells"]["hn-monthly-seminar"]
    first = next(s for s in data["subjects"] if s["id"] == programme.studios[0].pk)
    september = first["cells"]["hn-monthly-seminar"]["verdicts"][0]
    assert september["state"] == "met"
    assert september["evidence"][0]["label"] == "九月专题研讨：新课标下的学校课程领导力"
    assert seminar["current"]["period"]["label"] == "2025年10月"
    # October has just begun: the open month is at risk but on track, and said so.
    assert seminar["state"] == "at_risk" and seminar["pace"] == "on_track"
    err = capsys.readouterr().err
    assert "次查询" in err and "（进度正常 " in err


def test_summary_leaves_out_the_periods(programme):
    out, _ = run("--programme", programme.programme.slug, "--as-of", "2025-10-08", "--summary")
    cell = json.loads(out)["subjects"][0]["cells"]["hn-monthly-seminar"]
    assert "verdicts" not in cell and cell["current"]["state"] in {"met", "at_risk"}


def test_xlsx_opens_with_the_grid_and_details(programme, tmp_path):
    path = tmp_path / "合规.xlsx"
    run(
        "--programme",
        programme.programme.slug,
        "--as-of",
        "2025-12-10",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["总览", "明细", "规则"]
    grid = workbook["总览"]
    assert "截至 2025-12-10" in grid["A1"].value
    headings = [c.value for c in grid[2]]
    assert headings[:3] == ["名称", "说明", "所在地区"] and any(
        "HN-4.1.1" in (h or "") for h in headings
    )
    names = {row[0].value for row in grid.iter_rows(min_row=3)}
    assert {s.name for s in programme.studios} <= names
    states = {c.value for row in grid.iter_rows(min_row=3) for c in row[3:]}
    assert {"已达成", "进度正常"} <= states  # an open period not yet met reads as its pace
    heading = next(workbook["明细"].iter_rows(max_row=1, values_only=True))
    assert heading[-2:] == ("进度", "进度说明")
    details = list(workbook["明细"].iter_rows(min_row=2, values_only=True))
    assert any(row[12] == "进度正常" for row in details)
    assert any(row[7] == "已达成" and "九月专题研讨" in (row[11] or "") for row in details)


def test_bad_arguments_are_explained(programme):
    with pytest.raises(CommandError, match="没有标识为“nope”的项目"):
        run("--programme", "nope")
    with pytest.raises(CommandError, match="日期“2025-13-01”无效"):
        run("--programme", programme.programme.slug, "--as-of", "2025-13-01")
    with pytest.raises(CommandError, match="--output"):
        run("--programme", programme.programme.slug, "--format", "xlsx")


@pytest.mark.clause("HN-4.0")
def test_snapshots_keep_the_version_they_were_given_under(programme):
    run("--programme", programme.programme.slug, "--as-of", "2025-12-10", "--save")
    first = Snapshot.objects.get()
    assert first.policy_version.number == 1 and first.data["policy"]["version"] == 1
    changed = preset_text("hainan-studios").replace(
        'at_least = 1\ndescription = "每月', 'at_least = 2\ndescription = "每月'
    )
    assert changed != preset_text("hainan-studios")
    version = publish_policy(actor=SYSTEM, text=changed)
    change_policy_version(actor=SYSTEM, programme=programme.programme, version=version)
    programme.programme.refresh_from_db()
    run("--programme", programme.programme.slug, "--as-of", "2025-12-10", "--save")
    second = Snapshot.objects.order_by("pk").last()
    assert second.policy_version.number == 2
    first.refresh_from_db()
    assert first.policy_version.number == 1
    september = lambda snapshot: next(  # noqa: E731
        s for s in snapshot.data["subjects"] if s["id"] == programme.studios[0].pk
    )["cells"]["hn-monthly-seminar"]["verdicts"][0]["state"]
    assert september(first) == "met" and september(second) == "missed"  # one seminar, two now due
    assert AuditEntry.objects.filter(note="合规结论存档").count() == 2
