"""Writing the registry back to .xlsx in the import's own columns, so a sheet can round-trip."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.personal_data import Disclosure
from touyan.core.spreadsheets import SafeWorkbook
from touyan.people.models import Principal

from .columns import COLUMN_BY_KEY

EXPORT_KEYS = (
    "name",
    "gender",
    "id_number",
    "birth_date",
    "mobile",
    "school",
    "kind",
    "position",
    "title",
    "appointed_on",
    "region",
    "is_public",
    "is_rural",
    "is_weak",
    "in_service",
    "established",
)


# Characters of Chinese text are about twice as wide as a digit.
COLUMN_WIDTHS = (10, 6, 21, 12, 14, 30, 14, 18, 12, 12, 12, 10, 10, 10, 6, 6)


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def export_roster(
    *, actor: Actor, principals: QuerySet[Principal], disclosure: Disclosure, stream
) -> int:
    """Write the roster to ``stream`` and audit the export (with the people given in full).
    Returns the rows written."""
    with transaction.atomic():
        count = write_roster(principals, disclosure=disclosure, stream=stream)
        record_export(actor=actor, what=_("名册"), count=count, unit=_("行"), disclosure=disclosure)
    return count


def write_roster(principals: QuerySet[Principal], *, disclosure: Disclosure, stream) -> int:
    """Write every principal of the queryset, numbers as the disclosure gives them (masked
    unless full numbers were asked for and the user may see them). Returns the rows written."""
    workbook = SafeWorkbook()
    sheet = workbook.create_sheet("校长名册")
    for letter, width in zip("ABCDEFGHIJKLMNOP", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([COLUMN_BY_KEY[key].header for key in EXPORT_KEYS])
    count = 0
    rows = principals.select_related("school", "school__region").order_by(
        "school__region_id", "school__name", "pk"
    )
    for p in rows.iterator(chunk_size=2000):
        full = disclosure.in_full(p)
        sheet.append(
            [
                p.name,
                p.get_gender_display(),
                disclosure.id_number(p),
                p.birth_date if full else p.birth_date.year,
                disclosure.mobile(p),
                p.school.name,
                p.school.get_kind_display(),
                p.get_position_display(),
                p.get_title_display(),
                p.appointed_on,
                p.school.region.name,
                "公办" if p.school.is_public else "民办",
                _yes_no(p.school.is_rural),
                _yes_no(p.school.is_weak),
                _yes_no(p.in_service),
                _yes_no(p.established),
            ]
        )
        count += 1
    workbook.save(stream)
    return count
