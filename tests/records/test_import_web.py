"""The record import's pages: who may open them, upload → dry-run report → confirm once or
discard, the blank workbook, and what becomes of the uploaded file."""

import datetime as dt
import io
import os
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.core.actors import Actor
from touyan.core.imports import pipeline
from touyan.records.models import Activity, Attendance, Deliverable, RecordImport

from ..factories import UserFactory
from ..programmes import hainan, hangzhou
from .test_import_plan import activity_row, broken, workbook

pytestmark = pytest.mark.django_db


def _file(hn, *, bad: bool = False) -> bytes:
    a = hn.studios[0]
    rows = [activity_row(a.name, "专题研讨", "三月研讨", "2026-03-05")]
    if bad:
        rows.append(activity_row(a.name, "专题研讨会", "坏的一行", "2026-03-06"))
    source = workbook(
        activities=rows, attendance=[["三月研讨", "2026-03-05", a.host.name, "", "出勤", ""]]
    )
    return source.getvalue()


def upload(client, hn, *, bad: bool = False):
    return client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("三月活动.xlsx", _file(hn, bad=bad))},
    )


@pytest.fixture
def hn(cast):
    hn = hainan(studios=2, members=2)
    cast.hn_host = UserFactory(username="hn-host")
    hn.studios[0].host.user = cast.hn_host
    hn.studios[0].host.save()
    cast.hn_member = UserFactory(username="hn-member")
    member = hn.members[hn.studios[0].pk][0]
    member.user = cast.hn_member
    member.save()
    return hn


def test_who_may_open_the_upload_page_of_a_studio_programme(client, cast, hn):
    url = reverse("records_import:upload", args=[hn.programme.slug])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hn_admin": ALLOWED,
            "hn_host": ALLOWED,
            "hn_member": NOT_FOUND,
            "hz_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


def test_who_may_open_the_upload_page_of_a_training_programme(client, cast):
    hz = hangzhou(trainees=2)
    trainee = hz.trainees[0].principal
    trainee.user = UserFactory(username="trainee")
    trainee.save()
    cast.trainee = trainee.user
    for name in ("upload", "template"):
        url = reverse(f"records_import:{name}", args=[hz.programme.slug])
        check_access(
            client,
            cast,
            url,
            {
                "anonymous": LOGIN,
                "hz_admin": ALLOWED,
                "hz_centre": ALLOWED,
                "xihu": NOT_FOUND,  # follows its district's trainees, does not record for them
                "trainee": NOT_FOUND,
                "hn_admin": NOT_FOUND,
                "expert": NOT_FOUND,
                "own": NOT_FOUND,
            },
        )


def test_an_unknown_programme_is_not_found(client, cast):
    client.force_login(cast.superuser)
    assert client.get(reverse("records_import:upload", args=["no-such"])).status_code == 404


def test_upload_shows_the_dry_run_row_by_row_and_writes_nothing(client, cast, hn):
    client.force_login(cast.hn_host)
    response = upload(client, hn, bad=True)
    record_import = RecordImport.objects.get()
    assert response.url == reverse(
        "records_import:preview", args=[hn.programme.slug, record_import.pk]
    )
    page = client.get(response.url).content.decode()
    assert "未通过" in page and "活动 第 3 行" in page
    assert "活动类型“专题研讨会”不在本项目政策中（可用：专题研讨、集中研修" in page
    page = client.get(response.url, {"show": "create"}).content.decode()
    assert "三月研讨" in page and "考勤 第 2 行" in page
    assert Activity.objects.count() == 0
    assert record_import.report["counts"] == {
        "create": 2,
        "update": 0,
        "unchanged": 0,
        "rejected": 1,
    }


def test_all_or_nothing_refuses_then_skipping_imports_the_rest(client, cast, hn):
    client.force_login(cast.hn_admin)
    upload(client, hn, bad=True)
    url = reverse("records_import:preview", args=[hn.programme.slug, RecordImport.objects.get().pk])
    page = client.post(url, {"mode": "all_or_nothing"}, follow=True).content.decode()
    assert "没有写入任何数据" in page
    assert Activity.objects.count() == 0
    page = client.post(url, {"mode": "skip_invalid"}, follow=True).content.decode()
    assert "导入完成：新增活动1项" in page and "跳过1行" in page
    assert "未导入的行" in page and "坏的一行" in page
    assert Activity.objects.count() == 1 and Attendance.objects.count() == 1


def test_a_second_confirmation_is_applied_once(client, cast, hn):
    client.force_login(cast.hn_admin)
    upload(client, hn)
    url = reverse("records_import:preview", args=[hn.programme.slug, RecordImport.objects.get().pk])
    client.post(url, {"mode": "all_or_nothing"})
    page = client.post(url, {"mode": "all_or_nothing"}, follow=True).content.decode()
    assert "没有重复导入" in page
    assert Activity.objects.count() == 1


def test_uploading_what_is_already_recorded_offers_nothing_to_import(client, cast, hn):
    client.force_login(cast.hn_admin)
    upload(client, hn)
    first = RecordImport.objects.get()
    client.post(
        reverse("records_import:preview", args=[hn.programme.slug, first.pk]),
        {"mode": "all_or_nothing"},
    )
    upload(client, hn)
    second = RecordImport.objects.exclude(pk=first.pk).get()
    assert second.report["counts"]["unchanged"] == 2 and not second.report["has_changes"]
    page = client.get(
        reverse("records_import:preview", args=[hn.programme.slug, second.pk])
    ).content.decode()
    assert "系统中已是这些记录，无需导入" in page


