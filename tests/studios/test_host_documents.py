"""The host's documents (HN-4.2.1): 工作制度, 学习制度, 工作方案, 工作计划 and 成员培养计划, each save a
new version with the older ones readable (who, when); read by the studio's members, the centre,
the authority and the district officer of the studio's place; written by the host only. The
versions are studio deliverables of the policy's kinds, so the compliance rules of HN-4.2 read
them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.files import pdf_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.refusals import HAINAN_CAST, check_service
from touyan.audit.models import AuditEntry
from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import State
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.records.models import Deliverable
from touyan.studios.selectors import document_versions, host_documents
from touyan.studios.services.documents import save_host_document

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.2.1", "HN-4.2")]


@pytest.fixture
def hn(cast):
    """Studio 0 (龙华区) hosted by ``cast.host`` with ``cast.member``; studio 1 by
    ``cast.other_host``."""
    return with_hainan(cast, members=2)


def as_(user):
    return Actor(user=user)


def list_url(studio):
    return reverse("studios:documents", args=[studio.pk])


def document_url(studio, code):
    return reverse("studios:document", args=[studio.pk, code])


READERS = {
    "host": ALLOWED,
    "member": ALLOWED,
    "hn_centre": ALLOWED,
    "hn_admin": ALLOWED,
    "longhua": ALLOWED,
    "superuser": ALLOWED,
    "other_host": NOT_FOUND,
    "hz_admin": NOT_FOUND,
    "xihu": NOT_FOUND,
    "expert": NOT_FOUND,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
    "anonymous": LOGIN,
}


def test_every_save_is_a_new_version_and_the_old_ones_stay(cast, hn):
    studio = hn.studios[0]
    first = save_host_document(
        actor=as_(cast.host), studio=studio, document="work_rules", body="一、每月例会。"
    )
    second = save_host_document(
        actor=as_(cast.host),
        studio=studio,
        document="work_rules",
        body="一、每月例会。\n二、请假须经主持人同意。",
    )
    versions = list(document_versions(studio, "work_rules"))
    assert versions == [second, first]
    assert first.title == "工作制度（第 1 版）" and second.title == "工作制度（第 2 版）"
    assert {v.created_by for v in versions} == {cast.host}
    assert first.body == "一、每月例会。"  # the older text is kept as it was
    # A studio deliverable of the policy's kind, marked as the document.
    assert (second.kind, second.document, second.principal) == ("studio_rules", "work_rules", None)
    audited = AuditEntry.objects.filter(
        target_type__model="deliverable", target_id__in=[str(first.pk), str(second.pk)]
    )
    assert audited.count() == 2
    assert audited.filter(changes__document=[None, "work_rules"]).count() == 2
    rows = {document.code: (current, count) for document, current, count in host_documents(studio)}
    assert rows["work_rules"] == (second, 2)
    assert rows["study_rules"] == (None, 0)
    assert list(rows) == [
        "work_rules",
        "study_rules",
        "work_programme",
        "work_plan",
        "member_training_plan",
    ]
    # The members hear of each new version.
    assert Notification.objects.filter(user=cast.member, title__contains="第 2 版").exists()


def test_refusals_say_why_and_write_nothing(cast, hn):
    studio = hn.studios[0]
    save_host_document(actor=as_(cast.host), studio=studio, document="work_plan", body="计划")
    before = Deliverable.objects.count()
    with pytest.raises(ValidationError, match="与当前版本相同"):
        save_host_document(actor=as_(cast.host), studio=studio, document="work_plan", body="计划")
    with pytest.raises(ValidationError, match="请填写正文或上传附件"):
        save_host_document(actor=as_(cast.host), studio=studio, document="work_rules", body="  ")
    with pytest.raises(ValidationError, match="没有这份主持人文件"):
        save_host_document(actor=as_(cast.host), studio=studio, document="diary", body="x")
    assert Deliverable.objects.count() == before


def test_the_versions_count_for_the_rules_of_hn_4_2(cast, hn, pin_today):
    pin_today(dt.date(2025, 11, 1))
    studio = hn.studios[0]
    host = as_(cast.host)
    save_host_document(actor=host, studio=studio, document="study_rules", body="读书制度")
    save_host_document(actor=host, studio=studio, document="work_programme", body="三年方案")
    save_host_document(actor=host, studio=studio, document="member_training_plan", body="培养")
    result = evaluate(hn.programme, as_of=dt.date(2025, 12, 1))
    for rule in ("hn-studio-rules", "hn-work-plan", "hn-member-training-plan"):
        assert result.cells[(studio.pk, rule)].state is State.MET, rule
    other = hn.studios[1]
    assert result.cells[(other.pk, "hn-studio-rules")].state is not State.MET


@pytest.mark.parametrize("name", HAINAN_CAST)
def test_only_the_host_saves_a_version(cast, hn, name):
    studio = hn.studios[0]
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: save_host_document(
            actor=actor, studio=studio, document="work_rules", body=f"制度 {name}"
        ),
        Deliverable,
    )


def test_who_reads_the_documents(client, cast, hn):
    studio = hn.studios[0]
    save_host_document(actor=SYSTEM, studio=studio, document="work_rules", body="例会制度")
    check_access(client, cast, list_url(studio), READERS)
    check_access(client, cast, document_url(studio, "work_rules"), READERS)
    check_access(
        client,
        cast,
        document_url(studio, "diary"),
        dict.fromkeys(READERS, NOT_FOUND) | {"anonymous": LOGIN},
    )


def test_the_host_saves_versions_in_the_page_and_readers_see_them(client, cast, hn):
    studio = hn.studios[0]
    url = document_url(studio, "work_plan")
    client.force_login(cast.host)
    response = client.post(url, {"body": "第一学期计划"}, follow=True)
    assert "已保存为新版本：工作计划（第 1 版）" in response.content.decode()
    upload = SimpleUploadedFile("计划.pdf", pdf_bytes("plan"), content_type="application/pdf")
    client.post(url, {"body": "第一学期计划（修订）", "file": upload})
    assert document_versions(studio, "work_plan").count() == 2
    current = document_versions(studio, "work_plan").first()
    assert current.file
    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert "第一学期计划（修订）" in page and "历史版本" in page and "工作计划（第 1 版）" in page
    assert "保存新版本" not in page  # a reader gets no form
    file_url = reverse("records:deliverable_file", args=[hn.programme.slug, current.pk])
    assert file_url in page
    assert client.get(file_url).status_code == 200
    # A reader's post is refused as if the page did not exist, and writes nothing.
    assert client.post(url, {"body": "成员改写"}).status_code == 404
    assert document_versions(studio, "work_plan").count() == 2


def test_a_bad_file_is_refused_with_the_text_kept(client, cast, hn):
    studio = hn.studios[0]
    client.force_login(cast.host)
    bad = SimpleUploadedFile("制度.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(document_url(studio, "work_rules"), {"body": "保留的正文", "file": bad})
    assert response.status_code == 200
    text = response.content.decode()
    assert "不是允许的文件类型" in text and "保留的正文" in text
    assert not document_versions(studio, "work_rules").exists()


def test_my_studios_links_to_the_documents(client, cast, hn):
    client.force_login(cast.member)
    assert list_url(hn.studios[0]) in client.get(reverse("studios:mine")).content.decode()
