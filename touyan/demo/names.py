"""Chinese personal names for demo data: common surnames (weighted, with regional flavour)
and given names of the generation now leading schools (born 1965–1990)."""

import itertools
import random
import re
from dataclasses import dataclass

from touyan.people.enums import Gender


@dataclass(frozen=True)
class Weighted:
    """Values with relative weights, ready for ``random.choices`` with cumulative weights."""

    values: tuple
    cumulative: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> "Weighted":
        """From ``"王72 李71 …"``: each value followed by its weight."""
        pairs = re.findall(r"(\D+?)(\d+)", text.replace(" ", ""))
        return cls.of(tuple((value, int(weight)) for value, weight in pairs))

    @classmethod
    def of(cls, pairs: tuple[tuple[object, int], ...]) -> "Weighted":
        return cls(
            values=tuple(value for value, _weight in pairs),
            cumulative=tuple(itertools.accumulate(weight for _value, weight in pairs)),
        )

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Surname and relative frequency: the national top list, roughly in order of frequency.
NATIONAL_SURNAMES = Weighted.parse(
    "王72 李71 张68 刘54 陈48 杨33 黄25 赵22 吴21 周20 徐16 "
    "孙15 马14 朱13 胡12 郭12 何11 林11 高11 罗10 郑9 梁9 谢8 "
    "宋7 唐7 许6 韩6 冯6 邓6 曹6 彭5 曾5 肖5 田5 董5 袁4 潘4 于4 "
    "蒋4 蔡4 余4 杜4 叶4 程4 苏4 魏3 吕3 丁3 任3 沈3 姚3 卢3 姜3 "
    "崔3 钟3 谭3 陆3 汪3 范3 金3 石3 廖2 贾2 夏2 韦2 付2 方2 白2 "
    "邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷2 侯2 龙2 史2 陶2 "
    "黎2 贺2 顾2 毛2 郝2 龚2 邵2 万1 钱1 严1 覃1 武1 戴1 莫1 孔1 "
    "向1 汤1 欧阳1"
)

# Hainan: 王、陈、林、吴、符 lead; 邢、云、羊、蒙 are far more common than nationally.
HAINAN_SURNAMES = Weighted.parse(
    "王60 陈52 林40 吴36 符34 李30 黄22 邢18 云14 冯12 张12 "
    "周10 韩10 许8 蒙8 郑8 羊7 梁7 邓6 杨6 刘6 潘5 庄5 莫5 何5 "
    "詹4 钟4 卓4 曾4 麦4 文3 谢3 朱3 蔡3 孙3 卢3 严2 苏2 欧2 容2 "
    "董2 龙2 岑2 唐2 黎2 洪2"
)

# Hangzhou and the rest of Zhejiang: 俞、楼、应、章、金、钱 are characteristic.
ZHEJIANG_SURNAMES = Weighted.parse(
    "王55 陈50 张34 李30 徐26 吴26 周24 金20 朱20 沈18 杨16 "
    "黄16 俞14 方14 胡14 孙12 钱12 许12 陆11 叶11 蒋10 章10 "
    "邵9 楼9 应8 何8 郑8 吕8 汪8 姚7 潘7 赵7 刘7 林7 高6 丁6 范6 "
    "施6 屠5 鲍5 袁5 傅5 虞4 毛4 裘4 骆4 童4 严4 褚3 郎3 华3 戴3 "
    "卢3"
)

# Whole given names typical of the 1960s–1980s, and characters to combine.
MALE_GIVEN_NAMES = words(
    "建国 建华 建军 建平 国强 国华 国平 志强 志刚 志勇 志明 海涛 海波 海军 海峰 "
    "红军 卫东 卫国 立新 新华 永强 永明 晓东 晓峰 晓明 文斌 文杰 文华 德明 德华 "
    "明辉 俊杰 伟 勇 军 涛 斌 强 磊 峰 刚 健 杰 鹏 辉 亮 超 学军 学文 振华 "
    "庆丰 春雷 光明 忠诚 家豪 宏伟 克勤"
)
FEMALE_GIVEN_NAMES = words(
    "秀英 秀兰 桂英 玉兰 丽华 丽娟 丽萍 红梅 红霞 红英 春燕 海燕 晓燕 晓红 晓梅 "
    "小琴 美玲 美华 雪梅 雪芳 慧敏 慧芳 静 敏 丽 芳 燕 娟 霞 萍 红 艳 琳 颖 "
    "洁 倩 文静 文娟 婷婷 莉莉 亚萍 爱华 淑珍 素珍 月英 凤英 翠兰"
)
# Characters for composed names: first and second positions differ in practice (建华, 晓燕).
MALE_FIRST = "国建志海文明德永晓学振宏俊立光庆春家世忠卫新红向兴"
MALE_SECOND = "华军强刚勇峰涛斌杰鹏辉亮平安东林明伟波民生成良荣康"
FEMALE_FIRST = "秀丽美红晓雪慧静春海玉桂爱淑素月亚小彩金"
FEMALE_SECOND = "华英兰梅芳燕娟霞萍艳琳颖洁琴凤珍敏丽玲红莉娜"


def given_name(rng: random.Random, gender: str) -> str:
    """Half the time a whole name from the list, otherwise one or two characters combined."""
    whole = MALE_GIVEN_NAMES if gender == Gender.MALE else FEMALE_GIVEN_NAMES
    first, second = (
        (MALE_FIRST, MALE_SECOND) if gender == Gender.MALE else (FEMALE_FIRST, FEMALE_SECOND)
    )
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(whole)
    if roll < 0.6:
        return rng.choice(second)
    return rng.choice(first) + rng.choice(second)


def person_name(rng: random.Random, gender: str, surnames: Weighted = NATIONAL_SURNAMES) -> str:
    return surnames.pick(rng) + given_name(rng, gender)
