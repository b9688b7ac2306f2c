from __future__ import annotations

import datetime as dt

from ninja import Schema

from .common import RegionOut


class PolicyRef(Schema):
    slug: str
    name: str
    version: int


class ProgrammeOut(Schema):
    slug: str
    name: str
    status: str
    subject: str
    jurisdiction: RegionOut
    policy: PolicyRef
    starts_on: dt.date
    description: str


class SpanOut(Schema):
    name: str
    start: dt.date
    end: dt.date


class YearOut(Schema):
    number: int
    start: dt.date
    end: dt.date
    theme: str


class CalendarOut(Schema):
    start: dt.date
    end: dt.date
    cycle_months: int
    years: list[YearOut]
    semesters: list[SpanOut]


class ThemeOut(Schema):
    year: int
    title: str
    description: str


class CohortOut(Schema):
    id: int
    number: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    trainee_count: int


class ProgrammeDetail(ProgrammeOut):
    calendar: CalendarOut
    themes: list[ThemeOut]
    cohorts: list[CohortOut]
    studio_count: int
    trainee_count: int
