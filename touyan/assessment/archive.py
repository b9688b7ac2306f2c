"""What assessment keeps of a studio member, for their archive (``registry.MEMBER_ARCHIVE``):
the grades of the published rounds that assessed them in this studio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from touyan.core.registry import ArchivePart

from .models import Case, Round
from .rubric import grade_name, rubric_of


def grades(membership) -> list[ArchivePart]:
    cases = (
        Case.objects.filter(member=membership, round__stage=Round.Stage.PUBLISHED)
        .select_related("round")
        .order_by("round__period_ends", "pk")
    )
    rows = [
        (
            case.round.name,
            grade_name(rubric_of(case.round), case.grade)
            + (f"（{case.reason}）" if case.reason else ""),
            case.round.period_ends.isoformat(),
        )
        for case in cases
    ]
    return [ArchivePart(_("考核"), rows, empty=_("尚无公布的考核结果"))]
