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
    assert AuditEntry.objects.filter(verb="login", actor__username="li", ip_address="10.0.0.1").exists()


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
    assert client.get(reverse("core:home")).status_code == 302


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
