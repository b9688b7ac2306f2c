"""The Hainan studios' 入校诊断 rotation (HN-4.1.2, HN-4.1.2.1), told through the diagnosis
services.

At the cycle's start each studio's rotation is proposed (every member's school once, spread
over the cycle, away from the holidays, at most the policy's number a month). Each diagnosis
visit the studio has already held (``programmes_hainan``'s 入校诊断 activities) is linked to its
member's visit, with two to four principals and experts invited from inside and outside the
province; its itemised report — 办学理念, 办学制度, 教师队伍 and, for some, an item the host
added — is recorded, except the last visit of every third studio, whose report is still to be
written. The member schools have followed up some items. Then the rotation is planned again as
of today: the held visits stay, the rest is spread over the months left, members who left lose
their planned visit and those who joined get one.

Texts are in ``data/diagnosis.toml``.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from importlib import resources

from touyan.core.actors import Actor
from touyan.diagnosis.models import Visit
from touyan.diagnosis.selectors import diagnosis_of
from touyan.diagnosis.services import rotation, visits
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import calendar_of
from touyan.records.models import Activity

from .programmes_hainan import programme_slug


@dataclass
class DiagnosisWritten:
    created: bool = True
    planned: int = 0
    held: int = 0
    reported: int = 0
    followed_up: int = 0


def texts() -> dict:
    text = resources.files("touyan.demo").joinpath("data/diagnosis.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_hainan_diagnosis(*, actor: Actor, rng: random.Random, today: dt.date) -> DiagnosisWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or diagnosis_of(programme) is None:
        return DiagnosisWritten(created=False)
    if Visit.objects.filter(studio__programme=programme).exists():
        return DiagnosisWritten(created=False)
    data = texts()
    written = DiagnosisWritten()
    studios = programme.studios.select_related("host__user", "programme").order_by("pk")
    for index, studio in enumerate(studios):
        if studio.revoked_on is not None and studio.revoked_on <= programme.starts_on:
            continue
        _Rotation(actor, rng, studio, today, data, written).tell(keep_last_open=index % 3 == 2)
    return written


class _Rotation:
    def __init__(self, actor, rng, studio: Studio, today, data, written: DiagnosisWritten):
        self.rng, self.studio, self.today, self.data, self.written = (
            rng,
            studio,
            today,
            data,
            written,
        )
        host = studio.host.user
        self.host = Actor.command_line(host) if host is not None else actor

    def tell(self, *, keep_last_open: bool) -> None:
        studio = self.studio
        rotation.plan_rotation(actor=self.host, studio=studio, today=studio.programme.starts_on)
        linked = self.link_held()
        if self.today <= calendar_of(studio.programme).end:
            rotation.plan_rotation(actor=self.host, studio=studio, today=self.today)
            linked += self.link_held()  # the schools of members who joined later
        linked.sort(key=lambda visit: (visit.activity.date, visit.pk))
        for visit in linked:
            self.invite(visit)
        self.written.held += len(linked)
        for visit in linked[:-1] if keep_last_open else linked:
            self.report(visit)
        self.written.planned += Visit.objects.filter(studio=studio).count()

    def link_held(self) -> list[Visit]:
        """Link the studio's 入校诊断 activities held so far to the visits of their schools."""
        studio = self.studio
        open_visits = {
            visit.school_id: visit
            for visit in Visit.objects.filter(studio=studio, activity__isnull=True)
        }
        held = (
            Activity.objects.filter(
                organisers__studio=studio,
                activity_type=diagnosis_of(studio.programme).activity_type,
                place_school_id__in=list(open_visits),
                date__lte=self.today,
                diagnosis_visit__isnull=True,
            )
            .order_by("date", "pk")
            .distinct()
        )
        linked = []
        for activity in held:
            visit = open_visits.pop(activity.place_school_id, None)
            if visit is not None:
                linked.append(visits.link_activity(actor=self.host, visit=visit, activity=activity))
        return linked

    def invite(self, visit: Visit) -> None:
        people = self.rng.sample(self.data["invitees"], self.rng.randint(2, 4))
        for person in people:
            visits.add_invitee(
                actor=self.host,
                visit=visit,
                name=person["name"],
                unit=person["unit"],
                role=person["role"],
                inside_province=person["inside"],
            )

    def report(self, visit: Visit) -> None:
        rng = self.rng
        chosen = []
        for item in diagnosis_of(self.studio.programme).items:
            chosen.append((item.code, item.name, rng.choice(self.data["items"][item.code])))
        if rng.random() < 0.4:
            extra = rng.choice(self.data["extras"])
            chosen.append(("", extra["title"], extra))
        entries = [
            visits.Entry(
                title=title,
                findings=text["findings"],
                recommendations=text["recommendations"],
                code=code,
            )
            for code, title, text in chosen
        ]
        visits.record_report(
            actor=self.host,
            visit=visit,
            entries=entries,
            summary=rng.choice(self.data["summaries"]),
        )
        self.written.reported += 1
        member = visit.member.principal.user
        # A member without an account: the school's follow-up is entered for it.
        school = Actor.command_line(member) if member is not None else Actor.system()
        follow_ups = {title: text.get("follow_up", "") for _code, title, text in chosen}
        for item in visit.items.all():
            text = follow_ups.get(item.title, "")
            if text and rng.random() < 0.7:
                visits.record_follow_up(actor=school, item=item, text=text)
                self.written.followed_up += 1
