"""A forgotten password is reset by e-mail, without revealing whether an account exists."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import ALLOWED, check_access
from tests.factories import UserFactory
from touyan.audit.models import AuditEntry, Verb

pytestmark = pytest.mark.django_db
REQUEST = reverse("accounts:password_reset")


def ask(client, email, capture):
    with capture(execute=True):
        return client.post(REQUEST, {"email": email}, REMOTE_ADDR="203.0.113.4")


def without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def test_the_login_page_links_to_the_reset_and_the_pages_are_open(client, cast):
    assert REQUEST in client.get(reverse("accounts:login")).content.decode()
    for name in (
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
    ):
        check_access(client, cast, reverse(name), {"anonymous": ALLOWED, "xihu": ALLOWED})


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="li", email="li@example.cn")
    known = ask(client, "LI@example.cn", django_capture_on_commit_callbacks)
    unknown = ask(client, "nobody@example.cn", django_capture_on_commit_callbacks)
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert without_tokens(client.get(known.url)) == without_tokens(client.get(unknown.url))
    assert [m.to for m in mailoutbox] == [["li@example.cn"]]
    entry = AuditEntry.objects.get(verb=Verb.PASSWORD_RESET)
    assert entry.target_label and entry.ip_address == "203.0.113.4" and entry.actor is None


def test_a_deactivated_account_gets_no_link(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(username="li", email="li@example.cn", is_active=False)
    ask(client, "li@example.cn", django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not AuditEntry.objects.filter(verb=Verb.PASSWORD_RESET).exists()


def test_the_link_sets_a_new_password_once_and_the_change_is_audited(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(username="li", email="li@example.cn")
    elsewhere = Client()
    elsewhere.force_login(user)
    ask(client, "li@example.cn", django_capture_on_commit_callbacks)
    mail = mailoutbox[0]
    assert "头雁" in mail.subject and "li" in mail.body
    link = link_in(mail)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "Hainan-2026-new!"
    response = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response.url == reverse(
        "accounts:password_reset_complete"
    )
    user.refresh_from_db()
    assert user.check_password(new)
    entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_id=str(user.pk))
    assert entry.actor == user and entry.changes == {"password": ["***", "***"]}
    assert elsewhere.get(reverse("notifications:list")).status_code == 302  # sessions ended
    again = client.get(link, follow=True).content.decode()
    assert "这个链接无效" in again


def test_a_weak_password_is_refused_in_chinese(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="li", email="li@example.cn")
    ask(client, "li@example.cn", django_capture_on_commit_callbacks)
    form_page = client.get(link_in(mailoutbox[0]), follow=True)
    page = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert page.status_code == 200 and "密码" in page.content.decode()
    assert not AuditEntry.objects.filter(verb=Verb.UPDATE).exists()


def test_a_new_account_sets_its_first_password_through_the_link(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.hz_admin)
    data = {
        "username": "wang",
        "full_name": "王老师",
        "email": "wang@example.cn",
        "home_region": "330106",
        "send_link": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_create"), data)
    client.logout()
    form_page = client.get(link_in(mailoutbox[0]), follow=True)
    new = "Wang-2026-first!"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    response = client.post(reverse("accounts:login"), {"username": "wang", "password": new})
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_the_mail_is_in_english_for_an_english_session(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="li", email="li@example.cn")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(REQUEST).content.decode()
    assert "Forgot" in page
    ask(client, "li@example.cn", django_capture_on_commit_callbacks)
    assert "password" in mailoutbox[0].subject.lower()


def test_reset_mails_cannot_flood_a_mailbox_or_be_sprayed_from_one_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="victim", email="victim@example.cn")
    first = Client()
    answers = [
        ask(first, "victim@example.cn", django_capture_on_commit_callbacks).status_code
        for _ in range(7)
    ]
    assert answers == [302] * 5 + [429] * 2
    assert len(mailoutbox) == 5
    refused = ask(first, "victim@example.cn", django_capture_on_commit_callbacks)
    assert "分钟后再试" in refused.content.decode() and int(refused["Retry-After"]) > 0

    # The same mailbox from elsewhere is still held back; an address never registered is
    # held back the same way, so the answer tells nothing about who has an account.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    with django_capture_on_commit_callbacks(execute=True):
        assert elsewhere.post(REQUEST, {"email": "victim@example.cn"}).status_code == 429
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            elsewhere.post(REQUEST, {"email": f"nobody{n}@example.cn"})
    with django_capture_on_commit_callbacks(execute=True):
        assert elsewhere.post(REQUEST, {"email": "other@example.cn"}).status_code == 429
    assert len(mailoutbox) == 5


def test_the_mail_is_a_job_that_makes_the_link_when_it_sends(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from touyan.jobs import runner
    from touyan.jobs.models import Job

    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    UserFactory(username="li", email="li@example.cn")
    ask(client, "li@example.cn", django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="accounts.reset_mail")
    assert mailoutbox == [] and "token" not in str(job.payload)
    assert runner.run(job.pk) == "done"
    assert [m.to for m in mailoutbox] == [["li@example.cn"]]
