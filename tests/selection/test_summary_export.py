"""The district's documents from the database: the summary sheet (汇总表) and the recommendation
forms (推荐表), through the pages and the command line (HZ-4.1.2, HZ-4.2.2)."""

import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.selection_chain import actor_of, applicant, apply, candidate_call
from touyan.audit.models import AuditEntry, Verb
from touyan.core.personal_data import masked
from touyan.jobs.models import Job
from touyan.people.enums import Title
from touyan.regions.models import Region
from touyan.selection.documents.build import summary_rows, write_district_summary
from touyan.selection.models import Application
from touyan.selection.services import district

pytestmark = pytest.mark.django_db
XIHU = "330106"
NAMES = ("甲校长", "乙校长", "丙校长")


@pytest.fixture
def sent(cast):
    """Three approved Xihu candidates ranked 乙, 丙, 甲 and sent to the city; one applicant from
    Binjiang, still pending."""
    chain = candidate_call()
    apps = [apply(chain.call, applicant(XIHU, name=name)) for name in NAMES[:2]]
    apps.append(apply(chain.call, applicant(XIHU, name=NAMES[2], title=Title.FIRST)))
    apply(chain.call, applicant("330108", name="滨江校长"))
    for application in apps:
        district.review_application(
            actor=actor_of(cast.xihu), application=application, decision="endorse"
        )
    area = Region.objects.get(code=XIHU)
    order = [apps[1].pk, apps[2].pk, apps[0].pk]
    district.rank_candidates(actor=actor_of(cast.xihu), call=chain.call, district=area, order=order)
    district.submit_batch(actor=actor_of(cast.xihu), call=chain.call, district=area)
    chain.applicants = apps
    return chain


def sheet_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "forms.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_the_sheet_lists_the_candidates_in_rank_order_with_the_stamp(client, cast, sent):
    client.force_login(cast.xihu)
    url = reverse("selection:district_summary", args=[sent.call.pk, XIHU])
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    rows = sheet_rows(response.content)
    assert rows[0][0] == "2026年杭州市中小学名校长培养工程推荐人选汇总表"
    assert rows[1][0].startswith("推荐单位（盖章）：杭州市西湖区教育局")
    header = rows[2]
    body = rows[3:-1]
    names = [row[header.index("姓名")] for row in body]
    assert names == ["乙校长", "丙校长", "甲校长"]
    assert [row[header.index("推荐排序")] for row in body] == [1, 2, 3]
    eligibility = {row[header.index("姓名")]: row[header.index("资格审核")] for row in body}
    assert eligibility["甲校长"] == "符合"
    assert eligibility["丙校长"] == "待专家评议：在学校管理方面有突出贡献"
    assert rows[-1][0].startswith(f"电子审核：杭州市西湖区教育局 {cast.xihu.full_name} ")
    assert rows[-1][0].endswith("共 3 人")
    # xihu may see personal data in full, but gets it only as the download's option
    assert body[0][header.index("联系电话")] == "138****8000"
    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert entry.actor == cast.xihu and entry.scope_code == XIHU and "3 人" in entry.note
    assert not AuditEntry.objects.filter(verb=Verb.REVEAL).exists()


def test_full_mobiles_are_the_sheets_option_for_those_with_the_right(client, cast, sent):
    url = reverse("selection:district_summary", args=[sent.call.pk, XIHU])
    client.force_login(cast.xihu)
    rows = sheet_rows(client.get(url, {"full": "1"}).content)
    mobile = rows[2].index("联系电话")
    assert {row[mobile] for row in rows[3:-1]} == {"13800138000"}
    entry = AuditEntry.objects.get(verb=Verb.REVEAL)
    assert entry.actor == cast.xihu and "3 人" in entry.note and entry.scope_code == XIHU
    client.force_login(cast.hz_centre)  # no right: the option changes nothing
    rows = sheet_rows(client.get(url, {"full": "1"}).content)
    assert {row[mobile] for row in rows[3:-1]} == {"138****8000"}
    assert AuditEntry.objects.filter(verb=Verb.REVEAL).count() == 1


@pytest.mark.clause("HZ-4.1.2")
def test_the_city_downloads_a_districts_sheet_with_mobiles_masked(client, cast, sent):
    client.force_login(cast.hz_centre)
    response = client.get(reverse("selection:district_summary", args=[sent.call.pk, XIHU]))
    rows = sheet_rows(response.content)
    mobile = rows[2].index("联系电话")
    assert {row[mobile] for row in rows[3:-1]} == {"138****8000"}


