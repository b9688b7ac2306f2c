import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse

from tests.factories import UserFactory
from touyan import settings as touyan_settings
from touyan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_new_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = touyan_settings.PASSWORD_HASHERS
    assert identify_hasher(make_password("x")).algorithm == "argon2"


def test_the_login_page_is_chinese_and_carries_a_csrf_token(client):
    page = client.get(LOGIN).content.decode()
    assert "登录头雁" in page and 'lang="zh-hans"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_successful_sign_in_rotates_the_session_and_is_audited(client):
    UserFactory(username="li")
    client.get(LOGIN)
    client.session["probe"] = 1
    before = client.session.session_key
    response = sign_in(client, "li", "secret-pass-123")
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.session.session_key != before
    assert AuditEntry.objects.filter(
        verb="login", actor__username="li", ip_address="10.0.0.1"
    ).exists()


def test_a_wrong_password_gets_a_chinese_message(client):
    UserFactory(username="li")
    page = sign_in(client, "li", "wrong").content.decode()
    assert "用户名或密码不正确" in page


def test_sign_out_is_a_post(client):
    user = UserFactory(username="li")
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("notifications:list")).status_code == 302


def test_repeated_failures_lock_out_only_that_name_from_that_address(client):
    UserFactory(username="victim")
    for _attempt in range(project_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "victim", "guess", ip="203.0.113.9")
    locked = sign_in(client, "victim", "secret-pass-123", ip="203.0.113.9")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # The attacker's address cannot lock the victim out from their own computer.
    assert sign_in(client, "victim", "secret-pass-123", ip="198.51.100.7").status_code == 302


def test_csrf_is_enforced_on_sign_in():
    from django.test import Client

    UserFactory(username="li")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "li", "password": "secret-pass-123"})
    assert response.status_code == 403


def test_spraying_one_password_across_accounts_from_one_address_is_slowed(client, settings):
    settings.LOGIN_ADDRESS_BURST, settings.LOGIN_ADDRESS_INTERVAL = 10, 30
    for number in range(10):
        UserFactory(username=f"teacher{number}")
    UserFactory(username="head")
    for number in range(10):
        assert (
            sign_in(client, f"teacher{number}", "Password1", ip="203.0.113.50").status_code == 200
        )
    # The next attempt is not checked at all, even with the right password: a wait, not a verdict.
    waited = sign_in(client, "head", "secret-pass-123", ip="203.0.113.50")
    wait = int(waited["Retry-After"])
    assert waited.status_code == 429 and 0 < wait <= 30
    page = waited.content.decode()
    assert f"请在 {wait} 秒后再试" in page and "账号没有被锁定" in page
    assert 'value="head"' in page  # the name typed is kept
    assert not AuditEntry.objects.filter(verb="login", actor__username="head").exists()
    # Another address, and the same account there, are untouched: no one is locked out anywhere.
    assert sign_in(client, "head", "secret-pass-123", ip="198.51.100.7").status_code == 302


def test_successful_sign_ins_from_a_shared_office_address_never_fill_the_bucket(client, settings):
    settings.LOGIN_ADDRESS_BURST = 3
    users = [UserFactory(username=f"staff{number}") for number in range(6)]
    for user in users:
        assert (
            sign_in(client, user.username, "secret-pass-123", ip="203.0.113.60").status_code == 302
        )
        client.logout()


def test_the_admin_login_is_throttled_per_address_too(client, settings):
    settings.LOGIN_ADDRESS_BURST = 2
    admin_login = reverse("admin:login")
    for _attempt in range(2):
        client.post(admin_login, {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.70")
    page = client.post(admin_login, {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.70")
    assert "账号没有被锁定" in page.content.decode()
    assert page.status_code == 429 and int(page["Retry-After"]) > 0


def test_behind_a_proxy_each_client_is_counted_on_its_own_address(client, settings):
    settings.PROXY_COUNT, settings.LOGIN_ADDRESS_BURST = 1, 2
    UserFactory(username="li")

    def through_proxy(client_ip, password):
        return client.post(
            LOGIN,
            {"username": "li", "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_ip}",
        )

    for _attempt in range(2):
        through_proxy("203.0.113.80", "wrong")
    assert through_proxy("203.0.113.80", "secret-pass-123").status_code == 429
    assert through_proxy("203.0.113.81", "secret-pass-123").status_code == 302
    assert AuditEntry.objects.filter(verb="login", ip_address="203.0.113.81").exists()
