"""What the two selection builders share: scanned forms to upload, the people who act (district
offices, expert pools), and the clock of the story.

The services stamp what they do with the time they run. A demo call decided two months ago
would then show today's date on every stamp, so after each step of the story ``Timeline.settle``
moves the stamps written by that step to when it happened, keeping their order."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q
from django.utils import timezone

from touyan.accounts.models import User
from touyan.accounts.roles import Role
from touyan.accounts.services import create_user, grant_role
from touyan.allocation.models import Move, Run
from touyan.assessment.models import Case, ReviewRequest, Round, Score
from touyan.core.actors import Actor
from touyan.notifications.models import Notification
from touyan.people.enums import Gender
from touyan.regions.models import Region
from touyan.selection.models import (
    Application,
    Call,
    Conflict,
    DistrictBatch,
    Evidence,
    Notice,
    Objection,
    Review,
)
from touyan.studios.models import Prospectus
from touyan.training.models import RemovalCase

from .names import Weighted, person_name

STAMPED = {
    Call: ("created_at", "published_at"),
    Application: ("created_at", "updated_at", "reviewed_at", "decided_at"),
    Evidence: ("uploaded_at",),
    DistrictBatch: ("submitted_at",),
    Review: ("assigned_at", "submitted_at"),
    Conflict: ("declared_at",),
    Notice: ("published_at", "finalised_at"),
    Objection: ("lodged_at", "handled_at"),
    Prospectus: ("updated_at", "submitted_at", "reviewed_at", "published_at"),
    Run: ("created_at", "started_at", "finished_at", "published_at"),
    Move: ("moved_at",),
    Round: ("created_at", "published_at"),
    Case: ("assembled_at", "submitted_at", "decided_at", "applied_at"),
    Score: ("assigned_at", "submitted_at"),
    ReviewRequest: ("requested_at", "decided_at"),
    RemovalCase: ("opened_at", "answered_at", "decided_at"),
}


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def office_hours(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return at(day, 9), at(day, 17, 30)


class Timeline:
    """Moves what the services stamped since the last ``settle`` into a span of the story."""

    def __init__(self) -> None:
        self._since = timezone.now()
        self._last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0

    def settle(
        self,
        start: dt.datetime,
        end: dt.datetime | None = None,
        *,
        read: bool | None = None,
        models=tuple(STAMPED),
    ) -> None:
        """Everything stamped since the last call goes to ``start``…``end`` in its own order;
        notifications it sent are read unless they are news of the last few days. ``models``
        narrows the search to what the step can have stamped."""
        now = timezone.now()
        end = min(end or start, now)
        start = min(start, end)
        since, taken = self._since, (now - self._since) or dt.timedelta(microseconds=1)

        def moved(value: dt.datetime) -> dt.datetime:
            return start + (end - start) * ((value - since) / taken)

        for model in models:
            fields = STAMPED[model]
            recent = Q()
            for name in fields:
                recent |= Q(**{f"{name}__gte": since})
            rows = list(model.objects.filter(recent).only("pk", *fields))
            changed = set()
            for row in rows:
                for name in fields:
                    value = getattr(row, name)
                    if value is not None and value >= since:
                        setattr(row, name, moved(value))
                        changed.add(name)
            if changed:
                model.objects.bulk_update(rows, sorted(changed))
        if read is None:
            read = end < now - dt.timedelta(days=3)
        sent = list(Notification.objects.filter(pk__gt=self._last_notification))
        for notification in sent:
            notification.created_at = moved(notification.created_at)
            if read:
                notification.read_at = min(notification.created_at + dt.timedelta(hours=3), now)
        Notification.objects.bulk_update(sent, ["created_at", "read_at"])
        if sent:
            self._last_notification = max(n.pk for n in sent)
        self._since = timezone.now()


def scanned_form(lines: list[tuple[int, str]]) -> bytes:
    """A one-page PDF with the given lines (font size, text), set in the reader's own Song
    typeface (STSong-Light, not embedded), as a scanned and signed form stands in the demo."""
    text, y = [], 770
    for size, line in lines:
        text.append(f"BT /F1 {size} Tf 72 {y} Td <{line.encode('utf-16-be').hex().upper()}> Tj ET")
        y -= size * 2
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_upload(name: str, lines: list[tuple[int, str]]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scanned_form(lines), content_type="application/pdf")


def staff_user(*, actor: Actor, username: str, full_name: str, role: str, region: Region) -> User:
    """A person the story needs who is not a demo account: nobody signs in as them, so
    their password is unusable (and costs no hashing)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(actor=actor, username=username, password=None, full_name=full_name)
    grant_role(actor=actor, user=user, role=role, region=region)
    return user


def district_office(actor: Actor, region: Region, username_prefix: str) -> User:
    """The district's officer: the demo account where there is one, else one made for it."""
    officer = (
        User.objects.filter(
            is_active=True, grants__role=Role.DISTRICT_OFFICER, grants__region=region
        )
        .order_by("pk")
        .first()
    )
    if officer is not None:
        return officer
    return staff_user(
        actor=actor,
        username=f"{username_prefix}-{region.code}",
        full_name=f"{region.name}教育局",
        role=Role.DISTRICT_OFFICER,
        region=region,
    )


def expert_pool(
    *,
    actor: Actor,
    rng: random.Random,
    region: Region,
    username_prefix: str,
    count: int,
    surnames: Weighted,
) -> list[User]:
    """The demo expert account and ``count`` more experts of the region."""
    experts = [User.objects.get(username="expert")]
    for number in range(1, count + 1):
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        experts.append(
            staff_user(
                actor=actor,
                username=f"{username_prefix}-{number}",
                full_name=person_name(rng, gender, surnames),
                role=Role.EXPERT,
                region=region,
            )
        )
    return experts
