"""Hangzhou (330100): about 300 schools and kindergartens over its 13 districts and counties,
for the famous-principal training programme (杭州市名校长培养).

Well-known schools keep their real names; the rest are made up the way Hangzhou names them:
杭州市文新小学 in the old city, 杭州市萧山区瓜沥镇中心小学 in a town, 桐庐县分水镇中心幼儿园.
"""

import random
from dataclasses import dataclass
from types import MappingProxyType

from touyan.people.enums import SchoolKind

from .leaders import LeaderMaker
from .names import ZHEJIANG_SURNAMES, words
from .naming import NameBook
from .specs import Famous, SchoolDraft, SchoolSpec
from .staffing import choose_weak, staff

CITY_CODE = "330100"
TRAINEE_SCHOOL = ("330106", "杭州市保俶塔实验学校")  # the demo trainee leads a 西湖区 school
# The cohort-2 trainee accounts' schools: their heads apply to the call that makes cohort 2.
SECOND_COHORT_SCHOOLS = (
    ("330106", "杭州市学军小学"),
    ("330102", "杭州市惠兴中学"),
    ("330105", "杭州市卖鱼桥小学"),
)

P, J, S, C, N, T, K = (
    SchoolKind.PRIMARY,
    SchoolKind.JUNIOR,
    SchoolKind.SENIOR,
    SchoolKind.COMPLETE,
    SchoolKind.NINE_YEAR,
    SchoolKind.TWELVE_YEAR,
    SchoolKind.KINDERGARTEN,
)


@dataclass(frozen=True)
class District:
    code: str
    prefix: str  # how school names begin: 杭州市, 杭州市萧山区, 桐庐县
    kindergarten_prefix: str  # kindergartens carry the district: 杭州市上城区
    places: tuple[str, ...]  # streets and neighbourhoods of the urban part
    towns: tuple[str, ...]  # rural towns (镇 / 乡, without the suffix)
    famous: tuple[Famous, ...]
    schools: int
    rural_share: float = 0.0
    numbers_high_schools: bool = False  # 杭州市萧山区第五高级中学


