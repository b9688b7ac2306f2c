"""The applicant's pages: applying, the draft with statements, corrections and evidence,
submission, the page once submitted or returned, and evidence downloads."""

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import UserFactory
from tests.files import pdf_bytes, png_bytes
from tests.selection_chain import STATEMENTS, actor_of, applicant, apply, candidate_call, officer
from touyan.audit.models import AuditEntry
from touyan.people.enums import Title
from touyan.selection.models import Application, Evidence
from touyan.selection.services import district

pytestmark = pytest.mark.django_db
S = Application.Status

PDF = pdf_bytes("form")
PNG = png_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
NAMES = ("superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "hn_admin", "expert", "nobody")


def with_other_principal(cast):
    """A second principal with an account: 滨江's, who must never see 西湖's application."""
    cast.other = UserFactory(username="other-principal")
    cast.binjiang_principal.user = cast.other
    cast.binjiang_principal.save(update_fields=["user"])


def table(default: str, **named) -> dict[str, str]:
    return {"anonymous": LOGIN, **{n: default for n in (*NAMES, "own", "other")}, **named}


def upload(name: str, body: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, body, content_type=content_type)


def draft_data(**values) -> dict:
    data = {"route": "self", "recommending_unit": "", "action": "save"}
    data |= {f"statement_{code}": text for code, text in STATEMENTS.items()}
    return data | values


def application_url(application) -> str:
    return reverse("selection:application", args=[application.pk])


def status_moves(application, to: str) -> int:
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Application), target_id=str(application.pk)
    )
    return sum(1 for e in entries if (e.changes.get("status") or [None, None])[1] == to)


def test_who_sees_the_list_of_own_applications_and_one_application(client, cast):
    with_other_principal(cast)
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal, submit=False)
    check_access(client, cast, reverse("selection:my_applications"), table(ALLOWED))
    check_access(client, cast, application_url(application), table(NOT_FOUND, own=ALLOWED))
    client.force_login(cast.own)
    html = client.get(reverse("selection:my_applications")).content.decode()
    assert chain.call.title in html and "草稿" in html
    client.force_login(cast.nobody)
    html = client.get(reverse("selection:my_applications")).content.decode()
    assert "没有关联校长名册" in html


