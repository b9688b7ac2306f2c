"""From applications in the database to the district's documents: the rows of the summary sheet
(汇总表) and the recommendation forms (推荐表).

The particulars come from the registry as it stands (the years in post on the call's closing
day); corrections the applicant asked for are noted beside them, never applied. Mobile numbers
are as the ``Disclosure`` gives them (``touyan.core.personal_data``): masked unless full numbers
were asked for by someone who may see them.

The documents are the forms a bureau sends up, so they are written in Chinese whatever the
language of the person downloading them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import IO

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from touyan.core.personal_data import Disclosure
from touyan.people.enums import Gender, Position, SchoolKind, Title
from touyan.people.models import Principal
from touyan.regions.models import Region

from .. import eligibility, states
from ..models import Application, Call, DistrictBatch
from ..offices import office_name
from ..policy import call_spec
from ..services.applications import CORRECTABLE
from .pdf import RecommendationForm, Stamp
from .summary_sheet import SummaryRow, write_summary_sheet

CHUNK = 500
_CALL_SUFFIX = re.compile(r"(人选)?遴选$")


def document_language():
    return translation.override(settings.LANGUAGE_CODE)


def form_name(call: Call, suffix: str) -> str:
    """The call's title without its trailing 人选遴选, then ``suffix``: "2026年杭州市中小学名校长
    培养工程人选遴选" becomes "2026年杭州市中小学名校长培养工程推荐表"."""
    return _CALL_SUFFIX.sub("", call.title.strip()) + suffix


