"""Sending one e-mail from a job: on a connection that gives up after ``EMAIL_TIMEOUT``
seconds, and failing with the kind of error only — the address and the text stay out of the
job's record and the log."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection, send_mail


class MailFailed(Exception):
    pass


def send_one(*, subject: str, text: str, address: str) -> int:
    try:
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        return send_mail(subject, text, None, [address], connection=connection)
    except Exception as error:
        raise MailFailed(type(error).__name__) from None
