"""Selection in the Hainan studio programme of the demo: this cycle's host call, finished.

Four of the programme's sixteen studios are new this cycle (the demo host's among them); the
other twelve continue from the last cycle with their hosts. The four new hosts applied with five
others in the spring before the cycle, the centre reviewed them (the call has no district
stage), five experts scored them and the bureau chose the best four (HN-3.4, HN-3.9). The notice
passed without objection and the list was confirmed; the four already run the studios the
programme was set up with, so confirming them adds no studio. (The studios' members came
through the summer's member call: see ``formation_hainan``.)
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.people.enums import MIDDLE_SCHOOL_KINDS
from touyan.people.models import Principal
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.policy import spec_of
from touyan.regions.models import Region
from touyan.selection import eligibility
from touyan.selection.models import Call

from . import prose_selection as prose
from .formation_hainan import NEW_HOSTS
from .names import HAINAN_SURNAMES
from .programmes_hainan import cycle_start, programme_slug
from .record_kit import DAY
from .selection_kit import Timeline, expert_pool
from .selection_story import (
    CallStory,
    SelectionWritten,
    next_workday,
    workday,
    workdays_between,
)

OTHERS = 5
FORM = "海南省中学卓越校长工作室建设设想"
NOTICE_TEXT = (
    "经个人自愿申报、省中学教师继续教育培训中心审核、专家评审，省教育厅择优确定了新一轮"
    "卓越校长工作室主持人人选，现予以公示。如有异议，请在公示期内以真实姓名反映。"
)
CONTACT = "海南省教育厅教师工作处，电话 0898-65236090"


def _description(places: int) -> str:
    return (
        "根据《海南省中学卓越校长工作室建设与管理办法》，面向全省在编在岗的正职中学校长遴选新一轮"
        f"工作室主持人，本次遴选 {places} 名。校长自愿申报，提交工作室建设设想；"
        "省中学教师继续教育培训中心审核后，组织专家评审，择优确定。"
    )


def _hosts(programme: Programme) -> list[Principal]:
    wanted = set(NEW_HOSTS)
    hosts = [
        studio.host
        for studio in Studio.objects.filter(programme=programme).select_related("host__school")
    ]
    return [h for h in hosts if (h.school.region_id, h.school.name) in wanted]


def _others(rng: random.Random, programme: Programme, closes_on: dt.date) -> list[Principal]:
    """Heads of middle schools in the programme neither as a host nor as a member, whom the
    registry does not rule out."""
    spec = spec_of(programme).selection_call("host")
    taken = set(Studio.objects.filter(programme=programme).values_list("host_id", flat=True))
    taken |= set(
        StudioMember.objects.filter(studio__programme=programme).values_list(
            "principal_id", flat=True
        )
    )
    heads = list(
        Principal.objects.filter(
            school__region__code__startswith="46", school__kind__in=MIDDLE_SCHOOL_KINDS
        )
        .exclude(pk__in=taken)
        .select_related("school")
        .order_by("school__region_id", "school__name", "pk")
    )
    rng.shuffle(heads)
    chosen = []
    for head in heads:
        findings = eligibility.evaluate(
            spec,
            head,
            jurisdiction=programme.jurisdiction_id,
            on=closes_on,
            statements={c.code: "…" for c in spec.conditions},
        )
        if eligibility.overall(findings) == "eligible":
            chosen.append(head)
        if len(chosen) == OTHERS:
            break
    return chosen


def build_hainan_selection(*, actor: Actor, rng: random.Random, today: dt.date) -> SelectionWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or Call.objects.filter(programme=programme, spec_code="host").exists():
        return SelectionWritten()
    if today != timezone.localdate():
        # The services stamp today's work with today's date: the story is told as of today.
        return SelectionWritten()
    cycle = cycle_start(today)

    def day(offset: int) -> dt.date:
        return cycle + offset * DAY

    story = CallStory(
        actor=actor,
        rng=rng,
        timeline=Timeline(),
        programme=programme,
        manager=User.objects.get(username="hn-centre"),
        decider=User.objects.get(username="hn-admin"),
        experts=expert_pool(
            actor=actor,
            rng=rng,
            region=Region.objects.get(code="460000"),
            username_prefix="hn-expert",
            count=4,
            surnames=HAINAN_SURNAMES,
        ),
        statements=prose.HOST,
        form_title=FORM,
        attachment="plan",
    )
    hosts = _hosts(programme)
    places = len(hosts)
    call = story.open_call(
        spec_code="host",
        title=f"海南省中学卓越校长工作室主持人遴选（{cycle.year}—{cycle.year + 3}年工作周期）",
        description=_description(places),
        places=places,
        opens_on=day(-150),
        closes_on=day(-120),
    )
    people = sorted(
        hosts + _others(rng, programme, day(-120)), key=lambda p: (p.school.region_id, p.pk)
    )
    apps = story.apply_all(call, people, day(-148), day(-121))
    for application in apps:
        chosen = application.principal in hosts
        story.quality[application.pk] = rng.uniform(0.88, 0.95) if chosen else rng.uniform(0.6, 0.8)
    centre = story.manager
    reviewing = workdays_between(day(-118), day(-112))
    for number, application in enumerate(apps):
        story.first_review(centre, application, reviewing[number % len(reviewing)], "endorse")
    review_opens = next_workday(reviewing[-1])
    story.start_review(call, review_opens)
    story.score(call, next_workday(review_opens), day(-97), share={})
    story.decide(call, day(-97), day(-90))
    notice = story.publish(call, workday(day(-85)), NOTICE_TEXT, CONTACT)
    story.finalise(call, next_workday(notice.ends_on))
    story.written.created = True
    return story.written
