"""How this cycle's Hainan studios were formed (HN-3.3 – HN-3.8), told through the services.

The last cycle, three years earlier, had twelve studios (the plans with ``carried`` members:
four of ``programmes_hainan.PLANS`` and all of its ``LAST_PLANS``), each with 9–11 members from
schools nearby who joined on the cycle's first day; that programme is closed. This cycle carries
the twelve over with their members (``carry_over_studio``: they stay, locked to their studio)
and adds the studios of the four hosts the host call chose (``NEW_HOSTS``). In the summer before
the cycle every host writes a prospectus and the centre approves it; heads of Hainan middle
schools in no studio then apply as members and rank up to three studios, mostly near home, some
the two well-known Haikou studios first (which fill up, so a few get their second or third
choice). The centre approves each application, closes the call and runs the allocation, runs it
again to check it, moves one applicant by hand with the reason, and publishes: the members join
on the cycle's first day and every applicant can read why they were placed where they are.

One applicant ranks only a 儋州 studio that takes senior-school heads only: the run places them,
unlisted, in the one studio still short of its minimum (三亚's), and the centre moves them back
to a studio in their own county, on their request — which is why 三亚's studio has nine members
this cycle.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Protocol

from django.test import override_settings

from touyan.accounts.models import User
from touyan.allocation import jobs
from touyan.allocation import services as allocation
from touyan.allocation.inputs import applicant_id
from touyan.allocation.models import Run
from touyan.allocation.outcome import Outcome
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS, MIDDLE_SCHOOL_KINDS, STAGES_OF_KIND
from touyan.people.models import Principal
from touyan.policies.models import PolicyVersion
from touyan.programmes import services as programmes
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.regions import codes
from touyan.regions.models import Region
from touyan.selection.models import Application, Call
from touyan.selection.services import applications, calls, choices, district
from touyan.studios import services as prospectuses

from . import prose_studios
from .hainan import HOST_SCHOOL, MEMBER_SCHOOL
from .record_kit import DAY
from .selection_kit import Timeline, at, office_hours
from .selection_story import next_workday, workday, workdays_between

Key = tuple[str, str]  # (county code, school name)

# The hosts this cycle's host call chose: their studios are new.
NEW_HOSTS: tuple[Key, ...] = (
    HOST_SCHOOL,
    ("460106", "海南华侨中学"),
    ("460400", "儋州市第一中学"),
    ("469030", "琼中中学"),
)
# The two studios most applicants would like first.
POPULAR: tuple[Key, ...] = (HOST_SCHOOL, ("460106", "海南华侨中学"))
# The demo member applies here second, after 海南中学's studio, which fills up.
MEMBER_STUDIO: Key = ("469002", "嘉积中学")
# The studio no applicant ranks: its own county's heads are its members already, and its
# neighbours (乐东, 陵水, 五指山) have studios of their own.
UNCHOSEN: Key = ("460203", "三亚市第一中学")
# A studio for senior-school heads only, which junior-school heads of its town rank first all
# the same; and the other studio of that town, where the one meant for it is placed instead.
SENIOR_ONLY: Key = ("460400", "儋州市第一中学")
TOWN_STUDIO: Key = ("460400", "儋州市第二中学")

# County seats (latitude, longitude): what "nearby" means when people choose.
SEATS: dict[str, tuple[float, float]] = {
    "460105": (20.01, 110.28),
    "460106": (20.03, 110.33),
    "460107": (20.00, 110.35),
    "460108": (20.03, 110.37),
    "460202": (18.40, 109.75),
    "460203": (18.28, 109.58),
    "460204": (18.25, 109.50),
    "460205": (18.35, 109.17),
    "460400": (19.52, 109.58),
    "469001": (18.78, 109.52),
    "469002": (19.25, 110.47),
    "469005": (19.55, 110.80),
    "469006": (18.80, 110.39),
    "469007": (19.10, 108.65),
    "469021": (19.68, 110.32),
    "469022": (19.36, 110.10),
    "469023": (19.74, 110.00),
    "469024": (19.91, 109.69),
    "469025": (19.22, 109.45),
    "469026": (19.26, 109.05),
    "469027": (18.75, 109.17),
    "469028": (18.50, 110.04),
    "469029": (18.64, 109.70),
    "469030": (19.03, 109.84),
}

CALL_DESCRIPTION = (
    "根据《海南省中学卓越校长工作室建设与管理办法》，面向全省中学校长（含党组织书记、副校长）"
    "招收新一轮工作室成员。申请人阅读各工作室简介后，按意愿顺序填报不超过3个工作室；"
    "省中学教师继续教育培训中心审核后，按志愿和就近原则统筹分配，每个工作室10—12人。"
    "上一周期延续的工作室，原有成员继续参加。"
)


class Plan(Protocol):
    host_school: Key
    members: int  # this cycle, once formed
    carried: int  # members continuing from the last cycle (0: a new studio)


@dataclass
class Applicant:
    principal: Principal
    target: Key | None  # the studio they are meant for (their first choice, mostly)
    choices: list[Key] = field(default_factory=list)


@dataclass
class Cast:
    hosts: dict[Key, Principal]
    last_members: dict[Key, list[Principal]]
    applicants: list[Applicant]


@dataclass
class Formed:
    """The studios of this cycle, by host school, and the call that filled them."""

    studios: dict[Key, Studio]
    call: Call | None = None
    last: Programme | None = None


def km(here: str, there: str) -> float:
    (lat1, lon1), (lat2, lon2) = SEATS[here], SEATS[there]
    east = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(east, lat2 - lat1)


def _key(principal: Principal) -> Key:
    return (principal.school.region_id, principal.school.name)


def _stages(principal: Principal) -> frozenset[str]:
    return STAGES_OF_KIND.get(principal.school.kind, frozenset())


def hainan_leaders() -> list[Principal]:
    """Heads and party secretaries of Hainan middle schools, in a fixed order."""
    return list(
        Principal.objects.filter(
            school__region__code__startswith="46",
            school__kind__in=MIDDLE_SCHOOL_KINDS,
            position__in=[*FULL_PRINCIPAL_POSITIONS, "secretary"],
        )
        .select_related("school", "user")
        .order_by("school__region_id", "school__name", "pk")
    )


# Who is who ----------------------------------------------------------------------------------


def cast(rng: random.Random, plans: list[Plan], leaders: list[Principal]) -> Cast:
    """Hosts, the last cycle's members and this cycle's applicants with their rankings: a pure
    function of the registry and ``rng``."""
    heads = {_key(p): p for p in leaders if p.position in FULL_PRINCIPAL_POSITIONS}
    hosts = {plan.host_school: heads[plan.host_school] for plan in plans}
    host_schools = {host.school_id for host in hosts.values()}
    member = heads[MEMBER_SCHOOL]
    taken = {member.pk}
    free = [p for p in leaders if p.school_id not in host_schools]
    free_heads = [p for p in free if p.position in FULL_PRINCIPAL_POSITIONS]
    studio_stages = {key: _stages(host) for key, host in hosts.items()}

    def nearest(key: Key, people: list[Principal], spread: float) -> list[Principal]:
        region = key[0]
        keyed = [(km(p.school.region_id, region) + rng.uniform(0, spread), p) for p in people]
        return [p for _d, p in sorted(keyed, key=lambda item: item[0])]

    # Applicants, for the studio each is meant for: the stage-restricted studio first, then
    # the new ones, then the top-ups of the studios carried over.
    applicants = [Applicant(member, MEMBER_STUDIO)]
    wanted = {plan.host_school: plan.members - plan.carried for plan in plans}
    wanted[MEMBER_STUDIO] -= 1
    order = sorted(
        plans,
        key=lambda plan: (
            plan.host_school != SENIOR_ONLY,
            plan.host_school not in NEW_HOSTS,
            plans.index(plan),
        ),
    )
    for plan in order:
        key = plan.host_school
        candidates = [
            p for p in free_heads if p.pk not in taken and _stages(p) & studio_stages[key]
        ]
        ranked = nearest(key, candidates, 30)
        if key == TOWN_STUDIO:  # a junior-school head of the town, if there is one
            ranked.sort(key=lambda p: "senior" in _stages(p))
        for person in ranked[: max(wanted[key], 0)]:
            applicants.append(Applicant(person, key))
            taken.add(person.pk)
    # A junior-school head of 儋州 who ranks only 儋州市第一中学, which takes no junior heads.
    strays = [
        p
        for p in free_heads
        if p.pk not in taken
        and p.school.region_id == SENIOR_ONLY[0]
        and not _stages(p) & studio_stages[SENIOR_ONLY]
    ]
    if strays:
        stray = rng.choice(strays)
        applicants.append(Applicant(stray, None, [SENIOR_ONLY]))
        taken.add(stray.pk)

    # The last cycle's members: the nearest leaders left, one studio at a time in turn, no two
    # from one school in a studio.
    continuing = [plan for plan in plans if plan.carried]
    last_members: dict[Key, list[Principal]] = {plan.host_school: [] for plan in continuing}
    queues = {
        plan.host_school: nearest(plan.host_school, [p for p in free if p.pk not in taken], 20)
        for plan in continuing
    }
    for _round in range(max(plan.carried for plan in continuing)):
        for plan in continuing:
            mine = last_members[plan.host_school]
            if len(mine) >= plan.carried:
                continue
            schools = {p.school_id for p in mine}
            for person in queues[plan.host_school]:
                if person.pk not in taken and person.school_id not in schools:
                    mine.append(person)
                    taken.add(person.pk)
                    break

    for applicant in applicants:
        if not applicant.choices:
            applicant.choices = _ranking(rng, applicant, hosts, studio_stages)
    _ambition(rng, applicants)
    return Cast(hosts, last_members, applicants)


def _ranking(
    rng: random.Random,
    applicant: Applicant,
    hosts: dict[Key, Principal],
    studio_stages: dict[Key, frozenset[str]],
) -> list[Key]:
    """The studio meant for them first, then the nearest others their school's stages fit; a
    few rank only one or two."""
    person = applicant.principal
    here = person.school.region_id
    others = [
        key
        for key in hosts
        if key != applicant.target and key != UNCHOSEN and _stages(person) & studio_stages[key]
    ]
    others.sort(key=lambda key: km(here, key[0]) + rng.uniform(0, 40))
    length = rng.choices((3, 2, 1), weights=(75, 20, 5))[0]
    ranking = [applicant.target, *others][:length]
    if applicant.target == TOWN_STUDIO and "senior" not in _stages(person):
        ranking = [SENIOR_ONLY, *ranking][:3]  # ranks the town's famous school first
    return ranking


def _ambition(rng: random.Random, applicants: list[Applicant]) -> None:
    """Some heads meant for another studio rank the two Haikou studios first: the demo member
    (海南中学's, then 嘉积中学's) and a few from Haikou and the counties around it."""
    first, second = POPULAR
    for applicant in applicants:
        if _key(applicant.principal) == MEMBER_SCHOOL:
            rest = [k for k in applicant.choices if k not in (first, MEMBER_STUDIO)]
            applicant.choices = [first, MEMBER_STUDIO, *rest][:3]
    hopeful = [
        a
        for a in applicants
        if a.target is not None
        and a.target not in POPULAR
        and a.target not in NEW_HOSTS
        and _key(a.principal) != MEMBER_SCHOOL
        and km(a.principal.school.region_id, first[0]) < 80
    ]
    hopeful = rng.sample(hopeful, min(3, len(hopeful)))
    for number, applicant in enumerate(hopeful):
        if number == 0:  # both Haikou studios, then their own
            applicant.choices = [first, second, applicant.target]
        else:
            popular = POPULAR[number % 2]
            rest = [k for k in applicant.choices if k not in (popular, applicant.target)]
            applicant.choices = [popular, applicant.target, *rest][:3]


# The last cycle ------------------------------------------------------------------------------


def last_cycle(
    *,
    actor: Actor,
    version: PolicyVersion,
    start: dt.date,
    themes,
    description: str,
    the_cast: Cast,
) -> Programme:
    """The closed programme of the last cycle, with its twelve studios and their members."""
    begun = start.replace(year=start.year - 3)
    slug = f"hainan-studios-{begun.year}"
    existing = Programme.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    programme = programmes.create_programme(
        actor=actor,
        slug=slug,
        name=f"海南省中学卓越校长工作室（{begun.year}—{start.year}年工作周期）",
        policy_version=version,
        starts_on=begun,
        description=description,
    )
    for year, (title, text) in enumerate(themes, start=1):
        programmes.set_theme(
            actor=actor, programme=programme, year=year, title=title, description=text
        )
    for key, members in the_cast.last_members.items():
        studio = programmes.create_studio(
            actor=actor, programme=programme, host=the_cast.hosts[key]
        )
        for person in members:
            programmes.add_member(actor=actor, studio=studio, principal=person, joined_on=begun)
    before = programme.status
    programme.status = Programme.Status.CLOSED
    programme.save(update_fields=["status"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=programme,
        scope_code=programme.jurisdiction_id,
        changes={"status": [before, programme.status]},
        note="工作周期结束",
    )
    return programme


# This cycle ----------------------------------------------------------------------------------


def form_studios(
    *,
    actor: Actor,
    rng: random.Random,
    programme: Programme,
    last: Programme,
    the_cast: Cast,
    plans: list[Plan],
) -> Formed:
    """Carry the last cycle's studios over, open the new ones, and fill them through the
    member call: everything the centre, the hosts and the applicants did, dated as it was."""
    start = programme.starts_on
    centre = User.objects.get(username="hn-centre")
    timeline = Timeline()
    studios: dict[Key, Studio] = {}
    previous = {
        (s.base_school.region_id, s.base_school.name): s
        for s in Studio.objects.filter(programme=last).select_related("base_school")
    }
    as_centre = Actor.command_line(centre)
    for plan in plans:
        key = plan.host_school
        if key in previous:
            studios[key] = programmes.carry_over_studio(
                actor=as_centre, studio=previous[key], programme=programme
            )
        else:
            studios[key] = programmes.create_studio(
                actor=as_centre, programme=programme, host=the_cast.hosts[key]
            )
    _write_prospectuses(rng, programme, studios, centre, timeline, start)
    call = _member_call(rng, programme, studios, the_cast, centre, timeline, start)
    return Formed(studios, call, last)


def _as(principal: Principal) -> Actor:
    return Actor.command_line(principal.user) if principal.user_id else Actor.command_line()


def _area(region: str) -> str:
    city = Region.objects.filter(code=codes.city_of(region)).first()
    return city.name if city else ""


def _write_prospectuses(rng, programme, studios, centre, timeline, start) -> None:
    """Hosts write in the three weeks after the host call's list is final; the centre
    approves each within a few working days."""
    themes = list(programme.themes.order_by("year").values_list("title", flat=True))
    days = workdays_between(start - 73 * DAY, start - 66 * DAY)
    reviewer = Actor.command_line(centre)
    for studio in studios.values():
        host = studio.host
        written = rng.choice(days)
        text = prose_studios.prospectus(
            rng,
            school=studio.base_school.name,
            base_title=studio.base_title,
            area=_area(studio.region_id),
            senior_only="junior" not in STAGES_OF_KIND.get(studio.base_school.kind, ()),
            carried=studio.carried_from_id is not None,
            themes=themes,
        )
        prospectuses.save_prospectus(actor=_as(host), studio=studio, **text)
        prospectuses.submit_prospectus(actor=_as(host), studio=studio)
        hour = rng.randint(15, 21)
        timeline.settle(at(written, hour), at(written, hour, 40))
        prospectuses.review_prospectus(actor=reviewer, studio=studio, approve=True)
        timeline.settle(*office_hours(next_workday(written, rng.randint(1, 3))))


def _open_places(programme: Programme, studios: dict[Key, Studio]) -> int:
    """Seats left once the members carried over are counted, up to each studio's maximum."""
    bounds = spec_of(programme).members
    most = bounds.max if bounds and bounds.max else 12
    return max(1, sum(max(0, most - studio.members.count()) for studio in studios.values()))


