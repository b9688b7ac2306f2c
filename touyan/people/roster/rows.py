"""Validating one roster row into a ``RosterRow`` or a list of reasons it is refused."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from touyan.accounts.scopes import Scope
from touyan.core import identity
from touyan.people.enums import GENDER_ALIASES, POSITION_ALIASES, SCHOOL_KIND_ALIASES, TITLE_ALIASES
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
            raise CellError(_("“%(value)s”有重名，请写上所属城市，如“杭州市西湖区”") % {"value": text})
        return candidates[0]


def _choice(value, aliases: dict, label: str) -> str:
    text = clean_text(value).replace(" ", "")
    if text in aliases:
        return aliases[text]
    raise CellError(_("%(label)s“%(value)s”无法识别") % {"label": label, "value": text})


def _public(value) -> bool | None:
    text = clean_text(value)
    if text == "":
        return None
    if text in {"公办", "公立"}:
        return True
    if text in {"民办", "私立"}:
        return False
    raise CellError(_("办学性质应为“公办”或“民办”，而不是“%(value)s”") % {"value": text})


def validate_row(
    number: int,
    values: dict[str, object],
    *,
    regions: RegionResolver,
    today: dt.date,
    labels: dict[str, str] | None = None,
) -> tuple[RosterRow | None, list[str]]:
    """``labels`` names the columns as the file does, so messages speak the user's words."""
    errors: list[str] = []
    parsed: dict[str, object] = {}
    labels = labels or {}

    def take(key: str, parse, label: str, *, required: bool = False):
        if key not in values:
            return
        label = labels.get(key) or label
        raw = values[key]
        try:
            result = parse(raw)
        except (CellError, identity.InvalidIdNumber, ValueError) as exc:
            errors.append(_("%(label)s：%(problem)s") % {"label": label, "problem": exc})
            return
        if required and (result is None or result == ""):
            errors.append(_("%(label)s：不能为空") % {"label": label})
            return
        parsed[key] = result

    take("name", clean_text, _("姓名"), required=True)
    take("id_number", lambda v: identity.normalize_id_number(clean_identifier(v)), _("身份证号"), required=True)
    take("gender", lambda v: _choice(v, GENDER_ALIASES, _("性别")) if clean_text(v) else None, _("性别"))
    take("birth_date", lambda v: parse_month_or_date(v, today=today), _("出生日期"))
    take("mobile", lambda v: identity.normalize_mobile(clean_identifier(v)) if clean_text(v) else "", _("手机"))
    take("school", clean_text, _("学校"), required=True)
    take("kind", lambda v: _choice(v, SCHOOL_KIND_ALIASES, _("学段")), _("学段"), required=True)
    take("position", lambda v: _choice(v, POSITION_ALIASES, _("职务")), _("职务"), required=True)
    take("title", lambda v: _choice(v, TITLE_ALIASES, _("职称")), _("职称"))
    take("appointed_on", lambda v: parse_month_or_date(v, today=today), _("任现职时间"))
    take("region", lambda v: regions.resolve(clean_text(v)), _("所在市县"), required=True)
    take("is_public", _public, _("办学性质"))
    for key, label in (
        ("is_rural", _("农村学校")),
        ("is_weak", _("薄弱学校")),
        ("in_service", _("在职")),
        ("established", _("在编")),
    ):
        take(key, parse_bool, label)

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
            % {"label": labels.get("region") or _("所在市县"), "region": regions.names[region_code]}
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
