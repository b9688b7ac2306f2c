"""What a resource shared in one step takes from its source: a deliverable (its title, text and
file), a research outcome (its title and project) or a published post of a studio's site (its
title, summary and the address of its public page). The share page shows these as the form's
starting values; shared as they are, nothing needs typing."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import gettext as _

from touyan.publishing.selectors import post_for_library
from touyan.records.models import Deliverable, ResearchOutcome

from .models import Kind, Visibility

SUMMARY_FROM_BODY = 300
# The site's post kinds (Hainan's preset) that are one of the library's kinds; others are 其他.
POST_KINDS = {
    "paper": Kind.PAPER,
    "lesson_design": Kind.LESSON_DESIGN,
    "case_review": Kind.CASE,
}

OUTCOME_KINDS = {
    ResearchOutcome.Kind.PAPER: Kind.PAPER,
    ResearchOutcome.Kind.PUBLICATION: Kind.PAPER,
    ResearchOutcome.Kind.REPORT: Kind.REPORT,
    ResearchOutcome.Kind.MONOGRAPH: Kind.REPORT,
}


@dataclass
class Proposal:
    """A resource as its source suggests it."""

    source: object
    programme: object
    studio: object
    title: str
    summary: str
    kind: str
    visibility: str
    body: str = ""
    file: object = None
    file_name: str = ""
    link: str = ""
    tags: list[str] = field(default_factory=list)


def from_deliverable(deliverable: Deliverable) -> Proposal:
    body = deliverable.body or ""
    summary = body.strip().replace("\r", "")[:SUMMARY_FROM_BODY]
    extension = deliverable.file.name.rsplit(".", 1)[-1] if deliverable.file else ""
    return Proposal(
        source=deliverable,
        programme=deliverable.programme,
        studio=deliverable.studio,
        title=deliverable.title,
        summary=summary,
        kind=Kind.REPORT,
        visibility=Visibility.STUDIO if deliverable.studio_id else Visibility.PROGRAMME,
        # A deliverable handed in as text is shared as its text; one with a file, as its file.
        body="" if deliverable.file else body,
        file=deliverable.file or None,
        file_name=f"{deliverable.title}.{extension}" if extension else "",
    )


def from_outcome(outcome: ResearchOutcome) -> Proposal:
    project = outcome.project
    parts = [_("课题《%(project)s》的成果") % {"project": project.title}]
    parts.append(outcome.get_kind_display())
    if outcome.level:
        parts.append(outcome.get_level_display())
    parts.append(outcome.achieved_on.isoformat())
    summary = " · ".join(str(part) for part in parts)
    return Proposal(
        source=outcome,
        programme=project.programme,
        studio=project.studio,
        title=outcome.title,
        summary=summary,
        kind=OUTCOME_KINDS.get(outcome.kind, Kind.OTHER),
        visibility=Visibility.STUDIO if project.studio_id else Visibility.PROGRAMME,
        body=summary,
    )


def from_post(post) -> Proposal:
    """A published post: public already, so shared for everyone; the resource links to it."""
    taken = post_for_library(post)
    return Proposal(
        source=post,
        programme=post.studio.programme,
        studio=post.studio,
        title=taken["title"],
        summary=taken["summary"][:SUMMARY_FROM_BODY],
        kind=POST_KINDS.get(post.kind, Kind.OTHER),
        visibility=Visibility.PUBLIC,
        link=urljoin(settings.TOUYAN_SITE_URL, taken["link"]),
    )