def _member_call(rng, programme, studios, the_cast, centre, timeline, start) -> Call:
    opens, closes = workday(start - 60 * DAY), workday(start - 42 * DAY)
    as_centre = Actor.command_line(centre)
    call = calls.create_call(
        actor=as_centre,
        programme=programme,
        spec_code="member",
        title=f"海南省中学卓越校长工作室成员申报（{start.year}—{start.year + 3}年工作周期）",
        description=CALL_DESCRIPTION,
        places=_open_places(programme, studios),
        opens_at=at(opens, 8, 30),
        closes_at=at(closes, 17, 30),
    )
    call = calls.publish_call(actor=as_centre, call=call)
    timeline.settle(*office_hours(workday(opens - 3 * DAY)))

    # Applicants, in the order they submitted, each on some working day the call was open.
    continuing = set(
        StudioMember.objects.filter(studio__programme=programme).values_list(
            "principal_id", flat=True
        )
    )
    people = [a for a in the_cast.applicants if a.principal.pk not in continuing]
    open_days = workdays_between(opens, closes - DAY)
    dated = sorted(
        ((rng.choice(open_days), rng.randint(8, 22), rng.randint(0, 59), a) for a in people),
        key=lambda item: item[:3],
    )
    reviews: dict[dt.date, list[Application]] = {}
    for day, hour, minute, applicant in dated:
        when = at(day, hour, minute)
        person = _as(applicant.principal)
        application = applications.start_application(
            actor=person, call=call, principal=applicant.principal, now=when
        )
        applications.save_application(
            actor=person,
            application=application,
            statements=prose_studios.member_statements(rng),
            now=when,
        )
        choices.set_choices(
            actor=person,
            application=application,
            studios=[studios[key] for key in applicant.choices if key in studios],
            now=when,
        )
        application = applications.submit_application(
            actor=person, application=application, now=when
        )
        timeline.settle(when - dt.timedelta(minutes=40), when, models=(Application,))
        reviewed = min(next_workday(day, rng.randint(1, 3)), closes)
        reviews.setdefault(reviewed, []).append(application)

    # The centre approves each within a few working days (the call has no district stage).
    for day in sorted(reviews):
        for application in reviews[day]:
            district.review_application(
                actor=as_centre, application=application, decision="endorse"
            )
        timeline.settle(*office_hours(day), models=(Application,))

    review_day = next_workday(closes)
    calls.start_review(actor=as_centre, call=call, now=at(review_day, 9))
    timeline.settle(at(review_day, 9), at(review_day, 9, 10))

    with override_settings(TOUYAN_BACKGROUND_JOBS="inline"):
        first_day = next_workday(review_day)
        jobs.start_run(actor=as_centre, call=call, note="按申请人志愿和就近原则分配")
        timeline.settle(at(first_day, 10), at(first_day, 10, 5))
        check_day = next_workday(first_day)
        run = jobs.start_run(actor=as_centre, call=call, note="复核：用同一数据重新计算")
        timeline.settle(at(check_day, 9, 30), at(check_day, 9, 35))
    if run.status == Run.Status.DONE:
        _move_home(run, studios, as_centre)
        timeline.settle(at(check_day, 15), at(check_day, 15, 20))
        publish_day = next_workday(check_day, 2)
        allocation.publish_run(actor=as_centre, run=run, today=start)
        timeline.settle(at(publish_day, 10), at(publish_day, 10, 10))
    return call


