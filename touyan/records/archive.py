"""What the record keeps of a studio member, for their archive (``registry.MEMBER_ARCHIVE``):
the plans and deliverables they handed in to the studio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.registry import ArchivePart
from touyan.programmes.policy import spec_of

from .models import Deliverable
from .presenters import label_deliverables


def deliverables(membership) -> list[ArchivePart]:
    found = Deliverable.objects.filter(
        studio_id=membership.studio_id, principal_id=membership.principal_id
    ).order_by("submitted_on", "pk")
    rows = [
        (
            deliverable.kind_name,
            _("%(title)s（%(chars)s 字）")
            % {"title": deliverable.title, "chars": f"{deliverable.char_count:,}"},
            deliverable.submitted_on.isoformat(),
        )
        for deliverable in label_deliverables(found, spec_of(membership.studio.programme))
    ]
    return [
        ArchivePart(
            _("规划与成果"),
            rows,
            empty=_("尚未提交"),
            summary=_("%(n)d 份") % {"n": len(rows)} if rows else "",
        )
    ]