@pytest.mark.clause("HZ-2.2", "HZ-2.3")
def test_a_principal_applies_saves_uploads_and_submits_once(client, cast):
    chain = candidate_call()
    client.force_login(cast.own)
    response = client.post(reverse("selection:apply", args=[chain.call.pk]))
    application = Application.objects.get(call=chain.call, principal=cast.xihu_principal)
    assert response.url == application_url(application)
    assert client.post(reverse("selection:apply", args=[chain.call.pk])).url == response.url
    url = application_url(application)

    html = client.get(url).content.decode()
    assert "杭州学军中学" in html
    assert 'name="statement_politics"' in html and 'name="statement_management"' in html
    assert 'name="statement_title"' not in html  # a senior title needs no statement
    assert "任现职" in html and "符合" in html

    response = client.post(
        url,
        draft_data(
            statement_integrity="",
            files_form=[upload("推荐表.pdf", PDF)],
            files_achievements=[upload("获奖证书.png", PNG, "image/png")],
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.statements["politics"] == STATEMENTS["politics"]
    assert "integrity" not in application.statements
    assert sorted(e.original_name for e in application.evidence.all()) == [
        "推荐表.pdf",
        "获奖证书.png",
    ]

    refused = client.post(url, draft_data(files_title_certificate=[upload("职称证书.pdf", EXE)]))
    assert refused.status_code == 200
    assert "“职称证书.pdf”不是允许的文件类型" in refused.content.decode()
    assert application.evidence.count() == 2

    incomplete = client.post(url, draft_data(statement_integrity="", action="submit"))
    html = incomplete.content.decode()
    assert incomplete.status_code == 200
    assert "尚不能提交" in html and "须填写陈述" in html
    application.refresh_from_db()
    assert application.status == S.DRAFT

    assert client.post(url, draft_data(action="submit")).status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.outcome == "eligible"

    again = client.post(url, draft_data(action="submit"), follow=True)
    assert "本次操作未执行" in again.content.decode()
    assert status_moves(application, S.SUBMITTED) == 1

    changed = client.post(url, draft_data(statement_politics="改过的陈述"), follow=True)
    assert "不能再修改" in changed.content.decode()
    application.refresh_from_db()
    assert application.statements["politics"] == STATEMENTS["politics"]

    html = client.get(url).content.decode()
    assert "待审核" in html
    assert 'name="action"' not in html and "<textarea" not in html
    assert "提交申报" in html and "符合条件" in html
    assert STATEMENTS["integrity"] in html


def test_a_correction_is_stored_as_a_request_and_the_registry_is_unchanged(client, cast):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal, submit=False)
    client.force_login(cast.own)
    url = application_url(application)
    client.post(url, draft_data(correct_title="正高级教师", correct_school="  "))
    application.refresh_from_db()
    assert application.corrections == {"title": "正高级教师"}
    cast.xihu_principal.refresh_from_db()
    assert cast.xihu_principal.title == Title.SENIOR
    assert 'value="正高级教师"' in client.get(url).content.decode()
    client.post(url, draft_data(correct_title="正高级教师", action="submit"))
    html = client.get(url).content.decode()
    assert "申请更正为：正高级教师" in html


@pytest.mark.clause("HZ-2.2")
def test_a_title_short_of_the_rule_asks_for_the_contribution_statement(client, cast):
    chain = candidate_call()
    principal = applicant(title=Title.FIRST)
    application = apply(chain.call, principal, submit=False)
    client.force_login(principal.user)
    html = client.get(application_url(application)).content.decode()
    assert 'name="statement_title"' in html
    assert "您的职称未达要求" in html
    assert "待专家评议" in html
    client.post(
        application_url(application),
        draft_data(statement_title="主持学校集团化办学改革，成效显著。", action="submit"),
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.outcome == "experts"
    assert application.statements["title"].startswith("主持学校集团化办学")


def test_a_user_without_a_registry_record_is_told_why_they_cannot_apply(client, cast):
    chain = candidate_call()
    client.force_login(cast.nobody)
    response = client.post(reverse("selection:apply", args=[chain.call.pk]))
    assert response.status_code == 200
    assert "您的账号没有关联校长名册" in response.content.decode()
    assert not Application.objects.exists()


def test_a_returned_application_shows_the_note_opens_again_and_the_timeline_names_the_office(
    client, cast
):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal)
    reviewer = officer("330106")
    district.review_application(
        actor=actor_of(reviewer),
        application=application,
        decision="return",
        note="请补充办学业绩材料",
    )
    client.force_login(cast.own)
    url = application_url(application)
    html = client.get(url).content.decode()
    assert "退回修改意见" in html and "请补充办学业绩材料" in html
    assert 'value="submit"' in html
    assert "杭州市西湖区教育局" in html
    client.post(
        url,
        draft_data(action="submit", files_achievements=[upload("业绩.png", PNG, "image/png")]),
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    district.review_application(
        actor=actor_of(reviewer), application=application, decision="endorse"
    )
    html = client.get(url).content.decode()
    assert "审核通过" in html
    assert f"杭州市西湖区教育局，{reviewer.full_name}" in html
    assert status_moves(application, S.SUBMITTED) == 2


def test_evidence_is_removed_from_a_draft(client, cast, django_capture_on_commit_callbacks):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal, submit=False)
    evidence = application.evidence.get()
    stored = evidence.file.path
    client.force_login(cast.own)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            application_url(application), {"remove": str(evidence.pk)}, follow=True
        )
    assert "已删除" in response.content.decode()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not os.path.exists(stored)
    assert client.post(application_url(application), {"remove": "999999"}).status_code == 404


def test_evidence_of_a_draft_is_the_applicants_alone(client, cast):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal, submit=False)
    url = reverse("selection:evidence", args=[application.evidence.get().pk])
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "own": ALLOWED, "xihu": NOT_FOUND, "hz_admin": NOT_FOUND},
    )


def test_evidence_is_downloaded_only_by_those_who_may_see_the_application(client, cast):
    with_other_principal(cast)
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal)
    evidence = application.evidence.get()
    url = reverse("selection:evidence", args=[evidence.pk])
    check_access(
        client,
        cast,
        url,
        table(
            NOT_FOUND,
            own=ALLOWED,
            xihu=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            superuser=ALLOWED,
        ),
    )
    client.force_login(cast.own)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E6%8E%A8%E8%8D%90%E8%A1%A8.pdf" in response["Content-Disposition"]  # 推荐表.pdf
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_uploaded_files_have_no_public_address(client, cast):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal)
    stored = application.evidence.get().file.name
    assert stored.startswith("selection/")
    assert client.get(f"/media/{stored}").status_code == 404
    client.force_login(cast.own)
    assert client.get(f"/media/{stored}").status_code == 404
