"""The three sheets of a record workbook and the header spellings people use for each column.

Headers are compared the way the roster import compares them (``normalize_header``: full-width
folded, spaces, asterisks, colons and “（必填）” dropped).
"""

from dataclasses import dataclass

from touyan.people.roster.columns import Column, normalize_header

ACTIVITIES, ATTENDANCE, DELIVERABLES = "activities", "attendance", "deliverables"
EXAMPLE_MARK = "【示例】"


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: str
    titles: tuple[str, ...]
    columns: tuple[Column, ...]
    # The columns that identify the header row (and the sheet, when its title is unusual).
    anchors: tuple[str, ...]

    def __post_init__(self):
        lookup = {
            normalize_header(spelling): column.key
            for column in self.columns
            for spelling in (column.header, *column.aliases)
        }
        object.__setattr__(self, "_lookup", lookup)

    def match_headers(self, cells) -> dict[str, int]:
        """``{column key: index}`` for the recognised headers of a row; the first wins."""
        found: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = self._lookup.get(normalize_header(cell))
            if key and key not in found:
                found[key] = index
        return found

    def is_header(self, found: dict[str, int]) -> bool:
        return all(key in found for key in self.anchors)

    def missing_required(self, found: dict[str, int]) -> list[str]:
        return [c.header for c in self.columns if c.required and c.key not in found]

    def header_of(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)

    def names_sheet(self, title: str) -> bool:
        return normalize_header(title) in {normalize_header(t) for t in (self.title, *self.titles)}


ACTIVITY_SHEET = SheetSpec(
    kind=ACTIVITIES,
    title="活动",
    titles=("活动记录", "活动登记", "活动表", "活动情况", "活动列表"),
    columns=(
        Column(
            "organisers",
            "组织方",
            ("工作室", "工作室名称", "组织单位", "主办方", "主办单位", "培训班", "期次", "班级"),
            required=True,
        ),
        Column(
            "activity_type", "活动类型", ("类型", "活动类别", "活动形式", "类别"), required=True
        ),
        Column("title", "活动名称", ("活动主题", "活动题目", "主题", "名称"), required=True),
        Column("date", "日期", ("活动日期", "开始日期", "举办日期"), required=True),
        Column("end_date", "结束日期", ("截止日期",)),
        Column("start_time", "开始时间", ("起始时间",)),
        Column("end_time", "结束时间", ()),
        Column("place", "地点", ("活动地点", "举办地点", "地址")),
        Column(
            "place_school",
            "活动所在学校",
            ("所在学校", "活动学校", "承办学校", "诊断学校", "帮扶学校", "送培学校", "结对学校"),
        ),
        Column("level", "级别", ("活动级别", "层级")),
        Column("topic", "课程专题", ("专题", "课程", "培训专题")),
        Column("hours", "学时", ("课时", "学时数")),
        Column("description", "活动内容", ("内容", "内容摘要", "活动简介", "简介")),
        # Attendance written on the activity's own row, as lists of names.
        Column("present", "出勤人员", ("出勤", "参加人员", "参会人员", "实到人员", "到会人员")),
        Column("leave", "请假人员", ("请假",)),
        Column("absent", "缺勤人员", ("缺勤", "缺席人员", "缺席")),
        Column("presenters", "作报告人员", ("报告人", "主讲人", "发言人", "交流发言人员")),
    ),
    anchors=("activity_type", "title", "date"),
)

ATTENDANCE_SHEET = SheetSpec(
    kind=ATTENDANCE,
    title="考勤",
    titles=("考勤表", "考勤记录", "出勤", "出勤情况", "签到", "签到表"),
    columns=(
        Column("title", "活动名称", ("活动", "活动主题", "主题"), required=True),
        Column("date", "日期", ("活动日期",), required=True),
        Column("organisers", "组织方", ("工作室", "工作室名称", "培训班", "期次", "班级")),
        Column("name", "姓名", ("成员姓名", "学员姓名", "人员姓名", "参加人"), required=True),
        Column("school", "学校", ("所在学校", "学校名称", "单位", "工作单位")),
        Column(
            "status", "出勤情况", ("出勤", "考勤", "出勤状态", "考勤情况", "签到"), required=True
        ),
        Column("presented", "作报告", ("作报告或展示", "是否作报告", "报告", "发言", "交流发言")),
        Column("note", "备注", ("说明",)),
    ),
    anchors=("name", "status"),
)

DELIVERABLE_SHEET = SheetSpec(
    kind=DELIVERABLES,
    title="成果",
    titles=("成果表", "成果登记", "成果提交", "作业", "成果材料"),
    columns=(
        Column("kind", "成果类型", ("类型", "成果类别", "类别"), required=True),
        Column("title", "标题", ("成果名称", "题目", "名称"), required=True),
        Column("studio", "工作室", ("工作室名称", "所在工作室")),
        Column("author", "作者姓名", ("作者", "姓名", "提交人")),
        Column("author_school", "作者学校", ("学校", "所在学校", "单位", "工作单位")),
        Column("submitted_on", "提交日期", ("日期", "提交时间", "完成日期"), required=True),
        Column("declared_chars", "字数", ("字数(字)", "篇幅")),
        Column("body", "正文", ("内容", "全文")),
    ),
    anchors=("kind", "title"),
)

SHEETS = (ACTIVITY_SHEET, ATTENDANCE_SHEET, DELIVERABLE_SHEET)
