from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from touyan.records.lengths import CODE_MAX, DESCRIPTION_MAX, PLACE_MAX, TITLE_MAX

from .common import ClockTime, Day, Id, LocalTime, SchoolOut, Text

LevelCode = Literal["school", "district", "city", "province", "national", ""]
Hours = Annotated[Decimal, Field(gt=0, max_digits=5, decimal_places=1)]
Title = Text(TITLE_MAX, required=True)


class ActivityIn(Schema):
    activity_type: Text(CODE_MAX) = Field(description="政策中的活动类型代码，如 seminar、course")
    title: Title
    date: Day
    end_date: Day | None = None
    start_time: ClockTime | None = None
    end_time: ClockTime | None = None
    place: Text(PLACE_MAX) = ""
    place_school_id: Id | None = Field(None, description="活动所在学校（入校诊断、送培下乡等）")
    level: LevelCode = ""
    topic: Text(CODE_MAX) = Field("", description="课程专题代码（培训课程）；填写时须同时填写学时")
    hours: Hours | None = None
    description: Text(DESCRIPTION_MAX) = ""
    studio_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="组织的工作室（一个或几个）"
    )
    cohort_id: Id | None = Field(None, description="组织的培训班；与 studio_ids 二选一")


class ActivityPatch(Schema):
    """Only the fields sent are changed; the organisers of an activity do not change."""

    activity_type: Text(CODE_MAX) = None
    title: Title = None
    date: Day = None
    end_date: Day | None = None
    start_time: ClockTime | None = None
    end_time: ClockTime | None = None
    place: Text(PLACE_MAX) = None
    place_school_id: Id | None = None
    level: LevelCode = None
    topic: Text(CODE_MAX) = None
    hours: Hours | None = None
    description: Text(DESCRIPTION_MAX) = None


class NamedRef(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    id: int
    programme: str = Field(description="项目标识")
    activity_type: str
    activity_type_name: str
    title: str
    date: dt.date
    end_date: dt.date | None
    start_time: LocalTime | None
    end_time: LocalTime | None
    place: str
    place_school: SchoolOut | None
    level: str
    topic: str
    hours: float | None
    description: str
    studios: list[NamedRef]
    cohort: NamedRef | None
    created_at: dt.datetime


class ActivityFilters(Schema):
    studio: Id | None = Field(None, description="只看这个工作室组织的活动")
    cohort: Id | None = Field(None, description="只看这个培训班的活动")
    type: Text(CODE_MAX) | None = Field(None, description="活动类型代码")
    date_from: Day | None = Field(None, description="不早于此日期（YYYY-MM-DD）")
    date_to: Day | None = Field(None, description="不晚于此日期（YYYY-MM-DD）")
