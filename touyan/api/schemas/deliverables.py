from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from touyan.records.lengths import BODY_MAX, CODE_MAX

from .activities import NamedRef, Title
from .common import Day, Id, Text


class DeliverableIn(Schema):
    kind: Text(CODE_MAX) = Field(
        description="政策中的成果类型代码，如 research_report、growth_plan"
    )
    title: Title
    body: Text(BODY_MAX) = Field(description="正文；字数按中文字处理软件的口径统计")
    submitted_on: Day | None = Field(None, description="不可填写：提交日期是服务器收到成果的日期")
    studio_id: Id | None = Field(None, description="工作室的成果，或工作室成员的成果")
    principal_id: Id | None = Field(None, description="作者（成员或培养人选）；本人提交时填自己")


class AuthorRef(Schema):
    principal_id: int
    name: str


class DeliverableOut(Schema):
    id: int
    kind: str
    kind_name: str
    title: str
    studio: NamedRef | None
    author: AuthorRef | None
    submitted_on: dt.date = Field(description="提交日期：服务器收到成果的日期，不由提交人填写")
    char_count: int = Field(description="字数：汉字、标点各计 1，连续的字母或数字计 1，空白不计")
    count_status: Literal["counted", "pending", "verified"] = Field(
        description="counted：由正文或附件文字统计；pending：附件读不出文字，字数由提交人填报，"
        "待核实，不计入考核；verified：填报的字数已由培训中心核实"
    )
    has_file: bool
    created_at: dt.datetime


class DeliverableFilters(Schema):
    kind: Text(CODE_MAX) | None = Field(None, description="成果类型代码")
    studio: Id | None = Field(None, description="只看这个工作室的成果")
    principal: Id | None = Field(None, description="只看这位作者的成果")
