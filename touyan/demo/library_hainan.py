"""The Hainan studios share their work in the library (HN-4.1.5), told through the library
services.

Studios share cases, lesson designs, research reports and tools (``data/library.toml``): the
demo host (``host``, 海南中学) and member (``member``) through their own accounts, the other
studios from the command line on their behalf; most are public, some for the whole programme,
one for its studio only. Each with points comes as a small PDF written by the platform's own
PDF writer; one is a link. The host also shares, in one step, a deliverable of their studio
already in the record, and a research outcome of a studio project when the records have one.
Downloads are counted as the download page counts them, one at a time.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from importlib import resources

from django.core.files.uploadedfile import SimpleUploadedFile

from touyan.accounts.models import User
from touyan.core.actors import Actor, Source
from touyan.core.documents.listing import Column, Listing, Section, render_listing
from touyan.library.models import Resource, Visibility
from touyan.library.services import record_download, share_resource
from touyan.library.sources import from_deliverable, from_outcome
from touyan.programmes.models import Programme
from touyan.records.models import Deliverable, ResearchOutcome

from .programmes_hainan import programme_slug


@dataclass
class LibraryWritten:
    created: bool = True
    resources: int = 0
    public: int = 0
    from_record: int = 0
    downloads: int = 0


def story() -> dict:
    text = resources.files("touyan.demo").joinpath("data/library.toml").read_text("utf-8")
    return tomllib.loads(text)


def pdf_of(entry: dict) -> SimpleUploadedFile:
    listing = Listing(
        title=entry["title"],
        lines=[entry["summary"]],
        columns=[Column("要点", 1)],
        sections=[Section("", rows=[[point] for point in entry["points"]])],
    )
    return SimpleUploadedFile(
        f"{entry['title']}.pdf", render_listing(listing), content_type="application/pdf"
    )


def build_hainan_library(*, actor: Actor, rng: random.Random, today: dt.date) -> LibraryWritten:
    programme = Programme.objects.filter(slug=programme_slug(today)).first()
    if programme is None or programme.resources.exists():
        return LibraryWritten(created=False)
    studios = {
        studio.base_school.name: studio
        for studio in programme.studios.select_related("base_school", "host").filter(
            revoked_on__isnull=True
        )
    }
    written = LibraryWritten()
    shared = []
    for entry in story()["resources"]:
        studio = studios.get(entry["school"])
        if studio is None:
            continue
        account = User.objects.filter(username=entry.get("by", "")).first()
        sharer = Actor(user=account, source=Source.CLI) if account else actor
        resource = share_resource(
            actor=sharer,
            programme=programme,
            studio=studio,
            title=entry["title"],
            summary=entry["summary"],
            kind=entry["kind"],
            tags=entry["tags"],
            visibility=entry["visibility"],
            file=pdf_of(entry) if entry.get("points") else None,
            link=entry.get("link", ""),
        )
        shared.append((resource, entry["downloads"]))
    shared += _from_record(actor, programme, studios.get("海南中学"), rng)
    for resource, downloads in shared:
        for _ in range(downloads):
            record_download(actor=actor, resource=resource)
        written.downloads += downloads
    written.resources = len(shared)
    written.public = Resource.objects.filter(
        programme=programme, visibility=Visibility.PUBLIC
    ).count()
    written.from_record = sum(1 for resource, _ in shared if resource.source is not None)
    return written


def _from_record(actor: Actor, programme, studio, rng: random.Random) -> list[tuple]:
    """In one step, as the share pages do: the host's studio's first deliverable (its plan) for
    the programme, and an outcome of one of its projects for everyone."""
    if studio is None:
        return []
    host = User.objects.filter(username="host").first()
    sharer = Actor(user=host, source=Source.CLI) if host else actor
    made = []
    deliverable = (
        Deliverable.objects.filter(programme=programme, studio=studio, principal__isnull=True)
        .order_by("submitted_on", "pk")
        .first()
    )
    outcome = (
        ResearchOutcome.objects.filter(project__studio=studio)
        .select_related("project__programme", "project__studio")
        .order_by("achieved_on", "pk")
        .first()
    )
    for proposal, visibility, tags in (
        (deliverable and from_deliverable(deliverable), Visibility.PROGRAMME, ["工作室规划"]),
        (outcome and from_outcome(outcome), Visibility.PUBLIC, ["课题研究"]),
    ):
        if not proposal:
            continue
        resource = share_resource(
            actor=sharer,
            programme=proposal.programme,
            studio=proposal.studio,
            title=proposal.title,
            summary=proposal.summary,
            kind=proposal.kind,
            tags=tags,
            visibility=visibility,
            file=proposal.file,
            file_name=proposal.file_name,
            body=proposal.body,
            source=proposal.source,
        )
        made.append((resource, rng.randint(3, 12)))
    return made
