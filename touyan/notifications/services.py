"""Telling people what concerns them: a row on their notifications page and, once the
transaction that caused it has committed, an e-mail sent by a job of the task queue
(``notifications.mail``, retried when the mail server fails).

Notifications are side effects of an audited action and are not audited themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.jobs.services import enqueue

from .links import absolute_link
from .models import TITLE_LENGTH, URL_LENGTH, Notification


@dataclass(frozen=True)
class Mail:
    user_id: int
    address: str
    subject: str
    text: str


def notify(
    *,
    users: Iterable[User | None],
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """One notification per distinct active user (None and inactive users are skipped); with
    ``email``, one message per such user with an address, sent after the commit."""
    if len(url) > URL_LENGTH:
        raise ValueError(f"notification url longer than {URL_LENGTH} characters")
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1] + "…"
    recipients = _distinct_active(users)
    if not recipients:
        return []
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        [
            Notification(user=user, title=title, body=body, url=url, created_at=now)
            for user in recipients
        ]
    )
    if email:
        mails = _mails_for(recipients, title=title, body=body, url=url)
        if mails:
            transaction.on_commit(lambda: send_mails(mails), robust=True)
    return notifications


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (only those in ``ids`` when given); returns
    how many changed. Other people's notifications are never touched."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def send_mails(mails: list[Mail]) -> None:
    """One job per mail, so that each is retried on its own; the job reads the address."""
    for mail in mails:
        payload = {"user_id": mail.user_id, "subject": mail.subject, "text": mail.text}
        enqueue(actor=Actor.system(), kind="notifications.mail", payload=payload)


def _distinct_active(users: Iterable[User | None]) -> list[User]:
    seen: set[int] = set()
    recipients = []
    for user in users:
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        recipients.append(user)
    return recipients


def _mails_for(recipients: list[User], *, title: str, body: str, url: str) -> list[Mail]:
    # A line break in a subject would make the mail refused as a header injection.
    subject = _("[头雁] %(title)s") % {"title": " ".join(title.split())}
    parts = [body] if body else []
    if link := absolute_link(url):
        parts.append(_("查看：%(link)s") % {"link": link})
    text = "\n\n".join(parts)
    return [
        Mail(user_id=user.pk, address=user.email, subject=subject, text=text)
        for user in recipients
        if user.email
    ]
