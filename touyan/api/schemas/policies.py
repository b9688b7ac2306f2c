from __future__ import annotations

import datetime as dt

from ninja import Schema

from .common import RegionOut


class PolicyOut(Schema):
    slug: str
    name: str
    jurisdiction: RegionOut
    latest_version: int


class RuleOut(Schema):
    id: str
    clause: str
    kind: str
    period: str | None
    description: str
    requirement: str


class PolicyVersionOut(Schema):
    slug: str
    name: str
    jurisdiction: RegionOut
    version: int
    versions: list[int]
    digest: str
    published_at: dt.datetime
    source: str
    subject: str
    text: str
    rules: list[RuleOut]
