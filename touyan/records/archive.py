"""What the record keeps of a studio member, for their archive (``registry.MEMBER_ARCHIVE``):
the plans and deliverables they handed in to the studio, and their attendance at its
activities."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.registry import ArchivePart
from touyan.programmes.policy import spec_of

from .models import Attendance, Deliverable
from .presenters import label_deliverables
from .selectors import attendance_of_member


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


def attendance(membership) -> list[ArchivePart]:
    """The figures as the attendance rule counts them, and each activity's mark."""
    figures = attendance_of_member(membership)
    marks = (
        Attendance.objects.filter(
            principal_id=membership.principal_id,
            activity__organisers__studio_id=membership.studio_id,
        )
        .distinct()
        .select_related("activity")
        .order_by("activity__date", "activity_id")
    )
    rows = [
        (
            mark.activity.title,
            mark.get_status_display() + (f"（{mark.note}）" if mark.note else ""),
            mark.activity.date.isoformat(),
        )
        for mark in marks
    ]
    summary = ""
    if figures.held:
        summary = _(
            "应出勤 %(held)d 次：出勤 %(present)d 次（%(share)d%%），请假 %(leave)d 次，"
            "缺勤 %(absent)d 次，未登记 %(unmarked)d 次"
        ) % {
            "held": figures.held,
            "present": figures.present,
            "share": figures.share,
            "leave": figures.leave,
            "absent": figures.absent,
            "unmarked": figures.unmarked,
        }
    return [ArchivePart(_("出勤"), rows, empty=_("尚无考勤记录"), summary=summary)]
