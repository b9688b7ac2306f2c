"""A run's allocation handed on: the list as .xlsx (a sheet per studio, then the unassigned)
and as a printable PDF, from the run page, for the centre of the call, audited; and the run
page's objective split into its four terms (HN-3.7, HN-3.8)."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
    with_user,
)
from tests.selection_chain import actor_of
from touyan.allocation import exports, jobs, services
from touyan.allocation.inputs import applicant_id
from touyan.allocation.models import Run
from touyan.allocation.outcome import Outcome
from touyan.audit.models import AuditEntry, Verb
from touyan.people.enums import SchoolKind
from touyan.people.models import School

pytestmark = pytest.mark.django_db

CENTRE = {
    "hn_centre": ALLOWED,
    "hn_admin": ALLOWED,
    "hz_admin": NOT_FOUND,
    "hz_centre": NOT_FOUND,
    "host": NOT_FOUND,
    "applicant": NOT_FOUND,
    "nobody": NOT_FOUND,
    "anonymous": LOGIN,
}
TRAP = '=HYPERLINK("http://evil.example/","点此")'


@pytest.fixture
def ready(cast):
    """Two carried-over studios with three members each and one new studio; four approved
    applications: 甲 (龙华区, the kept studio first), 乙 (吉阳区, the new one), 丙 (吉阳区, the
    other then the new), and 丁, whose school the registry has since found to be a primary
    school: no studio's stage fits."""
    f = formation(carried=2, members=3, new=1)
    member_call(f)
    kept, other, new = f.studios
    trap_school = SchoolFactory(name=TRAP, region_id="460203", kind=SchoolKind.JUNIOR)
    bing = with_user(PrincipalFactory(school=trap_school, name="丙校长"))
    f.applications = [
        member_apply(f.call, member_applicant("460106", name="甲校长"), [kept, other]),
        member_apply(f.call, member_applicant("460203", name="乙校长"), [new]),
        member_apply(f.call, bing, [other, new]),
        member_apply(f.call, member_applicant("460203", name="丁校长"), [new]),
    ]
    close_and_approve(f)
    School.objects.filter(pk=f.applications[3].principal.school_id).update(kind=SchoolKind.PRIMARY)
    cast.hn_centre = f.centre
    cast.host = kept.host.user
    cast.applicant = f.applications[0].principal.user
    f.run = jobs.start_run(actor=actor_of(f.centre), call=f.call, note="第一次")
    assert f.run.status == Run.Status.DONE
    return f


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "list.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_the_lists_are_for_whoever_sees_the_run(client, cast, ready):
    for name in ("list_xlsx", "list_pdf"):
        check_access(client, cast, reverse(f"allocation:{name}", args=[ready.run.pk]), CENTRE)


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_the_sheet_has_a_sheet_per_studio_and_the_unassigned_with_their_reason(client, cast, ready):
    kept, other, new = ready.studios
    client.force_login(ready.centre)
    response = client.get(reverse("allocation:list_xlsx", args=[ready.run.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [kept.name[:31], other.name[:31], new.name[:31], "未分配"]

    def rows(sheet_name):
        sheet = book[sheet_name]
        header = [c.value for c in sheet[3]]
        assert header == ["序号", "姓名", "学校", "区县", "分配结果", "说明"]
        return [
            dict(zip(header, row, strict=True)) for row in sheet.iter_rows(3 + 1, values_only=True)
        ]

    kept_rows = rows(kept.name[:31])
    assert book[kept.name[:31]]["A1"].value == "海南省中学卓越校长工作室成员申报 成员分配名单"
    assert book[kept.name[:31]]["A2"].value.startswith(kept.name)
    continuing = [r for r in kept_rows if r["分配结果"] == "延续成员"]
    assert len(continuing) == 3
    jia = next(r for r in kept_rows if r["姓名"] == "甲校长")
    assert jia["分配结果"] == "第一志愿"
    assert jia["区县"] == "龙华区"
    assert "第一志愿" in jia["说明"]
    assert [r["序号"] for r in kept_rows] == list(range(1, len(kept_rows) + 1))

    placed = {r["姓名"]: r for name in book.sheetnames[:3] for r in rows(name)}
    assert placed["乙校长"]["分配结果"] == "第一志愿"
    assert placed["丙校长"]["学校"] == TRAP  # read back exactly …
    trap = next(c for sheet in book for row in sheet.iter_rows() for c in row if c.value == TRAP)
    assert trap.data_type == "s" and trap.quotePrefix  # … and never a formula

    unassigned = rows("未分配")
    assert [r["姓名"] for r in unassigned] == ["丁校长"]
    assert unassigned[0]["分配结果"] == "未分配"
    assert unassigned[0]["说明"].endswith("未分配：没有与本人学段匹配的工作室")

    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert entry.actor == ready.centre and "xlsx" in entry.note
    assert f"{len(continuing) * 2 + 4} 人" in entry.note


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_the_printable_list_reads_back_in_chinese(client, cast, ready, tmp_path):
    kept, _other, new = ready.studios
    client.force_login(ready.centre)
    response = client.get(reverse("allocation:list_pdf", args=[ready.run.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squeezed(pdf_text(response.content, tmp_path))
    assert squeezed("海南省中学卓越校长工作室成员申报 成员分配名单") in text
    assert "分配方案#1·未发布，仅供核对" in text
    for words in (kept.name, new.name, "甲校长", "乙校长", "丙校长", "丁校长", "延续成员"):
        assert squeezed(words) in text
    assert "未分配（1人）" in text
    assert "没有与本人学段匹配的工作室" in text
    assert "第1页/共" in text
    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert entry.actor == ready.centre and "PDF" in entry.note


@pytest.mark.clause("HN-3.7")
def test_a_manual_move_shows_on_the_list_with_its_reason(client, cast, ready):
    jia = applicant_id(ready.applications[0].pk)
    services.move_member(
        actor=actor_of(ready.centre), run=ready.run, applicant=jia, studio=None, reason="本人放弃"
    )
    client.force_login(ready.centre)
    book = load_workbook(
        io.BytesIO(client.get(reverse("allocation:list_xlsx", args=[ready.run.pk])).content)
    )
    names = [row[1] for row in book["未分配"].iter_rows(4, values_only=True)]
    assert names == ["甲校长", "丁校长"] or names == ["丁校长", "甲校长"]
    reasons = {row[1]: row[5] for row in book["未分配"].iter_rows(4, values_only=True)}
    assert reasons["甲校长"] == "经人工调整未分配：本人放弃"


def test_a_run_not_finished_has_no_list(client, cast, ready):
    Run.objects.filter(pk=ready.run.pk).update(status=Run.Status.FAILED)
    client.force_login(ready.centre)
    assert client.get(reverse("allocation:list_xlsx", args=[ready.run.pk])).status_code == 404
    assert client.get(reverse("allocation:list_pdf", args=[ready.run.pk])).status_code == 404
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()


@pytest.mark.clause("HN-3.8")
def test_the_run_page_splits_the_objective_into_its_terms(client, cast, ready):
    client.force_login(ready.centre)
    response = client.get(reverse("allocation:run", args=[ready.run.pk]))
    page = response.content.decode()
    terms = response.context["report"].terms
    assert [t["name"] for t in terms] == ["preference", "distance", "unassigned", "shortfall"]
    assert sum(t["value"] for t in terms) == Outcome(ready.run).objective == ready.run.objective
    by_name = {t["name"]: t for t in terms}
    weights = Outcome(ready.run).problem.weights
    assert by_name["unassigned"]["value"] == weights.unassigned  # 丁
    assert by_name["unassigned"]["text"] == (
        f"每有一名申请人未分配计 {weights.unassigned}，本方案未分配 1 人。"
    )
    assert by_name["shortfall"]["value"] % weights.shortfall == 0
    for term in terms:
        assert f'id="term-{term["name"]}"' in page
        assert term["text"] in page
    assert "目标值是以上四项之和" in page
    assert reverse("allocation:list_xlsx", args=[ready.run.pk]) in page
    assert reverse("allocation:list_pdf", args=[ready.run.pk]) in page


def test_the_terms_are_explained_in_english(client, cast, ready):
    client.force_login(ready.centre)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("allocation:run", args=[ready.run.pk])).content.decode()
    assert "Composition of the objective" in page
    assert "for each applicant left unassigned" in page


@pytest.mark.clause("HN-3.7", "HN-3.8")
def test_a_published_member_call_has_its_final_list_with_the_studios(client, cast, ready):
    services.publish_run(actor=actor_of(ready.centre), run=ready.run)
    client.force_login(ready.centre)
    call_page = client.get(reverse("selection:call", args=[ready.call.pk])).content.decode()
    assert reverse("selection:final_xlsx", args=[ready.call.pk]) in call_page
    assert reverse("selection:decided_xlsx", args=[ready.call.pk]) not in call_page
    response = client.get(reverse("selection:final_xlsx", args=[ready.call.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[2]
    assert header[-1] == "分配工作室"
    placed = {row[1]: row[-1] for row in rows[3:]}
    assert set(placed) == {"甲校长", "乙校长", "丙校长"}
    assert placed["甲校长"] == ready.studios[0].name
    decided = client.get(reverse("selection:decided_xlsx", args=[ready.call.pk]), follow=True)
    assert "成员申报由分配方案决定，没有决定名单" in decided.content.decode()


def test_the_services_refuse_whoever_may_not_see_the_run(cast, ready):
    for user in (cast.hz_centre, cast.host, cast.applicant):
        with pytest.raises(PermissionDenied):
            exports.export_run_pdf(actor=actor_of(user), run=ready.run)
        with pytest.raises(PermissionDenied):
            exports.export_run_sheet(actor=actor_of(user), run=ready.run, out=io.BytesIO())
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()


def test_the_list_is_in_the_official_language_whatever_the_downloaders(
    client, cast, ready, tmp_path
):
    client.force_login(ready.centre)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = squeezed(
        pdf_text(client.get(reverse("allocation:list_pdf", args=[ready.run.pk])).content, tmp_path)
    )
    assert "成员分配名单" in text and "第1页/共" in text and "Page" not in text
    book = load_workbook(
        io.BytesIO(client.get(reverse("allocation:list_xlsx", args=[ready.run.pk])).content)
    )
    assert book.sheetnames[-1] == "未分配"
