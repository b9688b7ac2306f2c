import datetime as dt
import os
import threading
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import LOGIN, NOT_FOUND, check_access
from tests.people.test_roster_import import bad_rows, good_rows
from tests.sheets import workbook_bytes
from touyan.core.actors import Actor
from touyan.core.imports import pipeline
from touyan.people.models import Principal, RosterImport

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HZ-2.1")]


def upload(client, rows):
    data = workbook_bytes(rows).getvalue()
    return client.post(
        reverse("people:roster_import"), {"file": SimpleUploadedFile("西湖区名册.xlsx", data)}
    )


def test_upload_shows_the_dry_run_and_writes_nothing(client, cast):
    client.force_login(cast.hz_admin)
    response = upload(client, good_rows() + bad_rows())
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "people:roster_preview", args=[roster_import.pk]
    )
    page = client.get(response.url).content.decode()
    assert "将新增" in page and "未通过" in page
    assert "校验位错误" in page and "未知的市县“火星区”" in page
    assert Principal.objects.count() == 2  # only the cast's


def test_a_roster_with_only_bad_rows_says_nothing_can_be_imported(client, cast):
    client.force_login(cast.hz_admin)
    page = client.get(upload(client, bad_rows()).url).content.decode()
    assert "没有可以导入的行：每一行都未通过校验" in page
    assert "名册中已是这些数据" not in page


def test_confirming_with_all_or_nothing_refuses_and_keeps_the_upload(client, cast):
    client.force_login(cast.hz_admin)
    upload(client, good_rows() + bad_rows())
    roster_import = RosterImport.objects.get()
    url = reverse("people:roster_preview", args=[roster_import.pk])
    page = client.post(url, {"mode": "all_or_nothing"}, follow=True).content.decode()
    assert "没有写入任何数据" in page
    assert Principal.objects.count() == 2
    page = client.post(url, {"mode": "skip_invalid"}, follow=True).content.decode()
    assert "导入完成：新增校长3人" in page
    assert Principal.objects.count() == 5
    # The skipped rows stay listed with their reasons, to be mended and sent again.
    assert "导入结果" in page and "未导入的行" in page
    assert "校验位错误" in page and "3301**********1234" in page


def test_a_second_confirmation_is_applied_once(client, cast):
    client.force_login(cast.hz_admin)
    upload(client, good_rows())
    url = reverse("people:roster_preview", args=[RosterImport.objects.get().pk])
    client.post(url, {"mode": "all_or_nothing"})
    page = client.post(url, {"mode": "all_or_nothing"}, follow=True).content.decode()
    assert "没有重复导入" in page
    assert Principal.objects.count() == 5


def test_an_unreadable_file_is_refused_next_to_the_field(client, cast):
    client.force_login(cast.xihu)
    response = client.post(
        reverse("people:roster_import"),
        {"file": SimpleUploadedFile("名册.xls", b"\xd0\xcf\x11\xe0 old excel")},
    )
    assert response.status_code == 200
    assert "请上传 Excel 2007 及以上版本的 .xlsx 文件" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_an_upload_is_seen_only_by_its_uploader(client, cast):
    client.force_login(cast.xihu)
    upload(client, good_rows())
    url = reverse("people:roster_preview", args=[RosterImport.objects.get().pk])
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "xihu": "allowed", "hz_admin": NOT_FOUND, "binjiang": NOT_FOUND},
    )


def test_discarding_writes_nothing(client, cast):
    client.force_login(cast.xihu)
    upload(client, good_rows())
    roster_import = RosterImport.objects.get()
    client.post(reverse("people:roster_preview", args=[roster_import.pk]), {"action": "discard"})
    roster_import.refresh_from_db()
    assert roster_import.status == "discarded"
    assert Principal.objects.count() == 2


def test_export_downloads_an_xlsx_of_what_the_user_sees(client, cast):
    client.force_login(cast.binjiang)
    response = client.get(reverse("people:roster_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[1:]] == ["滨江校长"]


def test_export_follows_the_lists_filters(client, cast):
    client.force_login(cast.hz_admin)
    response = client.get(reverse("people:roster_export"), {"q": "西湖"})
    rows = list(
        load_workbook(BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[1:]] == ["西湖校长"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
)
def test_two_officers_confirming_at_the_same_moment_import_once(reference_data, cast):
    roster_import = pipeline.upload(
        actor=Actor(user=cast.hz_admin),
        kind="people.rosterimport",
        uploaded_file=SimpleUploadedFile("r.xlsx", workbook_bytes(good_rows()).getvalue()),
    )
    outcomes, barrier = [], threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            outcomes.append(
                pipeline.confirm(
                    actor=Actor(user=cast.hz_admin),
                    kind="people.rosterimport",
                    pk=roster_import.pk,
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
    assert Principal.objects.count() == 5


def test_the_uploaded_sheet_is_deleted_once_imported_or_discarded(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.xihu)
    upload(client, good_rows())
    upload(client, good_rows())
    first, second = RosterImport.objects.order_by("pk")
    paths = [first.file.path, second.file.path]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:roster_preview", args=[first.pk]), {"mode": "skip_invalid"})
        client.post(reverse("people:roster_preview", args=[second.pk]), {"action": "discard"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.file and not second.file
    assert not any(os.path.exists(path) for path in paths)
    assert first.result["principals_created"] == 2


def test_uploads_left_unconfirmed_are_purged(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.xihu)
    upload(client, good_rows())
    RosterImport.objects.update(
        uploaded_at=RosterImport.objects.get().uploaded_at - dt.timedelta(hours=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_uploads", "--hours", "24")
    assert RosterImport.objects.get().status == "discarded"
    assert Principal.objects.count() == 2


def test_the_report_is_kept_with_the_upload_and_not_recomputed_on_each_view(client, cast):
    client.force_login(cast.hz_admin)
    upload(client, good_rows() + bad_rows())
    roster_import = RosterImport.objects.get()
    assert roster_import.report["counts"] == {
        "create": 3,
        "update": 0,
        "unchanged": 0,
        "rejected": 3,
    }
    assert roster_import.report["new_school_count"] == 1  # the cast already has the other two
    assert roster_import.report["new_schools"] == ["杭州市文三街小学"]
    roster_import.file.storage.delete(roster_import.file.name)  # the page must not need the file
    url = reverse("people:roster_preview", args=[roster_import.pk])
    page = client.get(url, {"show": "create"}).content.decode()
    assert "张三" in page and "杭州学军中学" in page
