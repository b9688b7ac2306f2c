"""An evaluation as an .xlsx workbook: the grid with the dashboard's colours, and one row per
period verdict with its evidence, for inspectors who read it in Excel or WPS."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from touyan.core.spreadsheets import SafeWorkbook
from touyan.regions.models import Region

from . import tones
from .verdicts import Evaluation

# The dashboard's colours (``tones``): an open period on track is calm, behind amber.
FILLS = {
    "met": PatternFill("solid", fgColor="C6EFCE"),
    "on_track": PatternFill("solid", fgColor="DDEBF7"),
    "behind": PatternFill("solid", fgColor="FFEB9C"),
    "cannot_be_met": PatternFill("darkUp", fgColor="FFC7CE", bgColor="FBE2E0"),
    "at_risk": PatternFill("solid", fgColor="FFEB9C"),
    "missed": PatternFill("solid", fgColor="FFC7CE"),
    "not_due": PatternFill("solid", fgColor="EDEDED"),
}
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(evaluation: Evaluation, programme, stream) -> None:
    workbook = SafeWorkbook()
    region_names = dict(
        Region.objects.filter(code__in={s.region_id for s in evaluation.subjects}).values_list(
            "code", "name"
        )
    )
    _grid(workbook, evaluation, programme, region_names)
    _details(workbook, evaluation, region_names)
    _rules(workbook, evaluation)
    workbook.save(stream)


def _header(sheet, values) -> None:
    row = []
    for value in values:
        row.append(sheet.cell(value, font=BOLD, alignment=WRAP))
    sheet.append(row)


def _grid(workbook, evaluation: Evaluation, programme, region_names) -> None:
    sheet = workbook.create_sheet("总览")
    sheet.freeze_panes = "D3"
    for index, width in enumerate([28, 30, 12] + [16] * len(evaluation.rules), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(
        [
            f"{programme.name} 合规情况（截至 {evaluation.as_of.isoformat()}，"
            f"依据 {programme.policy_version.policy.name} 第 {evaluation.policy_version_number} 版）"
        ]
    )
    _header(
        sheet, ["名称", "说明", "所在地区"] + [f"{r.title}\n{r.clause}" for r in evaluation.rules]
    )
    for subject in evaluation.subjects:
        row = [subject.name, subject.detail, region_names.get(subject.region_id, subject.region_id)]
        for rule in evaluation.rules:
            cell_ = evaluation.cells.get((subject.id, rule.id))
            if cell_ is None:
                row.append("")
                continue
            tone = tones.tone_of(cell_.state, cell_.pace)
            text = str(tones.LABELS[tone])
            if cell_.missed_periods > 1:
                text += f"（{cell_.missed_periods} 期）"
            row.append(sheet.cell(text, fill=FILLS[tone]))
        sheet.append(row)


def _details(workbook, evaluation: Evaluation, region_names) -> None:
    sheet = workbook.create_sheet("明细")
    sheet.freeze_panes = "A2"
    widths = [28, 12, 24, 12, 14, 12, 12, 10, 8, 8, 48, 60, 10, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _header(
        sheet,
        [
            "名称",
            "所在地区",
            "规则",
            "条款",
            "时段",
            "开始",
            "结束",
            "结论",
            "完成",
            "要求",
            "尚缺",
            "依据记录",
            "进度",
            "进度说明",
        ],
    )
    rules = {r.id: r for r in evaluation.rules}
    for subject in evaluation.subjects:
        region = region_names.get(subject.region_id, subject.region_id)
        for rule in evaluation.rules:
            cell_ = evaluation.cells.get((subject.id, rule.id))
            for verdict in cell_.verdicts if cell_ else ():
                state = sheet.cell(verdict.state.label, fill=FILLS[verdict.state.value])
                pace = verdict.pace.label if verdict.pace else ""
                sheet.append(
                    [
                        subject.name,
                        region,
                        rules[verdict.rule_id].title,
                        rules[verdict.rule_id].clause,
                        verdict.period.label,
                        verdict.period.start,
                        verdict.period.end,
                        state,
                        verdict.count,
                        verdict.required,
                        verdict.missing,
                        "；".join(
                            f"{e.date.isoformat()} {e.label}" if e.date else e.label
                            for e in verdict.evidence
                        ),
                        pace,
                        verdict.note,
                    ]
                )


def _rules(workbook, evaluation: Evaluation) -> None:
    sheet = workbook.create_sheet("规则")
    for letter, width in zip("ABCDE", [24, 12, 10, 70, 14], strict=True):
        sheet.column_dimensions[letter].width = width
    _header(sheet, ["规则", "条款", "时段", "要求", "未达成时"])
    periods = {
        "week": "每周",
        "month": "每月",
        "2_months": "每两个月",
        "3_months": "每三个月",
        "4_months": "每四个月",
        "5_months": "每五个月",
        "6_months": "每六个月",
        "quarter": "每季度",
        "semester": "每学期",
        "school_year": "每学年",
        "calendar_year": "每个自然年",
        "year": "每年",
        "stage": "每个阶段",
        "cycle": "整个周期",
    }
    for rule in evaluation.rules:
        sheet.append(
            [
                rule.title,
                rule.clause,
                periods.get(rule.period, rule.period),
                rule.requirement,
                "启动淘汰审议" if rule.on_missed == "removal_review" else "",
            ]
        )
