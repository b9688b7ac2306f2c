"""Policies for the newer rule kinds: a preset with some rules appended."""

from touyan.policies.presets import preset_text

HAINAN_EXTRA = """
[[rules]]
id = "ex-shadowing-days"
clause = "EX-6"
kind = "cumulative_duration"
activity_types = ["shadowing"]
at_least = 10
unit = "days"
period = "semester"
description = "每学期累计跟岗不少于10天。"

[[rules]]
id = "ex-shadowing-months"
clause = "EX-6"
kind = "cumulative_duration"
activity_types = ["shadowing"]
at_least = 1
unit = "months"
period = "cycle"
description = "累计跟岗不少于1个月。"

[[rules]]
id = "ex-member-attendance"
clause = "EX-10"
kind = "member_attendance"
at_least = 2
period = "semester"
description = "每位成员每学期至少参加2次工作室活动。"

[[rules]]
id = "ex-attendance-rate"
clause = "EX-10"
kind = "attendance_rate"
at_least = "80%"
description = "每位成员出勤率不低于80%。"

[[rules]]
id = "ex-link-schools"
clause = "EX-7"
kind = "link_schools"
schools_at_least = 1
schools_at_most = 2
rural_only = true
activity_types = ["onsite_guidance"]
at_least = 1
period = "semester"
description = "确定1至2所农村联系学校，每学期到每所学校现场指导至少1次。"

[[rules]]
id = "ex-early-plan"
clause = "EX-4"
kind = "deliverables"
deliverable_kind = "work_plan"
per = "studio"
period = "semester"
within_days = 30
description = "每学期开学30天内提交工作计划。"
"""

HANGZHOU_EXTRA = """
[[rules]]
id = "ex-attendance-rate"
clause = "EX-10"
kind = "attendance_rate"
at_least = "80%"
description = "出勤率不低于80%。"
"""


def hainan_text() -> str:
    return preset_text("hainan-studios") + HAINAN_EXTRA


def hangzhou_text() -> str:
    return preset_text("hangzhou-training") + HANGZHOU_EXTRA
