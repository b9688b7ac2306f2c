"""A call's decided list (决定名单: everyone decided as selected, with those struck after the
notice marked) and its final list (最终名单: those formally selected) as a ``Listing``, which
``services/exports.py`` writes as .xlsx or PDF.

Mobile numbers are as the ``Disclosure`` gives them: masked unless full numbers were asked for by
someone who may see them. Like the district's forms, the lists are written in the official
language.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.documents.listing import Column, Listing, Section
from touyan.core.personal_data import Disclosure
from touyan.people.enums import Gender, Position, Title

from ..models import Application, Call
from .build import document_language, form_name, stamp_time

S = Application.Status
DECIDED, FINAL = "decided", "final"
LISTED = {
    DECIDED: (S.SELECTED, S.CONFIRMED, S.STRUCK),
    FINAL: (S.CONFIRMED,),
}
MEMBERS = "members"


def listed(call: Call, which: str) -> QuerySet[Application]:
    """The applications on the list, highest score first (as the notice page shows them)."""
    return (
        Application.objects.filter(call=call, status__in=LISTED[which])
        .select_related("principal__school", "district", "placed_studio")
        .order_by("-score", "district_id", "pk")
    )


def list_title(call: Call, which: str) -> str:
    return form_name(call, _("决定名单") if which == DECIDED else _("最终名单"))


def columns(call: Call) -> tuple[Column, ...]:
    note = _("分配工作室") if call.purpose == MEMBERS else _("备注")
    return (
        Column(_("序号"), 7, centred=True),
        Column(_("姓名"), 9, centred=True),
        Column(_("性别"), 6, centred=True),
        Column(_("学校"), 19),
        Column(_("区县"), 9, centred=True),
        Column(_("职务"), 9, centred=True),
        Column(_("职称"), 11, centred=True),
        Column(_("专家平均分"), 8, centred=True),
        Column(_("联系电话"), 15, centred=True),
        Column(note, 14),
    )


def _note(application: Application, call: Call) -> str:
    if application.status == S.STRUCK:
        return _("公示后取消")
    if call.purpose == MEMBERS:
        return application.placed_studio.name if application.placed_studio else ""
    return ""


def call_listing(call: Call, which: str, *, disclosure: Disclosure) -> tuple[Listing, int]:
    """The list and the number of people on it."""
    with document_language():
        gender = {value: str(label) for value, label in Gender.choices}
        position = {value: str(label) for value, label in Position.choices}
        title = {value: str(label) for value, label in Title.choices}
        rows = []
        for number, application in enumerate(listed(call, which), start=1):
            principal = application.principal
            rows.append(
                (
                    number,
                    principal.name,
                    gender.get(principal.gender, ""),
                    principal.school.name,
                    application.district.name,
                    position.get(principal.position, ""),
                    title.get(principal.title, ""),
                    application.score,
                    disclosure.mobile(principal),
                    _note(application, call),
                )
            )
        heading = list_title(call, which)
        state = str(Call.Stage(call.stage).label)
        listing = Listing(
            title=heading,
            columns=columns(call),
            sections=[
                Section(
                    heading="",
                    rows=rows,
                    empty=_("名单中还没有人"),
                    sheet=_("决定名单") if which == DECIDED else _("最终名单"),
                )
            ],
            lines=[
                _("%(call)s · %(state)s · 共 %(count)d 人")
                % {"call": call.title, "state": state, "count": len(rows)}
            ],
            footer=_("生成时间：%(at)s") % {"at": stamp_time(timezone.now())},
        )
        return listing, len(rows)
