"""Types shared by every resource: bounded ids and texts, places, and the error bodies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Schema
from pydantic import AfterValidator, BeforeValidator, StringConstraints

# The largest key a database integer column holds; a larger number is an input error, not a
# crash in the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
PROGRAMME_SLUG = Path(..., max_length=64, pattern=SLUG_PATTERN, description="项目标识")
POLICY_SLUG = Path(..., max_length=64, pattern=SLUG_PATTERN, description="政策标识")


def _storable(value: str) -> str:
    """Text every supported database stores: no NUL (PostgreSQL refuses it) and no lone
    surrogate halves (they are not UTF-8 at all)."""
    if "\x00" in value:
        raise ValueError(_("不能包含空字符（\\u0000）"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("包含无效的 Unicode 字符")) from None
    return value


def _written(kind: str, message: str):
    """Dates and times must be written as text: a bare number would otherwise be read as
    seconds since 1970."""

    def check(value):
        if isinstance(value, str | dt.date | dt.time):
            return value
        raise ValueError(str(message))

    check.__name__ = f"written_{kind}"
    return BeforeValidator(check)


Day = Annotated[dt.date, _written("date", gettext_lazy("应为日期，格式 YYYY-MM-DD"))]
ClockTime = Annotated[dt.time, _written("time", gettext_lazy("应为时刻，格式 HH:MM 或 HH:MM:SS"))]


def Text(max_length: int, *, required: bool = False):  # noqa: N802 - used like a type
    """A string of at most ``max_length`` characters; ``required``: not blank once stripped."""
    if required:
        constraints = StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)
    else:
        constraints = StringConstraints(max_length=max_length)
    return Annotated[str, constraints, AfterValidator(_storable)]


class Message(Schema):
    detail: str


class Problem(Schema):
    field: str = Field(description="出错的字段，如 title、marks[2].status；空表示整体")
    in_: str = Field(alias="in", description="body、query 或 path")
    message: str


class Problems(Schema):
    detail: list[Problem]


class RegionOut(Schema):
    code: str
    name: str


class SchoolOut(Schema):
    id: int
    name: str
    region: RegionOut


READ_ERRORS = {401: Message, 404: Message, 422: Problems}
WRITE_ERRORS = {400: Problems, 401: Message, 403: Message, 404: Message, 422: Problems}
