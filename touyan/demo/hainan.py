"""Hainan province (460000): about 150 middle schools over its real counties, for the
principal-studio programme (海南省中小学校长工作室).

Well-known schools keep their real names; the rest are made up in the way Hainan names its
schools: 琼海市第三中学 in a county seat, 琼海市长坡中学 or 定安县新竹镇中学 in a rural town.
"""

import random
from dataclasses import dataclass

from touyan.people.enums import SchoolKind

from .leaders import LeaderMaker
from .names import HAINAN_SURNAMES
from .naming import NameBook, stem
from .specs import Famous, SchoolDraft, SchoolSpec
from .staffing import choose_weak, staff

PROVINCE_CODE = "460000"
HOST_SCHOOL = ("460108", "海南中学")  # the demo studio host leads 海南中学
MEMBER_SCHOOL = ("469002", "琼海市第二中学")  # the demo studio member leads a 琼海 school

C, J, S, N, T = (
    SchoolKind.COMPLETE,
    SchoolKind.JUNIOR,
    SchoolKind.SENIOR,
    SchoolKind.NINE_YEAR,
    SchoolKind.TWELVE_YEAR,
)


@dataclass(frozen=True)
class County:
    code: str
    prefix: str  # how school names begin: 海口市, 琼海市, 定安县, 白沙黎族自治县
    towns: tuple[str, ...]  # rural towns (not the county seat)
    famous: tuple[Famous, ...]
    schools: int  # how many schools in all
    rural_share: float
    is_county: bool = False  # a 县: rural schools are called 定安县新竹镇中学
    autonomous: bool = False  # a 自治县: has a 民族中学