def test_an_unsent_sheet_says_so_and_leaves_out_unapproved(cast):
    chain = candidate_call()
    approved = apply(chain.call, applicant(XIHU, name="通过的人"))
    apply(chain.call, applicant(XIHU, name="待审的人"))
    district.review_application(actor=actor_of(cast.xihu), application=approved, decision="endorse")
    out = io.BytesIO()
    area = Region.objects.get(code=XIHU)
    assert (
        write_district_summary(out, call=chain.call, district=area, disclosure=masked(cast.xihu))
        == 1
    )
    rows = sheet_rows(out.getvalue())
    assert [row[2] for row in rows[3:-1]] == ["通过的人"]
    assert "（尚未报送）" in rows[-1][0]


def test_rows_note_the_corrections_asked_for(cast):
    chain = candidate_call()
    application = apply(chain.call, applicant(XIHU))
    Application.objects.filter(pk=application.pk).update(corrections={"title": "正高级教师"})
    application = Application.objects.select_related("call", "principal__school").get()
    (row,) = summary_rows([application], disclosure=masked(None))
    assert row.note == "申请更正：职称：正高级教师"
    assert row.years_in_post.endswith("个月")


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_the_forms_come_as_one_pdf_made_by_the_queue_in_rank_order_with_the_stamp(
    client, cast, sent, tmp_path
):
    client.force_login(cast.xihu)
    page = reverse("selection:district_forms", args=[sent.call.pk, XIHU])
    assert client.post(page).status_code == 302
    job = Job.objects.get(kind="selection.district_forms")
    assert (job.state, job.requested_by) == (Job.State.DONE, cast.xihu)
    assert reverse("jobs:file", args=[job.pk]) in client.get(page).content.decode()
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    positions = [text.index(name) for name in ("乙校长", "丙校长", "甲校长")]
    assert positions == sorted(positions)
    assert "杭州市西湖区教育局" in text
    assert cast.xihu.full_name in text
    assert AuditEntry.objects.filter(verb=Verb.EXPORT, note__contains="3 份").exists()


@pytest.mark.clause("HZ-4.1.2")
def test_one_candidates_form(client, cast, sent, tmp_path):
    client.force_login(cast.hz_admin)
    application = sent.applicants[0]
    response = client.get(reverse("selection:application_form", args=[application.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "甲校长" in text and "杭州市西湖区教育局" in text and "乙校长" not in text
    assert AuditEntry.objects.filter(
        verb=Verb.EXPORT, target_type__model="application", target_id=str(application.pk)
    ).exists()


# The command line ----------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("export_summary", *args, stdout=out)
    return out.getvalue()


@pytest.mark.clause("HZ-4.1.2")
def test_the_command_writes_the_sheet(sent, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    printed = run("--call", str(sent.call.pk), "--district", XIHU)
    path = tmp_path / f"汇总表-{sent.call.pk}-{XIHU}.xlsx"
    assert "已导出 3 人" in printed and path.exists()
    assert [row[2] for row in sheet_rows(path.read_bytes())[3:-1]] == ["乙校长", "丙校长", "甲校长"]
    chosen = tmp_path / "西湖.xlsx"
    run("--call", str(sent.call.pk), "--district", XIHU, "-o", str(chosen), "--as", "hz-xihu")
    assert chosen.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--call", "999999", "--district", XIHU], "没有编号为 999999 的遴选通知"),
        (["--district", "339999"], "没有区划代码为“339999”的区县"),
        (["--district", "330100"], "没有区划代码为“330100”的区县"),
        (["--district", XIHU, "--as", "hz-binjiang"], "无权导出西湖区的汇总表"),
        (["--district", XIHU, "--as", "ghost"], "没有用户“ghost”"),
    ],
)
def test_the_command_refuses_what_it_cannot_export(sent, tmp_path, args, message):
    if "--call" not in args:
        args = ["--call", str(sent.call.pk), *args]
    with pytest.raises(CommandError, match=message) as refused:
        run(*args, "--output", str(tmp_path / "x.xlsx"))
    assert refused.value.returncode != 0
    assert not (tmp_path / "x.xlsx").exists()
