"""The Hainan studios' public sites (HN-4.1.6), written through the publishing services.

Every studio publishes in every column of the policy's ``[site]``, every month since the cycle
began (two a month for most, so the site's freshness rule holds; the last two studios publish
one a month and fall behind); the latest posts carry photos, drawn here with Pillow. The demo host's studio (``host``) also has a
post its member (``member``'s studio is another) is waiting for the host to approve, and a post
the centre (``hn-centre``) took down with its reason. The moments are moved into the past the
way the selection stories move theirs. Texts are in ``data/site.toml``.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from touyan.accounts.models import User
from touyan.core.actors import Actor
from touyan.programmes.models import Programme, Studio
from touyan.programmes.policy import spec_of
from touyan.publishing import services
from touyan.publishing.models import Post

from .programmes_hainan import programme_slug
from .selection_kit import at


@dataclass
class SiteWritten:
    created: bool = True
    posts: int = 0
    published: int = 0
    photos: int = 0
    waiting: int = 0
    taken_down: int = 0
    told: list[str] = field(default_factory=list)


def texts() -> dict:
    text = resources.files("touyan.demo").joinpath("data/site.toml").read_text("utf-8")
    return tomllib.loads(text)


def drawn_photo(rng: random.Random, name: str) -> SimpleUploadedFile:
    """A small picture: a sky, a field and a building, in colours of the seed's choosing."""
    width, height = 960, 640
    image = Image.new("RGB", (width, height), (rng.randint(120, 190), rng.randint(170, 215), 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(70, rng.randint(120, 160), 70))
    left = rng.randint(80, 420)
    top = rng.randint(180, 300)
    draw.rectangle((left, top, left + 360, height * 2 // 3), fill=(225, 215, 200))
    for column in range(4):
        x = left + 30 + column * 85
        draw.rectangle((x, top + 40, x + 45, top + 100), fill=(90, 120, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def months_back(today: dt.date, back: int) -> dt.date:
    """The first day of the month ``back`` months before today's."""
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def build_hainan_site(*, actor: Actor, rng: random.Random, today: dt.date) -> SiteWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or spec_of(programme).site is None:
        return SiteWritten(created=False)
    if Post.objects.filter(studio__programme=programme).exists():
        return SiteWritten(created=False)
    return _Story(actor, rng, programme, today).tell()


class _Story:
    def __init__(self, actor: Actor, rng: random.Random, programme: Programme, today: dt.date):
        self.actor, self.rng, self.programme, self.today = actor, rng, programme, today
        self.data = texts()
        self.centre = Actor.command_line(User.objects.get(username="hn-centre"))
        self.studios = list(
            programme.studios.filter(revoked_on__isnull=True)
            .select_related("host__user", "base_school")
            .order_by("pk")
        )
        self.written = SiteWritten()

    def tell(self) -> SiteWritten:
        start = self.programme.starts_on
        months = (self.today.year - start.year) * 12 + self.today.month - start.month + 1
        for index, studio in enumerate(self.studios):
            # Most studios publish twice a month; the last two fall behind.
            per_month = 2 if index < len(self.studios) - 2 else 1
            self.publish_for(studio, months, per_month)
        host_studio = next(
            (s for s in self.studios if s.host.user and s.host.user.username == "host"), None
        )
        if host_studio is not None:
            self.member_waits(host_studio)
            self.taken_down(host_studio)
        return self.written

    def fill(self, text: str, studio: Studio) -> str:
        return text.replace("{studio}", studio.name).replace("{host}", studio.host.name)

    def body(self, entry: dict, studio: Studio) -> str:
        return "".join(f"<p>{self.fill(line, studio)}</p>" for line in entry["body"])

    def write(self, studio: Studio, entry: dict, *, author=None, photos: int = 0) -> Post:
        uploads = [drawn_photo(self.rng, f"photo-{n + 1}.jpg") for n in range(photos)]
        post = services.write_post(
            actor=self.actor,
            studio=studio,
            column=entry["column"],
            kind=entry["kind"],
            title=self.fill(entry["title"], studio),
            summary=self.fill(entry["summary"], studio),
            body=self.body(entry, studio),
            photos=uploads,
            captions=[f"{studio.name} · {n + 1}" for n in range(photos)],
            author=author or studio.host,
        )
        self.written.posts += 1
        self.written.photos += photos
        return post

    def publish_for(self, studio: Studio, months: int, per_month: int) -> None:
        entries = self.data["posts"]
        start = self.programme.starts_on
        slot = 0  # each studio runs through the texts in turn
        for back in range(months - 1, -1, -1):
            first = months_back(self.today, back)
            for n in range(per_month):
                entry = entries[slot % len(entries)]
                slot += 1
                # The last three months' posts carry their photos.
                photos = entry.get("photos", 0) if back < 3 else 0
                post = self.write(studio, entry, photos=photos)
                post = services.approve_post(actor=self.actor, post=post)
                day = first + dt.timedelta(days=3 + 10 * n + self.rng.randint(0, 4))
                day = max(min(day, self.today), start)
                moment = at(day, 10 + n)
                Post.objects.filter(pk=post.pk).update(
                    created_at=moment, updated_at=moment, decided_at=moment, published_at=moment
                )
                self.written.published += 1

    def member_waits(self, studio: Studio) -> None:
        member = studio.members.filter(left_on__isnull=True).select_related("principal").first()
        if member is None:
            return
        post = self.write(studio, self.data["member_post"], author=member.principal)
        services.submit_post(actor=self.actor, post=post)
        self.written.waiting += 1
        self.written.told.append(f"{member.principal.name}的文章《{post.title}》等待主持人审核")

    def taken_down(self, studio: Studio) -> None:
        entry = self.data["taken_down"]
        post = self.write(studio, entry, photos=1)
        post = services.approve_post(actor=self.actor, post=post)
        services.take_down_post(actor=self.centre, post=post, reason=entry["reason"])
        self.written.taken_down += 1
        self.written.told.append(f"培训中心撤下《{post.title}》：{entry['reason']}")
