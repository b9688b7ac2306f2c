"""The training-credit file for the provincial platform (省培管理平台, HZ-4.2.4): one row per trainee
who completed, in the columns, order and codes of the policy's ``[credits]`` section, hours
turned into credits by its conversion; ``DEFAULT`` when the policy has none.

The platform matches people by ID number, so the file carries full numbers: only a user holding
the personal-data right over every person in it may produce it (``export_credits``), and each
export is audited with the people disclosed (``record_export``).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.personal_data import Disclosure, may_ask_in_full
from touyan.core.spreadsheets import SafeWorkbook
from touyan.core.steps import require
from touyan.people.enums import Gender
from touyan.policies import schema
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of

from .models import Completion
from .transcript import certificates_of

# Used when the programme's policy has no [credits] section (docs/training.md).
DEFAULT = schema.Credits(
    hours_per_credit=10,
    rounding="half_up",
    decimals=1,
    columns=[
        schema.CreditColumn(key=key, header=header)
        for key, header in (
            ("name", "姓名"),
            ("id_number", "身份证号"),
            ("school", "工作单位"),
            ("district", "所在区县"),
            ("project_code", "项目编号"),
            ("cohort", "班级"),
            ("hours", "培训学时"),
            ("credits", "学分"),
            ("completed_on", "结业日期"),
            ("certificate_number", "结业证书编号"),
        )
    ],
)

ROUNDING = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_CEILING}


def credits_spec(programme: Programme) -> schema.Credits:
    return spec_of(programme).credits or DEFAULT


def to_credits(hours: Decimal, spec: schema.Credits) -> Decimal:
    value = Decimal(hours) / Decimal(str(spec.hours_per_credit))
    if spec.max_credits is not None:
        value = min(value, Decimal(str(spec.max_credits)))
    return value.quantize(Decimal(1).scaleb(-spec.decimals), rounding=ROUNDING[spec.rounding])


def completions_of(programme: Programme, cohort=None):
    rows = Completion.objects.filter(
        trainee__cohort__programme=programme, result=Completion.Result.PASS
    )
    if cohort is not None:
        rows = rows.filter(trainee__cohort=cohort)
    return (
        rows.select_related("trainee__cohort", "trainee__principal__school__region")
        .only(
            "trainee_id",
            "evidence",
            "decided_at",
            "trainee__cohort__name",
            "trainee__principal__name",
            "trainee__principal__id_number",
            "trainee__principal__gender",
            "trainee__principal__user_id",
            "trainee__principal__school__name",
            "trainee__principal__school__region__name",
        )
        .order_by("trainee__cohort__number", "trainee__principal__school__region_id", "trainee_id")
    )


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


@transaction.atomic
def export_credits(*, actor: Actor, programme: Programme, out: IO[bytes], cohort=None) -> int:
    """Write the credit file of the programme (or one cohort) to ``out``; the number of rows.
    Refused unless the actor manages the programme and holds the personal-data right over
    every trainee in the file."""
    require(actor, "training.export_credits", programme)
    if not may_ask_in_full(actor.user):
        # Refused up front, not only per row: an empty file is still the file's export.
        raise PermissionDenied(_("导出学分文件须有查看全部人员完整身份证号的权限"))
    spec = credits_spec(programme)
    completions = list(completions_of(programme, cohort))
    disclosure = Disclosure(viewer=actor.user, full=True)
    numbers = {}
    for completion in completions:
        principal = completion.trainee.principal
        if not disclosure.in_full(principal):
            raise PermissionDenied(_("导出学分文件须有查看全部人员完整身份证号的权限"))
        numbers[principal.pk] = principal.id_number or ""
    certificates = certificates_of([c.trainee_id for c in completions])
    project_code = spec.project_code or programme.slug
    project_name = spec.project_name or programme.name
    genders = {code: str(label) for code, label in Gender.choices}
    passed = str(Completion.Result.PASS.label)
    keys = [column.key for column in spec.columns]
    workbook = SafeWorkbook()
    sheet = workbook.create_sheet(spec.sheet)
    sheet.append([column.header for column in spec.columns])
    for completion in completions:
        trainee = completion.trainee
        principal = trainee.principal
        school = principal.school
        hours = Decimal((completion.evidence.get("hours") or {}).get("done") or 0)
        values = {
            "name": principal.name,
            "id_number": numbers[principal.pk],
            "gender": genders.get(principal.gender, ""),
            "school": school.name if school else "",
            "district": school.region.name if school else "",
            "district_code": school.region_id if school else "",
            "project_code": project_code,
            "project_name": project_name,
            "cohort": trainee.cohort.name,
            "hours": _number(hours),
            "credits": _number(to_credits(hours, spec)),
            "completed_on": completion.decided_at.date().isoformat(),
            "certificate_number": certificates.get(trainee.pk, {}).get("number", ""),
            "result": passed,
        }
        sheet.append([values[key] for key in keys])
    workbook.save(out)
    what = _("培训学分文件（%(programme)s）") % {"programme": programme.name}
    record_export(
        actor=actor,
        what=what,
        count=len(completions),
        unit=_("人"),
        disclosure=disclosure,
        target=programme,
        scope_code=programme.jurisdiction_id,
    )
    return len(completions)
