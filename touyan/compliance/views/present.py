"""How verdicts read on the pages: a symbol beside the colour (never colour alone), a short
text for a grid cell, and the evidence as links."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import tones
from ..verdicts import CEILINGS, Cell, Evidence, RuleInfo, State, Subject, Verdict
from .base import evidence_url


def state_css(state: State) -> str:
    return tones.css_of(state.value)


def number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def amount(verdict: Verdict, kind: str, unit: str = "", per: str = "") -> str:
    """“7/10”, “3 次（限 4）”, “12 学时（限 54）”, “1 次”, “11 人”; a studio's members'
    absence rule: members within the ceiling over members, “9/11”."""
    if kind in CEILINGS and per == "member":
        return f"{number(verdict.count)}/{number(verdict.required)}"
    if kind in CEILINGS and unit == "hours":
        if not verdict.required:
            return _("%(count)s 学时") % {"count": number(verdict.count)}
        return _("%(count)s 学时（限 %(limit)s）") % {
            "count": number(verdict.count),
            "limit": number(verdict.required),
        }
    if kind in CEILINGS and not verdict.required:
        return _("%(count)s 次") % {"count": number(verdict.count)}
    if kind in CEILINGS:
        return _("%(count)s 次（限 %(limit)s）") % {
            "count": number(verdict.count),
            "limit": number(verdict.required),
        }
    if kind == "member_count":
        return _("%(count)s 人") % {"count": number(verdict.count)}
    if kind == "funds_earmark":
        return _("%(count)s 笔问题支出") % {"count": number(verdict.count)}
    if kind == "site_freshness":
        return _("%(count)s/%(required)s 篇") % {
            "count": number(verdict.count),
            "required": number(verdict.required),
        }
    return f"{number(verdict.count)}/{number(verdict.required)}"


# The periods a rule may miss several of (all but the cycle).
SEVERAL = frozenset(
    {
        "week",
        "month",
        "2_months",
        "3_months",
        "4_months",
        "5_months",
        "6_months",
        "quarter",
        "semester",
        "school_year",
        "calendar_year",
        "year",
        "stage",
    }
)


def _missed_texts() -> dict[str, str]:
    spans = _("缺 %(n)d 个时段")
    return {
        "week": _("缺 %(n)d 周"),
        "month": _("缺 %(n)d 个月"),
        "2_months": spans,
        "3_months": spans,
        "4_months": spans,
        "5_months": spans,
        "6_months": spans,
        "quarter": _("缺 %(n)d 个季度"),
        "semester": _("缺 %(n)d 个学期"),
        "school_year": _("缺 %(n)d 个学年"),
        "calendar_year": _("缺 %(n)d 个自然年"),
        "year": _("缺 %(n)d 年"),
        "stage": _("缺 %(n)d 个阶段"),
    }


def missed_periods_text(count: int, period: str) -> str:
    return _missed_texts()[period] % {"n": count}


def short_text(cell: Cell, rule: RuleInfo) -> str:
    if cell.missed_periods and rule.period in SEVERAL:
        return missed_periods_text(cell.missed_periods, rule.period)
    if cell.current is None:
        return _("未开始")
    return amount(cell.current, rule.kind, rule.unit, rule.per)


@dataclass
class GridCell:
    state: State
    tone: str  # the state, or for an open period not yet met its pace (``tones``)
    symbol: str
    label: str  # the tone in words, for screen readers and the tooltip
    text: str
    url: str
    hint: str  # the next step or what the rule asks

    @property
    def css(self) -> str:
        return tones.css_of(self.tone)

    def html(self) -> str:
        # str.replace escaping (``html.escape``): format_html's per-argument escaping costs
        # more than the rest of the page on a grid of hundreds of cells.
        label = escape(str(self.label))
        return (
            f'<td class="cell {escape(str(self.css))}"><a href="{escape(str(self.url))}" '
            f'title="{label}：{escape(str(self.hint))}"><span class="symbol" aria-hidden="true">'
            f'{escape(str(self.symbol))}</span><span class="sr-only">{label}，</span>'
            f"{escape(str(self.text))}</a></td>"
        )


def cell_url(programme, subject_id: int, rule_id: str) -> str:
    """The cell page's address, built without resolving the URL pattern for each of a grid's
    hundreds of cells: the programme's part is resolved once."""
    base = getattr(programme, "_cell_base", None)
    if base is None:
        base = programme._cell_base = reverse("compliance:dashboard", args=[programme.slug])
    return f"{base}{subject_id}/{quote(rule_id, safe='')}/"


def grid_cell(cell: Cell, rule: RuleInfo, programme, query: str) -> GridCell:
    tone = tones.tone_of(cell.state, cell.pace)
    return GridCell(
        state=cell.state,
        tone=tone,
        symbol=tones.SYMBOLS[tone],
        label=str(tones.LABELS[tone]),
        text=short_text(cell, rule),
        url=cell_url(programme, cell.subject.id, rule.id) + query,
        hint=cell.next_step or rule.requirement,
    )


@dataclass
class Row:
    subject: Subject
    region: str
    url: str
    cells: list[GridCell | None]

    @property
    def cells_html(self) -> str:
        """The row's cells as HTML, written here rather than by the template: a dashboard has
        hundreds of cells, and the template language takes several times as long for each."""
        not_applicable = format_html(
            '<td class="cell na"><span class="sr-only">{}</span></td>', _("不适用")
        )
        return mark_safe("".join(cell.html() if cell else not_applicable for cell in self.cells))


@dataclass
class EvidenceLink:
    label: str
    date: object
    url: str


def evidence_links(evidence: list[Evidence], programme) -> list[EvidenceLink]:
    return [
        EvidenceLink(item.label, item.date, evidence_url(item.kind, item.id, programme))
        for item in evidence
    ]


@dataclass
class PeriodLine:
    verdict: Verdict
    tone: str
    symbol: str
    label: str
    amount: str
    evidence: list[EvidenceLink]

    @property
    def css(self) -> str:
        return tones.css_of(self.tone)


def period_line(verdict: Verdict, rule: RuleInfo, programme) -> PeriodLine:
    tone = tones.tone_of(verdict.state, verdict.pace)
    return PeriodLine(
        verdict=verdict,
        tone=tone,
        symbol=tones.SYMBOLS[tone],
        label=str(tones.LABELS[tone]),
        amount=amount(verdict, rule.kind, rule.unit, rule.per),
        evidence=evidence_links(verdict.evidence, programme),
    )
