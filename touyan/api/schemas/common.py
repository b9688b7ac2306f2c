"""Types shared by every resource: bounded ids and texts, places, and the error bodies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    create_model,
)

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


def local_zone() -> dt.timezone:
    """The platform's time zone (settings.TIME_ZONE) as a fixed offset: the zone a time of day
    of an activity is written in. China keeps one offset all year."""
    return dt.timezone(timezone.localtime().utcoffset())


def _offset(zone: dt.tzinfo) -> str:
    return dt.datetime(2000, 1, 1, tzinfo=zone).isoformat()[-6:]


def _local_time(value: dt.time) -> dt.time:
    """A time of day in the platform's zone: a time without an offset is read as local; one
    with an offset is converted, unless the conversion crosses midnight (the activity's date
    would no longer be the date sent)."""
    if value.utcoffset() is None:
        return value
    zone = local_zone()
    shift = zone.utcoffset(None) - value.utcoffset()
    minutes = value.hour * 60 + value.minute + shift.total_seconds() / 60
    if not 0 <= minutes < 24 * 60:
        raise ValueError(
            _("换算为平台时区（UTC%(offset)s）后不在同一天，请直接填写当地时刻，如 09:00")
            % {"offset": _offset(zone)}
        )
    moment = dt.datetime.combine(dt.date(2000, 1, 1), value)
    return moment.astimezone(zone).time().replace(tzinfo=None)


Day = Annotated[dt.date, _written("date", gettext_lazy("应为日期，格式 YYYY-MM-DD"))]
ClockTime = Annotated[
    dt.time,
    _written("time", gettext_lazy("应为时刻，格式 HH:MM 或 HH:MM:SS")),
    AfterValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "format": "time",
            "description": "时刻：HH:MM、HH:MM:SS，或带时区偏移（如 09:00:00+08:00、01:00:00Z）；"
            "不带偏移时按平台时区（北京时间）理解",
        }
    ),
]
# A time of day as sent: with the platform's offset, so that it names one moment.
LocalTime = Annotated[
    dt.time,
    PlainSerializer(lambda value: value.replace(tzinfo=local_zone()).isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "time",
            "description": "时刻，带平台时区的偏移，如 09:00:00+08:00",
        }
    ),
]


def Text(max_length: int, *, required: bool = False):  # noqa: N802 - used like a type
    """A string of at most ``max_length`` characters; ``required``: not blank once stripped."""
    if required:
        constraints = StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)
    else:
        constraints = StringConstraints(max_length=max_length)
    return Annotated[str, constraints, AfterValidator(_storable)]


class Message(Schema):
    detail: str


# ``in`` is a Python keyword: the model is built from a mapping so that the field has the very
# name the API sends, in the schema as in the body (an alias would be documented as ``in_``).
Problem = create_model(
    "Problem",
    __base__=Schema,
    field=(str, Field(description="出错的字段，如 title、marks[2].status；空表示整体")),
    **{
        "in": (
            Literal["body", "query", "path", "header", "cookie"],
            Field(description="出错的字段在请求中的位置"),
        )
    },
    message=(str, Field(description="原因（中文）")),
)


class Problems(Schema):
    detail: list[Problem]


class ProgrammeRef(Schema):
    slug: str
    name: str


class RegionOut(Schema):
    code: str
    name: str


class SchoolOut(Schema):
    id: int
    name: str
    region: RegionOut


READ_ERRORS = {401: Message, 404: Message, 422: Problems}
WRITE_ERRORS = {400: Problems, 401: Message, 403: Message, 404: Message, 422: Problems}
