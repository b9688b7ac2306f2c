from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .activities import NamedRef, Title
from .common import Day, Id, Text

MAX_BODY = 500_000


class DeliverableIn(Schema):
    kind: Text(40) = Field(description="政策中的成果类型代码，如 research_report、growth_plan")
    title: Title
    body: Text(MAX_BODY) = Field(description="正文；字数按中文字处理软件的口径统计")
    submitted_on: Day | None = Field(None, description="提交日期，默认今天")
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
    submitted_on: dt.date
    char_count: int = Field(description="字数：汉字、标点各计 1，连续的字母或数字计 1，空白不计")
    has_file: bool
    created_at: dt.datetime


class DeliverableFilters(Schema):
    kind: Text(40) | None = Field(None, description="成果类型代码")
    studio: Id | None = Field(None, description="只看这个工作室的成果")
    principal: Id | None = Field(None, description="只看这位作者的成果")
