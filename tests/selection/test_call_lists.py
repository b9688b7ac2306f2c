"""A call's decided list (决定名单) and final list (最终名单) as .xlsx and PDF, from the office's
notice page, for the managers of the call, audited, mobiles masked unless asked for by someone
with the right (HZ-4.1.3)."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import check_access
from tests.programmes import SYSTEM
from tests.selection.test_office_views import OFFICE
from tests.selection_chain import (
    actor_of,
    applicant,
    apply,
    candidate_call,
    endorse_and_send,
    to_decision,
)
from touyan.audit.models import AuditEntry, Verb
from touyan.core.personal_data import masked
from touyan.selection.models import Application, Call
from touyan.selection.services import decisions, exports

pytestmark = pytest.mark.django_db
S = Application.Status

NAMES = ("甲校长", "乙校长", "丙校长")
TRAP = "=1+2"
HEADER = (
    "序号",
    "姓名",
    "性别",
    "学校",
    "区县",
    "职务",
    "职称",
    "专家平均分",
    "联系电话",
    "备注",
)


@pytest.fixture
def decided(pin_today):
    """Three candidates for two places: 甲 and 乙 selected, 丙 not; 乙's school is named like a
    formula. The notice is published."""
    pin_today(dt.date(2026, 11, 23))
    chain = candidate_call(places=2)
    apps = [apply(chain.call, applicant(name=name)) for name in NAMES]
    school = apps[1].principal.school
    school.name = TRAP
    school.save()
    endorse_and_send(chain.call, "330106", apps)
    to_decision(chain)
    for application, selected in zip(apps, (True, True, False), strict=True):
        decisions.decide(actor=SYSTEM, application=application, selected=selected, reason="审定")
    decisions.publish_notice(
        actor=SYSTEM, call=chain.call, contact="0571-00000000", starts_on=dt.date(2026, 11, 23)
    )
    chain.apps = apps
    return chain


@pytest.fixture
def final(decided, pin_today):
    """乙 struck after an upheld objection; the list made final."""
    notice = decided.call.notice
    objection = decisions.lodge_objection(
        actor=SYSTEM,
        notice=notice,
        name="王某",
        contact="13900000000",
        text="反映该校存在违规办学行为，请核查。",
        application=decided.apps[1],
        today=notice.starts_on,
    )
    pin_today(dt.date(2026, 11, 30))
    decisions.handle_objection(
        actor=SYSTEM, objection=objection, upheld=True, handling="经核查属实，取消拟入选资格。"
    )
    decisions.finalise(actor=SYSTEM, call=decided.call)
    decided.call.refresh_from_db()
    assert decided.call.stage == Call.Stage.FINAL
    return decided


def sheet_rows(data: bytes) -> tuple[list, list[dict]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    return rows, [dict(zip(HEADER, row, strict=True)) for row in rows[3:]]


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "list.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", text)


@pytest.mark.clause("HZ-4.1.3")
def test_the_lists_are_for_the_managers_of_the_call(client, cast, final):
    for name in ("decided_xlsx", "decided_pdf", "final_xlsx", "final_pdf"):
        check_access(client, cast, reverse(f"selection:{name}", args=[final.call.pk]), OFFICE)


@pytest.mark.clause("HZ-4.1.3")
def test_the_decided_list_names_everyone_selected_and_marks_the_struck(client, cast, final):
    client.force_login(cast.hz_admin)
    response = client.get(reverse("selection:decided_xlsx", args=[final.call.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    rows, body = sheet_rows(response.content)
    assert rows[0][0] == "2026年杭州市中小学名校长培养工程决定名单"
    assert rows[1][0].startswith("2026年杭州市中小学名校长培养工程人选遴选 · 名单已确定 · 共 2 人")
    assert rows[2] == HEADER
    assert sorted(r["姓名"] for r in body) == ["乙校长", "甲校长"]
    by_name = {r["姓名"]: r for r in body}
    assert by_name["乙校长"]["备注"] == "公示后取消"
    assert by_name["甲校长"]["备注"] is None
    assert by_name["甲校长"]["区县"] == "西湖区"
    assert by_name["甲校长"]["联系电话"] == "138****8000"
    assert by_name["乙校长"]["学校"] == TRAP
    trap = next(
        c
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
        if c.value == TRAP
    )
    assert trap.data_type == "s" and trap.quotePrefix
    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert entry.actor == cast.hz_admin and "决定名单（xlsx），2 人" in entry.note
    assert not AuditEntry.objects.filter(verb=Verb.REVEAL).exists()


@pytest.mark.clause("HZ-4.1.3")
def test_the_final_list_names_those_formally_selected(client, cast, final, tmp_path):
    client.force_login(cast.hz_centre)
    response = client.get(reverse("selection:final_xlsx", args=[final.call.pk]))
    _rows, body = sheet_rows(response.content)
    assert [r["姓名"] for r in body] == ["甲校长"]
    pdf = client.get(reverse("selection:final_pdf", args=[final.call.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "2026年杭州市中小学名校长培养工程最终名单" in text
    assert "甲校长" in text and "乙校长" not in text and "丙校长" not in text
    assert "共1人" in text and "138****8000" in text and "第1页/共1页" in text
    decided = pdf_text(
        client.get(reverse("selection:decided_pdf", args=[final.call.pk])).content, tmp_path
    )
    assert "甲校长" in decided and "乙校长" in decided and "公示后取消" in decided
    assert AuditEntry.objects.filter(verb=Verb.EXPORT).count() == 3


@pytest.mark.clause("HZ-4.1.3")
def test_full_mobiles_are_the_lists_option_for_those_with_the_right(client, cast, final):
    url = reverse("selection:decided_xlsx", args=[final.call.pk])
    client.force_login(cast.hz_admin)
    _rows, body = sheet_rows(client.get(url, {"full": "1"}).content)
    assert {r["联系电话"] for r in body} == {"13800138000"}
    entry = AuditEntry.objects.get(verb=Verb.REVEAL)
    assert entry.actor == cast.hz_admin and "2 人" in entry.note
    client.force_login(cast.hz_centre)  # no right: the option changes nothing
    _rows, body = sheet_rows(client.get(url, {"full": "1"}).content)
    assert {r["联系电话"] for r in body} == {"138****8000"}
    assert AuditEntry.objects.filter(verb=Verb.REVEAL).count() == 1


def test_the_final_list_waits_for_the_final_stage(client, cast, decided):
    client.force_login(cast.hz_admin)
    url = reverse("selection:final_xlsx", args=[decided.call.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("selection:call", args=[decided.call.pk])
    assert "最终名单尚未确定，还不能下载" in response.content.decode()
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()
    for name in ("notice", "call"):
        page = client.get(reverse(f"selection:{name}", args=[decided.call.pk])).content.decode()
        assert reverse("selection:decided_xlsx", args=[decided.call.pk]) in page
        assert reverse("selection:final_xlsx", args=[decided.call.pk]) not in page
    rows, body = sheet_rows(
        client.get(reverse("selection:decided_xlsx", args=[decided.call.pk])).content
    )
    assert "公示中" in rows[1][0] and sorted(r["姓名"] for r in body) == ["乙校长", "甲校长"]


def test_the_services_refuse_whoever_does_not_manage_the_call(cast, final):
    for user in (cast.xihu, cast.expert, cast.hn_admin):
        with pytest.raises(PermissionDenied):
            exports.export_call_list_pdf(
                actor=actor_of(user), call=final.call, which="final", disclosure=masked(user)
            )
        with pytest.raises(PermissionDenied):
            exports.export_call_list_sheet(
                actor=actor_of(user),
                call=final.call,
                which="decided",
                disclosure=masked(user),
                out=io.BytesIO(),
            )
    assert not AuditEntry.objects.filter(verb=Verb.EXPORT).exists()
