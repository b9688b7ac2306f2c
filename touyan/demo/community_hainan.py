"""The Hainan demo studio's learning community (HN-4.0.1), told through the community services.

海南中学's studio (``host``) discusses its school-based study and a book with six of its members (given accounts
here, ``hn-studio-m1`` … ``hn-studio-m6``, password as the demo's); the demo member (``member``)
asks in their own studio (嘉积中学's) and its host (``hn-studio-host2`` if it had no account)
answers; on the programme's cross-studio board that host asks about diagnosis visits, and a
member's advertisement there is reported by ``member`` and hidden by the centre with its
reason. Two online study sessions: one closed — its
window ended five days ago, participation counted by the closing job as attendance (opened the
material and posted; one member only posted, others did not take part, two were on leave) — and
one open now, which ``host`` follows on its page.

Texts, authors and days are in ``data/community.toml``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

from django.utils import timezone

from touyan.accounts.models import User
from touyan.accounts.services import create_user
from touyan.community.models import Thread
from touyan.community.services import moderation
from touyan.community.services.sessions import close_session, create_session, open_material
from touyan.community.services.threads import reply, start_thread
from touyan.core.actors import Actor
from touyan.people.services import link_account
from touyan.programmes.models import Programme, Studio, StudioMember
from touyan.programmes.selectors import still_member
from touyan.records.models import Attendance
from touyan.records.services import Mark, record_attendance

from .accounts import DEMO_PASSWORD
from .hainan import HOST_SCHOOL
from .programmes_hainan import programme_slug

EXTRA_MEMBERS = 6


@dataclass
class CommunityWritten:
    created: bool = True
    threads: int = 0
    posts: int = 0
    sessions: int = 0
    present: int = 0
    absent: int = 0
    hidden: int = 0


def story() -> dict:
    text = resources.files("touyan.demo").joinpath("data/community.toml").read_text("utf-8")
    return tomllib.loads(text)


def build_hainan_community(*, actor: Actor, today: dt.date) -> CommunityWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or Thread.objects.filter(programme=programme).exists():
        return CommunityWritten(created=False)
    studio = (
        Studio.objects.filter(programme=programme, base_school__name=HOST_SCHOOL[1])
        .select_related("host", "programme")
        .first()
    )
    if studio is None:
        return CommunityWritten(created=False)
    return _Story(actor, programme, studio, today).tell()


class _Story:
    def __init__(self, actor: Actor, programme: Programme, studio: Studio, today: dt.date):
        self.actor, self.programme, self.studio, self.today = actor, programme, studio, today
        self.now = timezone.now()
        self.data = story()
        self.written = CommunityWritten()
        self.people = self._people()
        self.steps = 0

    def _people(self) -> dict[str, Actor]:
        host = User.objects.get(username="host")
        member = User.objects.get(username="member")
        people = {
            "host": host,
            "member": member,
            "centre": User.objects.get(username="hn-centre"),
        }
        others = (
            StudioMember.objects.filter(still_member(), studio=self.studio)
            .exclude(principal__user=member)
            .select_related("principal__user")
            .order_by("pk")
        )
        self.silent = []
        for number, membership in enumerate(others, start=1):
            principal = membership.principal
            if number > EXTRA_MEMBERS:
                self.silent.append(principal)
                continue
            user = principal.user or self._account(f"hn-studio-m{number}", principal)
            people[f"m{number}"] = user
        # The demo member's own studio (嘉积中学's) and its host.
        self.member_studio = (
            Studio.objects.filter(
                programme=self.programme,
                members__principal__user=member,
                members__left_on__isnull=True,
            )
            .exclude(pk=self.studio.pk)
            .select_related("host__user")
            .first()
        )
        if self.member_studio is not None:
            host2 = self.member_studio.host
            people["other_host"] = host2.user or self._account("hn-studio-host2", host2)
        return {key: Actor.command_line(user) for key, user in people.items()}

    def _account(self, username: str, principal) -> User:
        user = User.objects.filter(username=username).first() or create_user(
            actor=self.actor, username=username, password=DEMO_PASSWORD, full_name=principal.name
        )
        link_account(actor=self.actor, principal=principal, user=user)
        return user

    def moment(self, day: int, hour: int = 20) -> dt.datetime:
        """A moment of ``day`` days from today, a few minutes after the one before; never later
        than a minute ago."""
        self.steps += 1
        local = timezone.make_aware(
            dt.datetime.combine(self.today + dt.timedelta(days=day), dt.time(hour))
        ) + dt.timedelta(minutes=7 * (self.steps % 8))
        return min(local, self.now - dt.timedelta(minutes=60 - self.steps % 50))

    def tell(self) -> CommunityWritten:
        for entry in self.data["threads"]:
            self.thread(entry)
        for entry in self.data["sessions"]:
            self.session(entry)
        return self.written

    def thread(self, entry: dict) -> None:
        place = {"studio": self.studio, "member_studio": self.member_studio, "board": None}
        if entry["place"] == "member_studio" and self.member_studio is None:
            return
        thread = start_thread(
            actor=self.people[entry["author"]],
            programme=self.programme,
            studio=place[entry["place"]],
            title=entry["title"],
            body=entry["body"],
            now=self.moment(entry["day"], 9),
        )
        self.written.threads += 1
        replies = []
        for item in entry.get("replies", []):
            parent = replies[item["reply_to"] - 1] if item.get("reply_to") else None
            post = reply(
                actor=self.people[item["author"]],
                thread=thread,
                body=item["body"],
                parent=parent,
                now=self.moment(item["day"]),
            )
            replies.append(post)
            self.written.posts += 1
            if item.get("reported_by"):
                moderation.report_post(
                    actor=self.people[item["reported_by"]],
                    post=post,
                    reason=item["report_reason"],
                )
                moderation.hide_post(
                    actor=self.people[item["hidden_by"]], post=post, reason=item["hidden_reason"]
                )
                self.written.hidden += 1

    def session(self, entry: dict) -> None:
        opens = timezone.make_aware(
            dt.datetime.combine(self.today + dt.timedelta(days=entry["opens"]), dt.time(8))
        )
        closes = timezone.make_aware(
            dt.datetime.combine(self.today + dt.timedelta(days=entry["closes"]), dt.time(22))
        )
        session = create_session(
            actor=self.people["host"],
            studio=self.studio,
            title=entry["title"],
            kind=entry["kind"],
            text=entry.get("text", ""),
            link=entry.get("link", ""),
            opens_at=opens,
            closes_at=closes,
        )
        self.written.sessions += 1
        for key, day in entry.get("opened", []):
            open_material(
                actor=self.people[key], session=session, now=max(self.moment(day, 8), opens)
            )
        for item in entry.get("posts", []):
            reply(
                actor=self.people[item["author"]],
                thread=session.thread,
                body=item["body"],
                now=max(self.moment(item["day"], 21), opens),
            )
            self.written.posts += 1
        if entry["state"] != "closed":
            return
        # Two of the members who did not take part had asked the host for leave.
        on_leave = self.silent[:2]
        if on_leave:
            record_attendance(
                actor=self.people["host"],
                activity=session.activity,
                marks=[
                    Mark(p.pk, Attendance.Status.LEAVE, note="请假：学校迎检") for p in on_leave
                ],
                today=self.today,
            )
        session = close_session(
            actor=Actor.system(), session=session, now=closes + dt.timedelta(minutes=15)
        )
        rows = Attendance.objects.filter(activity=session.activity)
        self.written.present += rows.filter(status=Attendance.Status.PRESENT).count()
        self.written.absent += rows.filter(status=Attendance.Status.ABSENT).count()