def _towns(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COUNTIES: tuple[County, ...] = (
    County(
        code="460105",  # 秀英区
        prefix="海口市",
        towns=_towns("长流镇 西秀镇 海秀镇 石山镇 永兴镇 东山镇"),
        famous=(Famous("海口市第十四中学", C), Famous("海南枫叶国际学校", T, is_public=False)),
        schools=9,
        rural_share=0.55,
    ),
    County(
        code="460106",  # 龙华区
        prefix="海口市",
        towns=_towns("城西镇 龙桥镇 新坡镇 遵谭镇 龙泉镇"),
        famous=(
            Famous("海南华侨中学", C),
            Famous("海南师范大学附属中学", C),
            Famous("海南农垦中学", C),
            Famous("海口实验中学", C),
            Famous("海口景山学校", T, is_public=False),
        ),
        schools=11,
        rural_share=0.45,
    ),
    County(
        code="460107",  # 琼山区
        prefix="海口市",
        towns=_towns("云龙镇 红旗镇 三门坡镇 大坡镇 甲子镇 旧州镇 龙塘镇"),
        famous=(Famous("海口市琼山中学", C), Famous("海口市琼山华侨中学", C)),
        schools=10,
        rural_share=0.6,
    ),
    County(
        code="460108",  # 美兰区
        prefix="海口市",
        towns=_towns("灵山镇 演丰镇 三江镇 大致坡镇"),
        famous=(Famous("海南中学", C), Famous("海口市第一中学", C), Famous("海南省国兴中学", C)),
        schools=11,
        rural_share=0.45,
    ),
    County(
        code="460202",  # 海棠区
        prefix="三亚市",
        towns=_towns("藤桥镇 林旺镇"),
        famous=(),
        schools=4,
        rural_share=0.5,
    ),
    County(
        code="460203",  # 吉阳区
        prefix="三亚市",
        towns=_towns("田独镇 荔枝沟镇"),
        famous=(Famous("三亚市第一中学", C), Famous("三亚市实验中学", C)),
        schools=6,
        rural_share=0.25,
    ),
    County(
        code="460204",  # 天涯区
        prefix="三亚市",
        towns=_towns("天涯镇 凤凰镇 育才镇"),
        famous=(Famous("三亚市第四中学", C), Famous("三亚华侨学校", T)),
        schools=6,
        rural_share=0.3,
    ),
    County(
        code="460205",  # 崖州区
        prefix="三亚市",
        towns=_towns("崖城镇 梅山镇 南滨镇"),
        famous=(),
        schools=4,
        rural_share=0.6,
    ),
    County(
        code="460400",  # 儋州市
        prefix="儋州市",
        towns=_towns(
            "和庆镇 南丰镇 大成镇 雅星镇 兰洋镇 光村镇 木棠镇 海头镇 峨蔓镇 王五镇 白马井镇 中和镇 排浦镇 东成镇 新州镇"
        ),
        famous=(
            Famous("儋州市第一中学", S),
            Famous("儋州市第二中学", C),
            Famous("儋州市第三中学", C),
            Famous("儋州市八一中学", C),
        ),
        schools=14,
        rural_share=0.75,
    ),
    County(
        code="469001",  # 五指山市
        prefix="五指山市",
        towns=_towns("南圣镇 毛阳镇 番阳镇 畅好乡 毛道乡 水满乡"),
        famous=(Famous("五指山中学", C), Famous("五指山市第一中学", C)),
        schools=4,
        rural_share=0.6,
    ),
    County(
        code="469002",  # 琼海市
        prefix="琼海市",
        towns=_towns(
            "万泉镇 石壁镇 中原镇 博鳌镇 阳江镇 龙江镇 潭门镇 塔洋镇 长坡镇 大路镇 会山镇"
        ),
        famous=(Famous("嘉积中学", C), Famous("琼海市第二中学", C)),
        schools=8,
        rural_share=0.65,
    ),
    County(
        code="469005",  # 文昌市
        prefix="文昌市",
        towns=_towns(
            "重兴镇 蓬莱镇 会文镇 东路镇 潭牛镇 东阁镇 文教镇 东郊镇 龙楼镇 昌洒镇 翁田镇 抱罗镇 冯坡镇 锦山镇 铺前镇 公坡镇"
        ),
        famous=(Famous("文昌中学", C), Famous("文昌市华侨中学", C), Famous("文昌市罗峰中学", C)),
        schools=9,
        rural_share=0.65,
    ),
    County(
        code="469006",  # 万宁市
        prefix="万宁市",
        towns=_towns(
            "龙滚镇 和乐镇 后安镇 大茂镇 东澳镇 礼纪镇 长丰镇 山根镇 北大镇 南桥镇 三更罗镇"
        ),
        famous=(Famous("万宁中学", C),),
        schools=7,
        rural_share=0.7,
    ),
    County(
        code="469007",  # 东方市
        prefix="东方市",
        towns=_towns("东河镇 大田镇 感城镇 板桥镇 三家镇 四更镇 新龙镇 天安乡 江边乡"),
        famous=(Famous("东方中学", C), Famous("东方市八所中学", C), Famous("东方市琼西中学", C)),
        schools=6,
        rural_share=0.7,
    ),
    County(
        code="469021",  # 定安县
        prefix="定安县",
        towns=_towns("新竹镇 龙湖镇 黄竹镇 雷鸣镇 龙门镇 龙河镇 岭口镇 翰林镇 富文镇"),
        famous=(Famous("定安中学", C),),
        schools=5,
        rural_share=0.75,
        is_county=True,
    ),
    County(
        code="469022",  # 屯昌县
        prefix="屯昌县",
        towns=_towns("新兴镇 枫木镇 乌坡镇 南吕镇 南坤镇 坡心镇 西昌镇"),
        famous=(Famous("屯昌中学", C),),
        schools=4,
        rural_share=0.75,
        is_county=True,
    ),
    County(
        code="469023",  # 澄迈县
        prefix="澄迈县",
        towns=_towns("老城镇 瑞溪镇 永发镇 加乐镇 文儒镇 中兴镇 仁兴镇 福山镇 桥头镇 大丰镇"),
        famous=(Famous("澄迈中学", C),),
        schools=7,
        rural_share=0.7,
        is_county=True,
    ),
    County(
        code="469024",  # 临高县
        prefix="临高县",
        towns=_towns("波莲镇 东英镇 博厚镇 皇桐镇 多文镇 和舍镇 南宝镇 新盈镇 调楼镇"),
        famous=(Famous("临高中学", C),),
        schools=5,
        rural_share=0.75,
        is_county=True,
    ),
    County(
        code="469025",  # 白沙黎族自治县
        prefix="白沙黎族自治县",
        towns=_towns("七坊镇 邦溪镇 打安镇 细水乡 元门乡 南开乡 阜龙乡 青松乡 金波乡 荣邦乡"),
        famous=(Famous("白沙中学", C),),
        schools=4,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
    County(
        code="469026",  # 昌江黎族自治县
        prefix="昌江黎族自治县",
        towns=_towns("叉河镇 十月田镇 乌烈镇 昌化镇 海尾镇 七叉镇 王下乡"),
        famous=(Famous("昌江中学", C), Famous("昌江黎族自治县矿区中学", C)),
        schools=4,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
    County(
        code="469027",  # 乐东黎族自治县
        prefix="乐东黎族自治县",
        towns=_towns("万冲镇 大安镇 志仲镇 千家镇 九所镇 利国镇 佛罗镇 尖峰镇 莺歌海镇"),
        famous=(Famous("乐东中学", C), Famous("华东师范大学第二附属中学乐东黄流中学", C)),
        schools=6,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
    County(
        code="469028",  # 陵水黎族自治县
        prefix="陵水黎族自治县",
        towns=_towns("光坡镇 三才镇 英州镇 隆广镇 文罗镇 本号镇 新村镇 黎安镇 提蒙乡 群英乡"),
        famous=(Famous("陵水中学", C),),
        schools=5,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
    County(
        code="469029",  # 保亭黎族苗族自治县
        prefix="保亭黎族苗族自治县",
        towns=_towns("什玲镇 加茂镇 响水镇 新政镇 三道镇 六弓乡 南林乡 毛感乡"),
        famous=(Famous("保亭中学", C), Famous("保亭黎族苗族自治县思源实验学校", N)),
        schools=3,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
    County(
        code="469030",  # 琼中黎族苗族自治县
        prefix="琼中黎族苗族自治县",
        towns=_towns("湾岭镇 黎母山镇 和平镇 长征镇 红毛镇 中平镇 吊罗山乡 上安乡 什运乡"),
        famous=(Famous("琼中中学", C), Famous("琼中黎族苗族自治县思源实验学校", N)),
        schools=4,
        rural_share=0.75,
        is_county=True,
        autonomous=True,
    ),
)

RURAL_KINDS = ((J, 80), (C, 8), (N, 12))
URBAN_KINDS = ((J, 40), (C, 38), (S, 14), (T, 4), (N, 4))


def _kind(rng: random.Random, weighted) -> str:
    kinds, weights = zip(*weighted, strict=True)
    return rng.choices(kinds, weights=weights)[0]


def _rural_name(county: County, town: str, kind: str) -> str:
    place = town if county.is_county else stem(town)
    if kind == N:
        return f"{county.prefix}{town}九年一贯制学校"
    return f"{county.prefix}{place}中学"


def _urban_name(rng: random.Random, county: County, kind: str, book: NameBook) -> str:
    prefix = county.prefix
    if kind == T:
        special = [f"{prefix}外国语学校", f"{prefix}寰岛实验学校", f"{prefix}育才学校"]
    elif kind == N:
        special = [f"{prefix}思源实验学校", f"{prefix}实验学校", f"{prefix}育英学校"]
    else:
        special = [f"{prefix}实验中学", f"{prefix}华侨中学"]
        if county.autonomous:
            special.insert(0, f"{prefix}民族中学")
        if rng.random() < 0.7:
            special = []  # most county-seat schools are simply numbered
    return book.first_free(special) or book.next_ordinal(prefix + "第{n}中学")


def county_drafts(rng: random.Random, county: County, book: NameBook) -> list[SchoolDraft]:
    drafts = [
        SchoolDraft(county.code, famous.name, famous.kind, is_public=famous.is_public, famous=True)
        for famous in county.famous
        if book.claim(famous.name)
    ]
    remaining = max(county.schools - len(drafts), 0)
    rural = min(len(county.towns), round(remaining * county.rural_share))
    for town in rng.sample(county.towns, rural):
        kind = _kind(rng, RURAL_KINDS)
        name = _rural_name(county, town, kind)
        if book.claim(name):
            drafts.append(SchoolDraft(county.code, name, kind, is_rural=True))
    while len(drafts) < county.schools:
        kind = _kind(rng, URBAN_KINDS)
        name = _urban_name(rng, county, kind, book)
        drafts.append(
            SchoolDraft(county.code, name, kind, is_public=kind != T or rng.random() < 0.5)
        )
    return drafts


def hainan_schools(rng: random.Random) -> list[SchoolSpec]:
    book = NameBook()
    drafts = [draft for county in COUNTIES for draft in county_drafts(rng, county, book)]
    weak = choose_weak(rng, drafts, share=0.15, rural_part=0.8)
    maker = LeaderMaker(rng, HAINAN_SURNAMES)
    return staff(rng, drafts, maker, weak=weak, secretary_share=0.6)