def test_an_upload_is_seen_only_by_its_uploader(client, cast, hn):
    client.force_login(cast.hn_host)
    upload(client, hn)
    url = reverse("records_import:preview", args=[hn.programme.slug, RecordImport.objects.get().pk])
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "hn_host": ALLOWED, "hn_admin": NOT_FOUND, "hn_member": NOT_FOUND},
    )


def test_an_unreadable_file_is_refused_next_to_the_field(client, cast, hn):
    client.force_login(cast.hn_admin)
    response = client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("活动.xls", b"\xd0\xcf\x11\xe0 old excel")},
    )
    assert response.status_code == 200
    assert "请上传 Excel 2007 及以上版本的 .xlsx 文件" in response.content.decode()
    assert RecordImport.objects.count() == 0


def test_a_damaged_workbook_is_refused_next_to_the_field(client, cast, hn):
    client.force_login(cast.hn_admin)
    rows = [
        activity_row(hn.studios[0].name, "专题研讨", f"研讨{n}", "2026-03-05") for n in range(50)
    ]
    damaged = broken(workbook(activities=rows), "xl/worksheets/sheet1.xml").getvalue()
    response = client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("活动.xlsx", damaged)},
    )
    assert response.status_code == 200
    assert "无法读取该文件：文件已损坏" in response.content.decode()
    assert RecordImport.objects.count() == 0


def test_a_file_whose_every_row_is_refused_says_so_not_that_all_is_recorded(client, cast, hn):
    client.force_login(cast.hn_admin)
    source = workbook(
        activities=[activity_row(hn.studios[0].name, "专题研讨会", "坏", "2026-03-06")]
    )
    client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("活动.xlsx", source.getvalue())},
    )
    upload = RecordImport.objects.get()
    page = client.get(
        reverse("records_import:preview", args=[hn.programme.slug, upload.pk])
    ).content.decode()
    assert "没有可以导入的行：每一行都未通过校验，原因见上表“未通过”" in page
    assert "系统中已是这些记录" not in page


def test_an_oversized_length_is_refused_in_the_preview_and_the_confirmation_works(client, cast, hn):
    client.force_login(cast.hn_admin)
    a = hn.studios[0]
    row = ["个性化成长方案", "方案", a.name, hn.members[a.pk][0].name, "", "2026-03-20"]
    source = workbook(
        deliverables=[
            [*row, "99999999999999999999999", ""],
            [*row[:1], "好的方案", *row[2:], 3000, ""],
        ]
    )
    client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("成果.xlsx", source.getvalue())},
    )
    url = reverse("records_import:preview", args=[hn.programme.slug, RecordImport.objects.get().pk])
    assert "字数过大，不能超过 10,000,000" in client.get(url).content.decode()
    response = client.post(url, {"mode": "skip_invalid"})
    assert response.status_code == 302
    assert list(Deliverable.objects.values_list("title", "char_count")) == [("好的方案", 3000)]


def test_the_file_is_deleted_once_imported_or_discarded(
    client, cast, hn, django_capture_on_commit_callbacks
):
    client.force_login(cast.hn_admin)
    upload(client, hn)
    upload(client, hn)
    first, second = RecordImport.objects.order_by("pk")
    paths = [first.file.path, second.file.path]
    assert all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("records_import:preview", args=[hn.programme.slug, first.pk]),
            {"mode": "skip_invalid"},
        )
        response = client.post(
            reverse("records_import:preview", args=[hn.programme.slug, second.pk]),
            {"action": "discard"},
        )
    assert response.url == reverse("records_import:upload", args=[hn.programme.slug])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("committed", "discarded")
    assert not first.file and not second.file
    assert not any(os.path.exists(path) for path in paths)
    assert first.result["activities_created"] == 1


def test_uploads_left_unconfirmed_are_purged(client, cast, hn, django_capture_on_commit_callbacks):
    client.force_login(cast.hn_admin)
    upload(client, hn)
    RecordImport.objects.update(
        uploaded_at=RecordImport.objects.get().uploaded_at - dt.timedelta(hours=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_uploads", "--hours", "24")
    assert RecordImport.objects.get().status == "discarded"
    assert Activity.objects.count() == 0


def test_the_blank_workbook_has_the_three_sheets_and_the_policy_lists(client, cast, hn):
    client.force_login(cast.hn_host)
    response = client.get(reverse("records_import:template", args=[hn.programme.slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["活动", "考勤", "成果", "可选值"]
    headers = [cell.value for cell in book["活动"][1]]
    assert headers[:4] == ["组织方", "活动类型", "活动名称", "日期"]
    example = [cell.value for cell in book["活动"][2]]
    assert example[0] == hn.studios[0].name and example[2].startswith("【示例】")
    lists = [row[0] for row in book["可选值"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert lists[:2] == ["专题研讨", "集中研修"]
    # Sent back as it is, it holds nothing to import.
    client.post(
        reverse("records_import:upload", args=[hn.programme.slug]),
        {"file": SimpleUploadedFile("模板.xlsx", response.content)},
    )
    assert RecordImport.objects.get().report["counts"] == {
        "create": 0,
        "update": 0,
        "unchanged": 0,
        "rejected": 0,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
)
def test_two_confirmations_at_the_same_moment_import_once(reference_data, cast):
    hn = hainan(studios=1, members=2)
    record_import = pipeline.upload(
        actor=Actor(user=cast.hn_admin),
        kind="records.recordimport",
        programme=hn.programme,
        uploaded_file=SimpleUploadedFile("r.xlsx", _file(hn)),
    )
    outcomes, barrier = [], threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            outcomes.append(
                pipeline.confirm(
                    actor=Actor(user=cast.hn_admin),
                    kind="records.recordimport",
                    pk=record_import.pk,
                    skip_invalid=False,
                )
            )
        except pipeline.ImportAlreadyFinished as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["dict", "str"]
    assert Activity.objects.count() == 1
