from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from touyan.records.lengths import NOTE_MAX

from .common import Id, SchoolOut, Text

Status = Literal["present", "leave", "absent"]


class MarkIn(Schema):
    principal_id: Id
    status: Status = Field(description="present 出勤；leave 请假（经批准）；absent 缺勤")
    presented: bool = Field(False, description="在活动中作报告或展示")
    note: Text(NOTE_MAX) = ""


class AttendanceOut(Schema):
    principal_id: int
    name: str
    school: SchoolOut
    expected: bool = Field(description="是否为本次活动的应到人员")
    status: Status | None = Field(description="尚未登记时为 null")
    presented: bool
    note: str
    recorded_at: dt.datetime | None


class Changed(Schema):
    changed: int = Field(description="新登记或有改动的人数；重复提交相同内容时为 0")
