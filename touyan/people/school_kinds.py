"""学段 as sheets write it: one kind (九年一贯制, 完中…), or the stages a school has, listed with
any separator people use (小学、初中 · 小学/初中 · 初中，高中 · 小学 初中), in full or short forms
(初级中学, 小学部, 初高中). The stages together name one of the registry's school kinds."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from .enums import JUNIOR, PRIMARY, SENIOR, STAGES_OF_KIND, SchoolKind

# Whole cells that name a kind outright.
KIND_WORDS = {
    "完中": SchoolKind.COMPLETE,
    "完全中学": SchoolKind.COMPLETE,
    "九年一贯制": SchoolKind.NINE_YEAR,
    "九年一贯": SchoolKind.NINE_YEAR,
    "九年制": SchoolKind.NINE_YEAR,
    "十二年一贯制": SchoolKind.TWELVE_YEAR,
    "十二年一贯": SchoolKind.TWELVE_YEAR,
    "十二年制": SchoolKind.TWELVE_YEAR,
    "幼儿园": SchoolKind.KINDERGARTEN,
    "学前": SchoolKind.KINDERGARTEN,
    "学前教育": SchoolKind.KINDERGARTEN,
}
# The stages one word of a list stands for.
STAGE_WORDS = {
    "小学": {PRIMARY},
    "小": {PRIMARY},
    "初中": {JUNIOR},
    "初级中学": {JUNIOR},
    "初": {JUNIOR},
    "高中": {SENIOR},
    "高级中学": {SENIOR},
    "高": {SENIOR},
    "初高中": {JUNIOR, SENIOR},
    "小初": {PRIMARY, JUNIOR},
    "小初高": {PRIMARY, JUNIOR, SENIOR},
}
_SEPARATORS = re.compile(r"[、,;/|+\\\s·.]+|和|及|与")
_SUFFIXES = ("学校", "学段", "部", "段")
KIND_OF_STAGES = {stages: kind for kind, stages in STAGES_OF_KIND.items() if stages}


class UnknownSchoolKind(ValueError):
    pass


def _word(text: str) -> str:
    for suffix in _SUFFIXES:
        stem = text.removesuffix(suffix)
        if stem != text and (stem in KIND_WORDS or stem in STAGE_WORDS):
            return stem
    return text


def parse_school_kind(value) -> str:
    """The registry's school kind for a cell, or ``UnknownSchoolKind`` listing the accepted
    spellings."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    words = [_word(w) for w in _SEPARATORS.split(text) if w]
    if len(words) == 1 and words[0] in KIND_WORDS:
        return KIND_WORDS[words[0]]
    stages: set[str] = set()
    for word in words:
        if word not in STAGE_WORDS:
            raise UnknownSchoolKind(refusal(text))
        stages |= STAGE_WORDS[word]
    kind = KIND_OF_STAGES.get(frozenset(stages))
    if kind is None:
        raise UnknownSchoolKind(refusal(text))
    return kind


def refusal(text: str) -> str:
    return _(
        "学段“%(value)s”无法识别。可填写：小学；初中（初级中学）；高中（高级中学）；"
        "完中（完全中学、初高中）；九年一贯制（小学、初中）；十二年一贯制（小学、初中、高中）；"
        "幼儿园（学前）。几个学段可用顿号、逗号、分号、斜杠或空格隔开，如“小学、初中”。"
    ) % {"value": text}
