"""Account management pages: who reaches which page (404 outside one's area, one's own grants
included), and that each page works."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import UserFactory, grant
from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb

pytestmark = pytest.mark.django_db

OUTSIDERS = {
    "hz_centre": NOT_FOUND,
    "xihu": NOT_FOUND,
    "expert": NOT_FOUND,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


def xihu_grant(cast) -> RoleGrant:
    return RoleGrant.objects.get(user=cast.xihu)


def test_the_account_list_and_the_new_account_form_are_for_authority_admins(client, cast):
    for name in ("accounts:user_list", "accounts:user_create"):
        check_access(
            client,
            cast,
            reverse(name),
            {
                "anonymous": LOGIN,
                "superuser": ALLOWED,
                "hz_admin": ALLOWED,
                "hn_admin": ALLOWED,
                **OUTSIDERS,
            },
        )


@pytest.mark.parametrize(
    "name",
    [
        "accounts:user_detail",
        "accounts:grant_create",
        "accounts:user_active",
        "accounts:user_password_reset",
    ],
)
def test_an_account_of_hangzhou_is_reached_by_hangzhou_only(client, cast, name):
    check_access(
        client,
        cast,
        reverse(name, args=[cast.xihu.pk]),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hn_admin": NOT_FOUND,
            **OUTSIDERS,
        },
    )


@pytest.mark.parametrize("name", ["accounts:grant_revoke", "accounts:grant_personal_data"])
def test_a_grant_of_hangzhou_is_changed_by_hangzhou_only(client, cast, name):
    check_access(
        client,
        cast,
        reverse(name, args=[xihu_grant(cast).pk]),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hn_admin": NOT_FOUND,
            **OUTSIDERS,
        },
    )


def test_nobody_reaches_the_pages_that_change_their_own_account_or_grants(client, cast):
    own_grant = RoleGrant.objects.get(user=cast.hz_admin)
    for url in (
        reverse("accounts:grant_create", args=[cast.hz_admin.pk]),
        reverse("accounts:user_active", args=[cast.hz_admin.pk]),
        reverse("accounts:user_password_reset", args=[cast.hz_admin.pk]),
        reverse("accounts:grant_revoke", args=[own_grant.pk]),
        reverse("accounts:grant_personal_data", args=[own_grant.pk]),
    ):
        check_access(
            client, cast, url, {"anonymous": LOGIN, "hz_admin": NOT_FOUND, "superuser": ALLOWED}
        )
    for url in (
        reverse("accounts:grant_create", args=[cast.superuser.pk]),
        reverse("accounts:user_active", args=[cast.superuser.pk]),
    ):
        check_access(
            client, cast, url, {"anonymous": LOGIN, "superuser": NOT_FOUND, "hz_admin": NOT_FOUND}
        )


def test_peers_and_superiors_are_out_of_reach_a_province_admin_reaches_a_city_admin(client, cast):
    cast.hz_peer = UserFactory(username="hz-admin-2")
    grant(cast.hz_peer, Role.AUTHORITY_ADMIN, "330100")
    cast.zj_admin = UserFactory(username="zj-admin")
    grant(cast.zj_admin, Role.AUTHORITY_ADMIN, "330000", sees_personal_data=True)
    url = reverse("accounts:user_active", args=[cast.hz_admin.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "hz_peer": NOT_FOUND,
            "zj_admin": ALLOWED,
            "hn_admin": NOT_FOUND,
            "superuser": ALLOWED,
        },
    )
    check_access(
        client,
        cast,
        reverse("accounts:user_active", args=[cast.zj_admin.pk]),
        {"anonymous": LOGIN, "hz_admin": NOT_FOUND, "zj_admin": NOT_FOUND, "superuser": ALLOWED},
    )
    revoke = reverse("accounts:grant_revoke", args=[RoleGrant.objects.get(user=cast.hz_peer).pk])
    check_access(
        client, cast, revoke, {"anonymous": LOGIN, "hz_admin": NOT_FOUND, "zj_admin": ALLOWED}
    )


def test_the_personal_data_right_is_given_only_by_someone_who_holds_it(client, cast):
    hn_officer = UserFactory(username="hn-haikou")
    grant(hn_officer, Role.DISTRICT_OFFICER, "460106")
    url = reverse("accounts:grant_personal_data", args=[RoleGrant.objects.get(user=hn_officer).pk])
    # hn-admin manages the grant but does not hold the right; a grant with it may be taken back.
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "hn_admin": NOT_FOUND, "hz_admin": NOT_FOUND, "superuser": ALLOWED},
    )
    RoleGrant.objects.filter(user=hn_officer).update(sees_personal_data=True)
    check_access(client, cast, url, {"anonymous": LOGIN, "hn_admin": ALLOWED, "superuser": ALLOWED})


def test_an_account_in_two_areas_is_seen_by_both_and_deactivated_by_neither(client, cast):
    both = UserFactory(username="both")
    grant(both, Role.EXPERT, "330100")
    grant(both, Role.EXPERT, "460000")
    cast.both = both
    detail = reverse("accounts:user_detail", args=[both.pk])
    check_access(
        client, cast, detail, {"anonymous": LOGIN, "hz_admin": ALLOWED, "hn_admin": ALLOWED}
    )
    active = reverse("accounts:user_active", args=[both.pk])
    check_access(
        client,
        cast,
        active,
        {"anonymous": LOGIN, "hz_admin": NOT_FOUND, "hn_admin": NOT_FOUND, "superuser": ALLOWED},
    )
    hz_grant = RoleGrant.objects.get(user=both, region_id="330100")
    hn_grant = RoleGrant.objects.get(user=both, region_id="460000")
    check_access(
        client,
        cast,
        reverse("accounts:grant_revoke", args=[hz_grant.pk]),
        {"anonymous": LOGIN, "hz_admin": ALLOWED, "hn_admin": NOT_FOUND},
    )
    check_access(
        client,
        cast,
        reverse("accounts:grant_revoke", args=[hn_grant.pk]),
        {"anonymous": LOGIN, "hz_admin": NOT_FOUND, "hn_admin": ALLOWED},
    )


def test_the_list_shows_the_area_and_searches(client, cast):
    client.force_login(cast.hz_admin)
    url = reverse("accounts:user_list")
    page = client.get(url).content.decode()
    for name in ("hz-xihu", "hz-binjiang", "hz-centre", "expert", "principal"):
        assert name in page, name
    assert "hn-admin" not in page and "root" not in page
    page = client.get(url, {"q": "binjiang"}).content.decode()
    assert "hz-binjiang" in page and "hz-xihu" not in page
    client.force_login(cast.hn_admin)
    page = client.get(url).content.decode()
    assert "hn-admin" in page and "hz-xihu" not in page


def test_the_menu_and_the_home_page_offer_account_management_to_authority_admins(client, cast):
    client.force_login(cast.hz_admin)
    assert reverse("accounts:user_list") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.xihu)
    assert reverse("accounts:user_list") not in client.get(reverse("core:home")).content.decode()


def test_an_admin_creates_an_account_for_a_principal_of_the_area(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.hz_admin)
    data = {
        "username": "zhang",
        "full_name": "张校长",
        "email": "zhang@example.cn",
        "home_region": "330108",
        "principal": cast.binjiang_principal.pk,
        "send_link": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"), data)
    created = User.objects.get(username="zhang")
    assert response.status_code == 302 and response.url == reverse(
        "accounts:user_detail", args=[created.pk]
    )
    assert not created.has_usable_password() and created.home_region_id == "330108"
    cast.binjiang_principal.refresh_from_db()
    assert cast.binjiang_principal.user == created
    assert [m.to for m in mailoutbox] == [["zhang@example.cn"]]
    assert "/accounts/password-reset/" in mailoutbox[0].body
    verbs = set(
        AuditEntry.objects.filter(actor=cast.hz_admin)
        .exclude(verb=Verb.LOGIN)
        .values_list("verb", flat=True)
    )
    assert verbs == {Verb.CREATE, Verb.UPDATE, Verb.PASSWORD_RESET}
    page = client.get(response.url).content.decode()
    assert "滨江校长" in page and "zhang@example.cn" in page


def test_a_refused_account_keeps_what_was_typed_and_says_why(client, cast):
    client.force_login(cast.hz_admin)
    data = {
        "username": "hz-xihu",
        "full_name": "重名者",
        "email": "x@example.cn",
        "home_region": "460106",
    }
    page = client.post(reverse("accounts:user_create"), data).content.decode()
    assert "用户名 hz-xihu 已被使用" in page
    assert "重名者" in page and "x@example.cn" in page
    assert "选择一个有效的选项" in page  # a Hainan division is not in Hangzhou's list
    assert not User.objects.filter(full_name="重名者").exists()


def test_the_account_page_grants_revokes_and_toggles_the_personal_data_right(client, cast):
    client.force_login(cast.hz_admin)
    url = reverse("accounts:grant_create", args=[cast.binjiang.pk])
    response = client.post(url, {"role": Role.EXPERT, "region": "330100"})
    assert response.status_code == 302
    added = RoleGrant.objects.get(user=cast.binjiang, role=Role.EXPERT)
    assert added.granted_by == cast.hz_admin
    detail = client.get(reverse("accounts:user_detail", args=[cast.binjiang.pk])).content.decode()
    assert "评审专家" in detail and reverse("accounts:grant_revoke", args=[added.pk]) in detail

    officer = RoleGrant.objects.get(user=cast.binjiang, role=Role.DISTRICT_OFFICER)
    toggle = reverse("accounts:grant_personal_data", args=[officer.pk])
    client.post(toggle, {"allowed": "1"})
    client.post(toggle, {"allowed": "1"})  # a second click changes nothing
    officer.refresh_from_db()
    assert officer.sees_personal_data
    assert AuditEntry.objects.filter(verb=Verb.GRANT, target_id=str(officer.pk)).count() == 1
    client.post(toggle, {"allowed": "0"})
    officer.refresh_from_db()
    assert not officer.sees_personal_data

    assert client.post(reverse("accounts:grant_revoke", args=[added.pk])).status_code == 302
    assert not RoleGrant.objects.filter(pk=added.pk).exists()
    entry = AuditEntry.objects.get(verb=Verb.REVOKE, target_id=str(added.pk))
    assert entry.changes["role"] == [Role.EXPERT, None] and entry.scope_code == "330100"


def test_a_city_admin_cannot_make_another_city_admin_the_form_says_so(client, cast):
    client.force_login(cast.hz_admin)
    url = reverse("accounts:grant_create", args=[cast.binjiang.pk])
    page = client.post(url, {"role": Role.AUTHORITY_ADMIN, "region": "330100"}).content.decode()
    assert "您不能给此账号这项授权" in page
    assert not RoleGrant.objects.filter(user=cast.binjiang, role=Role.AUTHORITY_ADMIN).exists()
    assert client.post(url, {"role": Role.AUTHORITY_ADMIN, "region": "330108"}).status_code == 302


def test_deactivation_ends_the_sessions_and_reactivation_restores_the_account(client, cast):
    from django.test import Client

    victim = Client()
    victim.force_login(cast.xihu)
    assert victim.get(reverse("core:home")).status_code == 200
    client.force_login(cast.hz_admin)
    url = reverse("accounts:user_active", args=[cast.xihu.pk])
    assert "停用账号 hz-xihu" in client.get(url).content.decode()
    client.post(url, {"active": "0"})
    client.post(url, {"active": "0"})  # a double click does not reactivate
    cast.xihu.refresh_from_db()
    assert not cast.xihu.is_active
    assert victim.get(reverse("notifications:list")).status_code == 302
    assert AuditEntry.objects.filter(verb=Verb.UPDATE, target_id=str(cast.xihu.pk)).count() == 1
    client.post(url, {"active": "1"})
    cast.xihu.refresh_from_db()
    assert cast.xihu.is_active


def test_an_admin_sends_a_password_reset_mail(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.xihu.email = "xihu@example.cn"
    cast.xihu.save()
    client.force_login(cast.hz_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_password_reset", args=[cast.xihu.pk]))
    assert [m.to for m in mailoutbox] == [["xihu@example.cn"]]
    entry = AuditEntry.objects.get(verb=Verb.PASSWORD_RESET)
    assert entry.actor == cast.hz_admin and entry.scope_code == "330106"


def test_a_reset_for_an_account_without_email_is_refused_with_a_reason(client, cast):
    client.force_login(cast.hz_admin)
    response = client.post(
        reverse("accounts:user_password_reset", args=[cast.xihu.pk]), follow=True
    )
    assert "没有电子邮箱" in response.content.decode()
