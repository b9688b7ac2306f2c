"""Validating one roster row into a ``RosterRow`` or a list of reasons it is refused."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from touyan.accounts.scopes import Scope
from touyan.core import identity
from touyan.people.enums import GENDER_ALIASES, POSITION_ALIASES, TITLE_ALIASES
from touyan.people.school_kinds import UnknownSchoolKind, parse_school_kind
from touyan.regions.models import Region

from .cells import CellError, clean_identifier, clean_text, parse_bool, parse_month_or_date


@dataclass
class RosterRow:
    """A valid row. Optional fields are None when the sheet has no such column (keep as is)."""

    number: int
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    school_name: str
    region_code: str
    kind: str
    position: str
    mobile: str | None = None
    title: str | None = None
    appointed_on: dt.date | None = None
    appointed_given: bool = False
    is_public: bool | None = None
    is_rural: bool | None = None
    is_weak: bool | None = None
    in_service: bool | None = None
    established: bool | None = None

    @property
    def school_key(self) -> tuple[str, str]:
        return self.region_code, self.school_name


class RegionResolver:
    """Finds the division a 所在市县 cell names: a code, a name, or a name with its city."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.by_key: dict[str, list[str]] = defaultdict(list)
        regions = {r.code: r for r in Region.objects.all()}
        for region in regions.values():
            names = [region.name]
            parent = regions.get(region.parent_id) if region.parent_id else None
            while parent is not None:
                names.append(parent.name + names[-1])
                parent = regions.get(parent.parent_id) if parent.parent_id else None
            short = region.name[:-1] if len(region.name) > 2 and region.name[-1] in "区县市" else ""
            for key in {*names, short} - {""}:
                self.by_key[key].append(region.code)
            self.by_key[region.code].append(region.code)
        self.names = {code: region.name for code, region in regions.items()}

    def resolve(self, text: str) -> str:
        key = text.replace(" ", "")
        candidates = self.by_key.get(key, [])
        if not candidates:
            raise CellError(_("未知的市县“%(value)s”") % {"value": text})
        if len(candidates) > 1:
            inside = [code for code in candidates if self.scope.covers(code)]
            if len(inside) == 1:
                return inside[0]
            raise CellError(
                _("“%(value)s”有重名，请写上所属城市，如“杭州市西湖区”") % {"value": text}
            )
        return candidates[0]


def _choice(value, aliases: dict, label: str) -> str:
    text = clean_text(value).replace(" ", "")
    if text in aliases:
        return aliases[text]
    raise CellError(_("%(label)s“%(value)s”无法识别") % {"label": label, "value": text})


def _school_kind(value) -> str:
    try:
        return parse_school_kind(value)
    except UnknownSchoolKind as refusal:
        raise CellError(str(refusal)) from None


def _public(value) -> bool | None:
    text = clean_text(value)
    if text == "":
        return None
    if text in {"公办", "公立"}:
        return True
    if text in {"民办", "私立"}:
        return False
    raise CellError(_("办学性质应为“公办”或“民办”，而不是“%(value)s”") % {"value": text})


class RowValidator:
    """Checks rows one by one. Built once per file: labels and parsers are prepared here, so
    that checking 100,000 rows costs no translation lookups unless a row is refused."""

    def __init__(
        self, *, regions: RegionResolver, today: dt.date, labels: dict[str, str] | None = None
    ):
        # ``labels`` names the columns as the file does, so messages speak the user's words.
        labels = labels or {}
        self.regions = regions
        self.region_label = labels.get("region") or _("所在市县")

        def label(key: str, default: str) -> str:
            return labels.get(key) or default

        def choice(aliases: dict, name: str):
            return lambda value: _choice(value, aliases, name)

        def optional(parse):
            return lambda value: parse(value) if clean_text(value) else None

        self.fields = [
            ("name", clean_text, label("name", _("姓名")), True),
            (
                "id_number",
                lambda v: identity.normalize_id_number(clean_identifier(v)),
                label("id_number", _("身份证号")),
                True,
            ),
            (
                "gender",
                optional(choice(GENDER_ALIASES, _("性别"))),
                label("gender", _("性别")),
                False,
            ),
            (
                "birth_date",
                lambda v: parse_month_or_date(v, today=today),
                label("birth_date", _("出生日期")),
                False,
            ),
            (
                "mobile",
                lambda v: identity.normalize_mobile(clean_identifier(v)) if clean_text(v) else "",
                label("mobile", _("手机")),
                False,
            ),
            ("school", clean_text, label("school", _("学校")), True),
            ("kind", _school_kind, label("kind", _("学段")), True),
            ("position", choice(POSITION_ALIASES, _("职务")), label("position", _("职务")), True),
            ("title", choice(TITLE_ALIASES, _("职称")), label("title", _("职称")), False),
            (
                "appointed_on",
                lambda v: parse_month_or_date(v, today=today),
                label("appointed_on", _("任现职时间")),
                False,
            ),
            ("region", lambda v: regions.resolve(clean_text(v)), self.region_label, True),
            ("is_public", _public, label("is_public", _("办学性质")), False),
            ("is_rural", parse_bool, label("is_rural", _("农村学校")), False),
            ("is_weak", parse_bool, label("is_weak", _("薄弱学校")), False),
            ("in_service", parse_bool, label("in_service", _("在职")), False),
            ("established", parse_bool, label("established", _("在编")), False),
        ]

    def validate(
        self, number: int, values: dict[str, object]
    ) -> tuple[RosterRow | None, list[str]]:
        errors: list[str] = []
        parsed: dict[str, object] = {}
        for key, parse, label, required in self.fields:
            if key not in values:
                continue
            try:
                result = parse(values[key])
            except (CellError, identity.InvalidIdNumber, ValueError) as exc:
                errors.append(_("%(label)s：%(problem)s") % {"label": label, "problem": exc})
                continue
            if required and (result is None or result == ""):
                errors.append(_("%(label)s：不能为空") % {"label": label})
                continue
            parsed[key] = result
        return self._row(number, parsed, errors)

    def _row(
        self, number: int, parsed: dict, errors: list[str]
    ) -> tuple[RosterRow | None, list[str]]:
        regions = self.regions
        id_number = parsed.get("id_number")
        if id_number:
            born = identity.birth_date_from_id(id_number)
            if parsed.get("gender") and parsed["gender"] != identity.gender_from_id(id_number):
                errors.append(_("性别：与身份证号不符"))
            if parsed.get("birth_date") and parsed["birth_date"] not in (born, born.replace(day=1)):
                errors.append(_("出生日期：与身份证号不符"))
        region_code = parsed.get("region")
        if region_code and not regions.scope.covers(region_code):
            errors.append(
                _("%(label)s：“%(region)s”不在您的管辖范围内")
                % {"label": self.region_label, "region": regions.names[region_code]}
            )
        if errors:
            return None, errors
        return (
            RosterRow(
                number=number,
                name=parsed["name"],
                gender=parsed.get("gender") or identity.gender_from_id(id_number),
                birth_date=identity.birth_date_from_id(id_number),
                id_number=id_number,
                school_name=parsed["school"],
                region_code=region_code,
                kind=parsed["kind"],
                position=parsed["position"],
                mobile=parsed.get("mobile"),
                title=parsed.get("title"),
                appointed_on=parsed.get("appointed_on"),
                appointed_given="appointed_on" in parsed,
                is_public=parsed.get("is_public"),
                is_rural=parsed.get("is_rural"),
                is_weak=parsed.get("is_weak"),
                in_service=parsed.get("in_service"),
                established=parsed.get("established"),
            ),
            [],
        )
