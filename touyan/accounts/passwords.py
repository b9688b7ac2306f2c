"""Password reset by e-mail with Django's own tokens: who gets a link, the link, the mail.

The mail is sent by a job (``accounts.reset_mail``), which makes the link when it sends: the
token is never stored."""

import unicodedata
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from touyan.core.actors import Actor
from touyan.core.mail import send_one
from touyan.jobs.services import enqueue

from .models import User

SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/password_reset_email.txt"


@dataclass(frozen=True)
class LinkBase:
    """Where the link in the mail points: the host the request came to (checked against
    ``ALLOWED_HOSTS``) and its scheme."""

    domain: str
    use_https: bool
    # The mail is written in the language of the page it was asked from.
    language: str = settings.LANGUAGE_CODE

    @classmethod
    def from_request(cls, request) -> "LinkBase":
        return cls(
            domain=request.get_host(),
            use_https=request.is_secure(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def accounts_with_email(email: str) -> list[User]:
    """Active accounts with this address (compared as Django's reset form does). Accounts
    without a usable password are included: a new account sets its first password this way."""
    candidates = User.objects.filter(email__iexact=email, is_active=True)
    return [user for user in candidates if _folded(user.email) == _folded(email)]


def reset_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def mail_reset_link(user: User, link: LinkBase) -> None:
    """Ask for the mail; a mail failure is retried and kept on the job, never shown (the asker
    learns nothing)."""
    enqueue(
        actor=Actor.system(),
        kind="accounts.reset_mail",
        payload={"user_id": user.pk, "link": asdict(link)},
    )


def send_reset_link(*, user: User, link: LinkBase) -> int:
    protocol = "https" if link.use_https else "http"
    context = {
        "user": user,
        "url": f"{protocol}://{link.domain}{reset_path(user)}",
        "domain": link.domain,
    }
    with translation.override(link.language):
        subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, context).splitlines())
        body = loader.render_to_string(BODY_TEMPLATE, context)
    return send_one(subject=subject, text=body, address=user.email)
