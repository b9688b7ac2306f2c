"""A case's evidence dossier (HN-5.3 查阅资料), assembled from the records of the round's period.

The dossier is plain JSON (``version`` says its shape): what the studio organised and who came,
each member's attendance, the written deliverables with their 字数, research projects and their
outcomes, outreach to rural or weak schools (and paired support), the compliance verdicts for
the period and a ``funds`` section the funds domain will fill. A member case holds that member's
attendance, deliverables and outcomes; a trainee case the hours per curriculum topic against the
policy's, attendance, deliverables, research, talks and paired support.

``assemble_many`` builds the dossiers of many cases of one round in a fixed number of queries,
whatever their number; ``assemble`` is the same for one case. Names are written in the
official language and numbers as integers or strings, so that the frozen JSON reads back the
same on every database and hashes the same (services/dossiers.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from touyan.compliance.engine import evaluate
from touyan.policies import schema
from touyan.programmes.models import Studio, StudioMember, Trainee
from touyan.programmes.policy import spec_of
from touyan.records.models import (
    Attendance,
    CountSource,
    CurriculumCredit,
    Deliverable,
    Level,
    Organiser,
    ResearchOutcome,
    ResearchProject,
)

from .models import Case, Round, Subjects

VERSION = 1
PRESENT, LEAVE, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LEAVE,
    Attendance.Status.ABSENT,
)


def assemble(case: Case) -> dict:
    """The dossier of one case, as of now."""
    return assemble_many(case.round, [case])[case.pk]


def assemble_many(round_: Round, cases: Sequence[Case]) -> dict[int, dict]:
    """Case pk → dossier, for cases of ``round_``, in a number of queries that does not grow
    with the number of cases."""
    if not cases:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        builder = _Builder(round_)
        if round_.subjects == Subjects.STUDIOS:
            return builder.studios(cases)
        if round_.subjects == Subjects.MEMBERS:
            return builder.members(cases)
        return builder.trainees(cases)


def empty_funds() -> dict:
    """What the funds domain will fill: the money spent in the period, by category."""
    return {
        "recorded": False,
        "note": "经费管理功能尚未上线，系统中没有本考核期的经费支出记录；如需说明，请写入自评报告或附加材料。",
        "total": None,
        "categories": [],
    }


class _Builder:
    def __init__(self, round_: Round):
        self.round = round_
        self.programme = round_.programme
        self.spec: schema.Policy = spec_of(self.programme)
        self.starts, self.ends = round_.period_starts, round_.period_ends
        self.in_period = Q(activity__date__gte=self.starts, activity__date__lte=self.ends)

    # common -------------------------------------------------------------------------------

    def _head(self, kind: str, subject: dict) -> dict:
        return {
            "version": VERSION,
            "kind": kind,
            "round": {"code": self.round.code, "name": self.round.name},
            "period": {"starts": self.starts.isoformat(), "ends": self.ends.isoformat()},
            "subject": subject,
        }

    def _type_name(self, code: str) -> str:
        kind = self.spec.activity_type(code)
        return kind.name if kind else code

    def _kind_name(self, code: str) -> str:
        kind = self.spec.deliverable_kind(code)
        return kind.name if kind else code

    def _deliverables(self, owner: Q) -> dict[int, list[dict]]:
        """Owner key → deliverables handed in during the period."""
        rows = (
            Deliverable.objects.filter(
                owner,
                programme=self.programme,
                submitted_on__gte=self.starts,
                submitted_on__lte=self.ends,
            )
            .order_by("submitted_on", "pk")
            .values_list(
                "studio_id",
                "principal_id",
                "kind",
                "title",
                "principal__name",
                "submitted_on",
                "char_count",
                "count_source",
                "count_verified_at",
            )
        )
        found: dict[int, list[dict]] = defaultdict(list)
        for studio, principal, kind, title, author, on, chars, source, verified in rows:
            pending = source == CountSource.DECLARED and verified is None
            item = {
                "kind": kind,
                "kind_name": self._kind_name(kind),
                "title": title,
                "author": author or "",
                "date": on.isoformat(),
                "chars": chars,
                "pending": pending,
            }
            found[("studio", studio)].append(item)
            found[("principal", principal)].append(item)
        return found

    def _research(self, owner: Q) -> dict:
        """(key, id) → projects running in the period, each with its outcomes of the period."""
        projects = (
            ResearchProject.objects.filter(owner, programme=self.programme)
            .filter(approved_on__lte=self.ends)
            .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=self.starts))
            .order_by("approved_on", "pk")
            .values_list(
                "pk",
                "studio_id",
                "leader_id",
                "leader__name",
                "title",
                "level",
                "approved_on",
                "concluded_on",
            )
        )
        by_project: dict[int, dict] = {}
        found: dict = defaultdict(list)
        for pk, studio, leader, leader_name, title, level, approved, concluded in projects:
            item = {
                "title": title,
                "leader": leader_name,
                "level": level,
                "level_name": _level(level),
                "approved_on": approved.isoformat(),
                "concluded_on": concluded.isoformat() if concluded else None,
                "outcomes": [],
            }
            by_project[pk] = item
            found[("studio", studio)].append(item)
            found[("principal", leader)].append(item)
        if by_project:
            outcomes = ResearchOutcome.objects.filter(
                project_id__in=list(by_project),
                achieved_on__gte=self.starts,
                achieved_on__lte=self.ends,
            ).order_by("achieved_on", "pk")
            for project, kind, title, level, on in outcomes.values_list(
                "project_id", "kind", "title", "level", "achieved_on"
            ):
                by_project[project]["outcomes"].append(
                    {
                        "kind": kind,
                        "kind_name": str(ResearchOutcome.Kind(kind).label),
                        "title": title,
                        "level": level,
                        "level_name": _level(level),
                        "date": on.isoformat(),
                    }
                )
        return found

    def _outreach_types(self) -> tuple[set[str], set[str]]:
        """Activity types that count as outreach at rural or weak schools, and as paired
        support, as the compliance rules recognise them."""
        rural, paired = set(), set()
        for rule in self.spec.rules:
            if rule.kind == "activity_count" and rule.at_rural_or_weak_school:
                rural |= set(rule.activity_types)
            elif rule.kind == "paired_support":
                paired |= set(rule.activity_types)
        return rural, paired

    def _compliance(self, subject_ids: list[int]) -> dict[int, list[dict]]:
        """Subject id → the verdicts of every rule for the periods that overlap the round's,
        as the engine gives them on the period's last day (or today, if that is earlier)."""
        as_of = min(self.ends, timezone.localdate())
        evaluation = evaluate(self.programme, as_of=as_of, subject_ids=subject_ids)
        found: dict[int, list[dict]] = defaultdict(list)
        for rule in evaluation.rules:
            for subject in subject_ids:
                cell = evaluation.cells.get((subject, rule.id))
                if cell is None:
                    continue
                periods = [
                    {
                        "label": str(v.period.label),
                        "starts": v.period.start.isoformat(),
                        "ends": v.period.end.isoformat(),
                        "state": str(v.state),
                        "state_name": str(v.state.label),
                        "count": _number(v.count),
                        "required": _number(v.required),
                        "missing": str(v.missing),
                    }
                    for v in cell.verdicts
                    if v.period.start <= self.ends and v.period.end >= self.starts
                ]
                if periods:
                    found[subject].append(
                        {
                            "rule": rule.id,
                            "clause": rule.clause,
                            "title": str(rule.title),
                            "requirement": str(rule.requirement),
                            "periods": periods,
                        }
                    )
        return found

    # studios ------------------------------------------------------------------------------

    def studios(self, cases: Sequence[Case]) -> dict[int, dict]:
        ids = sorted({case.studio_id for case in cases})
        studios = {
            s.pk: s
            for s in Studio.objects.filter(pk__in=ids).select_related(
                "host", "base_school", "region"
            )
        }
        members = self._members(ids)
        activities, attended = self._studio_activities(ids)
        deliverables = self._deliverables(Q(studio_id__in=ids))
        research = self._research(Q(studio_id__in=ids))
        verdicts = self._compliance(ids)
        rural, paired = self._outreach_types()
        dossiers = {}
        for case in cases:
            studio = studios[case.studio_id]
            own = activities.get(studio.pk, [])
            roster = members.get(studio.pk, [])
            dossier = self._head(
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
                activity_types=_by_type(item for _pk, item in own),
                attendance=[
                    {
                        "name": name,
                        "school": school,
                        **_counts(attended.get((studio.pk, principal), Counter())),
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
                        "type_name": self._type_name(kind),
                        "title": title,
                        "level": level,
                        "level_name": _level(level),
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
                item["attendance"] = _counts(per_activity.get((studio, pk), Counter()))
        return found, attended

    # members ------------------------------------------------------------------------------

    def members(self, cases: Sequence[Case]) -> dict[int, dict]:
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
                    "type_name": self._type_name(kind),
                    "title": title,
                    "status": status,
                    "status_name": str(Attendance.Status(status).label),
                    "presented": presented,
                }
            )
        deliverables = self._deliverables(Q(principal_id__in=principals))
        research = self._research(Q(leader_id__in=principals))
        dossiers = {}
        for case in cases:
            member = memberships[case.member_id]
            own = sessions.get((member.studio_id, member.principal_id), [])
            dossier = self._head(
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
                attendance={**_counts(Counter(s["status"] for s in own)), "sessions": own},
                deliverables=deliverables.get(("principal", member.principal_id), []),
                research=research.get(("principal", member.principal_id), []),
            )
            dossiers[case.pk] = dossier
        return dossiers

    # trainees -----------------------------------------------------------------------------

    def trainees(self, cases: Sequence[Case]) -> dict[int, dict]:
        trainees = {
            t.pk: t
            for t in Trainee.objects.filter(pk__in=[c.trainee_id for c in cases]).select_related(
                "principal__school", "cohort"
            )
        }
        principals = {t.principal_id: t.pk for t in trainees.values()}
        cohorts = sorted({t.cohort_id for t in trainees.values()})
        hours, in_period = self._hours(trainees, principals)
        scheduled = dict(
            Organiser.objects.filter(self.in_period, cohort_id__in=cohorts)
            .values_list("cohort_id")
            .annotate(n=Count("activity_id", distinct=True))
            .values_list("cohort_id", "n")
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
        rural, paired = self._outreach_types()
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
                "type_name": self._type_name(kind),
                "title": title,
                "level": level,
                "level_name": _level(level),
                "school": school or "",
            }
            if presented:
                talks[principal].append(item)
            if kind in paired:
                pairing[principal].append(item)
        deliverables = self._deliverables(Q(studio__isnull=True, principal_id__in=principals))
        research = self._research(Q(leader_id__in=list(principals)))
        verdicts = self._compliance(sorted(trainees))
        curriculum = self.spec.curriculum
        dossiers = {}
        for case in cases:
            trainee = trainees[case.trainee_id]
            principal = trainee.principal_id
            done = hours.get(trainee.pk, {})
            recent = in_period.get(trainee.pk, {})
            topics = [
                {
                    "code": topic.code,
                    "name": topic.name,
                    "required": topic.hours,
                    "done": _hours(done.get(topic.code)),
                    "in_period": _hours(recent.get(topic.code)),
                }
                for topic in (curriculum.topics if curriculum else [])
            ]
            dossier = self._head(
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
                    "done": _hours(sum(done.values(), start=Decimal(0))),
                    "topics": topics,
                },
                attendance={
                    **_counts(counts),
                    "scheduled": scheduled.get(trainee.cohort_id, 0),
                },
                deliverables=deliverables.get(("principal", principal), []),
                research=research.get(("principal", principal), []),
                talks=talks.get(principal, []),
                paired_support=pairing.get(principal, []),
                compliance=verdicts.get(trainee.pk, []),
            )
            dossiers[case.pk] = dossier
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


def _level(code: str) -> str:
    return str(Level(code).label) if code in Level.values else ""


def _counts(counts: Counter) -> dict:
    """Present, leave and absent, and the share present (a whole percentage, None when no one
    was marked)."""
    present, leave, absent = counts[PRESENT], counts[LEAVE], counts[ABSENT]
    marked = present + leave + absent
    return {
        "present": present,
        "leave": leave,
        "absent": absent,
        "rate": round(present * 100 / marked) if marked else None,
    }


def _by_type(items: Iterable[dict]) -> list[dict]:
    counts: dict[str, list] = {}
    for item in items:
        entry = counts.setdefault(item["type"], [item["type_name"], 0])
        entry[1] += 1
    return [{"type": code, "name": name, "count": n} for code, (name, n) in counts.items()]


def _hours(value) -> str:
    """Hours as a string with one decimal: JSON keeps no decimals exactly."""
    return f"{Decimal(value or 0):.1f}"


def _number(value) -> int | str:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else f"{value.normalize()}"
