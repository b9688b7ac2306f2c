"""Write a realistic principals' roster (.xlsx) of any size, for benchmarking the roster import.

    .venv/bin/python benchmarks/make_roster.py roster.xlsx --rows 100000 --bad 30 --seed 1

The sheet looks like the files bureaus send: a title row above the header row, the usual Chinese
column names, ID numbers as text, dates written in several ways (“2019年9月”, “2019.09”, real
date cells, “2019-09-01”), rows grouped by county and school with about two leaders per school,
counties written with or without their city. Every ID number is checksum-valid and unique.

``--bad K`` turns K rows, chosen at random, into rows the import must refuse, in turn: a wrong ID
check character, a county that is not in the division table, an appointment date “2019.13”. The
file then still has ``--rows`` data rows, K of them bad.

Strings go into a shared-string table, as Excel and WPS save them; ``--inline-strings`` keeps
openpyxl's own way (every string inline in the sheet), as files exported by openpyxl-based
programs have it. openpyxl reads the inline form markedly slower.

The same ``--seed`` gives the same cell values (the file's own timestamps differ).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402

from touyan.core.identity import make_id_number  # noqa: E402

DIVISIONS = REPOSITORY / "touyan" / "regions" / "data" / "gbt2260.csv"
TITLE = "XX市中小学校长花名册"
# fmt: off
HEADERS = (
    "序号", "姓名", "性别", "身份证号码", "出生年月", "手机", "学校名称", "学段",
    "职务", "职称", "任现职时间", "所在区县", "办学性质", "是否农村学校", "是否薄弱学校",
)
# fmt: on
FIRST_DATA_ROW = 3  # row 1: title, row 2: header
DEFAULT_SEED = 2260
UNKNOWN_COUNTY = "金华市婺城区"  # a real county, but not in the shipped division table
LATEST_APPOINTMENT = dt.date(2024, 12, 31)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴符"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义兴良海山仁波宁贵福"
    "生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
    "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以"
)
# fmt: off
TOWNS = (
    "城关", "城东", "城西", "城南", "城北", "新华", "文昌", "育才", "实验", "人民路", "解放路", "中山路", "和平", "东风", "红旗",
    "光明", "新城", "朝阳", "青山", "白沙", "龙门", "凤凰", "云峰", "金湖", "石桥", "桃源", "柳溪", "清河", "枫林", "大坪",
)
ORDINALS = (
    "第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十", "第十一", "第十二",
)
# fmt: on

# kind: (name suffix, spellings of 学段, share of schools, (head's posts, other leaders' posts))
SCHOOL_PRINCIPAL = (
    ("校长", "正职校长", "书记兼校长", "党支部书记兼校长"),
    ("副校长", "党支部书记", "党委书记"),
)
KINDERGARTEN_PRINCIPAL = (("园长", "党支部书记兼园长"), ("副园长", "党支部书记"))
KINDS = {
    "primary": ("小学", ("小学",), 46, SCHOOL_PRINCIPAL),
    "junior": ("初级中学", ("初中", "初级中学"), 18, SCHOOL_PRINCIPAL),
    "senior": ("高级中学", ("高中", "高级中学"), 6, SCHOOL_PRINCIPAL),
    "complete": ("中学", ("完全中学", "完中"), 4, SCHOOL_PRINCIPAL),
    "nine_year": ("学校", ("九年一贯制", "九年一贯制学校"), 8, SCHOOL_PRINCIPAL),
    "kindergarten": ("幼儿园", ("幼儿园", "学前教育"), 18, KINDERGARTEN_PRINCIPAL),
}
TITLES = (
    "正高级教师",
    "高级教师",
    "中学高级",
    "高级",
    "一级教师",
    "一级",
    "小学高级",
    "二级教师",
    "未评",
    None,
)
TITLE_WEIGHTS = (2, 30, 8, 8, 25, 8, 6, 8, 3, 2)
MOBILE_PREFIXES = (
    "130",
    "133",
    "135",
    "136",
    "138",
    "139",
    "150",
    "151",
    "158",
    "176",
    "177",
    "186",
    "189",
    "198",
)


@dataclass(frozen=True)
class County:
    code: str
    name: str
    labels: tuple[str, ...]  # how a sheet may write it


@dataclass
class School:
    county: County
    name: str
    kind: str
    is_public: bool
    is_rural: bool
    is_weak: bool


@dataclass
class RosterStats:
    path: Path
    rows: int
    bad_rows: list[int] = field(default_factory=list)  # sheet row numbers
    schools: int = 0  # distinct (county, school) among the valid rows

    @property
    def valid_rows(self) -> int:
        return self.rows - len(self.bad_rows)


def read_counties(path: Path = DIVISIONS) -> list[County]:
    """Hainan's and Hangzhou's county-level divisions, each with the spellings a sheet uses."""
    with path.open(encoding="utf-8") as handle:
        names = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    counties = []
    for code, name in sorted(names.items()):
        if not (code.startswith("46") or code.startswith("3301")) or code.endswith("00"):
            continue
        labels = [name]
        city = names.get(code[:4] + "00")
        if city and not code.startswith("469"):  # 469xxx hang directly under the province
            labels.append(city + name)
        counties.append(County(code, name, tuple(labels)))
    return counties


def _schools(rng: random.Random, counties: list[County]) -> Iterator[School]:
    """Schools without end, a batch per county in turn; names are unique within a county."""
    kinds = list(KINDS)
    weights = [KINDS[kind][2] for kind in kinds]
    used: dict[tuple[str, str], int] = {}
    while True:
        for county in counties:
            short = (
                county.name[:-1]
                if len(county.name) > 2 and county.name[-1] in "区县市"
                else county.name
            )
            for kind in rng.choices(kinds, weights, k=40):
                index = used.get((county.code, kind), 0)
                used[(county.code, kind)] = index + 1
                town, rest = TOWNS[index % len(TOWNS)], index // len(TOWNS)
                ordinal, branch = ORDINALS[rest % len(ORDINALS)], rest // len(ORDINALS)
                name = f"{short}{town}{ordinal}{KINDS[kind][0]}" + (
                    f"{branch + 1}分校" if branch else ""
                )
                rural = rng.random() < 0.45
                yield School(
                    county=county,
                    name=name,
                    kind=kind,
                    is_public=rng.random() < 0.9,
                    is_rural=rural,
                    is_weak=rng.random() < (0.2 if rural else 0.05),
                )


def _date_cell(worksheet, rng: random.Random, date: dt.date, *, exact_day: bool):
    """A date as people type it; month forms drop the day."""
    style = rng.random()
    if style < 0.35:
        return f"{date.year}年{date.month}月"
    if style < 0.65:
        return f"{date.year}.{date.month:02d}"
    if style < 0.9:
        cell = WriteOnlyCell(worksheet, value=date if exact_day else date.replace(day=1))
        cell.number_format = "yyyy-mm-dd" if exact_day else 'yyyy"年"m"月"'
        return cell
    return f"{date:%Y-%m-%d}" if exact_day else f"{date.year}-{date.month:02d}"


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _person_name(rng: random.Random) -> str:
    length = 1 if rng.random() < 0.35 else 2
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(length))


def _mobile(rng: random.Random):
    number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    style = rng.random()
    if style < 0.05:
        return None  # left blank
    if style < 0.15:
        return int(number)  # typed into a numeric cell: harmless for 11 digits
    if style < 0.2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def _unique_id(rng: random.Random, county: County, born: dt.date, taken: set[str]) -> str:
    while True:
        number = make_id_number(county.code, born, rng.randrange(1000))
        if number not in taken:
            taken.add(number)
            return number


def generate(
    path,
    rows: int = 100_000,
    *,
    bad: int = 0,
    seed: int = DEFAULT_SEED,
    shared_strings: bool = True,
) -> RosterStats:
    """Write the roster to ``path`` and say what is in it."""
    if not 0 <= bad <= rows:
        raise ValueError("--bad must be between 0 and --rows")
    rng = random.Random(seed)
    counties = read_counties()
    bad_positions = set(rng.sample(range(rows), bad))
    stats = RosterStats(path=Path(path), rows=rows)
    valid_schools: set[tuple[str, str]] = set()
    taken_ids: set[str] = set()

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("校长名册")
    worksheet.append([TITLE])
    worksheet.append(list(HEADERS))

    schools = _schools(rng, counties)
    written = 0
    bad_written = 0
    while written < rows:
        school = next(schools)
        county_label = rng.choice(school.county.labels)
        kind_label = rng.choice(KINDS[school.kind][1])
        flags = (
            "公办" if school.is_public else "民办",
            "是" if school.is_rural else "否",
            "是" if school.is_weak else "否",
        )
        leaders = rng.choices((1, 2, 3), (1, 2, 1))[0]
        for leader in range(leaders):
            if written >= rows:
                break
            born = _random_date(rng, dt.date(1964, 1, 1), dt.date(1994, 12, 31))
            id_number = _unique_id(rng, school.county, born, taken_ids)
            appointed = _random_date(
                rng,
                max(born.replace(year=born.year + 27, day=1), dt.date(2000, 1, 1)),
                LATEST_APPOINTMENT,
            )
            row = [
                written + 1,
                _person_name(rng),
                "男" if int(id_number[16]) % 2 else "女",
                id_number,
                _date_cell(worksheet, rng, born, exact_day=rng.random() < 0.3),
                _mobile(rng),
                school.name,
                kind_label,
                rng.choice(KINDS[school.kind][3][min(leader, 1)]),
                rng.choices(TITLES, TITLE_WEIGHTS)[0],
                _date_cell(worksheet, rng, appointed, exact_day=False),
                county_label,
                *flags,
            ]
            if written in bad_positions:
                _spoil(row, bad_written % 3)
                bad_written += 1
                stats.bad_rows.append(FIRST_DATA_ROW + written)
            else:
                valid_schools.add((school.county.code, school.name))
            worksheet.append(row)
            written += 1

    stats.schools = len(valid_schools)
    workbook.save(path)
    if shared_strings:
        share_strings(Path(path))
    return stats


def _spoil(row: list, how: int) -> None:
    if how == 0:  # a wrong check character
        id_number = row[3]
        wrong = "0" if id_number[17] != "0" else "1"
        row[3] = id_number[:17] + wrong
    elif how == 1:
        row[11] = UNKNOWN_COUNTY
    else:
        row[10] = "2019.13"


_INLINE = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is>(<t[^>]*>)(.*?)</t></is></c>',
    re.DOTALL,
)
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_SHARED_STRINGS_RELATION = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)


def share_strings(path: Path) -> None:
    """Rewrite an openpyxl workbook so that its strings live in xl/sharedStrings.xml."""
    table: dict[tuple[str, str], int] = {}  # (<t ...> tag, escaped text) -> index
    cells = 0

    def shared(match: re.Match) -> str:
        nonlocal cells
        cells += 1
        index = table.setdefault((match.group(3), match.group(4)), len(table))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index}</v></c>'

    temporary = path.with_name(path.name + ".part")
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            name = info.filename
            if name.startswith("xl/worksheets/sheet"):
                # Streamed in pieces cut after a cell's end (cells never nest).
                with source.open(info) as raw, target.open(name, "w") as out:
                    text, pending = io.TextIOWrapper(raw, encoding="utf-8"), ""
                    while chunk := text.read(1 << 20):
                        pending += chunk
                        cut = pending.rfind("</c>") + len("</c>")
                        out.write(_INLINE.sub(shared, pending[:cut]).encode())
                        pending = pending[cut:]
                    out.write(_INLINE.sub(shared, pending).encode())
                continue
            data = source.read(info).decode()
            if name == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_STRINGS_TYPE}" />'
                    "</Types>",
                )
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Type="{_SHARED_STRINGS_RELATION}" Target="sharedStrings.xml" '
                    'Id="rIdSharedStrings" /></Relationships>',
                )
            target.writestr(info, data.encode())
        items = "".join(f"<si>{tag}{text}</t></si>" for tag, text in table)
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{cells}" uniqueCount="{len(table)}">{items}</sst>',
        )
    os.replace(temporary, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="the .xlsx file to write")
    parser.add_argument("--rows", type=int, default=100_000, help="data rows (default 100000)")
    parser.add_argument("--bad", type=int, default=0, help="how many of them are bad (default 0)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--inline-strings",
        action="store_true",
        help="keep openpyxl's inline strings (no shared-string table)",
    )
    options = parser.parse_args(argv)
    try:
        stats = generate(
            options.output,
            options.rows,
            bad=options.bad,
            seed=options.seed,
            shared_strings=not options.inline_strings,
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(
        f"{stats.path}: {stats.rows} rows ({len(stats.bad_rows)} bad), "
        f"{stats.schools} schools in {len(read_counties())} counties"
    )
    if stats.bad_rows:
        print("bad rows:", ", ".join(str(number) for number in stats.bad_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
