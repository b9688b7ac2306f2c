"""The Ningbo backbone principals' programme of the demo, run under the third preset
(``ningbo-backbone``, EX-1 … EX-11): twelve heads of Ningbo schools in one cohort, started on
the 1 September two school years ago, so that the demo is in the cycle's third year — stage 4,
after the mid-term assessment of stage 3.

Everyone took part in the quarterly seminars, the collaboration groups' activities, the
intensive sessions and one management lecture a stage; wrote the stage-1 diagnosis report and
development plan, a school-year plan each September and four reading notes a school year; went on
shadowing and secondment at renowned schools elsewhere; designated one or two rural link schools
and guided each of them every semester; and handed in the mid-term report, which experts scored
and the bureau published. A few did not, each in one way a reader can trace on the compliance
page (see ``_Roles``); the words come from ``data/ningbo.toml``.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

from touyan.accounts.models import User
from touyan.assessment.models import Score
from touyan.assessment.rubric import rubric_of
from touyan.assessment.services import decisions, panel, scoring
from touyan.assessment.services.rounds import open_round
from touyan.assessment.services.stages import close_scoring, start_scoring
from touyan.core.actors import Actor
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS
from touyan.people.models import Principal, School
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes import services as programmes
from touyan.programmes.calendar import Period
from touyan.programmes.link_schools import designate_link_school
from touyan.programmes.models import Cohort, Programme, Trainee
from touyan.programmes.policy import calendar_of
from touyan.records import services as records
from touyan.records.models import Activity
from touyan.records.services import Mark
from touyan.records.text import char_count
from touyan.regions.models import Region

from .names import ZHEJIANG_SURNAMES
from .ningbo import CITY_CODE, DISTRICTS, TRAINEE_SCHOOL
from .record_kit import ABSENT, DAY, LEAVE, LEAVE_NOTES, PRESENT, HandsIn, ProgrammeWritten
from .selection_kit import at, expert_pool

TRAINEES = 12
DESCRIPTION = (
    "研修周期三年，分诊断规划、专题研修、展示交流与中期考核、辐射带动与总结四个阶段。"
    "学员分三个协作组，每两个月开展一次组内活动；每季度举行专题研讨；"
    "每位学员确定一至两所农村学校为定点联系学校，赴外地名校挂职或跟岗累计不少于三个月。"
)


def cycle_start(today: dt.date) -> dt.date:
    """1 September two school years before the current one: the demo is in the third year."""
    school_year = today.year if today.month >= 9 else today.year - 1
    return dt.date(school_year - 2, 9, 1)


def programme_slug(today: dt.date) -> str:
    return f"ningbo-backbone-{cycle_start(today).year}"


def words() -> dict:
    with resources.files("touyan.demo").joinpath("data/ningbo.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class _Roles:
    """The trainees whose record tells a story; everyone else did all the plan asks."""

    account: Trainee  # the demo trainee account: all done, this year's work under way
    absent: Trainee  # on leave for every fourth intensive session: below 80 % (EX-10)
    unexcused: Trainee  # one session missed without leave approved beforehand (EX-10)
    no_plan: Trainee  # never wrote the development plan of stage 1 (EX-4)
    late_plan: Trainee  # this school year's plan came in October, past its 30 days (EX-4)
    few_notes: Trainee  # three reading notes last school year, none yet this one (EX-5)
    short_stay: Trainee  # six weeks of shadowing only, behind the three months (EX-6)
    no_link: Trainee  # has not designated a link school (EX-7)
    no_midterm: Trainee  # no mid-term report: the milestone missed (EX-9)
    others: list[Trainee] = field(default_factory=list)


def build_ningbo_programme(*, actor: Actor, rng: random.Random, today: dt.date) -> ProgrammeWritten:
    start = cycle_start(today)
    slug = programme_slug(today)
    existing = Programme.objects.filter(slug=slug).first()
    if existing is not None:
        return ProgrammeWritten(existing.name, created=False)
    version = publish_policy(actor=actor, text=preset_text("ningbo-backbone"))
    programme = programmes.create_programme(
        actor=actor,
        slug=slug,
        name=f"宁波市中小学骨干校长研修工程（{start.year}—{start.year + 3}年）",
        policy_version=version,
        starts_on=start,
        description=DESCRIPTION,
    )
    cohort = programmes.create_cohort(
        actor=actor, programme=programme, number=1, name=f"{start.year}级", starts_on=start
    )
    trainees = [
        programmes.add_trainee(actor=actor, cohort=cohort, principal=principal, joined_on=start)
        for principal in _choose_heads(rng)
    ]
    story = _Story(actor=actor, rng=rng, today=today, programme=programme, cohort=cohort)
    story.tell(trainees, assign_roles(trainees))
    story.written.people = len(trainees)
    return story.written


def _choose_heads(rng: random.Random) -> list[Principal]:
    heads = list(
        Principal.objects.filter(
            school__region_id__in=[d.code for d in DISTRICTS],
            position__in=FULL_PRINCIPAL_POSITIONS,
        )
        .exclude(school__kind="kindergarten")
        .select_related("school")
        .order_by("school__region_id", "school__name", "pk")
    )
    forced = [h for h in heads if (h.school.region_id, h.school.name) == TRAINEE_SCHOOL]
    others = [h for h in heads if h not in forced and not h.school.is_rural]
    return forced + rng.sample(others, TRAINEES - len(forced))


def assign_roles(trainees: list[Trainee]) -> _Roles:
    account, *rest = trainees
    names = (
        "absent",
        "unexcused",
        "no_plan",
        "late_plan",
        "few_notes",
        "short_stay",
        "no_link",
        "no_midterm",
    )
    roles = _Roles(account=account, **dict(zip(names, rest, strict=False)))
    roles.others = rest[len(names) :]
    return roles


class _Story(HandsIn):
    def __init__(self, *, actor, rng, today, programme: Programme, cohort: Cohort):
        self.actor, self.rng, self.today = actor, rng, today
        self.programme, self.cohort = programme, cohort
        self.calendar = calendar_of(programme, cohort=cohort)
        self.words = words()
        self.written = ProgrammeWritten(programme.name, created=True)

    def tell(self, trainees: list[Trainee], roles: _Roles) -> None:
        self.themes()
        groups = [trainees[index::3] for index in range(3)]
        self.sessions(trainees, roles)
        self.seminars(trainees)
        self.group_activities(groups)
        self.lectures(trainees, roles)
        self.stays(trainees, roles)
        self.link_schools(trainees, roles)
        self.writing(trainees, roles)
        self.midterm(trainees, roles)

    # helpers -----------------------------------------------------------------------------------

    def begun(self, kind: str) -> list[Period]:
        return [p for p in self.calendar.periods(kind) if p.start <= self.today]

    def weekday_in(self, first: dt.date, last: dt.date) -> dt.date:
        """A working day between ``first`` and ``last`` (both inclusive), in term time."""
        days = [
            first + n * DAY
            for n in range((last - first).days + 1)
            if (first + n * DAY).weekday() < 5
            and first + n * DAY not in self.calendar.excluded_days
        ]
        return self.rng.choice(days) if days else first

    def activity(self, **fields) -> Activity:
        activity = records.create_activity(
            actor=self.actor, programme=self.programme, cohort=self.cohort, **fields
        )
        self.written.activities += 1
        return activity

    def mark(self, activity: Activity, trainees, statuses: dict | None = None) -> None:
        if activity.date > self.today:
            return
        statuses = statuses or {}
        marks = [statuses.get(t.pk) or Mark(t.principal_id, PRESENT) for t in trainees]
        records.record_attendance(
            actor=self.actor, activity=activity, marks=marks, today=self.today
        )

    def paragraphs(self, pool: str, at_least: int) -> str:
        """Paragraphs of the pool in a random order, until the text counts ``at_least``
        characters as the rules count them (or the pool runs out)."""
        chosen = self.rng.sample(self.words["writing"][pool], len(self.words["writing"][pool]))
        text = ""
        for paragraph in chosen:
            text = f"{text}\n\n{paragraph}" if text else paragraph
            if char_count(text) >= at_least:
                break
        return text

    # the school years' reading themes (EX-5) ------------------------------------------------

    def themes(self) -> None:
        for year, title in enumerate(self.words["themes"]["titles"], start=1):
            books = "、".join(self.words["themes"]["books"][year - 1])
            programmes.set_theme(
                actor=self.actor,
                programme=self.programme,
                year=year,
                title=title,
                description=f"推荐阅读：{books}",
            )

    # intensive sessions (EX-10) -------------------------------------------------------------

    def sessions(self, trainees: list[Trainee], roles: _Roles) -> None:
        """Three one-day sessions a semester; ``absent`` is on leave for every fourth one,
        ``unexcused`` misses one without leave approved beforehand."""
        held = 0
        for semester in self.calendar.periods("semester"):
            length = (semester.end - semester.start).days
            for third in (1, 2, 3):
                day = self.weekday_in(
                    semester.start + (length * third // 4 - 5) * DAY,
                    semester.start + (length * third // 4 + 5) * DAY,
                )
                activity = self.activity(
                    activity_type="course",
                    title=f"集中研修：{semester.label}第{third}次",
                    date=day,
                    start_time=dt.time(9, 0),
                    end_time=dt.time(16, 30),
                    place="宁波市教育局干部培训中心",
                    hours=Decimal(6),
                    description="专家专题报告与分组研讨相结合，学员围绕本校问题交流。",
                )
                if activity.date > self.today:
                    continue
                held += 1
                statuses = {}
                if held % 4 == 2:
                    statuses[roles.absent.pk] = Mark(
                        roles.absent.principal_id, LEAVE, note=self.rng.choice(LEAVE_NOTES)
                    )
                if held == 5:
                    statuses[roles.unexcused.pk] = Mark(
                        roles.unexcused.principal_id, ABSENT, note="未事先请假，未到"
                    )
                self.mark(activity, trainees, statuses)

    # quarterly seminars (EX-2) ---------------------------------------------------------------

    def seminars(self, trainees: list[Trainee]) -> None:
        topics = self.words["seminars"]["topics"]
        for index, quarter in enumerate(self.begun("quarter")):
            if self.calendar.touches_exclusion(quarter):
                continue
            day = self.weekday_in(quarter.start + 20 * DAY, quarter.end - 20 * DAY)
            if day > self.today:
                continue
            activity = self.activity(
                activity_type="seminar",
                title=f"专题研讨：{topics[index % len(topics)]}",
                date=day,
                start_time=dt.time(14, 0),
                end_time=dt.time(17, 0),
                place="宁波市教育局干部培训中心",
            )
            self.mark(activity, trainees)

    # the collaboration groups, one activity each two months (EX-3) --------------------------

    def group_activities(self, groups: list[list[Trainee]]) -> None:
        """Every group meets in every two months, but the third skipped the last finished
        period and the second has not met yet in the current one."""
        names, topics = self.words["groups"]["names"], self.words["groups"]["topics"]
        periods = self.begun("2_months")
        for index, period in enumerate(periods):
            last_finished = index == len(periods) - 2
            current = index == len(periods) - 1
            for number, group in enumerate(groups):
                if (number == 2 and last_finished) or (number == 1 and current):
                    continue
                last = min(period.end, self.today - DAY) if current else period.end
                day = self.weekday_in(period.start + 7 * DAY, last)
                if day > self.today or day < period.start:
                    continue
                host = group[index % len(group)]
                activity = self.activity(
                    activity_type="group_activity",
                    title=f"{names[number]}：{topics[index % len(topics)]}",
                    date=day,
                    place=host.principal.school.name,
                    place_school=host.principal.school,
                    audience=[t.principal_id for t in group],
                )
                self.mark(activity, group)

    # management lectures, one a stage (EX-8) -------------------------------------------------

    def lectures(self, trainees: list[Trainee], roles: _Roles) -> None:
        titles = self.words["lectures"]["titles"]
        for index, stage in enumerate(self.begun("stage")):
            current = stage.contains(self.today)
            last = self.today - DAY if current else stage.end
            day = self.weekday_in(stage.start + 30 * DAY, last)
            # In the current stage, half of the cohort has given or heard theirs so far.
            present = trainees[: len(trainees) // 2] if current else trainees
            activity = self.activity(
                activity_type="management_lecture",
                title=f"管理专题报告会：{titles[index % len(titles)]}",
                date=day,
                start_time=dt.time(14, 0),
                end_time=dt.time(16, 30),
                place="宁波市教育局报告厅",
                level="city",
                audience=[t.principal_id for t in present],
            )
            self.mark(activity, present)

    # shadowing and secondment (EX-6) ---------------------------------------------------------

    def stays(self, trainees: list[Trainee], roles: _Roles) -> None:
        """Six weeks of shadowing in the second semester, seven of secondment in the fourth
        (all but ``short_stay``): 91 days, past the 90 of three months. Those going to the same
        school go together."""
        places = self.words["secondments"]["places"]
        semesters = self.calendar.periods("semester")
        for number, (kind, weeks, semester) in enumerate(
            (("shadowing", 6, semesters[1]), ("secondment", 7, semesters[3]))
        ):
            if semester.start > self.today:
                continue
            going = [t for t in trainees if kind == "shadowing" or t != roles.short_stay]
            for offset, place in enumerate(places):
                party = [
                    t for index, t in enumerate(going) if (index + number) % len(places) == offset
                ]
                if not party:
                    continue
                first = semester.start + (14 + 7 * (offset % 3)) * DAY
                first += (7 - first.weekday()) % 7 * DAY  # a Monday
                verb = "跟岗学习" if kind == "shadowing" else "挂职锻炼"
                activity = self.activity(
                    activity_type=kind,
                    title=f"赴{place}{verb}（{weeks}周）",
                    date=first,
                    end_date=first + (7 * weeks - 1) * DAY,
                    place=place,
                    audience=[t.principal_id for t in party],
                    description=f"在{place}{verb}，参与学校管理实务，撰写每周学习日志。",
                )
                self.mark(activity, party)

    # link schools (EX-7) ---------------------------------------------------------------------

    def link_schools(self, trainees: list[Trainee], roles: _Roles) -> None:
        rural = list(
            School.objects.filter(region_id__in=[d.code for d in DISTRICTS], is_rural=True)
            .exclude(kind="kindergarten")
            .order_by("region_id", "name")
        )
        guidance = self.words["writing"]["guidance"]
        designated_on = self.cohort.starts_on + 30 * DAY
        for index, trainee in enumerate(trainees):
            if trainee == roles.no_link:
                continue
            count = 2 if index % 2 == 0 else 1
            schools = [rural[(2 * index + n) % len(rural)] for n in range(count)]
            for school in schools:
                designate_link_school(
                    actor=self.actor,
                    programme=self.programme,
                    principal=trainee.principal,
                    school=school,
                    designated_on=designated_on,
                )
            for number, semester in enumerate(self.begun("semester")):
                current = semester.contains(self.today)
                for place_index, school in enumerate(schools):
                    missed = trainee == roles.others[0] and number == 3 and place_index == 0
                    if missed or (current and (index + place_index) % 2):
                        continue
                    last = self.today - DAY if current else semester.end - 14 * DAY
                    day = self.weekday_in(max(semester.start, designated_on) + 14 * DAY, last)
                    activity = self.activity(
                        activity_type="link_guidance",
                        title=f"{trainee.principal.name}到{school.name}开展指导",
                        date=day,
                        place=school.name,
                        place_school=school,
                        audience=[trainee.principal_id],
                        description=guidance[(index + number) % len(guidance)],
                    )
                    self.mark(activity, [trainee])

    # writing (EX-4, EX-5, EX-9) --------------------------------------------------------------

    def writing(self, trainees: list[Trainee], roles: _Roles) -> None:
        stage_one = self.calendar.periods("stage")[0]
        for trainee in trainees:
            school = trainee.principal.school.name
            self.submit(
                trainee,
                kind="diagnosis_report",
                title=f"{school}发展诊断报告",
                on=self.weekday_in(stage_one.start + 40 * DAY, stage_one.start + 70 * DAY),
                body=self.paragraphs("diagnosis", 10_000),
            )
            if trainee != roles.no_plan:
                self.submit(
                    trainee,
                    kind="development_plan",
                    title=f"个人三年发展规划（{trainee.principal.name}）",
                    on=self.weekday_in(stage_one.start + 75 * DAY, stage_one.end - 10 * DAY),
                    body=self.paragraphs("plan", 10_000),
                )
        for year_index, school_year in enumerate(self.begun("school_year")):
            current = school_year.contains(self.today)
            theme = self.words["themes"]["titles"][year_index]
            books = self.words["themes"]["books"][year_index]
            for trainee in trainees:
                late = current and trainee == roles.late_plan
                self.submit(
                    trainee,
                    kind="year_plan",
                    title=f"{school_year.label}学年计划",
                    on=school_year.start + (49 if late else 10 + trainee.pk % 15) * DAY,
                    body=self.paragraphs("year_plan", 10_000),
                )
                notes = 4
                if current:
                    notes = 0 if trainee == roles.few_notes else 1 + trainee.pk % 2
                elif year_index == 1 and trainee == roles.few_notes:
                    notes = 3
                for number in range(notes):
                    book = books[number % len(books)]
                    # Spread over the year's months; this year's so far, before today.
                    last = min(school_year.end, self.today - DAY)
                    span = (last - school_year.start).days
                    day = school_year.start + (span * (number + 1) // (notes + 1)) * DAY
                    self.submit(
                        trainee,
                        kind="reading_notes",
                        title=f"读书笔记：{book}（阅读主题“{theme}”）",
                        on=day,
                        body=self.paragraphs("reading", 1_800),
                    )

    # the mid-term assessment (EX-9) ----------------------------------------------------------

    def midterm(self, trainees: list[Trainee], roles: _Roles) -> None:
        stages = self.calendar.periods("stage")
        stage = stages[2]
        if stage.end > self.today:
            return
        opens_on = stage.end - 60 * DAY
        closes_on = stage.end - 35 * DAY
        for trainee in trainees:
            if trainee != roles.no_midterm:
                self.submit(
                    trainee,
                    kind="midterm_report",
                    title=f"中期发展报告（{trainee.principal.name}）",
                    on=self.weekday_in(opens_on, closes_on - 3 * DAY),
                    body=self.paragraphs("midterm", 10_000),
                )
        centre = Actor.command_line(User.objects.get(username="nb-admin"))
        round_ = open_round(
            actor=centre,
            programme=self.programme,
            cohort=self.cohort,
            code="midterm",
            period=stage.key,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        # A trainee's dossier is assembled from their records; scoring freezes it.
        experts = expert_pool(
            actor=self.actor,
            rng=self.rng,
            region=Region.objects.get(code=CITY_CODE),
            username_prefix="nb-expert",
            count=3,
            surnames=ZHEJIANG_SURNAMES,
        )
        for expert in experts[1:]:
            panel.add_expert(actor=centre, round_=round_, expert=expert)
        panel.assign_automatically(actor=centre, round_=round_)
        start_scoring(actor=centre, round_=round_, now=at(closes_on + 2 * DAY, 9))
        codes = [criterion.code for criterion in rubric_of(round_).rubric]
        scores = Score.objects.filter(case__round=round_, for_review=False).select_related("expert")
        for score in scores.order_by("case_id", "pk"):
            low = 55 if score.case.trainee_id == roles.no_midterm.pk else 72
            scoring.submit_score(
                actor=Actor.command_line(score.expert),
                score=score,
                points={code: self.rng.randint(low, low + 20) for code in codes},
                comment="中期发展报告与研修记录相符，规划推进扎实；建议加强成果提炼。",
                now=at(closes_on + 8 * DAY, 20),
            )
        close_scoring(actor=centre, round_=round_)
        moment = at(stage.end - 12 * DAY, 10)
        decisions.accept_proposals(
            actor=centre,
            round_=round_,
            reason="经专家评议，按建议等次审定。",
            now=moment - dt.timedelta(hours=1),
        )
        decisions.publish_round(actor=centre, round_=round_, now=moment)
