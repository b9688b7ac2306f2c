"""A member's archive (HN-4.2.3): the host's guidance notes to a member, and the archive printed
as an audited PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record, record_export
from touyan.core.actors import Actor
from touyan.core.steps import display_name, require
from touyan.notifications.services import notify

from ..archive import archive_pdf
from ..models import GuidanceNote


def export_member_archive(*, actor: Actor, membership) -> bytes:
    """A member's archive as a PDF (HN-4.2.3), audited as an export."""
    require(actor, "studios.view_member_archive", membership)
    pdf = archive_pdf(membership)
    record_export(
        actor=actor,
        what=_("成员档案（%(name)s）") % {"name": membership.principal.name},
        count=1,
        unit=_("份"),
        target=membership,
        scope_code=membership.studio.region_id,
    )
    return pdf


@transaction.atomic
def write_guidance(*, actor: Actor, membership, body: str, deliverable=None) -> GuidanceNote:
    """The host's guidance note to a member, or comment on one of their plans (HN-4.2.3); the
    member is told."""
    require(actor, "studios.guide_member", membership)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("请填写指导意见")})
    if deliverable is not None and (
        deliverable.studio_id != membership.studio_id
        or deliverable.principal_id != membership.principal_id
    ):
        raise ValidationError({"deliverable": _("这份材料不是该成员在本工作室提交的")})
    note = GuidanceNote.objects.create(
        membership=membership,
        deliverable=deliverable,
        author=actor.user,
        author_name=display_name(actor),
        body=body,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=note,
        scope_code=membership.studio.region_id,
        changes={"body": [None, body[:200]]},
    )
    member = membership.principal.user
    if member is not None and member != actor.user:
        notify(
            users=[member],
            title=_("%(name)s 给您写了指导意见") % {"name": note.author_name},
            body=body[:200],
            url=reverse("studios:archive", args=[membership.pk]),
        )
    return note
