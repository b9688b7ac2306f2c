"""Benchmark programmes on top of the national registry (``touyan seed --programmes``).

Two programmes, as of a fixed date (default 2026-11-21), each written in one transaction:

- ``national-studios``: the Hainan studio policy run nationally, 5,000 studios in their cycle's
  15th month, each with its host and 10–12 members from the host's province, about 120
  activities so far with attendance for everyone expected, plans, reports and research projects.
- ``national-training``: the Hangzhou training policy run in 30 cities, 3 cohorts of 50 a city,
  each cohort with its whole 270-hour schedule, attendance at the sessions held so far,
  deliverables and research projects.

Programmes, policies and themes go through their services. The bulk (studios, members,
cohorts, trainees and every record) is written with ``FastWriter`` — COPY on PostgreSQL —
and audited as one IMPORT entry per programme. A programme that already exists is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.diagnosis.models import Visit
from touyan.policies.services import publish_policy
from touyan.programmes import services as programme_services
from touyan.programmes.calendar import DAY, add_months
from touyan.programmes.models import Cohort, Programme, Studio, StudioMember, Trainee
from touyan.programmes.policy import calendar_of, spec_of
from touyan.records.models import (
    Activity,
    Attendance,
    Deliverable,
    Organiser,
    ResearchOutcome,
    ResearchProject,
)
from touyan.regions.models import Region

from .bulk import FastWriter
from .naming import chinese_number
from .national_people import Person, load_registry, studio_teams, trainees_by_city
from .national_policies import (
    STUDIO_NAME,
    STUDIO_SLUG,
    TRAINING_NAME,
    TRAINING_SLUG,
    studio_policy_text,
    training_policy_text,
)
from .studio_records import (
    DeliverableDraft,
    Draft,
    ProjectDraft,
    Seat,
    StudioCalendar,
    StudioPlan,
    joint_activities,
    studio_records,
)
from .training_records import CohortPlan, cohort_records

AS_OF = dt.date(2026, 11, 21)
SEED = 20261121
PARTNER_REGIONS = ["520000", "540000", "630000", "650000"]  # 贵州、西藏、青海、新疆
THEMES = (
    "办学理念凝练与学校发展规划",
    "课程教学改革与教师队伍建设",
    "办学特色形成与成果提炼推广",
)
IMPORT_NOTE = "基准测试数据（touyan seed --programmes）：批量写入，不逐条记审计"
PRESENT, LEAVE, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LEAVE,
    Attendance.Status.ABSENT,
)

ACTIVITY_COLUMNS = (
    "id", "programme_id", "activity_type", "title", "date", "end_date", "start_time",
    "end_time", "place", "place_school_id", "level", "topic", "hours", "description",
    "created_at", "created_by_id",
)  # fmt: skip
ATTENDANCE_COLUMNS = (
    "id", "activity_id", "principal_id", "status", "presented", "note", "recorded_at",
    "recorded_by_id",
)  # fmt: skip
VISIT_COLUMNS = (
    "id", "studio_id", "member_id", "school_id", "month", "month_chosen", "activity_id",
    "summary", "reported_at", "reported_by_id", "created_at", "created_by_id",
)  # fmt: skip
DELIVERABLE_COLUMNS = (
    "id", "programme_id", "kind", "title", "studio_id", "principal_id", "document", "body", "file",
    "submitted_on", "char_count", "count_source", "count_verified_at", "count_verified_by_id",
    "created_at", "created_by_id",
)  # fmt: skip


@dataclass(frozen=True)
class Scale:
    studios: int = 5_000
    cities: int = 30
    cohorts_per_city: int = 3
    cohort_size: int = 50
    as_of: dt.date = AS_OF
    seed: int = SEED
    studio_batch: int = 250  # studios written per batch
    city_batch: int = 5  # cities of cohorts written per batch


def cycle_start(as_of: dt.date) -> dt.date:
    """The 1 September 14 months before ``as_of``: the cycle is in its 15th month."""
    day = add_months(as_of, -14)
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


@dataclass
class Batch:
    slug: str
    number: int
    batches: int
    subjects: int
    activities: int
    attendance: int
    deliverables: int
    seconds: float


@dataclass
class Seeded:
    slug: str
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def seed_national_programmes(
    *, scale: Scale = Scale(), progress: Callable[[Batch], None] | None = None
) -> list[Seeded]:
    actor = Actor.command_line()
    people: list[Person] | None = None
    results = []
    for slug, seed_one in ((STUDIO_SLUG, _seed_studios), (TRAINING_SLUG, _seed_training)):
        if Programme.objects.filter(slug=slug).exists():
            results.append(Seeded(slug, created=False))
            continue
        if people is None:
            people = load_registry()
        started = time.perf_counter()
        with transaction.atomic():
            writer = FastWriter()
            writer.begin()
            counts = seed_one(writer, actor, people, scale, progress)
            writer.finish()
        _analyze(writer)
        results.append(Seeded(slug, True, counts, time.perf_counter() - started))
    return results


def _analyze(writer: FastWriter) -> None:
    """Fresh planner statistics, so that the first queries on the new rows are planned well;
    on PostgreSQL also the visibility map and hint bits that autovacuum would set later, so
    that the first reader does not pay for them."""
    vacuum = writer.postgresql and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in writer.rows_written:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"' if vacuum else f'ANALYZE "{table}"')


# the studio programme -----------------------------------------------------------------------


def _seed_studios(writer, actor, people, scale: Scale, progress) -> dict[str, int]:
    start = cycle_start(scale.as_of)
    reserved = {
        person.id
        for chosen in trainees_by_city(
            people, cities=scale.cities, per_city=_trainees_per_city(scale), seed=scale.seed
        ).values()
        for person in chosen
    }
    teams = studio_teams(people, studios=scale.studios, reserved=reserved, seed=scale.seed)
    version = publish_policy(actor=actor, text=studio_policy_text())
    programme = programme_services.create_programme(
        actor=actor,
        slug=STUDIO_SLUG,
        name=STUDIO_NAME,
        policy_version=version,
        starts_on=start,
        description=f"基准测试数据：{scale.studios} 个工作室的一个三年周期，记录截至 {scale.as_of}。",
    )
    for year, title in enumerate(THEMES, start=1):
        programme_services.set_theme(actor=actor, programme=programme, year=year, title=title)
    days = StudioCalendar(calendar_of(programme), scale.as_of)
    records = _Records(writer, programme, scale.as_of)
    plans, records.memberships = _write_studios(writer, programme, teams, people, start, scale.seed)
    batches = _chunks(plans, scale.studio_batch)
    for number, batch in enumerate(batches, start=1):
        started = time.perf_counter()
        before = dict(records.counts)
        drafts, deliverables, projects = [], [], []
        for plan in batch:
            rng = random.Random(f"{scale.seed}:studio:{plan.index}")
            records.meet([plan.host_id, *(seat.principal_id for seat in plan.seats)], rng)
            made = studio_records(plan, days, rng)
            drafts += made.activities
            deliverables += made.deliverables
            projects += made.projects
        for first, second in _neighbours(batch):
            rng = random.Random(f"{scale.seed}:joint:{first.index}")
            drafts += joint_activities(first, second, days, rng)
        records.activities(drafts, [None] * len(drafts), random.Random(f"{scale.seed}:{number}"))
        records.deliverables(deliverables)
        records.projects(projects)
        if progress is not None:
            progress(records.batch(STUDIO_SLUG, number, len(batches), len(batch), before, started))
    counts = {"studios": len(plans), "members": writer.rows_written[StudioMember._meta.db_table]}
    return records.finish(actor, counts)


def _neighbours(batch: list[StudioPlan]) -> Iterator[tuple[StudioPlan, StudioPlan]]:
    """Pairs of studios of one province that work together (HN-4.1.5)."""
    by_province: dict[str, list[StudioPlan]] = defaultdict(list)
    for plan in batch:
        by_province[plan.region_id[:2]].append(plan)
    for group in by_province.values():
        yield from zip(group[::2], group[1::2], strict=False)


def _write_studios(writer, programme, teams, people, start, seed) -> list[StudioPlan]:
    spec = spec_of(programme)
    outreach, others = _schools_by_province(people)
    ids = writer.reserve(Studio, len(teams))
    plans = []
    for index, (studio_id, team) in enumerate(zip(ids, teams, strict=True)):
        rng = random.Random(f"{seed}:team:{index}")
        host = team.host
        seats = [Seat(m.id, m.name, m.school_id, m.school_name, start) for m in team.members]
        if team.replacement is not None:
            leaver = rng.randrange(len(seats))
            left = start + rng.randint(60, 300) * DAY
            seats[leaver] = replace(seats[leaver], left_on=left)
            new = team.replacement
            seats.append(
                Seat(new.id, new.name, new.school_id, new.school_name,
                     left + rng.randint(15, 45) * DAY)
            )  # fmt: skip
        province = host.province
        plans.append(
            StudioPlan(
                index=index,
                id=studio_id,
                name=spec.naming.studio_name(host.name) if spec.naming else host.name,
                host_id=host.id,
                host_name=host.name,
                base_school_id=host.school_id,
                base_school_name=host.school_name,
                region_id=host.region_id,
                seats=seats,
                outreach_schools=outreach[province],
                other_schools=others[province],
            )
        )
    base_title = spec.naming.base_school if spec.naming else ""
    writer.write(
        Studio,
        (
            "id",
            "programme_id",
            "name",
            "host_id",
            "base_school_id",
            "region_id",
            "base_title",
            "carried_from_id",
            "founder_id",
            "revoked_on",
            "revoked_reason",
            "introduced",
            "introduced_reason",
            "introduced_by_id",
            "introduced_by_name",
            "introduced_at",
        ),
        (
            (p.id, programme.pk, p.name, p.host_id, p.base_school_id, p.region_id, base_title)
            + (None, None, None, "")
            + (False, "", None, "", None)
            for p in plans
        ),
    )
    member_rows = [
        (plan.id, seat.principal_id, seat.joined_on, seat.left_on, "")
        for plan in plans
        for seat in plan.seats
    ]
    member_ids = writer.reserve(StudioMember, len(member_rows))
    writer.write(
        StudioMember,
        ("id", "studio_id", "principal_id", "joined_on", "left_on", "left_reason"),
        ((pk, *row) for pk, row in zip(member_ids, member_rows, strict=True)),
    )
    memberships = {
        (row[0], seat.school_id): pk
        for pk, row, seat in zip(
            member_ids, member_rows, (seat for plan in plans for seat in plan.seats), strict=True
        )
    }
    return plans, memberships


def _schools_by_province(people: list[Person]):
    outreach: dict[str, list] = defaultdict(list)
    others: dict[str, list] = defaultdict(list)
    seen = set()
    for person in people:
        if person.school_id in seen:
            continue
        seen.add(person.school_id)
        pool = outreach if person.rural_or_weak else others
        pool[person.province].append((person.school_id, person.school_name))
    return outreach, others


# the training programme ---------------------------------------------------------------------


def _trainees_per_city(scale: Scale) -> int:
    return scale.cohorts_per_city * scale.cohort_size


def _seed_training(writer, actor, people, scale: Scale, progress) -> dict[str, int]:
    start = cycle_start(scale.as_of)
    by_city = trainees_by_city(
        people, cities=scale.cities, per_city=_trainees_per_city(scale), seed=scale.seed
    )
    version = publish_policy(
        actor=actor,
        text=training_policy_text(
            cohorts=max(1, scale.cities * scale.cohorts_per_city), cohort_size=scale.cohort_size
        ),
    )
    programme = programme_services.create_programme(
        actor=actor,
        slug=TRAINING_SLUG,
        name=TRAINING_NAME,
        policy_version=version,
        starts_on=start,
        partner_regions=PARTNER_REGIONS,
        description=(
            f"基准测试数据：{scale.cities} 个城市各 {scale.cohorts_per_city} 期、"
            f"每期 {scale.cohort_size} 名培养人选，记录截至 {scale.as_of}。"
        ),
    )
    spec = spec_of(programme)
    plans = _write_cohorts(writer, programme, by_city, people, scale, start)
    records = _Records(writer, programme, scale.as_of)
    cities = _chunks(plans, scale.city_batch * scale.cohorts_per_city)
    for number, batch in enumerate(cities, start=1):
        started = time.perf_counter()
        before = dict(records.counts)
        drafts, cohorts, deliverables, projects = [], [], [], []
        for plan in batch:
            rng = random.Random(f"{scale.seed}:cohort:{plan.index}")
            records.meet([principal for _t, principal, _n in plan.trainees], rng, trainees=True)
            made = cohort_records(plan, spec.curriculum, scale.as_of, rng)
            drafts += made.sessions
            cohorts += [plan.id] * len(made.sessions)
            deliverables += made.deliverables
            projects += made.projects
        records.activities(drafts, cohorts, random.Random(f"{scale.seed}:sessions:{number}"))
        records.deliverables(deliverables)
        records.projects(projects)
        if progress is not None:
            subjects = sum(len(plan.trainees) for plan in batch)
            progress(records.batch(TRAINING_SLUG, number, len(cities), subjects, before, started))
    counts = {
        "cohorts": len(plans),
        "trainees": sum(len(plan.trainees) for plan in plans),
    }
    return records.finish(actor, counts)


def _write_cohorts(writer, programme, by_city, people, scale: Scale, start) -> list[CohortPlan]:
    months = spec_of(programme).calendar.cycle_months
    regions = Region.objects.in_bulk([*by_city, *{code[:2] + "0000" for code in by_city}])
    partner_schools = sorted(
        {
            (p.school_id, p.school_name)
            for p in people
            if p.region_id.startswith(tuple(code[:2] for code in PARTNER_REGIONS))
        }
    )
    cohort_rows, plans = [], []
    count = len(by_city) * scale.cohorts_per_city
    cohort_ids = iter(writer.reserve(Cohort, count))
    trainee_ids = iter(writer.reserve(Trainee, count * scale.cohort_size))
    trainee_rows = []
    for city_index, (city, chosen) in enumerate(by_city.items()):
        province, place = regions[city[:2] + "0000"].name, regions[city].name
        for k in range(scale.cohorts_per_city):
            number = city_index * scale.cohorts_per_city + k + 1
            cohort_id = next(cohort_ids)
            starts_on = add_months(start, 6 * k)
            name = f"{province}{place}第{chinese_number(k + 1)}期"
            cohort_rows.append((cohort_id, programme.pk, number, name, starts_on))
            members = chosen[k * scale.cohort_size : (k + 1) * scale.cohort_size]
            trainees = []
            for person in members:
                trainee_id = next(trainee_ids)
                trainee_rows.append(
                    (trainee_id, cohort_id, person.id, Trainee.Status.ACTIVE, starts_on)
                )
                trainees.append((trainee_id, person.id, person.name))
            plans.append(
                CohortPlan(
                    index=number - 1,
                    id=cohort_id,
                    name=name,
                    city_name=f"{province}{place}",
                    starts_on=starts_on,
                    months=months,
                    trainees=trainees,
                    partner_schools=partner_schools,
                )
            )
    writer.write(Cohort, ("id", "programme_id", "number", "name", "starts_on"), cohort_rows)
    writer.write(Trainee, ("id", "cohort_id", "principal_id", "status", "joined_on"), trainee_rows)
    return plans


# writing records ----------------------------------------------------------------------------


class _Records:
    """Writes drafts as rows of one programme and keeps the running totals."""

    def __init__(self, writer: FastWriter, programme: Programme, as_of: dt.date):
        self.writer = writer
        self.programme = programme
        self.as_of = as_of
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self._stamps: dict[dt.date, dt.datetime] = {}
        # principal → (below: present, below: leave, else absent)
        self.reliability: dict[int, tuple[float, float]] = {}
        self.counts = {"activities": 0, "attendance": 0, "deliverables": 0, "projects": 0}
        # (studio, member's school) → membership: a 入校诊断 activity there is a held visit.
        self.memberships: dict[tuple[int, int], int] = {}

    def stamp(self, day: dt.date) -> dt.datetime:
        """When a record of ``day`` was entered: that evening."""
        if day not in self._stamps:
            self._stamps[day] = dt.datetime.combine(day, dt.time(20, 0), tzinfo=self.zone)
        return self._stamps[day]

    def meet(self, principals: Sequence[int], rng: random.Random, *, trainees=False) -> None:
        """How reliably each person turns up: most nearly always, a few often away. Trainees
        rarely skip without leave, since that alone puts them up for removal (HZ-3.4.1)."""
        for principal in principals:
            if principal in self.reliability:
                continue
            roll = rng.random()
            present = rng.uniform(0.93, 0.995) if roll < 0.9 else rng.uniform(0.65, 0.85)
            unexcused = 0.03 if trainees else 0.15
            self.reliability[principal] = (present, present + (1 - present) * (1 - unexcused))

    def activities(
        self, drafts: list[Draft], cohorts: list[int | None], rng: random.Random
    ) -> None:
        ids = self.writer.reserve(Activity, len(drafts))
        self.writer.write(
            Activity,
            ACTIVITY_COLUMNS,
            (
                (pk, self.programme.pk, *d[:11], "", self.stamp(d.date), None)
                for pk, d in zip(ids, drafts, strict=True)
            ),
        )
        organisers = [
            (activity_id, studio, None)
            for activity_id, draft in zip(ids, drafts, strict=True)
            for studio in draft.studios
        ] + [
            (activity_id, None, cohort)
            for activity_id, cohort in zip(ids, cohorts, strict=True)
            if cohort is not None
        ]
        organiser_ids = self.writer.reserve(Organiser, len(organisers))
        self.writer.write(
            Organiser,
            ("id", "activity_id", "studio_id", "cohort_id"),
            ((pk, *row) for pk, row in zip(organiser_ids, organisers, strict=True)),
        )
        held = [(pk, d) for pk, d in zip(ids, drafts, strict=True) if d.date <= self.as_of]
        self._visits(held)
        attendance_ids = self.writer.reserve(Attendance, sum(len(d.people) for _pk, d in held))
        written = self.writer.write(
            Attendance, ATTENDANCE_COLUMNS, self._attendance(held, iter(attendance_ids), rng)
        )
        self.counts["activities"] += len(drafts)
        self.counts["attendance"] += written

    def _visits(self, held) -> None:
        """The rotation's visits these 入校诊断 activities were (HN-4.1.2), reported that
        evening: what the compliance rule counts. The seed writes no report text."""
        rows = []
        for activity_id, draft in held:
            if draft.activity_type != "diagnosis" or len(draft.studios) != 1:
                continue
            member = self.memberships.get((draft.studios[0], draft.place_school_id))
            if member is None:
                continue
            stamp = self.stamp(draft.date)
            rows.append(
                (draft.studios[0], member, draft.place_school_id, draft.date.replace(day=1))
                + (False, activity_id, "", stamp, None, stamp, None)
            )
        self.writer.write(
            Visit,
            VISIT_COLUMNS,
            (
                (pk, *row)
                for pk, row in zip(self.writer.reserve(Visit, len(rows)), rows, strict=True)
            ),
        )

    def _attendance(self, held, ids: Iterator[int], rng: random.Random) -> Iterator[tuple]:
        reliability, draw = self.reliability, rng.random
        for activity_id, draft in held:
            recorded = self.stamp(draft.date)
            people = draft.people
            presenters = (
                set(rng.sample(people, min(draft.presenters, len(people))))
                if draft.presenters
                else ()
            )
            for principal in people:
                present, leave = reliability[principal]
                roll = draw()
                if roll < present:
                    status, presented = PRESENT, principal in presenters
                else:
                    status, presented = (LEAVE if roll < leave else ABSENT), False
                yield (next(ids), activity_id, principal, status, presented, "", recorded, None)

    def deliverables(self, drafts: list[DeliverableDraft]) -> None:
        ids = self.writer.reserve(Deliverable, len(drafts))
        self.counts["deliverables"] += self.writer.write(
            Deliverable,
            DELIVERABLE_COLUMNS,
            (
                (pk, self.programme.pk, d.kind, d.title, d.studio_id, d.principal_id, "", d.body, "",
                 d.submitted_on, d.chars, "body" if d.body else "declared", None, None,
                 self.stamp(d.submitted_on), None)
                for pk, d in zip(ids, drafts, strict=True)
            ),
        )  # fmt: skip

    def projects(self, drafts: list[ProjectDraft]) -> None:
        ids = self.writer.reserve(ResearchProject, len(drafts))
        self.writer.write(
            ResearchProject,
            ("id", "programme_id", "studio_id", "leader_id", "title", "level", "stage",
             "funder", "approval_number", "applied_on", "approved_on", "starts_on", "ends_on",
             "midterm_on", "concluded_on"),
            ((pk, self.programme.pk, d.studio_id, d.leader_id, d.title, d.level, "approved",
              "", "", None, d.approved_on, d.approved_on, None, None, None)
             for pk, d in zip(ids, drafts, strict=True)),
        )  # fmt: skip
        outcomes = [
            (project_id, *outcome)
            for project_id, draft in zip(ids, drafts, strict=True)
            for outcome in draft.outcomes
        ]
        outcome_ids = self.writer.reserve(ResearchOutcome, len(outcomes))
        self.writer.write(
            ResearchOutcome,
            ("id", "project_id", "kind", "title", "level", "achieved_on"),
            ((pk, *row) for pk, row in zip(outcome_ids, outcomes, strict=True)),
        )
        self.counts["projects"] += len(drafts)

    def batch(self, slug, number, batches, subjects, before, started) -> Batch:
        return Batch(
            slug=slug,
            number=number,
            batches=batches,
            subjects=subjects,
            activities=self.counts["activities"] - before["activities"],
            attendance=self.counts["attendance"] - before["attendance"],
            deliverables=self.counts["deliverables"] - before["deliverables"],
            seconds=time.perf_counter() - started,
        )

    def finish(self, actor: Actor, counts: dict[str, int]) -> dict[str, int]:
        counts = {**counts, **self.counts}
        record(
            actor=actor,
            verb=Verb.IMPORT,
            target=self.programme,
            scope_code=self.programme.jurisdiction_id,
            changes={name: [None, value] for name, value in counts.items()},
            note=IMPORT_NOTE,
        )
        return counts


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]
