"""A trainee's dossier (HZ-3.4.3): hours per curriculum topic against the policy's, attendance,
deliverables, research, talks, paired support and the compliance verdicts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum

from touyan.programmes.models import Trainee
from touyan.records.models import Attendance, Audience, CurriculumCredit, Organiser

from ..models import Case
from .common import (
    PRESENT,
    Dossiers,
    attendance_counts,
    hours_text,
    level_name,
)


class TraineeDossiers(Dossiers):
    def build(self, cases: Sequence[Case]) -> dict[int, dict]:
        found = self.for_trainees([case.trainee_id for case in cases])
        return {case.pk: found[case.trainee_id] for case in cases}

    def for_trainees(self, trainee_ids: Sequence[int]) -> dict[int, dict]:
        """Trainee pk → dossier; also read by the completion review (training/evidence.py),
        which adds the training sections (studio, plan evaluation, mentors' opinion, removal)."""
        trainees = {
            t.pk: t
            for t in Trainee.objects.filter(pk__in=list(trainee_ids)).select_related(
                "principal__school", "cohort"
            )
        }
        principals = {t.principal_id: t.pk for t in trainees.values()}
        cohorts = sorted({t.cohort_id for t in trainees.values()})
        hours, in_period = self._hours(trainees, principals)
        scheduled = dict(
            Organiser.objects.filter(
                self.in_period, cohort_id__in=cohorts, activity__audience__isnull=True
            )
            .values_list("cohort_id")
            .annotate(n=Count("activity_id", distinct=True))
            .values_list("cohort_id", "n")
        )
        # A session held for some of the cohort only (a mentor team's) is theirs alone.
        held_for = dict(
            Audience.objects.filter(
                self.in_period,
                principal_id__in=list(principals),
                activity__organisers__cohort_id__in=cohorts,
            )
            .values_list("principal_id")
            .annotate(n=Count("activity_id", distinct=True))
            .values_list("principal_id", "n")
        )
        marked: dict[int, Counter] = defaultdict(Counter)
        for principal, status, n in (
            Attendance.objects.filter(
                self.in_period,
                principal_id__in=list(principals),
                activity__organisers__cohort_id__in=cohorts,
            )
            .values_list("principal_id", "status")
            .annotate(n=Count("pk"))
        ):
            marked[principal][status] += n
        rural, paired = self.outreach_types()
        talks, pairing = defaultdict(list), defaultdict(list)
        for principal, date, kind, title, level, school, presented in (
            Attendance.objects.filter(self.in_period, principal_id__in=list(principals))
            .filter(Q(presented=True) | Q(activity__activity_type__in=sorted(paired)))
            .filter(status=PRESENT)
            .order_by("activity__date", "activity_id")
            .values_list(
                "principal_id",
                "activity__date",
                "activity__activity_type",
                "activity__title",
                "activity__level",
                "activity__place_school__name",
                "presented",
            )
        ):
            item = {
                "date": date.isoformat(),
                "type_name": self.type_name(kind),
                "title": title,
                "level": level,
                "level_name": level_name(level),
                "school": school or "",
            }
            if presented:
                talks[principal].append(item)
            if kind in paired:
                pairing[principal].append(item)
        deliverables = self.deliverables(Q(studio__isnull=True, principal_id__in=principals))
        research = self.research(Q(leader_id__in=list(principals)))
        verdicts = self.compliance(sorted(trainees))
        curriculum = self.spec.curriculum
        from touyan.training.evidence import training_sections

        sections = training_sections(list(trainees.values()))
        dossiers = {}
        for trainee in trainees.values():
            principal = trainee.principal_id
            done = hours.get(trainee.pk, {})
            recent = in_period.get(trainee.pk, {})
            topics = [
                {
                    "code": topic.code,
                    "name": topic.name,
                    "required": topic.hours,
                    "done": hours_text(done.get(topic.code)),
                    "in_period": hours_text(recent.get(topic.code)),
                }
                for topic in (curriculum.topics if curriculum else [])
            ]
            dossier = self.head(
                "trainee",
                {
                    "name": trainee.principal.name,
                    "school": trainee.principal.school.name if trainee.principal.school else "",
                    "cohort": trainee.cohort.name,
                    "joined_on": trainee.joined_on.isoformat(),
                },
            )
            counts = marked.get(principal, Counter())
            dossier.update(
                hours={
                    "required": curriculum.total_hours if curriculum else None,
                    "done": hours_text(sum(done.values(), start=Decimal(0))),
                    "topics": topics,
                },
                attendance={
                    **attendance_counts(counts),
                    "scheduled": scheduled.get(trainee.cohort_id, 0)
                    + held_for.get(trainee.principal_id, 0),
                },
                deliverables=deliverables.get(("principal", principal), []),
                research=research.get(("principal", principal), []),
                talks=talks.get(principal, []),
                paired_support=pairing.get(principal, []),
                compliance=verdicts.get(trainee.pk, []),
                **sections[trainee.pk],
            )
            dossiers[trainee.pk] = dossier
        return dossiers

    def _hours(self, trainees: dict[int, Trainee], principals: dict[int, int]):
        """Trainee → topic → hours since the course began, and within the period: sessions
        attended plus hours credited for recognised study."""
        total: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        recent: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        attended = (
            Attendance.objects.filter(
                principal_id__in=list(principals),
                status=PRESENT,
                activity__programme=self.programme,
                activity__date__lte=self.ends,
            )
            .exclude(activity__topic="")
            .values_list("principal_id", "activity__topic")
            .annotate(
                h=Sum("activity__hours"),
                recent=Sum("activity__hours", filter=Q(activity__date__gte=self.starts)),
            )
        )
        for principal, topic, h, in_period in attended:
            trainee = principals[principal]
            total[trainee][topic] += h or 0
            recent[trainee][topic] += in_period or 0
        credits = (
            CurriculumCredit.objects.filter(
                trainee_id__in=list(trainees), credited_on__lte=self.ends
            )
            .values_list("trainee_id", "topic")
            .annotate(h=Sum("hours"), recent=Sum("hours", filter=Q(credited_on__gte=self.starts)))
        )
        for trainee, topic, h, in_period in credits:
            total[trainee][topic] += h or 0
            recent[trainee][topic] += in_period or 0
        return total, recent


# helpers ------------------------------------------------------------------------------------
