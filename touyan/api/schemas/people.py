"""People as the API shows them: names, schools and regions, and the ID and mobile numbers
masked (``3301**********123X``, ``139****5678``) unless the token carries the personal-data
scope and the user may see that person's numbers. Birth dates are never part of a response."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .common import RegionOut, SchoolOut


class PersonOut(Schema):
    principal_id: int
    name: str
    school: SchoolOut
    id_number: str = Field(description="身份证号；令牌无个人信息权限时为掩码")
    mobile: str = Field(description="手机号（可为空）；令牌无个人信息权限时为掩码")


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
    id_number: str = Field(description="身份证号；令牌无个人信息权限时为掩码")
    mobile: str = Field(description="手机号（可为空）；令牌无个人信息权限时为掩码")
    cohort: CohortRef
    status: str
    joined_on: dt.date
