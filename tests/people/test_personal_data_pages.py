"""Full ID and mobile numbers on the registry's pages, forms and export: masked for everyone,
in full only on an explicit, audited request of a user with the right."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.audit.models import AuditEntry
from touyan.core.identity import make_id_number
from touyan.core.personal_data import OUTSIDE_SCOPE
from touyan.people.models import Principal

pytestmark = pytest.mark.django_db


def form_data(form) -> dict:
    return {key: form[key].value() for key in form.fields if form[key].value() not in (None, False)}


def test_the_edit_form_gives_staff_without_the_right_masked_numbers_only(client, cast):
    principal = cast.xihu_principal
    principal.mobile = "13957110001"
    principal.save()
    client.force_login(cast.hz_centre)  # may edit Hangzhou's registry, may not see numbers
    response = client.get(reverse("people:principal_update", args=[principal.pk]))
    page = response.content.decode()
    assert principal.id_number not in page and "13957110001" not in page
    assert principal.masked_id_number in page and "139****0001" in page


def test_editing_without_the_right_keeps_numbers_left_as_shown(client, cast):
    principal = cast.xihu_principal
    stored_id, stored_mobile = principal.id_number, principal.mobile
    client.force_login(cast.hz_centre)
    url = reverse("people:principal_update", args=[principal.pk])
    data = form_data(client.get(url).context["form"])
    data["name"] = "西湖校长（更名）"
    assert client.post(url, data).status_code == 302
    principal.refresh_from_db()
    assert principal.name == "西湖校长（更名）"
    assert (principal.id_number, principal.mobile) == (stored_id, stored_mobile)


def test_editing_without_the_right_replaces_a_number_typed_anew(client, cast):
    principal = cast.xihu_principal
    new_id = make_id_number("330106", dt.date(1975, 6, 1), 801)
    client.force_login(cast.hz_centre)
    url = reverse("people:principal_update", args=[principal.pk])
    data = {
        **form_data(client.get(url).context["form"]),
        "id_number": new_id,
        "mobile": "13957112345",
    }
    assert client.post(url, data).status_code == 302
    principal.refresh_from_db()
    assert principal.id_number == new_id and principal.mobile == "13957112345"
    entry = AuditEntry.objects.get(verb="update", target_id=str(principal.pk))
    assert new_id not in str(entry.changes) and "13957112345" not in str(entry.changes)


def test_a_mistyped_number_is_refused_with_the_input_kept(client, cast):
    client.force_login(cast.hz_centre)
    url = reverse("people:principal_update", args=[cast.xihu_principal.pk])
    data = {**form_data(client.get(url).context["form"]), "mobile": "1395711234"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "手机号应为以1开头的11位数字" in page and 'value="1395711234"' in page


def test_a_user_with_the_right_reveals_one_record_by_post_and_it_is_audited(client, cast):
    principal = cast.xihu_principal
    client.force_login(cast.xihu)
    url = reverse("people:principal_reveal", args=[principal.pk])
    assert client.get(url).status_code == 405  # a link or a prefetch reveals nothing
    response = client.post(url)
    page = response.content.decode()
    assert principal.id_number in page and principal.mobile in page
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(verb="reveal")
    assert entry.actor == cast.xihu and entry.target_id == str(principal.pk)
    assert entry.target_label == principal.name and entry.at is not None
    # The next visit is masked again.
    detail = client.get(reverse("people:principal_detail", args=[principal.pk])).content.decode()
    assert principal.id_number not in detail


def test_only_users_with_the_right_may_reveal(client, cast):
    url = reverse("people:principal_reveal", args=[cast.xihu_principal.pk])
    outcomes = {}
    for name in ("hz_centre", "binjiang", "hn_admin", "expert", "nobody", "xihu", "hz_admin"):
        client.force_login(cast[name])
        outcomes[name] = client.post(url).status_code
    assert outcomes == {
        "hz_centre": 404,
        "binjiang": 404,
        "hn_admin": 404,
        "expert": 404,
        "nobody": 404,
        "xihu": 200,
        "hz_admin": 200,
    }
    assert AuditEntry.objects.filter(verb="reveal").count() == 2
    check_access(
        client,
        cast,
        reverse("people:principal_detail", args=[cast.xihu_principal.pk]),
        {"anonymous": LOGIN, "xihu": ALLOWED, "binjiang": NOT_FOUND},
    )


def export_rows(response) -> list[tuple]:
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))[1:]


def test_the_export_is_masked_unless_full_numbers_are_asked_for(client, cast):
    client.force_login(cast.hz_admin)
    url = reverse("people:roster_export")
    rows = export_rows(client.get(url))
    assert all("**********" in row[2] for row in rows)
    assert not AuditEntry.objects.filter(verb="reveal").exists()

    rows = export_rows(client.get(url, {"full": "1"}))
    assert {row[2] for row in rows} == {
        cast.xihu_principal.id_number,
        cast.binjiang_principal.id_number,
    }
    entry = AuditEntry.objects.get(verb="reveal")
    assert entry.actor == cast.hz_admin and "2 人" in entry.note


def test_the_full_numbers_option_gives_nothing_without_the_right(client, cast):
    client.force_login(cast.hz_centre)
    rows = export_rows(client.get(reverse("people:roster_export"), {"full": "1"}))
    assert rows and all("**********" in row[2] and "****" in row[4] for row in rows)
    assert not AuditEntry.objects.filter(verb="reveal").exists()
    listing = client.get(reverse("people:principal_list")).content.decode()
    assert "full=1" not in listing


def test_full_numbers_in_an_export_only_where_the_right_reaches(client, cast):
    client.force_login(cast.xihu)  # the right in Xihu; their scope holds nobody else
    rows = export_rows(client.get(reverse("people:roster_export"), {"full": "1"}))
    assert [row[2] for row in rows] == [cast.xihu_principal.id_number]


def test_the_new_principal_form_tells_nothing_of_someone_outside_the_scope(client, cast):
    outsider = cast.binjiang_principal
    client.force_login(cast.xihu)
    data = {
        "name": "冒名",
        "id_number": outsider.id_number,
        "school": cast.xihu_school.pk,
        "position": "principal",
        "title": "senior",
    }
    page = client.post(reverse("people:principal_create"), data).content.decode()
    assert str(OUTSIDE_SCOPE) in page
    assert "名册中已有" not in page
    assert outsider.name not in page and outsider.school.name not in page
    assert Principal.objects.filter(name="冒名").count() == 0


def test_the_new_principal_form_names_a_duplicate_inside_the_scope(client, cast):
    client.force_login(cast.hz_admin)
    data = {
        "name": "重复",
        "id_number": cast.binjiang_principal.id_number,
        "school": cast.xihu_school.pk,
        "position": "principal",
        "title": "senior",
    }
    assert (
        "名册中已有此身份证号的校长"
        in client.post(reverse("people:principal_create"), data).content.decode()
    )