def stamp_time(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def closing_day(call: Call) -> dt.date:
    return timezone.localtime(call.closes_at).date()


class Wording:
    """The labels of one document batch, translated once: a gettext per cell would take most of
    the time of a 2,000-row sheet."""

    def __init__(self):
        self.gender = _labels(Gender)
        self.position = _labels(Position)
        self.title = _labels(Title)
        self.kind = _labels(SchoolKind)
        self.route = _labels(Application.Route)
        self.tenure = _("%(years)d年%(months)d个月")
        self.outcome = {o: eligibility.outcome_label(o) for o in FINDING_OUTCOMES}
        self.agreed = _("同意推荐")


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


FINDING_OUTCOMES = (
    eligibility.MET,
    eligibility.UNMET,
    eligibility.EXPERTS,
    eligibility.JUDGED,
    eligibility.DECLARED,
    eligibility.MISSING,
)
OUTCOMES = {
    Application.Outcome.ELIGIBLE: eligibility.MET,
    Application.Outcome.EXPERTS: eligibility.EXPERTS,
    Application.Outcome.INELIGIBLE: eligibility.UNMET,
}


def tenure_text(principal: Principal, on: dt.date, words: Wording | None = None) -> str:
    tenure = principal.years_in_post(on)
    if tenure is None:
        return ""
    template = words.tenure if words else _("%(years)d年%(months)d个月")
    return template % {"years": tenure[0], "months": tenure[1]}


def eligibility_text(application: Application, words: Wording | None = None) -> str:
    """The eligibility in one cell: 符合, 待专家评议：<the branch the experts judge>, or
    不符合：<each unmet condition with its reason>."""
    words = words or Wording()
    findings = application.eligibility or []
    if application.outcome == Application.Outcome.INELIGIBLE:
        details = [
            f"{f['text']}（{f['reason']}）" for f in findings if f["outcome"] == eligibility.UNMET
        ]
    elif application.outcome == Application.Outcome.EXPERTS:
        spec = call_spec(application.call)
        details = [
            getattr(spec.condition(f["code"]), "otherwise", "") or f["text"]
            for f in findings
            if f["outcome"] == eligibility.EXPERTS
        ]
    else:
        return words.outcome[eligibility.MET]
    label = words.outcome[OUTCOMES[application.outcome]]
    return f"{label}：{'；'.join(details)}" if details else label


def corrections_text(application: Application) -> str:
    asked = application.corrections or {}
    parts = [
        _("%(field)s：%(value)s")
        % {"field": Principal._meta.get_field(name).verbose_name, "value": asked[name]}
        for name in CORRECTABLE
        if asked.get(name)
    ]
    return _("申请更正：%(parts)s") % {"parts": "；".join(parts)} if parts else ""


def route_text(application: Application, words: Wording | None = None) -> str:
    route = (words or Wording()).route[application.route]
    if application.route == Application.Route.UNIT and application.recommending_unit:
        return f"{route}（{application.recommending_unit}）"
    return route


def summary_rows(
    applications: Iterable[Application], *, disclosure: Disclosure
) -> Iterator[SummaryRow]:
    """One row per application, in the order given. The applications need ``call`` and
    ``principal__school`` loaded (``approved`` does it)."""
    words = Wording()
    for application in applications:
        principal = application.principal
        yield SummaryRow(
            rank=application.district_rank,
            name=principal.name,
            gender=words.gender[principal.gender],
            birth=principal.birth_date,
            school=principal.school.name,
            position=words.position[principal.position],
            title=words.title[principal.title],
            appointed_on=principal.appointed_on,
            years_in_post=tenure_text(principal, closing_day(application.call), words),
            stage=words.kind[principal.school.kind],
            mobile=disclosure.mobile(principal),
            route=route_text(application, words),
            eligibility=eligibility_text(application, words),
            opinion=application.review_note or words.agreed,
            note=corrections_text(application) if application.corrections else "",
        )


def approved(call: Call, district: Region) -> QuerySet[Application]:
    """The district's approved candidates in its ranking (unranked last, by submission)."""
    return (
        Application.objects.filter(call=call, district=district, status__in=states.FORWARDED)
        .select_related("principal__school")
        .order_by(F("district_rank").asc(nulls_last=True), "submitted_at", "pk")
    )


def _with_call(applications: Iterable[Application], call: Call) -> Iterator[Application]:
    """Every row shares the one call object, so its spec is parsed once."""
    for application in applications:
        application.call = call
        yield application


def write_district_summary(
    out: str | IO[bytes], *, call: Call, district: Region, disclosure: Disclosure
) -> int:
    """Write the district's summary sheet to ``out`` and return the number of candidates. The
    caller has checked that the viewer may have it. The rows stream from the database."""
    batch = DistrictBatch.objects.filter(call=call, district=district).first()
    office = office_name(district)
    with document_language():
        if batch is not None and batch.status == DistrictBatch.Status.SUBMITTED:
            stamped_by, stamped_at = batch.submitter_name, stamp_time(batch.submitted_at)
        else:
            stamped_by, stamped_at = _("（尚未报送）"), stamp_time(timezone.now())
        rows = approved(call, district).iterator(chunk_size=CHUNK)
        return write_summary_sheet(
            out,
            title=form_name(call, _("推荐人选汇总表")),
            district=district.name,
            office=office,
            stamped_by=stamped_by,
            stamped_at=stamped_at,
            places_hint=_("全市名额 %(places)d 名") % {"places": call.places},
            rows=summary_rows(_with_call(rows, call), disclosure=disclosure),
        )


def recommendation_form(
    application: Application, *, disclosure: Disclosure, words: Wording | None = None
) -> RecommendationForm:
    """The 推荐表 of one application. Needs ``call``, ``principal__school`` and ``district``
    loaded, and ``evidence`` prefetched when forms are made in bulk."""
    call = application.call
    principal = application.principal
    spec = call_spec(call)
    words = words or Wording()
    fields = [
        (_("姓名"), principal.name),
        (_("性别"), words.gender[principal.gender]),
        (_("出生年月"), principal.birth_date.strftime("%Y.%m")),
        (_("学段"), words.kind[principal.school.kind]),
        (_("学校"), principal.school.name),
        (_("职务"), words.position[principal.position]),
        (_("职称"), words.title[principal.title]),
        (
            _("任现职时间"),
            principal.appointed_on.strftime("%Y.%m") if principal.appointed_on else "",
        ),
        (_("任现职年限"), tenure_text(principal, closing_day(call), words)),
        (_("所在区县"), application.district.name),
        (_("联系电话"), disclosure.mobile(principal)),
        (_("推荐方式"), route_text(application, words)),
    ]
    corrections = corrections_text(application)
    if corrections:
        fields.append((_("更正申请"), corrections))
    if application.status in (Application.Status.RETURNED, Application.Status.REJECTED):
        fields.append(
            (
                _("审核结果"),
                f"{Application.Status(application.status).label}：{application.review_note}",
            )
        )
    statements = [
        (condition.text, application.statements[condition.code])
        for condition in spec.conditions
        if application.statements.get(condition.code)
    ]
    findings = [
        (f["text"], words.outcome[f["outcome"]], f["reason"]) for f in application.eligibility or []
    ]
    stamp = None
    if application.status in states.FORWARDED and application.reviewed_at:
        stamp = Stamp(
            office=application.review_office,
            by=application.reviewer_name,
            at=stamp_time(application.reviewed_at),
            rank=application.district_rank,
            opinion=application.review_note or words.agreed,
        )
    return RecommendationForm(
        title=form_name(call, _("推荐表")),
        call_title=call.title,
        serial=application.number,
        fields=fields,
        statements=statements,
        eligibility=findings,
        attachments=[evidence.original_name for evidence in application.evidence.all()],
        stamp=stamp,
        generated_at=stamp_time(timezone.now()),
    )


def district_forms(
    call: Call, district: Region, *, disclosure: Disclosure
) -> list[RecommendationForm]:
    """The forms of the district's approved candidates, in its ranking."""
    applications = approved(call, district).select_related("district").prefetch_related("evidence")
    with document_language():
        words = Wording()
        return [
            recommendation_form(application, disclosure=disclosure, words=words)
            for application in _with_call(applications, call)
        ]


def forms_pdf(forms: list[RecommendationForm]) -> bytes:
    """The forms as one PDF, every word of the page in the official language."""
    from .pdf import render_forms

    with document_language():
        return render_forms(forms)


def application_form(application: Application, *, disclosure: Disclosure) -> RecommendationForm:
    with document_language():
        return recommendation_form(application, disclosure=disclosure)
