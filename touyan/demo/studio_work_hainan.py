"""The Hainan studios' own work (HN-4.2.1, HN-4.2.2), told through the studios' services.

In two studios — the demo host's (海南中学) and the demo member's (嘉积中学's head hosts it) —
the host writes the studio's documents: 工作制度 (twice: the second version revises the first,
which stays readable), 学习制度, 工作方案, 工作计划 and 成员培养计划. The hosts give members tasks:
one all members handed in and the host accepted; one partway (two parts waiting for the host,
one accepted); one given to a single member who let it pass its due date — the demo's one
overdue task, in the host's 待办 and the member's; and in the member's studio one the host
returned to the demo member with a comment, waiting in their 待办.

The texts and the moments are in ``data/studio_work.toml``. The steps are taken on the days
the story names (the services take ``today``), and the moments they stamp are set to those
days afterwards, as a record typed in at the time would have them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

from django.utils import timezone

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.records.models import Deliverable
from touyan.studios.models import Assignment, Task
from touyan.studios.selectors import serving_members
from touyan.studios.services.documents import save_host_document
from touyan.studios.services.tasks import assign_task, review_task, submit_task

from .programmes_hainan import programme_slug

HOST, MEMBER = "host", "member"  # the demo accounts whose studios the story is told in


@dataclass
class StudioWorkWritten:
    created: bool = True
    documents: int = 0  # versions saved
    tasks: int = 0
    accepted: int = 0
    returned: int = 0
    overdue: int = 0


def story() -> dict:
    text = resources.files("touyan.demo").joinpath("data/studio_work.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_hainan_studio_work(*, actor: Actor, today: dt.date) -> StudioWorkWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or Task.objects.filter(studio__programme=programme).exists():
        return StudioWorkWritten(created=False)
    studios = _studios(programme)
    if studios is None:
        return StudioWorkWritten(created=False)
    return _Story(actor, today, studios).tell()


def _studios(programme: Programme) -> dict[str, Studio] | None:
    host = User.objects.filter(username=HOST, principal__isnull=False).first()
    member = User.objects.filter(username=MEMBER, principal__isnull=False).first()
    if host is None or member is None:
        return None
    hosted = Studio.objects.filter(programme=programme, host=host.principal).first()
    joined = (
        StudioMember.objects.filter(studio__programme=programme, principal=member.principal)
        .select_related("studio")
        .first()
    )
    if hosted is None or joined is None:
        return None
    return {HOST: hosted, MEMBER: joined.studio}


class _Story:
    def __init__(self, actor: Actor, today: dt.date, studios: dict[str, Studio]):
        self.actor, self.today, self.studios = actor, today, studios
        self.data = story()
        self.member_user = User.objects.get(username=MEMBER)
        self.written = StudioWorkWritten()

    def tell(self) -> StudioWorkWritten:
        for studio in self.studios.values():
            self.documents(studio)
        for entry in self.data["tasks"]:
            self.task(entry)
        return self.written

    # People ---------------------------------------------------------------------------------

    def host_of(self, studio: Studio) -> Actor:
        user = getattr(studio.host, "user", None)
        return Actor.command_line(user) if user is not None else self.actor

    def as_member(self, member: StudioMember) -> Actor:
        user = getattr(member.principal, "user", None)
        return Actor.command_line(user) if user is not None else self.actor

    def day(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    def moment(self, day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    # Documents ------------------------------------------------------------------------------

    def documents(self, studio: Studio) -> None:
        host = self.host_of(studio)
        for entry in self.data["documents"]:
            for version in entry["versions"]:
                on = self.day(-version["days"])
                saved = save_host_document(
                    actor=host,
                    studio=studio,
                    document=entry["code"],
                    body=version["body"].format(studio=studio.name),
                    today=on,
                )
                Deliverable.objects.filter(pk=saved.pk).update(created_at=self.moment(on, 16))
                self.written.documents += 1

    # Tasks ----------------------------------------------------------------------------------

    def task(self, entry: dict) -> None:
        studio = self.studios[entry["studio"]]
        host = self.host_of(studio)
        members = self.members_in_order(studio)
        assigned_on, due_on = self.day(entry["assigned"]), self.day(entry["due"])
        task = assign_task(
            actor=host,
            studio=studio,
            title=entry["title"],
            description=entry["description"],
            due_on=due_on,
            members=None if entry["to"] == "all" else members[:1],
            today=assigned_on,
        )
        Task.objects.filter(pk=task.pk).update(created_at=self.moment(assigned_on, 9))
        self.written.tasks += 1
        parts = {part.member_id: part for part in task.assignments.all()}
        fates = entry["fates"]
        handed_on = min(assigned_on + dt.timedelta(days=5), self.today)
        for index, member in enumerate(m for m in members if m.pk in parts):
            fate = fates[min(index, len(fates) - 1)]
            part = parts[member.pk]
            if fate == "open":
                self.written.overdue += due_on < self.today
                continue
            part = submit_task(actor=self.as_member(member), assignment=part, text=entry["text"])
            stamps = {"submitted_at": self.moment(handed_on, 20)}
            if fate in ("accepted", "returned"):
                review_task(
                    actor=host,
                    assignment=part,
                    accept=fate == "accepted",
                    note=entry.get("note", "") if fate == "returned" else "",
                )
                # Shown as the host's name even when the host has no account of their own.
                stamps["reviewer_name"] = studio.host.name
                stamps["reviewed_at"] = self.moment(
                    min(handed_on + dt.timedelta(days=2), self.today), 10
                )
                self.written.accepted += fate == "accepted"
                self.written.returned += fate == "returned"
            Assignment.objects.filter(pk=part.pk).update(**stamps)

    def members_in_order(self, studio: Studio) -> list[StudioMember]:
        """The demo member first (when in the studio), then the others by name."""
        members = list(serving_members(studio))
        return sorted(
            members, key=lambda m: (m.principal.user != self.member_user, m.principal.name)
        )
