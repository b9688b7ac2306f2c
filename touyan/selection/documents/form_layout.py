"""The pages of one recommendation form: title, the bordered table of particulars, the statements
in full, the eligibility table, the attachments and the box of the district's approval."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from touyan.core.documents.drawing import GREY, RED, SHADE, Box, Op, Text, baseline
from touyan.core.documents.flow import (
    CONTENT_WIDTH,
    LEFT,
    PAD_X,
    PAD_Y,
    Cell,
    Flow,
    Row,
    line_height,
)
from touyan.core.documents.wrapping import clean, width, wrap

if TYPE_CHECKING:
    from .pdf import RecommendationForm, Stamp

TITLE = 18.0
SUBTITLE = 12.0
SECTION = 12.0
BODY = 10.5
SMALL = 9.0

LABEL_WIDTH = 26.0
VALUE_WIDTH = (CONTENT_WIDTH - 2 * LABEL_WIDTH) / 2
ROW_HEIGHT = 9.0
NUMBER_WIDTH = 12.0


def lay_out(form: "RecommendationForm", flow: Flow) -> list[list[Op]]:
    sheet = _Sheet(flow)
    sheet.heading(form)
    sheet.section(_("一、基本情况"))
    flow.table(sheet.particulars(form.fields))
    sheet.section(_("二、申报条件陈述"))
    sheet.statements(form.statements)
    sheet.section(_("三、资格审查情况"))
    sheet.eligibility(form.eligibility)
    sheet.section(_("四、佐证材料"))
    sheet.attachments(form.attachments)
    flow.space(5)
    sheet.approval(form.stamp)
    return flow.pages


class _Sheet:
    def __init__(self, flow: Flow):
        self.flow = flow
        self.metrics = flow.metrics

    def cell(self, text: str, cell_width: float, *, size=BODY, centred=False, **options) -> Cell:
        lines = wrap(clean(text, self.metrics), cell_width - 2 * PAD_X, size, self.metrics)
        return Cell(cell_width, lines, size=size, centred=centred, **options)

    def fits(self, text: str, cell_width: float) -> bool:
        return width(clean(text, self.metrics), BODY, self.metrics) <= cell_width - 2 * PAD_X

    def heading(self, form: "RecommendationForm") -> None:
        for _indent, line in wrap(
            clean(form.title, self.metrics), CONTENT_WIDTH, TITLE, self.metrics
        ):
            self.flow.text(line, TITLE, bold=True, centred=True)
        self.flow.space(1)
        call = clean(form.call_title, self.metrics)
        for _indent, line in wrap(call, CONTENT_WIDTH, SUBTITLE, self.metrics):
            self.flow.text(line, SUBTITLE, centred=True)
        self.flow.space(3)
        self.flow.text(
            clean(_("申报编号：%(serial)s") % {"serial": form.serial}, self.metrics), BODY
        )

    def section(self, title: str) -> None:
        self.flow.space(3)
        self.flow.text(title, SECTION, bold=True, keep=2 * ROW_HEIGHT)
        self.flow.space(1)

    def particulars(self, fields: list[tuple[str, str]]) -> list[Row]:
        """Two label/value pairs a row where both fit on one line, one pair a row otherwise."""
        rows: list[Row] = []
        waiting: tuple[str, str] | None = None
        for label, value in fields:
            if self.fits(label, LABEL_WIDTH) and self.fits(value, VALUE_WIDTH):
                if waiting:
                    rows.append(self.pair_row(waiting, (label, value)))
                    waiting = None
                else:
                    waiting = (label, value)
                continue
            if waiting:
                rows.append(self.wide_row(*waiting))
                waiting = None
            rows.append(self.wide_row(label, value))
        if waiting:
            rows.append(self.wide_row(*waiting))
        return rows or [self.wide_row("", "")]

    def pair_row(self, first: tuple[str, str], second: tuple[str, str]) -> Row:
        cells = []
        for label, value in (first, second):
            cells.append(self.cell(label, LABEL_WIDTH, centred=True, fill=SHADE))
            cells.append(self.cell(value, VALUE_WIDTH))
        return Row(cells, min_height=ROW_HEIGHT)

    def wide_row(self, label: str, value: str) -> Row:
        cells = [
            self.cell(label, LABEL_WIDTH, centred=True, fill=SHADE),
            self.cell(value, CONTENT_WIDTH - LABEL_WIDTH),
        ]
        return Row(cells, min_height=ROW_HEIGHT, splittable=True)

    def statements(self, statements: list[tuple[str, str]]) -> None:
        if not statements:
            self.flow.table([Row([self.cell(_("（无）"), CONTENT_WIDTH)], min_height=ROW_HEIGHT)])
        for heading, text in statements:
            title = self.cell(heading, CONTENT_WIDTH, bold=True, fill=SHADE)
            continued = _("%(heading)s（续）") % {"heading": heading}
            repeat = Row([self.cell(continued, CONTENT_WIDTH, bold=True, fill=SHADE)])
            indent = 2 * width("中", BODY, self.metrics)
            lines = wrap(
                clean(text, self.metrics), CONTENT_WIDTH - 2 * PAD_X, BODY, self.metrics, indent
            )
            body = Row([Cell(CONTENT_WIDTH, lines)], min_height=2 * ROW_HEIGHT, splittable=True)
            self.flow.table([Row([title]), body], repeat=[repeat])

    def eligibility(self, outcomes: list[tuple[str, str, str]]) -> None:
        widths = (NUMBER_WIDTH, 62.0, 26.0, CONTENT_WIDTH - NUMBER_WIDTH - 62.0 - 26.0)
        header = self.header_row(widths, (_("序号"), _("申报条件"), _("审查结论"), _("说明")))
        rows = [
            Row(
                [
                    self.cell(str(number), widths[0], centred=True),
                    self.cell(condition, widths[1]),
                    self.cell(outcome, widths[2], centred=True),
                    self.cell(reason, widths[3]),
                ],
                min_height=ROW_HEIGHT,
            )
            for number, (condition, outcome, reason) in enumerate(outcomes, start=1)
        ]
        self.flow.table([header, *(rows or [self.nothing_row()])], repeat=[header])

    def attachments(self, names: list[str]) -> None:
        widths = (NUMBER_WIDTH, CONTENT_WIDTH - NUMBER_WIDTH)
        header = self.header_row(widths, (_("序号"), _("材料名称")))
        rows = [
            Row(
                [self.cell(str(number), widths[0], centred=True), self.cell(name, widths[1])],
                min_height=ROW_HEIGHT,
            )
            for number, name in enumerate(names, start=1)
        ]
        self.flow.table([header, *(rows or [self.nothing_row()])], repeat=[header])

    def header_row(self, widths: tuple[float, ...], titles: tuple[str, ...]) -> Row:
        cells = [
            self.cell(title, cell_width, centred=True, bold=True, fill=SHADE)
            for cell_width, title in zip(widths, titles, strict=True)
        ]
        return Row(cells, min_height=ROW_HEIGHT)

    def nothing_row(self) -> Row:
        return Row([self.cell(_("（无）"), CONTENT_WIDTH, centred=True)], min_height=ROW_HEIGHT)

    def approval(self, stamp: "Stamp | None") -> None:
        box = _ApprovalBox(self.metrics, stamp)
        self.flow.block(box.height, box.draw)


class _ApprovalBox:
    """区县教育局审核意见: the opinion with who gave it and when, marked as an electronic
    approval recorded in the system; or （尚未审核） while there is none."""

    TITLE_HEIGHT = ROW_HEIGHT
    SEAL_WIDTH = 56.0
    SEAL_MIN_HEIGHT = 24.0
    EMPTY_HEIGHT = 32.0

    def __init__(self, metrics, stamp: "Stamp | None"):
        self.metrics = metrics
        self.stamp = stamp
        text_width = CONTENT_WIDTH - self.SEAL_WIDTH - 4 * PAD_X
        self.lines = self._particulars(text_width) if stamp else []
        if stamp:
            self.note = self._note()
            self.seal_lines = self._seal_lines()
            seal_written = sum(line_height(size) for _line, size, _bold in self.seal_lines)
            self.seal_height = max(self.SEAL_MIN_HEIGHT, seal_written + 6)
            written = max(len(self.lines) * line_height(BODY), self.seal_height)
            body = written + len(self.note) * line_height(SMALL) + 5 * PAD_Y
        else:
            body = self.EMPTY_HEIGHT
        self.height = self.TITLE_HEIGHT + body

    def _note(self) -> list[tuple[float, str]]:
        note = _("本栏为电子审核记录：由审核人在系统中确认后生成，审核人与审核时间以系统记录为准。")
        return wrap(clean(note, self.metrics), CONTENT_WIDTH - 4 * PAD_X, SMALL, self.metrics)

    def _particulars(self, text_width: float) -> list[tuple[float, str]]:
        stamp = self.stamp
        rank = _("第 %(rank)d 名") % {"rank": stamp.rank} if stamp.rank is not None else _("未排序")
        particulars = [
            _("审核意见：%(opinion)s") % {"opinion": stamp.opinion},
            _("区县排序：%(rank)s") % {"rank": rank},
            _("审核单位：%(office)s") % {"office": stamp.office},
            _("审 核 人：%(by)s") % {"by": stamp.by},
            _("审核时间：%(at)s") % {"at": stamp.at},
        ]
        lines: list[tuple[float, str]] = []
        for text in particulars:
            lines.extend(wrap(clean(text, self.metrics), text_width, BODY, self.metrics))
        return lines

    def draw(self, top: float) -> list[Op]:
        title = _("区县教育局审核意见")
        title_width = width(title, SECTION, self.metrics)
        ops: list[Op] = [
            Box(LEFT, top, CONTENT_WIDTH, self.height),
            Box(LEFT, top, CONTENT_WIDTH, self.TITLE_HEIGHT, fill=SHADE),
            Text(
                LEFT + (CONTENT_WIDTH - title_width) / 2,
                baseline(top, self.TITLE_HEIGHT, SECTION),
                title,
                SECTION,
                bold=True,
            ),
        ]
        body_top = top + self.TITLE_HEIGHT
        if not self.stamp:
            text = _("（尚未审核）")
            x = LEFT + (CONTENT_WIDTH - width(text, SUBTITLE, self.metrics)) / 2
            ops.append(Text(x, baseline(body_top, self.EMPTY_HEIGHT, SUBTITLE), text, SUBTITLE))
            return ops
        y = body_top + 2 * PAD_Y
        for _indent, line in self.lines:
            ops.append(Text(LEFT + 2 * PAD_X, baseline(y, line_height(BODY), BODY), line, BODY))
            y += line_height(BODY)
        y = top + self.height - 2 * PAD_Y - len(self.note) * line_height(SMALL)
        for _indent, line in self.note:
            ops.append(
                Text(
                    LEFT + 2 * PAD_X,
                    baseline(y, line_height(SMALL), SMALL),
                    line,
                    SMALL,
                    colour=GREY,
                )
            )
            y += line_height(SMALL)
        ops.extend(self._seal(body_top + 2 * PAD_Y))
        return ops

    def _seal(self, top: float) -> list[Op]:
        """A red frame reading 电子审核, the office and the time: text, not a picture of a seal."""
        left = LEFT + CONTENT_WIDTH - self.SEAL_WIDTH - 2 * PAD_X
        ops: list[Op] = [
            Box(left, top, self.SEAL_WIDTH, self.seal_height, width=0.6, colour=RED),
            Box(
                left + 1, top + 1, self.SEAL_WIDTH - 2, self.seal_height - 2, width=0.25, colour=RED
            ),
        ]
        written = sum(line_height(size) for _line, size, _bold in self.seal_lines)
        y = top + (self.seal_height - written) / 2
        for line, size, bold in self.seal_lines:
            x = left + (self.SEAL_WIDTH - width(line, size, self.metrics)) / 2
            slot = line_height(size)
            ops.append(Text(x, baseline(y, slot, size), line, size, bold=bold, colour=RED))
            y += slot
        return ops

    def _seal_lines(self) -> list[tuple[str, float, bool]]:
        inner = self.SEAL_WIDTH - 6
        lines = [(_("电子审核"), SUBTITLE, True)]
        for text in (self.stamp.office, self.stamp.at):
            for _indent, line in wrap(clean(text, self.metrics), inner, SMALL, self.metrics):
                lines.append((line, SMALL, False))
        return lines
