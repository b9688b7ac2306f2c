"""The ledger and the programme's balances as .xlsx, for the school's finance office and the
auditors: written through the one safe writer (write-only, rows streamed from an iterator, so
memory stays flat whatever the number of entries), money as numbers in yuan with two decimals
(``0.00``), dates as dates; each export audited in the transaction that wrote it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.services import record_export
from touyan.core.actors import Actor
from touyan.core.spreadsheets import SafeWorkbook
from touyan.core.steps import require
from touyan.programmes.models import Programme

from ..presenters import Names, holder_label
from ..selectors import FIGURES, Ledger, balances, paid_for

MONEY_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
# Rows read a chunk at a time (a server-side cursor on PostgreSQL): memory stays that of one
# chunk of entries with their budget, reversal and activity, whatever the ledger's length.
CHUNK = 200


def as_yuan(fen: int) -> Decimal:
    """Fen as an exact number of yuan with two decimals (written as a number, never a float's
    approximation)."""
    return Decimal(int(fen)).scaleb(-2).quantize(Decimal("0.01"))


def _figure_headers() -> list[str]:
    return [
        _("预算（元）"),
        _("已拨付（元）"),
        _("已支出（元）"),
        _("已冲销（元）"),
        _("上年结转（元）"),
        _("结转下年（元）"),
        _("收回（元）"),
        _("冻结（元）"),
        _("余额（元）"),
    ]


def _money(sheet, fen: int):
    return sheet.cell(as_yuan(fen), number_format=MONEY_FORMAT)


def _date(sheet, day):
    return sheet.cell(day, number_format=DATE_FORMAT)


def _paid_for(budget) -> str:
    """The studio a centre-held line pays for (HN-6.2), else ""."""
    return paid_for([budget]).get(budget.pk, "")


def _budget_rows(sheet, budgets, names: Names, *, with_holder: bool) -> int:
    count = 0
    for budget in budgets:
        row = [budget.year, names.source(budget.source), names.category(budget.category)]
        if with_holder:
            row = [holder_label(budget), *row]
        row += [_money(sheet, getattr(budget, name)) for name in FIGURES]
        if not with_holder:
            row.append(_paid_for(budget))
        sheet.append(row)
        count += 1
    return count


def write_ledger(ledger: Ledger, *, names: Names, stream) -> int:
    """Two sheets: the entries in date order with the balance after each, and the budgets with
    their figures. Returns the entries written."""
    workbook = SafeWorkbook()
    try:
        entries = workbook.create_sheet(_("账目"))
        for letter, width in zip(
            "ABCDEFGHIJKL", (12, 8, 22, 18, 28, 14, 14, 10, 30, 12, 22, 22), strict=True
        ):
            entries.column_dimensions[letter].width = width
        entries.freeze_panes = "A2"
        entries.append(
            [
                _("日期"),
                _("年度"),
                _("经费来源"),
                _("支出类别"),
                _("收款方"),
                _("金额（元）"),
                _("余额（元）"),
                _("冲销"),
                _("冲销原因"),
                _("录入人"),
                _("相关活动"),
                _("为工作室支付"),
            ]
        )
        count = 0
        rows = ledger.entries.select_related("activity")
        studios = paid_for(ledger.budgets)
        for entry in rows.iterator(chunk_size=CHUNK):
            entries.append(
                [
                    _date(entries, entry.spent_on),
                    entry.budget.year,
                    names.source(entry.budget.source),
                    names.category(entry.category),
                    entry.payee,
                    _money(entries, entry.amount_fen),
                    _money(entries, ledger.balance_after(entry)),
                    _("冲销") if entry.reverses_id else "",
                    entry.reason,
                    entry.enterer_name,
                    entry.activity.title if entry.activity_id else "",
                    studios.get(entry.budget_id, ""),
                ]
            )
            count += 1
        budgets = workbook.create_sheet(_("预算与余额"))
        budgets.freeze_panes = "A2"
        budgets.append(
            [_("年度"), _("经费来源"), _("支出类别"), *_figure_headers(), _("为工作室支付")]
        )
        _budget_rows(budgets, ledger.budgets, names, with_holder=False)
        workbook.save(stream)
    except BaseException:
        workbook.discard()
        raise
    return count


def export_ledger(*, actor: Actor, ledger: Ledger, holder, programme: Programme, stream) -> int:
    """Write one holder's ledger to ``stream`` and audit the export. Returns the entries."""
    require(actor, "funding.view_ledger", holder)
    with transaction.atomic():
        count = write_ledger(ledger, names=Names.of(programme), stream=stream)
        record_export(
            actor=actor,
            what=_("经费账目（%(holder)s）") % {"holder": holder},
            count=count,
            unit=_("笔"),
            target=holder,
            scope_code=getattr(holder, "region_id", "") or programme.jurisdiction_id,
        )
    return count


def write_balances(budgets, *, names: Names, stream) -> int:
    workbook = SafeWorkbook()
    try:
        sheet = workbook.create_sheet(_("预算与余额"))
        sheet.column_dimensions["A"].width = 30
        sheet.freeze_panes = "B2"
        sheet.append([_("持有方"), _("年度"), _("经费来源"), _("支出类别"), *_figure_headers()])
        count = _budget_rows(sheet, budgets.iterator(chunk_size=CHUNK), names, with_holder=True)
        workbook.save(stream)
    except BaseException:
        workbook.discard()
        raise
    return count


def export_balances(
    *, actor: Actor, programme: Programme, year: int | None = None, source: str = "", stream
) -> int:
    """Write the programme's budgets with their figures (one row per holder × year × source ×
    category) and audit the export. Returns the rows written."""
    require(actor, "funding.view_balances", programme)
    budgets = balances(actor.user, programme=programme, year=year)
    if source:
        budgets = budgets.filter(source=source)
    with transaction.atomic():
        count = write_balances(budgets, names=Names.of(programme), stream=stream)
        record_export(
            actor=actor,
            what=_("经费预算与余额（%(programme)s）") % {"programme": programme.name},
            count=count,
            unit=_("行"),
            target=programme,
            scope_code=programme.jurisdiction_id,
        )
    return count