DISTRICTS: tuple[District, ...] = (
    District(
        code="330102",  # 上城区
        prefix="杭州市",
        kindergarten_prefix="杭州市上城区",
        places=words(
            "南星 紫阳 小营 湖滨 清波 望江 凯旋 采荷 闸弄口 四季青 彭埠 九堡 笕桥 丁兰 钱江 景芳 近江 复兴"
        ),
        towns=(),
        famous=(
            Famous("杭州高级中学", S),
            Famous("杭州第十四中学", S),
            Famous("杭州第四中学", S),
            Famous("杭州市天长小学", P),
            Famous("杭州市胜利实验学校", P),
            Famous("杭州市采荷中学", J),
            Famous("杭州市建兰中学", J),
            Famous("杭州市惠兴中学", J),
            Famous("杭州市抚宁巷小学", P),
            Famous("杭州市采荷第一小学", P),
            Famous("杭州市濮家小学", P),
            Famous("杭州市丁兰实验中学", J),
        ),
        schools=34,
    ),
    District(
        code="330105",  # 拱墅区
        prefix="杭州市",
        kindergarten_prefix="杭州市拱墅区",
        places=words(
            "米市巷 湖墅 小河 和睦 拱宸桥 大关 上塘 祥符 半山 康桥 武林 天水 朝晖 潮鸣 东新 石桥 德胜 善贤"
        ),
        towns=(),
        famous=(
            Famous("杭州第十一中学", S),
            Famous("杭州市安吉路实验学校", N),
            Famous("杭州市长寿桥小学", P),
            Famous("杭州市文晖中学", J),
            Famous("杭州市青春中学", J),
            Famous("杭州市朝晖中学", J),
            Famous("杭州市卖鱼桥小学", P),
            Famous("杭州市长江实验小学", P),
            Famous("杭州市京都小学", P),
            Famous("杭州市大关中学", J),
        ),
        schools=32,
    ),
    District(
        code="330106",  # 西湖区
        prefix="杭州市",
        kindergarten_prefix="杭州市西湖区",
        places=words(
            "北山 西溪 翠苑 文新 古荡 蒋村 留下 转塘 灵隐 三墩 紫金港 之江 文鼎 申花 紫荆 府苑"
        ),
        towns=words("双浦"),
        famous=(
            Famous("杭州学军中学", S),
            Famous("杭州外国语学校", C),
            Famous("浙江大学附属中学", S),
            Famous("杭州第十三中学", J),
            Famous("杭州市文三街小学", P),
            Famous("杭州市保俶塔实验学校", N),
            Famous("杭州市学军小学", P),
            Famous("杭州市西湖小学", P),
            Famous("杭州市翠苑中学", J),
            Famous("杭州绿城育华学校", T, is_public=False),
        ),
        schools=32,
        rural_share=0.05,
    ),
    District(
        code="330108",  # 滨江区
        prefix="杭州市",
        kindergarten_prefix="杭州市滨江区",
        places=words("西兴 长河 浦沿 江南 闻涛 星辉 缤纷 东冠 江晖 风情 湘滨 聚才"),
        towns=(),
        famous=(
            Famous("杭州第二中学", S),
            Famous("杭州市江南实验学校", N),
            Famous("杭州市长河高级中学", S),
            Famous("杭州市滨兰实验学校", N),
            Famous("杭州市滨文中学", J),
        ),
        schools=20,
    ),
    District(
        code="330109",  # 萧山区
        prefix="杭州市萧山区",
        kindergarten_prefix="杭州市萧山区",
        places=words("城厢 北干 蜀山 新塘 宁围 新街 闻堰 湘湖 市心 育才 高桥 信息港"),
        towns=words("瓜沥 临浦 义桥 所前 衙前 益农 党湾 楼塔 河上 戴村 进化"),
        famous=(
            Famous("浙江省萧山中学", S),
            Famous("杭州市萧山区第三高级中学", S),
            Famous("杭州市萧山区第五高级中学", S),
            Famous("杭州市萧山区高桥初级中学", J),
        ),
        schools=34,
        rural_share=0.4,
        numbers_high_schools=True,
    ),
    District(
        code="330110",  # 余杭区
        prefix="杭州市余杭区",
        kindergarten_prefix="杭州市余杭区",
        places=words("余杭 仓前 闲林 五常 中泰 良渚 仁和 未来科技城 瓶窑 禹航"),
        towns=words("径山 黄湖 鸬鸟 百丈"),
        famous=(Famous("杭州市余杭高级中学", S), Famous("杭州市余杭第二高级中学", S)),
        schools=26,
        rural_share=0.3,
    ),
    District(
        code="330111",  # 富阳区
        prefix="杭州市富阳区",
        kindergarten_prefix="杭州市富阳区",
        places=words("富春 东洲 春江 鹿山 银湖 春建"),
        towns=words("场口 常安 万市 洞桥 渌渚 永昌 里山 新登 胥口 龙门 常绿 湖源 上官 环山"),
        famous=(
            Famous("浙江省富阳中学", S),
            Famous("杭州市富阳区新登中学", S),
            Famous("杭州市富阳区场口中学", S),
        ),
        schools=20,
        rural_share=0.5,
        numbers_high_schools=True,
    ),
    District(
        code="330112",  # 临安区
        prefix="杭州市临安区",
        kindergarten_prefix="杭州市临安区",
        places=words("锦城 锦北 锦南 玲珑 青山湖"),
        towns=words("於潜 昌化 太湖源 清凉峰 高虹 天目山 龙岗 河桥 湍口 板桥 太阳 岛石"),
        famous=(Famous("浙江省临安中学", S), Famous("杭州市临安区昌化中学", S)),
        schools=18,
        rural_share=0.55,
        numbers_high_schools=True,
    ),
    District(
        code="330113",  # 临平区
        prefix="杭州市临平区",
        kindergarten_prefix="杭州市临平区",
        places=words("临平 东湖 南苑 星桥 乔司 运河 崇贤 超山"),
        towns=words("塘栖"),
        famous=(Famous("杭州市临平中学", S),),
        schools=18,
        rural_share=0.1,
        numbers_high_schools=True,
    ),
    District(
        code="330114",  # 钱塘区
        prefix="杭州市钱塘区",
        kindergarten_prefix="杭州市钱塘区",
        places=words("下沙 白杨 河庄 义蓬 新湾 临江 前进 文海 金沙湖"),
        towns=(),
        famous=(Famous("杭州市学正中学", S), Famous("杭州市文海实验学校", N)),
        schools=18,
    ),
    District(
        code="330122",  # 桐庐县
        prefix="桐庐县",
        kindergarten_prefix="桐庐县",
        places=words("城南 旧县 桐君 凤川 富春江"),
        towns=words("横村 分水 百江 瑶琳 钟山 新合 合村 莪山"),
        famous=(Famous("浙江省桐庐中学", S), Famous("桐庐县分水高级中学", S)),
        schools=14,
        rural_share=0.6,
        numbers_high_schools=True,
    ),
    District(
        code="330127",  # 淳安县
        prefix="淳安县",
        kindergarten_prefix="淳安县",
        places=words("千岛湖 进贤 青溪 南山"),
        towns=words("文昌 石林 临岐 威坪 汾口 姜家 梓桐 中洲 大墅 枫树岭 里商 王阜"),
        famous=(Famous("浙江省淳安中学", S), Famous("淳安县汾口中学", S)),
        schools=16,
        rural_share=0.7,
        numbers_high_schools=True,
    ),
    District(
        code="330182",  # 建德市
        prefix="建德市",
        kindergarten_prefix="建德市",
        places=words("新安江 洋溪 更楼 白沙 府东"),
        towns=words("寿昌 梅城 乾潭 大同 杨村桥 下涯 大洋 三都 李家 航头 大慈岩"),
        famous=(Famous("浙江省严州中学", S), Famous("建德市寿昌中学", S)),
        schools=16,
        rural_share=0.6,
        numbers_high_schools=True,
    ),
)

