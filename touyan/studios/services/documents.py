"""The host's documents (HN-4.2.1): each save is a new version, the older ones stay readable
with who saved them and when. A version is a studio deliverable of the document's kind
(``touyan.studios.documents``), handed in through ``records.services.submit_deliverable`` —
so it is checked, counted and audited as every deliverable is, and the compliance rules
reading that kind see it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.uploads import atomic_with_files
from touyan.notifications.services import notify
from touyan.programmes.models import Studio
from touyan.records.models import Deliverable
from touyan.records.services import submit_deliverable

from ..documents import document_of
from ..selectors import document_versions, serving_members


def save_host_document(
    *,
    actor: Actor,
    studio: Studio,
    document: str,
    body: str = "",
    file=None,
    declared_chars: int | None = None,
    today: dt.date | None = None,
) -> Deliverable:
    """Save a new version of one of the studio's host documents: its text written in the
    page, a .docx or PDF, or both. A version the same as the current one is refused. It is
    handed in on the server's date (``today``, by default the local date)."""
    require(actor, "studios.write_documents", studio)
    found = document_of(studio.programme, document)
    if found is None:
        raise ValidationError({"document": _("本项目的政策中没有这份主持人文件")})
    body = body.strip()
    with atomic_with_files():
        # One version at a time per studio: two saves at once get numbers one after the other.
        Studio.objects.select_for_update().filter(pk=studio.pk).first()
        versions = document_versions(studio, document)
        current = versions.first()
        if current is not None and not file and body and body == current.body:
            raise ValidationError({"body": _("内容与当前版本相同，未保存新版本")})
        number = versions.count() + 1
        version = submit_deliverable(
            actor=actor,
            programme=studio.programme,
            kind=found.kind,
            title=_("%(document)s（第 %(number)d 版）")
            % {"document": found.label, "number": number},
            studio=studio,
            body=body,
            file=file,
            declared_chars=declared_chars,
            document=document,
            today=today,
        )
        notify(
            users=[member.principal.user for member in serving_members(studio)],
            title=_("“%(studio)s”的%(document)s已更新为第 %(number)d 版")
            % {"studio": studio.name, "document": found.label, "number": number},
            url=reverse("studios:document", args=[studio.pk, document]),
            email=False,
        )
    return version
