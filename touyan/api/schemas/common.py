"""Types shared by every resource: bounded ids and texts, places, and the error bodies."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import AfterValidator, StringConstraints

# The largest key a database integer column holds; a larger number is an input error, not a
# crash in the database driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
PROGRAMME_SLUG = Path(..., max_length=64, pattern=SLUG_PATTERN, description="项目标识")
POLICY_SLUG = Path(..., max_length=64, pattern=SLUG_PATTERN, description="政策标识")


def _no_control_characters(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("不能包含空字符（\\u0000）"))
    return value


def Text(max_length: int):  # noqa: N802 - used like a type
    return Annotated[
        str,
        StringConstraints(max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


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