def _move_home(run: Run, studios: dict[Key, Studio], actor: Actor) -> None:
    """Whoever the run placed in a studio they did not rank, far from home, goes back to a
    studio with room in their own county, on their request (the studio they leave stays one
    short)."""
    outcome = Outcome(run)
    by_pk = {studio.pk: studio for studio in studios.values()}
    sizes = dict(zip((s.id for s in outcome.problem.studios), outcome.sizes, strict=True))
    maximum = {s.id: s.maximum for s in outcome.problem.studios}
    for entry in outcome.problem.applicants:
        identifier = str(entry.id)
        placed = outcome.assignments.get(identifier)
        if entry.locked is not None or placed is None or placed in entry.choices:
            continue
        application = Application.objects.select_related("principal__school__region").get(
            pk=int(identifier[1:])
        )
        school = application.principal.school
        away = by_pk[placed]
        home = [
            s
            for s in studios.values()
            if s.region_id == school.region_id
            and sizes[s.pk] < maximum[s.pk]
            and STAGES_OF_KIND.get(s.base_school.kind, frozenset())
            & STAGES_OF_KIND.get(school.kind, frozenset())
        ]
        if not home or km(school.region_id, away.region_id) < 100:
            continue
        target = min(home, key=lambda s: sizes[s.pk])
        allocation.move_member(
            actor=actor,
            run=run,
            applicant=applicant_id(application.pk),
            studio=target,
            reason=(
                f"{application.principal.name}未填报“{away.name}”，所在的{school.name}距该工作室"
                f"约{round(km(school.region_id, away.region_id), -1):.0f}公里，每月往返参加研修困难。"
                f"本人来电申请就近参加，经与两位主持人沟通，调整到同在{school.region.name}的"
                f"“{target.name}”。“{away.name}”暂缺1人，下一学年增补。"
            ),
        )
        return
