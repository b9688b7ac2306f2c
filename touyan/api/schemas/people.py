"""People as the API shows them: names, schools and regions only. ID numbers, mobiles and
birth dates are never part of any response."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from .common import RegionOut, SchoolOut


class PersonOut(Schema):
    principal_id: int
    name: str
    school: SchoolOut


class MemberOut(PersonOut):
    joined_on: dt.date
    left_on: dt.date | None


class StudioOut(Schema):
    id: int
    name: str
    region: RegionOut
    host: PersonOut
    base_school: SchoolOut
    members: list[MemberOut]


class CohortRef(Schema):
    id: int
    number: int
    name: str


class TraineeOut(Schema):
    id: int
    principal_id: int
    name: str
    school: SchoolOut
    cohort: CohortRef
    status: str
    joined_on: dt.date
