"""Planning the rotation of 入校诊断 visits (HN-4.1.2): the product proposes a plan and plans
again when members change; the host may move a visit to another month."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from touyan.audit.models import Verb
from touyan.audit.services import build_entry, record, record_many
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.programmes.models import Studio
from touyan.programmes.policy import calendar_of

from .. import planner
from ..models import Visit
from ..months import cycle_months, excluded_months
from ..selectors import diagnosis_of, serving_members


def _may_plan(actor: Actor, studio: Studio) -> None:
    require(actor, "diagnosis.plan_rotation", studio, _("您无权安排这个工作室的入校诊断"))


def month_label(month: dt.date) -> str:
    return _("%(year)d年%(month)d月") % {"year": month.year, "month": month.month}


@transaction.atomic
def plan_rotation(*, actor: Actor, studio: Studio, today: dt.date | None = None) -> planner.Plan:
    """Propose the rotation, or plan it again after members changed: held visits stay, months
    the host chose stay where they still can, new members are placed, the planned visits of
    members who left are dropped, and the rest is spread evenly from this month on."""
    _may_plan(actor, studio)
    programme = studio.programme
    diagnosis = diagnosis_of(programme)
    if diagnosis is None:
        raise ValidationError(_("本项目的政策没有入校诊断轮换（[diagnosis]）"))
    today = today or timezone.localdate()
    calendar = calendar_of(programme)
    if today > calendar.end:
        raise ValidationError(
            _("本周期已于 %(day)s 结束，不能再安排入校诊断") % {"day": calendar.end}
        )
    months = cycle_months(calendar)
    visits = list(
        Visit.objects.select_for_update(of=("self",))
        .filter(studio=studio)
        .select_related("activity", "school", "member__principal")
    )
    members = list(serving_members(studio, max(today, calendar.start)))
    serving = {member.pk for member in members}
    by_member = {visit.member_id: visit for visit in visits}
    done = {v.member_id: planner.month_of(v.activity.date) for v in visits if v.is_held}
    kept = {
        v.member_id: v.month
        for v in visits
        if not v.is_held and v.month_chosen and v.member_id in serving
    }
    result = planner.plan(
        months=months,
        excluded=excluded_months(calendar),
        per_month=diagnosis.per_month,
        members=[member.pk for member in members],
        done=done,
        kept=kept,
        opens=max(planner.month_of(today), months[0]),
    )
    if result.unplaced:
        raise ValidationError(
            ngettext(
                "本周期余下的月份不够：还有 %(n)d 位成员的学校排不进（每月至多 %(cap)d 次），"
                "请先把已指定的月份分散开",
                "本周期余下的月份不够：还有 %(n)d 位成员的学校排不进（每月至多 %(cap)d 次），"
                "请先把已指定的月份分散开",
                len(result.unplaced),
            )
            % {"n": len(result.unplaced), "cap": diagnosis.per_month}
        )
    entries = []
    scope = studio.region_id
    for visit in visits:
        if not visit.is_held and visit.member_id not in serving:
            entries.append(
                build_entry(
                    actor=actor,
                    verb=Verb.DELETE,
                    target=visit,
                    scope_code=scope,
                    changes={"month": [f"{visit.month:%Y-%m}", None]},
                    note=_("成员已退出工作室，取消计划中的入校诊断"),
                )
            )
            visit.delete()
    for member in members:
        month = result.months.get(member.pk)
        if month is None:
            continue
        visit = by_member.get(member.pk)
        if visit is None:
            visit = Visit.objects.create(
                studio=studio,
                member=member,
                school=member.principal.school,
                month=month,
                created_by=actor.user,
            )
            changes = {
                "school": [None, str(visit.school)],
                "month": [None, f"{month:%Y-%m}"],
            }
            entries.append(
                build_entry(
                    actor=actor, verb=Verb.CREATE, target=visit, scope_code=scope, changes=changes
                )
            )
            continue
        chosen = visit.month_chosen and member.pk not in result.moved
        if visit.month == month and visit.month_chosen == chosen:
            continue
        changes = {"month": [f"{visit.month:%Y-%m}", f"{month:%Y-%m}"]}
        if visit.month_chosen != chosen:
            changes["month_chosen"] = [visit.month_chosen, chosen]
        visit.month, visit.month_chosen = month, chosen
        visit.save(update_fields=["month", "month_chosen"])
        entries.append(
            build_entry(
                actor=actor,
                verb=Verb.UPDATE,
                target=visit,
                scope_code=scope,
                changes=changes,
                note=_("重新排期"),
            )
        )
    record_many(entries)
    return result


@transaction.atomic
def move_visit(
    *, actor: Actor, visit: Visit, month: dt.date, today: dt.date | None = None
) -> Visit:
    """The host sets the month of a planned visit; re-planning keeps it when it can."""
    _may_plan(actor, visit.studio)
    visit = Visit.objects.select_for_update().select_related("studio__programme").get(pk=visit.pk)
    programme = visit.studio.programme
    diagnosis = diagnosis_of(programme)
    if visit.is_held:
        raise ValidationError(_("这次诊断已经举行，月份以活动日期为准；请修改活动的日期"))
    today = today or timezone.localdate()
    calendar = calendar_of(programme)
    month = planner.month_of(month)
    avoided = excluded_months(calendar)
    if month not in cycle_months(calendar):
        raise ValidationError(
            {"month": _("%(month)s 不在本周期内") % {"month": month_label(month)}}
        )
    if month < planner.month_of(today):
        raise ValidationError({"month": _("不能安排到已经过去的月份")})
    if month in avoided:
        raise ValidationError(
            {
                "month": _("%(month)s 大部分时间是%(reason)s，请另选月份")
                % {"month": month_label(month), "reason": avoided[month]}
            }
        )
    taken = Visit.objects.filter(studio=visit.studio, month=month).exclude(pk=visit.pk).count()
    if taken >= diagnosis.per_month:
        raise ValidationError(
            {
                "month": _("%(month)s 已安排 %(n)d 次诊断，每月至多 %(cap)d 次")
                % {"month": month_label(month), "n": taken, "cap": diagnosis.per_month}
            }
        )
    changes = {"month": [f"{visit.month:%Y-%m}", f"{month:%Y-%m}"]}
    if not visit.month_chosen:
        changes["month_chosen"] = [False, True]
    visit.month, visit.month_chosen = month, True
    visit.save(update_fields=["month", "month_chosen"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=visit,
        scope_code=visit.studio.region_id,
        changes=changes,
    )
    return visit
