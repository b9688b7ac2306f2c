"""What the rotation keeps of a studio member, for their archive (``registry.MEMBER_ARCHIVE``):
the diagnosis of their school — when, each item's recommendations and the school's follow-up."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.registry import ArchivePart

from .models import ReportItem, Visit


def visit(membership) -> list[ArchivePart]:
    found = (
        Visit.objects.filter(studio_id=membership.studio_id, member=membership)
        .select_related("activity", "school")
        .first()
    )
    if found is None:
        return [ArchivePart(_("入校诊断"), [], empty=_("尚未排入诊断计划"))]
    if found.activity_id is None:
        when = _("计划于 %(month)s") % {"month": found.month.strftime("%Y-%m")}
        return [ArchivePart(_("入校诊断"), [], empty=when)]
    rows = [
        (
            item.title,
            _("建议：%(advice)s；落实：%(done)s")
            % {"advice": item.recommendations, "done": item.follow_up or _("尚未登记")},
            found.activity.date.isoformat(),
        )
        for item in ReportItem.objects.filter(visit=found).order_by("position", "pk")
    ]
    summary = _("%(school)s，%(date)s") % {
        "school": found.school.name,
        "date": found.activity.date.isoformat(),
    }
    return [ArchivePart(_("入校诊断"), rows, empty=_("诊断报告尚未登记"), summary=summary)]
