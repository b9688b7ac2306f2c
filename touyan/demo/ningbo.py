"""Ningbo (330200): about 60 schools over three of its districts and counties, for the backbone
principals' programme (骨干校长研修工程) run under the third preset — the city part of 海曙区,
the towns of 鄞州区 and the mostly rural 宁海县, whose village schools the trainees take as link
schools (定点联系学校).

Names are made the way Hangzhou's are (``hangzhou.district_drafts``); the well-known schools keep
their real names.
"""

import random

from .hangzhou import District, district_drafts
from .leaders import LeaderMaker
from .names import ZHEJIANG_SURNAMES, words
from .naming import NameBook
from .specs import Famous, SchoolSpec
from .staffing import choose_weak, staff

CITY_CODE = "330200"
# The demo trainee of the Ningbo programme leads a 海曙区 school.
TRAINEE_SCHOOL = ("330203", "宁波市海曙区实验小学")

DISTRICTS: tuple[District, ...] = (
    District(
        code="330203",  # 海曙区
        prefix="宁波市海曙区",
        kindergarten_prefix="宁波市海曙区",
        places=words("南门 西门 月湖 鼓楼 江厦 白云 段塘 望春 石碶 集士港 高桥 古林"),
        towns=words("章水 龙观 鄞江 横街"),
        famous=(
            Famous("宁波市效实中学", "senior"),
            Famous("宁波市第二中学", "senior"),
            Famous("宁波市海曙区实验小学", "primary"),
            Famous("宁波市海曙区广济中心小学", "primary"),
            Famous("宁波市第七中学", "junior"),
        ),
        schools=24,
        rural_share=0.25,
    ),
    District(
        code="330212",  # 鄞州区
        prefix="宁波市鄞州区",
        kindergarten_prefix="宁波市鄞州区",
        places=words("中河 首南 钟公庙 下应 东胜 明楼 百丈 东柳 福明 潘火"),
        towns=words("姜山 咸祥 塘溪 东吴 五乡 邱隘 云龙 横溪 瞻岐"),
        famous=(
            Famous("宁波市鄞州高级中学", "senior"),
            Famous("宁波市鄞州区东湖小学", "primary"),
            Famous("宁波市鄞州区宋诏桥小学", "primary"),
        ),
        schools=20,
        rural_share=0.45,
    ),
    District(
        code="330226",  # 宁海县
        prefix="宁海县",
        kindergarten_prefix="宁海县",
        places=words("跃龙 桃源 梅林 桥头胡"),
        towns=words("长街 力洋 一市 岔路 前童 黄坛 大佳何 强蛟 西店 深甽 胡陈 茶院 越溪 桑洲"),
        famous=(Famous("浙江省宁海中学", "senior"), Famous("宁海县跃龙中学", "junior")),
        schools=18,
        rural_share=0.7,
    ),
)


def ningbo_schools(rng: random.Random) -> list[SchoolSpec]:
    book = NameBook()
    drafts = [draft for district in DISTRICTS for draft in district_drafts(rng, district, book)]
    weak = choose_weak(rng, drafts, share=0.06, rural_part=0.85)
    maker = LeaderMaker(rng, ZHEJIANG_SURNAMES)
    return staff(rng, drafts, maker, weak=weak, secretary_share=0.55)
