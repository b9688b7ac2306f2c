"""The applicant's side: a draft prefilled from the registry, statements, evidence, submission."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.uploads import (
    DOCUMENTS,
    IMAGES,
    atomic_with_files,
    delete_on_commit,
    prepare_upload,
    save_file,
)
from touyan.people.enums import Gender, Position, SchoolKind, Title
from touyan.people.models import Principal
from touyan.policies.names import shown

from .. import eligibility
from ..models import Application, Call, Evidence
from ..policy import call_spec
from ..states import APPLICATION, CALL
from .common import tell

# What an applicant may ask the registry keepers to correct; never written to the registry here.
CORRECTABLE = ("name", "position", "title", "appointed_on", "school")
MAX_STATEMENT = 5000
MAX_FILES = 20


def profile_of(principal: Principal) -> dict:
    school = principal.school
    return {
        "name": principal.name,
        "gender": str(Gender(principal.gender).label),
        "birth_date": principal.birth_date.isoformat(),
        "school": school.name,
        "school_kind": str(SchoolKind(school.kind).label),
        "region": school.region_id,
        "position": str(Position(principal.position).label),
        "title": str(Title(principal.title).label),
        "appointed_on": principal.appointed_on.isoformat() if principal.appointed_on else "",
    }


def _check_open(call: Call, now: dt.datetime) -> None:
    if CALL.allows(call, "publish") or now < call.opens_at:
        raise ValidationError(
            _("申报尚未开始，开始时间为 %(at)s")
            % {"at": timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M")}
        )
    if not call.accepts_applications(now):
        raise ValidationError(
            _("申报已于 %(at)s 截止，不再接受申报")
            % {"at": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )


@transaction.atomic
def start_application(
    *, actor: Actor, call: Call, principal: Principal, now: dt.datetime | None = None
) -> Application:
    """A draft for the principal, or the one they already have (applying twice is one)."""
    require(actor, "selection.apply")
    call = CALL.lock(call)
    existing = Application.objects.filter(call=call, principal=principal).first()
    if existing is not None:
        return existing
    _check_open(call, now or timezone.now())
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                principal=principal,
                district_id=principal.school.region_id,
                profile=profile_of(principal),
            )
    except IntegrityError:
        return Application.objects.get(call=call, principal=principal)
    record(actor=actor, verb=Verb.CREATE, target=application, scope_code=application.district_id)
    return application


@transaction.atomic
def save_application(
    *,
    actor: Actor,
    application: Application,
    statements: dict[str, str],
    corrections: dict[str, str] | None = None,
    route: str = Application.Route.SELF,
    recommending_unit: str = "",
    now: dt.datetime | None = None,
) -> Application:
    application = APPLICATION.lock(application)
    require(actor, "selection.change_application", application)
    _check_editable(application, now or timezone.now())
    spec = call_spec(application.call)
    known = {c.code for c in spec.conditions}
    cleaned = {}
    for code, text in statements.items():
        text = (text or "").strip()
        if code not in known:
            raise ValidationError(_("未知的条件“%(code)s”") % {"code": code})
        if len(text) > MAX_STATEMENT:
            raise ValidationError(
                _("陈述不超过 %(max)d 字（“%(code)s”）") % {"max": MAX_STATEMENT, "code": code}
            )
        if text:
            cleaned[code] = text
    claimed = {}
    for name, value in (corrections or {}).items():
        value = (value or "").strip()
        if name not in CORRECTABLE:
            raise ValidationError(_("“%(name)s”不能申请更正") % {"name": name})
        if value and value != application.profile.get(name, ""):
            claimed[name] = value
    if route not in Application.Route.values:
        raise ValidationError({"route": _("推荐方式不正确")})
    if route == Application.Route.UNIT and not recommending_unit.strip():
        raise ValidationError({"recommending_unit": _("单位推荐须写明推荐单位")})
    application.statements = cleaned
    application.corrections = claimed
    application.route = route
    application.recommending_unit = recommending_unit.strip() if route == "unit" else ""
    application.updated_at = timezone.now()
    application.save()
    record(actor=actor, verb=Verb.UPDATE, target=application, scope_code=application.district_id)
    return application


def is_editable(application: Application, now: dt.datetime) -> bool:
    """Whether the applicant may still change the application (the form is shown then)."""
    try:
        _check_editable(application, now)
    except ValidationError:
        return False
    return True


def _check_editable(application: Application, now: dt.datetime) -> None:
    APPLICATION.check(application, "edit")
    call = application.call
    if application.status == Application.Status.RETURNED:
        deadline = call.district_deadline or call.closes_at
        if now >= deadline or not CALL.allows(call, "apply"):
            raise ValidationError(_("退回修改的期限已过"))
        return
    _check_open(call, now)


@atomic_with_files()
def add_evidence(
    *, actor: Actor, application: Application, requirement: str, uploaded, now=None
) -> Evidence:
    application = APPLICATION.lock(application)
    require(actor, "selection.change_application", application)
    _check_editable(application, now or timezone.now())
    spec = call_spec(application.call)
    if requirement != "other" and requirement not in {a.code for a in spec.attachments}:
        raise ValidationError(_("未知的材料类别"))
    if application.evidence.count() >= MAX_FILES:
        raise ValidationError(_("每份申报最多上传 %(max)d 个文件") % {"max": MAX_FILES})
    digest = _sha256(uploaded)
    if application.evidence.filter(sha256=digest).exists():
        raise ValidationError(_("“%(name)s”已上传过") % {"name": uploaded.name})
    file_type, content = prepare_upload(uploaded, (*DOCUMENTS, *IMAGES), kind="evidence")
    original = uploaded.name[:255]
    evidence = Evidence(
        application=application,
        requirement=requirement,
        original_name=original,
        content_type=file_type.content_type,
        size=content.size,
        sha256=digest,
    )
    save_file(evidence.file, content)
    evidence.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=evidence,
        scope_code=application.district_id,
        note=original,
    )
    return evidence


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def remove_evidence(*, actor: Actor, evidence: Evidence, now=None) -> None:
    application = APPLICATION.lock(evidence.application)
    require(actor, "selection.change_application", application)
    _check_editable(application, now or timezone.now())
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=evidence,
        scope_code=application.district_id,
        note=evidence.original_name,
    )
    delete_on_commit(evidence.file)
    evidence.delete()


@transaction.atomic
def submit_application(
    *, actor: Actor, application: Application, now: dt.datetime | None = None
) -> Application:
    """Lock the application and send it to its first review. Eligibility is computed now,
    from the registry, and kept with the application."""
    now = now or timezone.now()
    application = APPLICATION.lock(application)
    require(actor, "selection.change_application", application)
    APPLICATION.check(application, "submit")
    _check_editable(application, now)
    call = application.call
    spec = call_spec(call)
    findings = eligibility.evaluate(
        spec,
        application.principal,
        jurisdiction=call.programme.jurisdiction_id,
        on=timezone.localtime(call.closes_at).date(),
        statements=application.statements,
        programme_id=call.programme_id,
    )
    problems = [
        _("“%(text)s”须填写陈述") % {"text": eligibility.condition_text(spec, f.as_dict())}
        for f in eligibility.missing_statements(findings)
    ]
    outcome = eligibility.overall(findings)
    if outcome == "ineligible" and not application.corrections:
        problems += [
            _("%(text)s：%(reason)s")
            % {"text": eligibility.condition_text(spec, f.as_dict()), "reason": f.reason}
            for f in findings
            if f.outcome == eligibility.UNMET
        ]
    supplied = set(application.evidence.values_list("requirement", flat=True))
    problems += [
        _("须上传“%(name)s”") % {"name": shown(a)}
        for a in spec.attachments
        if a.required and a.code not in supplied
    ]
    if call.purpose == "members" and not application.studio_choices:
        problems.append(_("请至少填报一个工作室志愿"))
    if problems:
        raise ValidationError(problems)
    application = APPLICATION.move(
        actor=actor,
        obj=application,
        action="submit",
        fields={
            "profile": profile_of(application.principal),
            "eligibility": [f.as_dict() for f in findings],
            "outcome": outcome,
            "submitted_at": now,
            "district_rank": None,
        },
    )
    _tell_first_reviewers(application)
    return application


def _tell_first_reviewers(application: Application) -> None:
    from ..selectors import first_reviewers

    url = reverse("selection:district", args=[application.call_id])
    body = ""
    if application.corrections:
        body = _("申报人对名册信息提出了更正申请，请核实。")
    tell(
        first_reviewers(application),
        _("新的申报待审核：%(name)s") % {"name": application.principal.name},
        body,
        url,
    )
