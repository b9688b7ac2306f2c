import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.audit.models import AuditEntry
from touyan.core.actors import Actor
from touyan.people import services

pytestmark = pytest.mark.django_db


def test_the_trail_is_for_authority_admins(client, cast):
    check_access(
        client,
        cast,
        reverse("audit:entry_list"),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hn_admin": ALLOWED,
            "hz_centre": NOT_FOUND,
            "xihu": NOT_FOUND,
            "expert": NOT_FOUND,
            "own": NOT_FOUND,
        },
    )


def test_a_service_write_records_who_what_which_when_and_where(cast):
    actor = Actor(user=cast.xihu, source="web", ip_address="192.0.2.5")
    services.update_school(actor=actor, school=cast.xihu_school, is_weak=True)
    entry = AuditEntry.objects.get(verb="update", target_id=str(cast.xihu_school.pk))
    assert (entry.actor, entry.actor_label, entry.ip_address, entry.source) == (
        cast.xihu,
        "hz-xihu",
        "192.0.2.5",
        "web",
    )
    assert entry.target_label == "杭州学军中学" and entry.scope_code == "330106"
    assert entry.changes == {"is_weak": [False, True]}
    assert entry.at is not None


def test_a_write_that_changes_nothing_leaves_no_entry(cast):
    before = AuditEntry.objects.count()
    services.update_school(actor=Actor.system(), school=cast.xihu_school, is_weak=False)
    assert AuditEntry.objects.count() == before


def test_an_authority_admin_sees_the_trail_of_their_own_area_only(client, cast):
    services.update_school(actor=Actor.system(), school=cast.xihu_school, is_weak=True)
    services.update_school(actor=Actor.system(), school=cast.binjiang_school, is_rural=True)
    client.force_login(cast.hn_admin)
    assert "杭州学军中学" not in client.get(reverse("audit:entry_list")).content.decode()
    client.force_login(cast.hz_admin)
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "杭州学军中学" in page and "杭州第二中学" in page


def test_the_trail_filters_by_actor_verb_and_object(client, cast):
    services.update_school(
        actor=Actor(user=cast.xihu, source="web"), school=cast.xihu_school, is_weak=True
    )
    services.update_school(actor=Actor.system(), school=cast.binjiang_school, is_rural=True)
    client.force_login(cast.superuser)
    url = reverse("audit:entry_list")
    page = client.get(url, {"actor": "hz-xihu", "verb": "update"}).content.decode()
    assert "杭州学军中学" in page and "杭州第二中学" not in page
    page = client.get(url, {"target": "第二中学"}).content.decode()
    assert "杭州第二中学" in page and "杭州学军中学" not in page


def test_imports_discards_and_failed_sign_ins_reach_the_authority_of_the_area(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.people.test_roster_import import good_rows
    from tests.sheets import workbook_bytes

    client.force_login(cast.xihu)
    for action in ({"mode": "skip_invalid"}, {"action": "discard"}):
        upload = SimpleUploadedFile("西湖区名册.xlsx", workbook_bytes(good_rows()).getvalue())
        response = client.post(reverse("people:roster_import"), {"file": upload})
        client.post(response.url, action)
    client.logout()
    client.post(reverse("accounts:login"), {"username": "hz-xihu", "password": "wrong"})
    client.force_login(cast.hz_admin)
    url = reverse("audit:entry_list")
    for verb, label in (("import", "导入"), ("discard", "放弃导入"), ("login_failed", "登录失败")):
        page = client.get(url, {"verb": verb}).content.decode()
        assert label in page and ("西湖区名册.xlsx" in page or "hz-xihu" in page), verb


def test_changes_are_shown_with_field_and_choice_labels(client, cast):
    services.update_school(
        actor=Actor(user=cast.xihu), school=cast.xihu_school, kind="complete", is_weak=True
    )
    client.force_login(cast.hz_admin)
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "学段：初级中学 → 完全中学" in page
    assert "薄弱学校：否 → 是" in page
