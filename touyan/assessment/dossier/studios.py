"""A studio's dossier: what it organised and who came, each member's attendance, deliverables,
research, outreach, the compliance verdicts and the funds."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q

from touyan.programmes.models import Studio, StudioMember
from touyan.records.models import Attendance, Organiser

from ..models import Case
from .common import (
    ABSENT,
    LEAVE,
    PRESENT,
    Dossiers,
    attendance_counts,
    count_by_type,
    empty_funds,
    level_name,
)


class StudioDossiers(Dossiers):
    def build(self, cases: Sequence[Case]) -> dict[int, dict]:
        ids = sorted({case.studio_id for case in cases})
        studios = {
            s.pk: s
            for s in Studio.objects.filter(pk__in=ids).select_related(
                "host", "base_school", "region"
            )
        }
        members = self._members(ids)
        activities, attended = self._studio_activities(ids)
        deliverables = self.deliverables(Q(studio_id__in=ids))
        research = self.research(Q(studio_id__in=ids))
        verdicts = self.compliance(ids)
        rural, paired = self.outreach_types()
        dossiers = {}
        for case in cases:
            studio = studios[case.studio_id]
            own = activities.get(studio.pk, [])
            roster = members.get(studio.pk, [])
            dossier = self.head(
                "studio",
                {
                    "name": studio.name,
                    "host": studio.host.name,
                    "school": studio.base_school.name,
                    "region": studio.region.name,
                    "members": len(roster),
                },
            )
            dossier.update(
                activities=[item for _pk, item in own],
                activity_types=count_by_type(item for _pk, item in own),
                attendance=[
                    {
                        "name": name,
                        "school": school,
                        **attendance_counts(attended.get((studio.pk, principal), Counter())),
                    }
                    for principal, name, school in roster
                ],
                deliverables=deliverables.get(("studio", studio.pk), []),
                research=research.get(("studio", studio.pk), []),
                outreach=[
                    item
                    for _pk, item in own
                    if (item["type"] in rural and item["rural_or_weak"]) or item["type"] in paired
                ],
                compliance=verdicts.get(studio.pk, []),
                funds=empty_funds(),
            )
            dossiers[case.pk] = dossier
        return dossiers

    def _members(self, studio_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        """Studio → (principal, name, school) of those who were members during the period."""
        rows = (
            StudioMember.objects.filter(studio_id__in=studio_ids, joined_on__lte=self.ends)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=self.starts))
            .order_by("studio_id", "joined_on", "pk")
            .values_list("studio_id", "principal_id", "principal__name", "principal__school__name")
        )
        found: dict[int, list] = defaultdict(list)
        for studio, principal, name, school in rows:
            found[studio].append((principal, name, school or ""))
        return found

    def _studio_activities(self, studio_ids: list[int]):
        """Studio → [(activity pk, item)] organised in the period, by date; and (studio,
        principal) → attendance counts at them."""
        organised = (
            Organiser.objects.filter(self.in_period, studio_id__in=studio_ids)
            .order_by("activity__date", "activity_id")
            .values_list(
                "studio_id",
                "activity_id",
                "activity__date",
                "activity__end_date",
                "activity__activity_type",
                "activity__title",
                "activity__level",
                "activity__place_school__name",
                "activity__place_school__is_rural",
                "activity__place_school__is_weak",
            )
        )
        found: dict[int, list] = defaultdict(list)
        activity_ids = set()
        for studio, pk, date, end, kind, title, level, school, rural, weak in organised:
            activity_ids.add(pk)
            found[studio].append(
                (
                    pk,
                    {
                        "date": date.isoformat(),
                        "end_date": end.isoformat() if end else None,
                        "type": kind,
                        "type_name": self.type_name(kind),
                        "title": title,
                        "level": level,
                        "level_name": level_name(level),
                        "school": school or "",
                        "rural_or_weak": bool(rural or weak),
                        "attendance": {},
                    },
                )
            )
        # An activity several studios organised together appears once per studio.
        per_activity: dict[tuple[int, int], Counter] = defaultdict(Counter)
        attended: dict[tuple[int, int], Counter] = defaultdict(Counter)
        if activity_ids:
            rows = (
                Attendance.objects.filter(
                    self.in_period, activity__organisers__studio_id__in=studio_ids
                )
                .values_list("activity__organisers__studio_id", "activity_id", "principal_id")
                .annotate(
                    present=Count("pk", filter=Q(status=PRESENT)),
                    leave=Count("pk", filter=Q(status=LEAVE)),
                    absent=Count("pk", filter=Q(status=ABSENT)),
                )
            )
            for studio, activity, principal, present, leave, absent in rows:
                counts = Counter({PRESENT: present, LEAVE: leave, ABSENT: absent})
                attended[(studio, principal)] += counts
                per_activity[(studio, activity)] += counts
        for studio, items in found.items():
            for pk, item in items:
                item["attendance"] = attendance_counts(per_activity.get((studio, pk), Counter()))
        return found, attended
