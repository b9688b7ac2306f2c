"""The daily 待办 e-mail: at the scheduled hour one job asks for one job per person who chose
it; each sends that person their items through ``core.mail``, in the language they chose it in,
and nothing when there are none. Keys carry the day, so a schedule fired twice still mails each
person once."""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.jobs.kinds import job

from . import inbox
from .actors import Actor
from .mail import send_one

logger = logging.getLogger(__name__)


@job("inbox.digests", atomic=False)
def ask_for_digests(job) -> dict:
    from touyan.jobs.services import enqueue

    day = timezone.localdate().isoformat()
    people = (
        get_user_model()
        .objects.filter(inbox_digest=True, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    asked = 0
    for pk in people.iterator():
        enqueue(
            actor=Actor.system(),
            kind="inbox.digest",
            payload={"user_id": pk},
            key=f"inbox.digest:{pk}:{day}",
        )
        asked += 1
    return {"asked": asked}


# Not atomic: a mail is no database write; it is sent at least once.
@job("inbox.digest", atomic=False, max_attempts=3)
def send_digest(job, user_id: int) -> dict:
    user = get_user_model().objects.filter(pk=user_id, is_active=True, inbox_digest=True).first()
    if user is None or not user.email:
        return {"sent": 0}
    # The items' titles are worded as they are made, so they are made in the person's language.
    with translation.override(language_of(user)):
        items = inbox.items_for(user)
        if not items:
            return {"sent": 0, "items": 0}
        message_subject, message_text = subject(items), text(items)
    try:
        sent = send_one(subject=message_subject, text=message_text, address=user.email)
    except Exception:
        logger.warning("inbox digest to user %s failed (attempt %s)", user_id, job.attempts)
        raise
    return {"sent": sent, "items": len(items)}


def language_of(user) -> str:
    """The language the person chose their e-mail in, if still offered; else the site's."""
    chosen = getattr(user, "language", "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def subject(items) -> str:
    n = len(items)
    return ngettext("您有 %(n)d 项待办", "您有 %(n)d 项待办", n) % {"n": n}


def text(items) -> str:
    lines = []
    for shown in inbox.shown(items):
        item = shown.item
        line = f"· {item.title}"
        if item.subject:
            line = _("%(title)s（%(subject)s）") % {"title": line, "subject": item.subject}
        if item.due:
            line += " " + _("截止 %(due)s，%(left)s") % {
                "due": item.due.isoformat(),
                "left": shown.due_text,
            }
        lines += [line, "  " + urljoin(settings.TOUYAN_SITE_URL, item.url)]
    lines += ["", _("全部待办：%(url)s") % {"url": urljoin(settings.TOUYAN_SITE_URL, "/inbox/")}]
    lines.append(_("不想再收到这封邮件，可在待办页面的“每日邮件提醒”中关闭。"))
    return "\n".join(lines)
