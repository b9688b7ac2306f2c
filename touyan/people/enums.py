"""School kinds, positions and titles, with the spellings real rosters use for each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PRIMARY, JUNIOR, SENIOR = "primary", "junior", "senior"


class SchoolKind(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初级中学")
    SENIOR = "senior", _("高级中学")
    COMPLETE = "complete", _("完全中学")
    NINE_YEAR = "nine_year", _("九年一贯制学校")
    TWELVE_YEAR = "twelve_year", _("十二年一贯制学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")


STAGES_OF_KIND: dict[str, frozenset[str]] = {
    SchoolKind.PRIMARY: frozenset({PRIMARY}),
    SchoolKind.JUNIOR: frozenset({JUNIOR}),
    SchoolKind.SENIOR: frozenset({SENIOR}),
    SchoolKind.COMPLETE: frozenset({JUNIOR, SENIOR}),
    SchoolKind.NINE_YEAR: frozenset({PRIMARY, JUNIOR}),
    SchoolKind.TWELVE_YEAR: frozenset({PRIMARY, JUNIOR, SENIOR}),
    SchoolKind.KINDERGARTEN: frozenset(),
}

MIDDLE_SCHOOL_KINDS = frozenset(
    k for k, stages in STAGES_OF_KIND.items() if stages & {JUNIOR, SENIOR}
)

# The spellings of 学段 a sheet may use are read by ``people.school_kinds``.


class Position(models.TextChoices):
    PRINCIPAL = "principal", _("校长")
    KINDERGARTEN_DIRECTOR = "director", _("园长")
    SECRETARY = "secretary", _("党组织书记")
    SECRETARY_PRINCIPAL = "secretary_principal", _("党组织书记兼校长")
    SECRETARY_DIRECTOR = "secretary_director", _("党组织书记兼园长")
    VICE_PRINCIPAL = "vice_principal", _("副校长")
    VICE_DIRECTOR = "vice_director", _("副园长")


# 正职校长 (HN-3.9.3, HZ-2.1): the head of a school or kindergarten.
FULL_PRINCIPAL_POSITIONS = frozenset(
    {
        Position.PRINCIPAL,
        Position.KINDERGARTEN_DIRECTOR,
        Position.SECRETARY_PRINCIPAL,
        Position.SECRETARY_DIRECTOR,
    }
)

POSITION_ALIASES = {
    "校长": Position.PRINCIPAL,
    "正职校长": Position.PRINCIPAL,
    "园长": Position.KINDERGARTEN_DIRECTOR,
    "党组织书记": Position.SECRETARY,
    "党委书记": Position.SECRETARY,
    "党总支书记": Position.SECRETARY,
    "党支部书记": Position.SECRETARY,
    "书记": Position.SECRETARY,
    "党组织书记兼校长": Position.SECRETARY_PRINCIPAL,
    "党委书记兼校长": Position.SECRETARY_PRINCIPAL,
    "党支部书记兼校长": Position.SECRETARY_PRINCIPAL,
    "书记兼校长": Position.SECRETARY_PRINCIPAL,
    "书记、校长": Position.SECRETARY_PRINCIPAL,
    "党组织书记兼园长": Position.SECRETARY_DIRECTOR,
    "党支部书记兼园长": Position.SECRETARY_DIRECTOR,
    "书记兼园长": Position.SECRETARY_DIRECTOR,
    "副校长": Position.VICE_PRINCIPAL,
    "副园长": Position.VICE_DIRECTOR,
}


class Title(models.TextChoices):
    PROFESSOR = "professor", _("正高级教师")
    SENIOR = "senior", _("高级教师")
    FIRST = "first", _("一级教师")
    SECOND = "second", _("二级教师")
    THIRD = "third", _("三级教师")
    NONE = "none", _("未评")


# HZ-2.2: 高级及以上专业技术职务.
SENIOR_OR_ABOVE = frozenset({Title.PROFESSOR, Title.SENIOR})

TITLE_ALIASES = {
    "正高级": Title.PROFESSOR,
    "正高": Title.PROFESSOR,
    "正高级教师": Title.PROFESSOR,
    "高级": Title.SENIOR,
    "副高": Title.SENIOR,
    "副高级": Title.SENIOR,
    "高级教师": Title.SENIOR,
    "中学高级": Title.SENIOR,
    "中学高级教师": Title.SENIOR,
    "中小学高级教师": Title.SENIOR,
    "中小学正高级教师": Title.PROFESSOR,
    "中小学一级教师": Title.FIRST,
    "中小学二级教师": Title.SECOND,
    "中小学三级教师": Title.THIRD,
    "中学一级教师": Title.FIRST,
    "中学二级教师": Title.SECOND,
    "小学高级教师": Title.FIRST,
    "小学一级教师": Title.SECOND,
    "小学二级教师": Title.THIRD,
    "小学高级": Title.FIRST,  # pre-2015 小学高级 maps to today's 一级
    "一级": Title.FIRST,
    "一级教师": Title.FIRST,
    "中级": Title.FIRST,
    "中学一级": Title.FIRST,
    "二级": Title.SECOND,
    "二级教师": Title.SECOND,
    "初级": Title.SECOND,
    "三级": Title.THIRD,
    "三级教师": Title.THIRD,
    "无": Title.NONE,
    "未评": Title.NONE,
    "": Title.NONE,
}


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


GENDER_ALIASES = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}
