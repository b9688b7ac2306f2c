"""What the studio itself keeps of a member, for their archive (``registry.MEMBER_ARCHIVE``):
the host's guidance notes and comments on their plans."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.registry import ArchivePart

from .models import GuidanceNote


def guidance(membership) -> list[ArchivePart]:
    notes = GuidanceNote.objects.filter(membership=membership).select_related("deliverable")
    rows = []
    for note in notes:
        about = (
            _("关于《%(title)s》：") % {"title": note.deliverable.title} if note.deliverable else ""
        )
        rows.append(
            (note.author_name, about + note.body, timezone.localdate(note.created_at).isoformat())
        )
    return [ArchivePart(_("指导意见"), rows, empty=_("尚无指导意见"))]
