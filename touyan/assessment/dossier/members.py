"""A member's dossier (HN-4.2.4): their attendance at the studio's activities, deliverables and
research."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db.models import Q

from touyan.programmes.models import StudioMember
from touyan.records.models import Attendance

from ..models import Case
from .common import (
    Dossiers,
    attendance_counts,
)


class MemberDossiers(Dossiers):
    def build(self, cases: Sequence[Case]) -> dict[int, dict]:
        memberships = {
            m.pk: m
            for m in StudioMember.objects.filter(pk__in=[c.member_id for c in cases])
            .select_related("principal__school", "studio")
            .only(
                "joined_on",
                "left_on",
                "principal__name",
                "principal__school__name",
                "studio__name",
            )
        }
        principals = [m.principal_id for m in memberships.values()]
        studio_ids = sorted({m.studio_id for m in memberships.values()})
        attendance = (
            Attendance.objects.filter(
                self.in_period,
                principal_id__in=principals,
                activity__organisers__studio_id__in=studio_ids,
            )
            .order_by("activity__date", "activity_id")
            .values_list(
                "principal_id",
                "activity__organisers__studio_id",
                "activity__date",
                "activity__activity_type",
                "activity__title",
                "status",
                "presented",
            )
        )
        sessions: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for principal, studio, date, kind, title, status, presented in attendance:
            sessions[(studio, principal)].append(
                {
                    "date": date.isoformat(),
                    "type_name": self.type_name(kind),
                    "title": title,
                    "status": status,
                    "status_name": str(Attendance.Status(status).label),
                    "presented": presented,
                }
            )
        deliverables = self.deliverables(Q(principal_id__in=principals))
        research = self.research(Q(leader_id__in=principals))
        dossiers = {}
        for case in cases:
            member = memberships[case.member_id]
            own = sessions.get((member.studio_id, member.principal_id), [])
            dossier = self.head(
                "member",
                {
                    "name": member.principal.name,
                    "school": member.principal.school.name if member.principal.school else "",
                    "studio": member.studio.name,
                    "joined_on": member.joined_on.isoformat(),
                    "left_on": member.left_on.isoformat() if member.left_on else None,
                },
            )
            dossier.update(
                attendance={
                    **attendance_counts(Counter(s["status"] for s in own)),
                    "sessions": own,
                },
                deliverables=deliverables.get(("principal", member.principal_id), []),
                research=research.get(("principal", member.principal_id), []),
            )
            dossiers[case.pk] = dossier
        return dossiers