KINDS = ((K, 28), (P, 38), (J, 16), (N, 8), (S, 7), (T, 3))
RURAL_KINDS = ((K, 35), (P, 40), (J, 18), (N, 7))

_URBAN_TEMPLATES = MappingProxyType(
    {
        P: ("{p}{x}小学", "{p}{x}实验小学", "{p}{x}第二小学", "{p}{x}第三小学"),
        J: ("{p}{x}中学", "{p}{x}实验中学", "{p}{x}初级中学"),
        N: ("{p}{x}实验学校", "{p}{x}学校"),
        S: ("{p}{x}高级中学",),
        T: ("{p}{x}外国语学校", "{p}{x}国际学校"),
        K: ("{k}{x}幼儿园", "{k}{x}第二幼儿园", "{k}{x}实验幼儿园"),
    }
)
_RURAL_TEMPLATES = MappingProxyType(
    {
        P: ("{p}{x}镇中心小学", "{p}{x}镇第二小学", "{p}{x}小学"),
        J: ("{p}{x}初级中学", "{p}{x}镇中学"),
        N: ("{p}{x}镇中心学校", "{p}{x}学校"),
        K: ("{k}{x}镇中心幼儿园", "{k}{x}镇第二幼儿园"),
    }
)


def _kind(rng: random.Random, weighted) -> str:
    kinds, weights = zip(*weighted, strict=True)
    return rng.choices(kinds, weights=weights)[0]


def _place_name(
    rng: random.Random, district: District, kind: str, rural: bool, book: NameBook
) -> str | None:
    """A free name built on one of the district's places (towns when rural), or None."""
    templates = (_RURAL_TEMPLATES if rural else _URBAN_TEMPLATES)[kind]
    places = district.towns if rural else district.places
    for place in rng.sample(places, len(places)):
        candidates = [
            t.format(p=district.prefix, k=district.kindergarten_prefix, x=place) for t in templates
        ]
        name = book.first_free(candidates)
        if name:
            return name
    return None


def district_drafts(rng: random.Random, district: District, book: NameBook) -> list[SchoolDraft]:
    drafts = [
        SchoolDraft(
            district.code, famous.name, famous.kind, is_public=famous.is_public, famous=True
        )
        for famous in district.famous
        if book.claim(famous.name)
    ]
    while len(drafts) < district.schools:
        rural = bool(district.towns) and rng.random() < district.rural_share
        kind = _kind(rng, RURAL_KINDS if rural else KINDS)
        if kind == S and district.numbers_high_schools and rng.random() < 0.6:
            name = book.next_ordinal(district.prefix + "第{n}高级中学")
        else:
            name = _place_name(rng, district, kind, rural, book)
        if name is None and rural:  # every town already has such a school: build in town
            rural = False
            name = _place_name(rng, district, kind, rural, book)
        if name is None:  # every place already has one: number them
            suffix = _URBAN_TEMPLATES[kind][0].split("{x}")[-1]
            name = book.next_ordinal(district.kindergarten_prefix + "第{n}" + suffix)
        is_public = kind != T and (kind != K or rng.random() < 0.75)  # some 民办 kindergartens
        drafts.append(SchoolDraft(district.code, name, kind, is_public=is_public, is_rural=rural))
    return drafts


def hangzhou_schools(rng: random.Random) -> list[SchoolSpec]:
    book = NameBook()
    drafts = [draft for district in DISTRICTS for draft in district_drafts(rng, district, book)]
    weak = choose_weak(rng, drafts, share=0.06, rural_part=0.85)
    maker = LeaderMaker(rng, ZHEJIANG_SURNAMES)
    return staff(rng, drafts, maker, weak=weak, secretary_share=0.55)
