"""What the rotation's pages of several audiences show: a visit's stage in words, and whether
a rotation still matches the studio's members."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Visit
from .selectors import serving_members


def stage_of(visit: Visit) -> str:
    if visit.reported_at is not None:
        return _("已提交报告")
    if visit.activity_id is not None:
        return _("已举行，待报告")
    return _("计划中")


@dataclass(frozen=True)
class Changes:
    """Members not in the rotation yet, and planned visits of members who left."""

    new: list[str]
    gone: list[str]

    @property
    def any(self) -> bool:
        return bool(self.new or self.gone)


def changes_of(studio, visits: list[Visit]) -> Changes:
    members = list(serving_members(studio))
    planned = {visit.member_id for visit in visits}
    serving = {member.pk for member in members}
    return Changes(
        new=[member.principal.name for member in members if member.pk not in planned],
        gone=[
            visit.member.principal.name
            for visit in visits
            if visit.activity_id is None and visit.member_id not in serving
        ],
    )
