"""Bearer tokens: created by a command that shows the key once, stored as a digest, refused
once revoked, and acting exactly as their user."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from touyan.api.models import ApiToken
from touyan.audit.models import AuditEntry, Verb

from ..programmes import hangzhou
from .helpers import bearer, send, token_for, url

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_command_prints_the_key_once_and_keeps_only_its_digest(cast):
    key, note = run("create_api_token", "hz-centre", "浙江省培训管理平台")
    token = ApiToken.objects.get()
    assert re.fullmatch(r"ty_[A-Za-z0-9]{43}", key)
    assert token.prefix == key[:11] and token.prefix in note
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.prefix, token.digest, token.name}
    assert token.user == cast.hz_centre and token.name == "浙江省培训管理平台"
    entry = AuditEntry.objects.get(verb=Verb.CREATE, target_id=str(token.pk))
    assert entry.source == "cli" and key not in str(entry.changes)
    listed, _ = run("list_api_tokens", "hz-centre")
    assert token.prefix in listed and "有效" in listed and key not in listed


def test_the_command_refuses_unknown_users_and_empty_names(cast):
    with pytest.raises(CommandError, match="没有用户 ghost"):
        run("create_api_token", "ghost", "平台")
    with pytest.raises(CommandError, match="用途"):
        run("create_api_token", "hz-centre", "  ")


def test_a_token_acts_as_its_user(client, cast):
    hz = hangzhou()
    key = token_for(cast.hz_centre)
    response = client.get(url("/programmes"), headers=bearer(key))
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()] == [hz.programme.slug]
    assert ApiToken.objects.get().last_used_at is not None
    other = token_for(cast.hn_admin)
    assert (
        client.get(url(f"/programmes/{hz.programme.slug}"), headers=bearer(other)).status_code
        == 404
    )


def test_a_revoked_token_is_refused_at_once(client, cast):
    key = token_for(cast.hz_centre)
    assert client.get(url("/programmes"), headers=bearer(key)).status_code == 200
    out, _ = run("revoke_api_token", key[:11])
    assert "已吊销" in out
    response = client.get(url("/programmes"), headers=bearer(key))
    assert response.status_code == 401
    assert response.json() == {"detail": "接口令牌无效或已吊销"}
    assert AuditEntry.objects.filter(verb=Verb.REVOKE, source="cli").count() == 1
    with pytest.raises(CommandError, match="已于"):
        run("revoke_api_token", key[:11])
    with pytest.raises(CommandError, match="没有前缀"):
        run("revoke-api-token".replace("-", "_"), "ty_nothing")


def test_the_prefix_may_be_given_without_its_start(client, cast):
    key = token_for(cast.hz_centre)
    run("revoke_api_token", key[3:11])
    assert client.get(url("/programmes"), headers=bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ty_wrong-key-of-the-right-shape-0123456789",
        "Bearer ",
        "Bearer \x7f",
        "Basic dXNlcjpwYXNz",
        "Token abc",
    ],
)
def test_wrong_credentials_get_401_even_with_a_session(client, cast, header):
    client.force_login(cast.hz_centre)
    response = client.get(url("/programmes"), headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_token_of_a_deactivated_user_is_refused(client, cast):
    key = token_for(cast.hz_centre)
    cast.hz_centre.is_active = False
    cast.hz_centre.save()
    assert client.get(url("/programmes"), headers=bearer(key)).status_code == 401


def test_nothing_at_all_gets_401_with_a_chinese_hint(client, cast):
    response = client.get(url("/programmes"))
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_token_request_needs_no_csrf_token(cast):
    from django.test import Client

    hz = hangzhou()
    strict = Client(enforce_csrf_checks=True)
    body = {
        "activity_type": "course",
        "title": "开班典礼",
        "date": "2026-03-05",
        "cohort_id": hz.cohort.pk,
    }
    response = send(
        strict,
        "POST",
        f"/programmes/{hz.programme.slug}/activities",
        body,
        key=token_for(cast.hz_centre),
    )
    assert response.status_code == 201, response.content
