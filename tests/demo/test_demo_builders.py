"""The builders are pure: a fixed seed always describes the same schools and people."""

import random

from touyan.demo.hainan import hainan_schools
from touyan.demo.hangzhou import hangzhou_schools
from touyan.demo.names import HAINAN_SURNAMES, person_name
from touyan.demo.naming import chinese_number
from touyan.people.enums import Gender


def test_builders_are_deterministic():
    assert hainan_schools(random.Random(7)) == hainan_schools(random.Random(7))
    assert hangzhou_schools(random.Random(7)) == hangzhou_schools(random.Random(7))


def test_school_names_are_unique_within_each_builder():
    for schools in (hainan_schools(random.Random(1)), hangzhou_schools(random.Random(1))):
        names = [school.name for school in schools]
        assert len(names) == len(set(names))


def test_names_look_chinese():
    rng = random.Random(3)
    for _ in range(200):
        name = person_name(rng, Gender.FEMALE, HAINAN_SURNAMES)
        assert 2 <= len(name) <= 4
        assert all("\u4e00" <= char <= "\u9fff" for char in name)


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 2, 10, 14, 20, 21, 99)] == [
        "一",
        "二",
        "十",
        "十四",
        "二十",
        "二十一",
        "九十九",
    ]
