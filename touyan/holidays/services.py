"""Entering a year's holiday arrangement as the State Council published it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require

from .models import HolidayYear, SpecialDay

Days = list[tuple[dt.date, str]]


@transaction.atomic
def enter_year(
    *, actor: Actor, year: int, source: str, holidays: Days, workdays: Days
) -> HolidayYear:
    """Record (or correct) a year entered by hand. Shipped years are the official record and
    are not edited here."""
    require(actor, "holidays.enter_year")
    existing = HolidayYear.objects.select_for_update().filter(year=year).first()
    if existing is not None and existing.shipped:
        raise ValidationError(_("%(year)d 年节假日安排已随系统发布，不能修改") % {"year": year})
    _check(year, source, holidays, workdays)
    before = _summary(existing) if existing else None
    if existing is not None:
        existing.days.all().delete()
        existing.source, existing.entered_by, existing.entered_at = (
            source.strip(),
            actor.user,
            timezone.now(),
        )
        existing.save()
        entry = existing
    else:
        entry = HolidayYear.objects.create(year=year, source=source.strip(), entered_by=actor.user)
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(year=entry, date=day, kind=SpecialDay.Kind.HOLIDAY, name=name)
            for day, name in holidays
        ]
        + [
            SpecialDay(year=entry, date=day, kind=SpecialDay.Kind.WORKDAY, name=name)
            for day, name in workdays
        ]
    )
    record(
        actor=actor,
        verb=Verb.UPDATE if existing else Verb.CREATE,
        target=entry,
        changes={"days": [before, _summary(entry)]},
        note=entry.source,
    )
    return entry


def _check(year: int, source: str, holidays: Days, workdays: Days) -> None:
    problems = {}
    if not source.strip():
        problems["source"] = _("请写明依据，如国务院办公厅通知的文号")
    if not holidays:
        problems["holidays"] = _("请填写放假日期")
    outside = [day for day, _name in holidays + workdays if day.year != year]
    if outside:
        problems.setdefault(
            "holidays",
            _("%(day)s 不在 %(year)d 年内") % {"day": outside[0].isoformat(), "year": year},
        )
    weekdays = [day for day, _name in workdays if day.weekday() < 5]
    if weekdays:
        problems["workdays"] = _("调休上班日应为周六或周日，%(day)s 不是") % {
            "day": weekdays[0].isoformat()
        }
    both = {day for day, _name in holidays} & {day for day, _name in workdays}
    if both:
        problems["workdays"] = _("%(day)s 既是放假日又是调休上班日") % {
            "day": min(both).isoformat()
        }
    if problems:
        raise ValidationError(problems)


def _summary(entry: HolidayYear) -> str:
    kinds = list(entry.days.values_list("kind", flat=True))
    return f"{kinds.count(SpecialDay.Kind.HOLIDAY)} holidays, {kinds.count(SpecialDay.Kind.WORKDAY)} workdays"
