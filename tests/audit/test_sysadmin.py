"""Every write made in the Django admin (/sysadmin/) is in the audit trail."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import UserFactory, grant
from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb
from touyan.audit.sysadmin import AuditedAdminMixin

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The fields a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if name and "__prefix__" in name:
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] = [data.strip("\n")]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_of(client, url) -> dict:
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    return reader.data


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_every_model_admin_on_the_site_is_audited():
    assert admin.site._registry, "the admin has models"
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


def test_the_back_end_is_for_superusers_only(client, cast):
    staff = UserFactory(username="staff", is_staff=True)
    cast.staff = staff
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(staff)
    assert client.get(url).status_code == 302
    client.force_login(cast.superuser)
    assert client.get(url).status_code == 200
    check_access(
        client,
        cast,
        reverse("audit:entry_list"),
        {"anonymous": LOGIN, "superuser": ALLOWED, "staff": NOT_FOUND},
    )


def test_a_grant_added_in_the_admin_is_audited_and_reaches_the_area(client, cast):
    target = UserFactory(username="li")
    client.force_login(cast.superuser)
    data = form_of(client, change_url(target))
    data.update(
        {
            "grants-TOTAL_FORMS": ["1"],
            "grants-0-role": [Role.DISTRICT_OFFICER],
            "grants-0-region": ["330106"],
            "grants-0-sees_personal_data": ["on"],
            "grants-0-user": [str(target.pk)],
        }
    )
    response = client.post(change_url(target), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(verb=Verb.GRANT)
    assert entry.actor == cast.superuser and entry.scope_code == "330106"
    assert entry.changes["role"] == [None, Role.DISTRICT_OFFICER]
    assert entry.changes["sees_personal_data"] == [None, True]
    client.force_login(cast.hz_admin)
    page = client.get(reverse("audit:entry_list"), {"verb": "grant"}).content.decode()
    assert "li" in page and "区县教育局工作人员" in page


def test_changing_and_revoking_a_grant_in_the_admin_are_audited(client, cast):
    target = UserFactory(username="li", email="li@example.cn")
    grant(target, Role.DISTRICT_OFFICER, "330106")
    client.force_login(cast.superuser)
    data = form_of(client, change_url(target))
    data["email"] = ["li@hz.example.cn"]
    data["grants-0-sees_personal_data"] = ["on"]
    assert client.post(change_url(target), data).status_code == 302
    user_entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_id=str(target.pk))
    assert user_entry.changes == {"email": ["li@example.cn", "li@hz.example.cn"]}
    assert user_entry.scope_code == "330106"
    grant_entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_type__model="rolegrant")
    assert grant_entry.changes == {"sees_personal_data": [False, True]}

    data = form_of(client, change_url(target))
    data["grants-0-DELETE"] = ["on"]
    assert client.post(change_url(target), data).status_code == 302
    assert not RoleGrant.objects.filter(user=target).exists()
    revoke = AuditEntry.objects.get(verb=Verb.REVOKE)
    assert revoke.changes["role"] == [Role.DISTRICT_OFFICER, None] and revoke.scope_code == "330106"


def test_a_user_added_in_the_admin_is_audited_without_the_password(client, cast):
    client.force_login(cast.superuser)
    url = reverse("admin:accounts_user_add")
    data = form_of(client, url)
    data.update(
        {"username": ["wang"], "password1": ["Hz-2026-secret!"], "password2": ["Hz-2026-secret!"]}
    )
    data["usable_password"] = ["true"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="wang")
    entry = AuditEntry.objects.get(verb=Verb.CREATE, target_id=str(created.pk))
    assert entry.changes["username"] == [None, "wang"]
    assert "Hz-2026-secret!" not in str(entry.changes) and created.password not in str(
        entry.changes
    )


def test_a_password_set_in_the_admin_is_audited_masked(client, cast):
    target = UserFactory(username="li")
    client.force_login(cast.superuser)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    data = {
        "password1": ["Another-2026-pass"],
        "password2": ["Another-2026-pass"],
        "usable_password": ["true"],
    }
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_id=str(target.pk))
    assert entry.changes == {"password": ["***", "***"]}


def test_deletions_in_the_admin_single_and_bulk_are_audited(client, cast):
    groups = [Group.objects.create(name=f"组{i}") for i in range(3)]
    client.force_login(cast.superuser)
    url = reverse("admin:auth_group_delete", args=[groups[0].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    bulk = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [g.pk for g in groups[1:]],
    }
    assert client.post(reverse("admin:auth_group_changelist"), bulk).status_code == 302
    assert not Group.objects.exists()
    deleted = AuditEntry.objects.filter(verb=Verb.DELETE).values_list("target_label", flat=True)
    assert sorted(deleted) == ["组0", "组1", "组2"]
    assert AuditEntry.objects.get(target_label="组1").changes == {"name": ["组1", None]}


def test_a_superuser_cannot_change_their_own_grants_in_the_admin(client, cast):
    grant(cast.superuser, Role.EXPERT, "330100")
    client.force_login(cast.superuser)
    data = form_of(client, change_url(cast.superuser))
    assert "grants-0-role" not in data  # shown read-only
    data.update(
        {
            "grants-TOTAL_FORMS": ["2"],
            "grants-1-role": [Role.AUTHORITY_ADMIN],
            "grants-1-region": ["330000"],
        }
    )
    client.post(change_url(cast.superuser), data)
    assert list(RoleGrant.objects.filter(user=cast.superuser).values_list("role", flat=True)) == [
        Role.EXPERT
    ]
