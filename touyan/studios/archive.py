"""成员档案 (HN-4.2.3): one member's record in one studio — plans and deliverables, attendance,
tasks, the host's guidance, assessments, the diagnosis of their school — gathered from every
domain through ``registry.MEMBER_ARCHIVE``, shown as a page and printed as a PDF from the same
parts."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touyan.core import registry
from touyan.core.documents.listing import Column, Listing, Section, render_listing
from touyan.core.registry import ArchivePart
from touyan.programmes.models import StudioMember

from .models import GuidanceNote
from .selectors import tasks_of_member


def archive_of(membership: StudioMember) -> dict:
    """Everything the page and the PDF show."""
    principal = membership.principal
    return {
        "membership": membership,
        "studio": membership.studio,
        "principal": principal,
        "lines": _lines(membership),
        "parts": list(registry.MEMBER_ARCHIVE.items(membership)),
    }


def _lines(membership: StudioMember) -> list[str]:
    studio = membership.studio
    lines = [
        _("%(studio)s · %(programme)s")
        % {"studio": studio.name, "programme": studio.programme.name},
        _("任职学校：%(school)s") % {"school": membership.principal.school.name},
        _("加入日期：%(date)s") % {"date": membership.joined_on.isoformat()},
    ]
    if membership.left_on is not None:
        lines.append(
            _("退出日期：%(date)s（%(reason)s）")
            % {"date": membership.left_on.isoformat(), "reason": membership.left_reason or "—"}
        )
    return lines


def archive_pdf(membership: StudioMember) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        data = archive_of(membership)
        return render_listing(
            Listing(
                title=_("%(name)s 成员档案") % {"name": data["principal"].name},
                lines=data["lines"],
                columns=[
                    Column(_("项目"), 3),
                    Column(_("情况"), 5),
                    Column(_("日期"), 1.6, centred=True),
                ],
                sections=[
                    Section(
                        f"{part.heading}（{part.summary}）" if part.summary else part.heading,
                        part.rows,
                        empty=part.empty or _("无"),
                    )
                    for part in data["parts"]
                ],
                footer=data["studio"].name,
            )
        )


# The studio's own part ------------------------------------------------------------------------


def guidance(membership) -> list[ArchivePart]:
    notes = GuidanceNote.objects.filter(membership=membership).select_related("deliverable")
    rows = []
    for note in notes:
        about = (
            _("关于《%(title)s》：") % {"title": note.deliverable.title} if note.deliverable else ""
        )
        rows.append(
            (note.author_name, about + note.body, timezone.localdate(note.created_at).isoformat())
        )
    return [ArchivePart(_("指导意见"), rows, empty=_("尚无指导意见"))]


def tasks(membership) -> list[ArchivePart]:
    """The member's parts of the studio's tasks (HN-4.2.2): each with its state, the late ones
    marked, and how many there are and are late."""
    parts = list(tasks_of_member(membership))
    rows = []
    for part in parts:
        state = part.get_status_display()
        if part.late:
            state = _("%(state)s，已逾期") % {"state": state}
        if part.review_note and part.status == part.Status.RETURNED:
            state = _("%(state)s：%(note)s") % {"state": state, "note": part.review_note}
        rows.append((part.task.title, state, part.task.due_on.isoformat()))
    late = sum(1 for part in parts if part.late)
    summary = _("共 %(n)d 项，已完成 %(done)d 项，逾期 %(late)d 项") % {
        "n": len(parts),
        "done": sum(1 for part in parts if part.status == part.Status.ACCEPTED),
        "late": late,
    }
    return [
        ArchivePart(
            _("工作室任务"), rows, empty=_("尚未分配任务"), summary=summary if parts else ""
        )
    ]
