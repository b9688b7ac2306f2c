"""One 入校诊断 visit: held as a studio activity, the principals and experts invited, the
itemised report (HN-4.1.2.1), and the member school's follow-up of each item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import field_changes, record, snapshot
from touyan.compliance.freshness import touch
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.core.text import too_long
from touyan.records import services as records
from touyan.records.models import Activity, Organiser

from .. import planner
from ..models import Invitee, ReportItem, Visit
from ..selectors import diagnosis_of

INVITEE_FIELDS = ("name", "unit", "role", "inside_province")


def _may_report(actor: Actor, visit: Visit) -> None:
    require(actor, "diagnosis.report_visit", visit, _("您无权登记这次入校诊断"))


def _locked(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update()
        .select_related("studio__programme", "school", "member__principal")
        .get(pk=visit.pk)
    )


@transaction.atomic
def hold_visit(
    *, actor: Actor, visit: Visit, date: dt.date, title: str = "", description: str = ""
) -> Visit:
    """The visit took place on ``date``: recorded as the studio's activity at the school, so
    attendance is taken there as at any activity."""
    _may_report(actor, visit)
    visit = _locked(visit)
    if visit.is_held:
        raise ValidationError(_("这次入校诊断已登记为已举行"))
    studio = visit.studio
    activity = records.create_activity(
        actor=actor,
        programme=studio.programme,
        studios=[studio],
        activity_type=diagnosis_of(studio.programme).activity_type,
        title=title.strip() or _("入校诊断：%(school)s") % {"school": visit.school.name},
        date=date,
        place=visit.school.name,
        place_school=visit.school,
        description=description,
    )
    return _attach(actor, visit, activity)


@transaction.atomic
def link_activity(*, actor: Actor, visit: Visit, activity: Activity) -> Visit:
    """The visit took place as an activity already recorded (by the page, the import or the
    API)."""
    _may_report(actor, visit)
    visit = _locked(visit)
    if visit.is_held:
        raise ValidationError(_("这次入校诊断已登记为已举行"))
    programme = visit.studio.programme
    errors = []
    if (
        activity.programme_id != programme.pk
        or not Organiser.objects.filter(activity=activity, studio=visit.studio).exists()
    ):
        errors.append(_("这项活动不是本工作室组织的"))
    kind = diagnosis_of(programme).activity_type
    if activity.activity_type != kind:
        errors.append(_("只能关联类型为入校诊断的活动"))
    if activity.place_school_id != visit.school_id:
        errors.append(_("活动所在学校不是%(school)s") % {"school": visit.school.name})
    if Visit.objects.filter(activity=activity).exists():
        errors.append(_("这项活动已关联到另一次入校诊断"))
    if errors:
        raise ValidationError({"activity": errors})
    return _attach(actor, visit, activity)


def _attach(actor: Actor, visit: Visit, activity: Activity) -> Visit:
    month = planner.month_of(activity.date)
    changes = {"activity": [None, str(activity)]}
    if month != visit.month:
        changes["month"] = [f"{visit.month:%Y-%m}", f"{month:%Y-%m}"]
    visit.activity, visit.month = activity, month
    visit.save(update_fields=["activity", "month"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=visit,
        scope_code=visit.studio.region_id,
        changes=changes,
        note=_("已举行"),
    )
    return visit


@transaction.atomic
def add_invitee(
    *, actor: Actor, visit: Visit, name: str, unit: str, role: str, inside_province: bool
) -> Invitee:
    _may_report(actor, visit)
    fields = dict(name=name.strip(), unit=unit.strip(), role=role, inside_province=inside_province)
    errors = too_long(Invitee, fields)
    if not fields["name"]:
        errors["name"] = _("请填写姓名")
    if not fields["unit"]:
        errors["unit"] = _("请填写单位")
    if role not in Invitee.Role.values:
        errors["role"] = _("身份须为校长或专家")
    if errors:
        raise ValidationError(errors)
    invitee = Invitee.objects.create(visit=visit, **fields)
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=invitee,
        scope_code=visit.studio.region_id,
        changes=field_changes({}, snapshot(invitee, INVITEE_FIELDS)),
    )
    return invitee


@transaction.atomic
def remove_invitee(*, actor: Actor, invitee: Invitee) -> None:
    _may_report(actor, invitee.visit)
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=invitee,
        scope_code=invitee.visit.studio.region_id,
        changes=field_changes(snapshot(invitee, INVITEE_FIELDS), {}),
    )
    invitee.delete()


@dataclass(frozen=True)
class Entry:
    """One item of a report as written: a policy item (``code``), or one the host adds (no
    code; ``pk`` when it was written before)."""

    title: str
    findings: str
    recommendations: str
    code: str = ""
    pk: int | None = None


@transaction.atomic
def record_report(
    *, actor: Actor, visit: Visit, entries: Sequence[Entry], summary: str = ""
) -> Visit:
    """The report, item by item: every item of the policy with its findings and
    recommendations, and the items the host added. Written again, it replaces the earlier
    text; an item the school has already followed up cannot be taken out."""
    _may_report(actor, visit)
    visit = _locked(visit)
    if not visit.is_held:
        raise ValidationError(_("请先登记这次入校诊断已经举行，再填写诊断报告"))
    diagnosis = diagnosis_of(visit.studio.programme)
    existing = {item.pk: item for item in visit.items.all()}
    by_code = {item.code: item for item in existing.values() if item.code}
    given = {entry.code: entry for entry in entries if entry.code}
    errors: list[str] = []
    rows: list[tuple[ReportItem | None, Entry]] = []
    for spec_item in diagnosis.items:
        entry = given.get(spec_item.code)
        if entry is None or not entry.findings.strip() or not entry.recommendations.strip():
            errors.append(_("“%(item)s”须填写存在问题和改进建议") % {"item": spec_item.name})
            continue
        rows.append(
            (
                by_code.get(spec_item.code),
                Entry(spec_item.name, *_texts(entry), code=spec_item.code),
            )
        )
    unknown = set(given) - {item.code for item in diagnosis.items}
    if unknown:
        errors.append(_("政策中没有诊断项目“%(code)s”") % {"code": "、".join(sorted(unknown))})
    kept_extras: set[int] = set()
    for entry in entries:
        if entry.code:
            continue
        title, findings, recommendations = entry.title.strip(), *_texts(entry)
        if not (title or findings or recommendations):
            continue
        if not (title and findings and recommendations):
            errors.append(_("另加的诊断项目须填写项目名称、存在问题和改进建议"))
            continue
        item = existing.get(entry.pk) if entry.pk else None
        if item is not None and item.code:
            item = None
        if item is not None:
            kept_extras.add(item.pk)
        rows.append((item, Entry(title, findings, recommendations)))
    for item in existing.values():
        if not item.code and item.pk not in kept_extras and item.follow_up:
            errors.append(_("“%(item)s”已有整改落实情况，不能删去") % {"item": item.title})
    for _item, entry in rows:
        problems = too_long(
            ReportItem,
            {
                "title": entry.title,
                "findings": entry.findings,
                "recommendations": entry.recommendations,
            },
        )
        errors += [f"{entry.title}：{message}" for message in problems.values()]
    errors += list(too_long(Visit, {"summary": summary}).values())
    if errors:
        raise ValidationError(errors)
    before = _report_text(existing.values(), visit.summary)
    for item in existing.values():
        if not item.code and item.pk not in kept_extras:
            item.delete()
    saved = []
    for position, (item, entry) in enumerate(rows):
        item = item or ReportItem(visit=visit, code=entry.code)
        item.title, item.findings, item.recommendations = (
            entry.title,
            entry.findings,
            entry.recommendations,
        )
        item.position = position
        item.save()
        saved.append(item)
    changes = {"report": [before or None, _report_text(saved, summary.strip())]}
    visit.summary = summary.strip()
    fields = ["summary"]
    if visit.reported_at is None:
        visit.reported_at, visit.reported_by = timezone.now(), actor.user
        fields += ["reported_at", "reported_by"]
        changes["reported_at"] = [None, visit.reported_at.isoformat(timespec="seconds")]
    visit.save(update_fields=fields)
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=visit,
        scope_code=visit.studio.region_id,
        changes=changes,
        note=_("诊断报告"),
    )
    touch(visit.studio.programme_id)
    return visit


def _texts(entry: Entry) -> tuple[str, str]:
    return entry.findings.strip(), entry.recommendations.strip()


def _report_text(items, summary: str) -> str:
    parts = [f"{item.title}：{item.findings} / {item.recommendations}" for item in items]
    if summary:
        parts.append(summary)
    return "\n".join(parts)


@transaction.atomic
def record_follow_up(*, actor: Actor, item: ReportItem, text: str) -> ReportItem:
    """The member's school says how it acted on the item's recommendations (整改/落实情况)."""
    # The visit as it stands now (the report may have been recorded since ``item`` was read).
    require(
        actor,
        "diagnosis.follow_up",
        Visit.objects.select_related("member").get(pk=item.visit_id),
        _("只有被诊断学校的成员可以在报告登记后填写整改落实情况"),
    )
    item = ReportItem.objects.select_for_update().select_related("visit__studio").get(pk=item.pk)
    text = text.strip()
    errors = too_long(ReportItem, {"follow_up": text})
    if not text:
        errors["follow_up"] = _("请填写整改落实情况")
    if errors:
        raise ValidationError(errors)
    changes = {"follow_up": [item.follow_up or None, text]}
    item.follow_up, item.follow_up_at, item.follow_up_by = text, timezone.now(), actor.user
    item.save(update_fields=["follow_up", "follow_up_at", "follow_up_by"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=item,
        scope_code=item.visit.studio.region_id,
        changes=changes,
        note=_("整改落实情况"),
    )
    return item
