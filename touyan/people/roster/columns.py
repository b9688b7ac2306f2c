"""The columns of a bureau's roster sheet, with the header spellings found in real files."""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("name", "姓名", ("校长姓名", "名字"), required=True),
    Column("gender", "性别"),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证"), required=True),
    Column("birth_date", "出生日期", ("出生年月",)),
    Column("mobile", "手机", ("手机号", "手机号码", "联系电话", "联系方式")),
    Column(
        "school", "学校", ("学校名称", "单位", "工作单位", "所在学校", "任职学校"), required=True
    ),
    Column("kind", "学段", ("学校类型", "办学类型", "学校类别"), required=True),
    Column("position", "职务", ("现任职务", "行政职务"), required=True),
    Column("title", "职称", ("专业技术职务", "专业技术职称")),
    Column(
        "appointed_on", "任现职时间", ("任现职务时间", "任职时间", "现职任职时间", "任正职时间")
    ),
    Column(
        "region",
        "所在市县",
        ("所在区县", "区县", "所在地区", "市县", "县(市、区)", "区县(市)"),
        required=True,
    ),
    Column("is_public", "办学性质"),
    Column("is_rural", "农村学校", ("是否农村学校",)),
    Column("is_weak", "薄弱学校", ("是否薄弱学校",)),
    Column("in_service", "在职", ("是否在职",)),
    Column("established", "在编", ("是否在编",)),
)

COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
_DECORATION = re.compile(r"[\s*＊:：]|[（(](必填|选填|可选)[)）]")


def normalize_header(text) -> str:
    return _DECORATION.sub("", unicodedata.normalize("NFKC", str(text or "")))


_LOOKUP = {
    normalize_header(spelling): column.key
    for column in COLUMNS
    for spelling in (column.header, *column.aliases)
}


def match_headers(cells) -> dict[str, int]:
    """``{column key: index}`` for the recognised headers of a row; the first wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _LOOKUP.get(normalize_header(cell))
        if key and key not in found:
            found[key] = index
    return found


def missing_required(found: dict[str, int]) -> list[str]:
    return [column.header for column in COLUMNS if column.required and column.key not in found]
