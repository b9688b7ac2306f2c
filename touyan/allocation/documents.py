"""A run's allocation as a list to hand on: one section per studio (its continuing and new
members, each with name, school, county, the choice they got and the explanation), then the
unassigned with their reason. ``exports.py`` writes it as .xlsx and PDF.

The list is a document sent on to the bureaus and the studios, so it is written in the official
language whatever the language of the person downloading it. The moves are applied, and a moved
applicant's explanation is the move's reason, as on the run page.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touyan.core.documents.listing import Column, Listing, Section

from .models import Run
from .selectors import UNKNOWN, moves_of, people, region_names
from .views.report import Report

# Ids per query: a national call's list stays under SQLite's limit on query parameters.
PEOPLE_CHUNK = 5000


def people_in_chunks(identifiers: list[str]) -> dict:
    found = {}
    for start in range(0, len(identifiers), PEOPLE_CHUNK):
        found.update(people(identifiers[start : start + PEOPLE_CHUNK]))
    return found


def document_language():
    return translation.override(settings.LANGUAGE_CODE)


def columns() -> tuple[Column, ...]:
    return (
        Column(_("序号"), 7, centred=True),
        Column(_("姓名"), 9, centred=True),
        Column(_("学校"), 19),
        Column(_("区县"), 9, centred=True),
        Column(_("分配结果"), 11, centred=True),
        Column(_("说明"), 45),
    )


def run_listing(run: Run) -> tuple[Listing, int]:
    """The run's list and the number of people on it (continuing members included)."""
    with document_language():
        return _listing(run)


def _listing(run: Run) -> tuple[Listing, int]:
    report = Report.of(run)
    outcome = report.outcome
    last_moves = {move.applicant: move for move in moves_of(run)}
    identifiers = list(outcome.positions)
    found = people_in_chunks(identifiers)
    regions = region_names(a.region for a in report.problem.applicants)

    def row(number: int, identifier: str) -> tuple:
        _position, applicant = report.applicant(identifier)
        person = found.get(identifier, UNKNOWN)
        return (
            number,
            person.name,
            person.school,
            regions.get(applicant.region, applicant.region),
            report.rank_label(identifier),
            report.explanation(identifier, last_moves),
        )

    members: dict[object, list[str]] = {studio.id: [] for studio in report.problem.studios}
    for identifier in identifiers:
        studio = outcome.assignments.get(identifier)
        if studio is not None:
            members.setdefault(studio, []).append(identifier)
    sections = []
    for studio in report.problem.studios:
        listed = members[studio.id]
        name = report.studio_name(studio.id)
        heading = _("%(studio)s（%(count)d 人，限 %(minimum)d–%(maximum)d 人）") % {
            "studio": name,
            "count": len(listed),
            "minimum": studio.minimum,
            "maximum": studio.maximum,
        }
        sections.append(
            Section(
                heading=heading,
                rows=[row(n, i) for n, i in enumerate(listed, start=1)],
                empty=_("没有成员"),
                sheet=name,
            )
        )
    unassigned = outcome.unassigned
    sections.append(
        Section(
            heading=_("未分配（%(count)d 人）") % {"count": len(unassigned)},
            rows=[row(n, i) for n, i in enumerate(unassigned, start=1)],
            empty=_("无"),
            sheet=_("未分配"),
        )
    )
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    if run.published_at:
        state = _("已发布（%(at)s）") % {
            "at": timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M")
        }
    else:
        state = _("未发布，仅供核对")
    listing = Listing(
        title=_("%(call)s 成员分配名单") % {"call": run.call.title},
        columns=columns(),
        sections=sections,
        lines=[
            _("分配方案 #%(n)d · %(state)s") % {"n": run.number, "state": state},
            _(
                "分配 %(placed)d 人，延续成员 %(locked)d 人，未分配 %(unassigned)d 人；目标值 %(objective)d"
            )
            % {
                "placed": report.placed,
                "locked": report.locked,
                "unassigned": report.unassigned,
                "objective": report.objective,
            },
        ],
        footer=_("生成时间：%(at)s") % {"at": now},
    )
    return listing, len(identifiers)
