"""What taking part in an online study session means under the programme's policy
(``[community] participation``): the evidence of each expected participant — when they first
opened the material and first posted in the discussion, both within the window — and whether
it is enough."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.people.models import Principal
from touyan.policies.schema import Community
from touyan.programmes.models import StudioMember
from touyan.programmes.policy import spec_of

from .models import Opening, Post, StudySession


@dataclass(frozen=True)
class Evidence:
    principal: Principal
    opened_at: dt.datetime | None
    posted_at: dt.datetime | None
    took_part: bool

    @property
    def note(self) -> str:
        """The attendance note: what was seen, in local time."""
        parts = []
        if self.opened_at:
            parts.append(_("打开资料 %(at)s") % {"at": _local(self.opened_at)})
        if self.posted_at:
            parts.append(_("发言 %(at)s") % {"at": _local(self.posted_at)})
        if not parts:
            return _("线上研修：讨论时段内未打开资料、未发言")
        prefix = _("线上研修：") if self.took_part else _("线上研修（未达参与要求）：")
        return prefix + "；".join(parts)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def rules_of(session: StudySession) -> Community | None:
    return spec_of(session.studio.programme).community


def took_part(mode: str, opened: bool, posted: bool) -> bool:
    if mode == "posted":
        return posted
    if mode == "opened":
        return opened
    return opened and posted


def expected(session: StudySession) -> dict[int, Principal]:
    """Who the session is for: its activity's expected participants (the studio's members
    when it was set), else the studio's current members."""
    if session.activity is not None:
        from touyan.records.services import expected_participants

        return expected_participants(session.activity)
    day = timezone.localtime(session.opens_at).date()
    members = (
        StudioMember.objects.filter(studio=session.studio, joined_on__lte=day)
        .exclude(left_on__lt=day)
        .select_related("principal")
    )
    return {m.principal_id: m.principal for m in members}


def evidence(session: StudySession) -> list[Evidence]:
    """Each expected participant's evidence, in name order."""
    community = rules_of(session)
    mode = community.participation if community else "opened_and_posted"
    people = expected(session)
    end = min(session.closes_at, session.closed_at) if session.closed_at else session.closes_at
    opened = dict(
        Opening.objects.filter(
            session=session,
            principal_id__in=people,
            opened_at__gte=session.opens_at,
            opened_at__lt=end,
        ).values_list("principal_id", "opened_at")
    )
    posted: dict[int, dt.datetime] = {}
    posts = (
        Post.objects.filter(
            thread_id=session.thread_id,
            principal_id__in=people,
            created_at__gte=session.opens_at,
            created_at__lt=end,
        )
        .exclude(state=Post.State.HIDDEN)
        .order_by("created_at")
        .values_list("principal_id", "created_at")
    )
    for principal_id, at in posts:
        posted.setdefault(principal_id, at)
    rows = [
        Evidence(
            principal=person,
            opened_at=opened.get(pk),
            posted_at=posted.get(pk),
            took_part=took_part(mode, pk in opened, pk in posted),
        )
        for pk, person in people.items()
    ]
    return sorted(rows, key=lambda row: row.principal.name)


def describe(community: Community | None) -> str:
    if community is None:
        return _("项目政策未规定线上研修的参与要求")
    what = {
        "opened_and_posted": _("在讨论时段内打开研修资料并在讨论区发言"),
        "posted": _("在讨论时段内在讨论区发言"),
        "opened": _("在讨论时段内打开研修资料"),
    }[community.participation]
    if community.counts_as_attendance:
        return _("参与要求：%(what)s；参与即记为出勤，未参与且未请假的记为缺勤。") % {"what": what}
    return _("参与要求：%(what)s；参与情况不计入考勤。") % {"what": what}
