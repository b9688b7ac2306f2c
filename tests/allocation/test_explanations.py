"""Every explanation states facts of the solution: checked against an independent reading."""

import random
import re
from collections import Counter

import pytest

from touyan.allocation.explain import Kind, facts_of
from touyan.allocation.problem import problem_from_data
from touyan.allocation.solver import solve
from touyan.allocation.wording import explanations, ordinal

from . import brute
from .instances import medium_instance, random_instance

pytestmark = pytest.mark.clause("HN-3.8")


def check_instance(data: dict) -> int:
    """Check every statement about every applicant; returns how many reasons were checked."""
    allocation = solve(problem=problem_from_data(data=data))
    studios, applicants = data["studios"], data["applicants"]
    placement = list(allocation.studio_of)
    sizes = [placement.count(index) for index in range(len(studios))]
    current = brute.objective(data, placement)
    texts = explanations(allocation=allocation)
    checked = 0
    for fact, person, text in zip(facts_of(allocation=allocation), applicants, texts, strict=True):
        place = placement[fact.applicant]
        assert fact.studio == place
        listed = None if place is None else brute.rank_in(person, studios[place])
        assert fact.rank == listed
        if "locked" in person:
            assert fact.reasons == () and "已锁定" in text
            continue
        above = [r for r in range(1, len(person["choices"]) + 1) if listed is None or r < listed]
        assert [reason.choice.rank for reason in fact.reasons] == above
        for reason in fact.reasons:
            checked += 1
            ref = person["choices"][reason.choice.rank - 1]
            earlier = person["choices"][: reason.choice.rank - 1]
            known = [i for i, studio in enumerate(studios) if brute.same_id(studio["id"], ref)]
            assert f"{ordinal(reason.choice.rank)}志愿" in text
            if reason.kind is Kind.REPEATED:
                assert any(brute.same_id(ref, other) for other in earlier)
                continue
            assert not any(brute.same_id(ref, other) for other in earlier)
            if reason.kind is Kind.UNKNOWN:
                assert known == []
                continue
            (target,) = known
            if reason.kind is Kind.INCOMPATIBLE:
                assert not set(person["stages"]) & set(studios[target]["stages"])
            elif reason.kind is Kind.FULL:
                assert sizes[target] == studios[target]["max"]
                assert f"已满{sizes[target]}人（" in text
                check_full_summary(data, placement, target, reason.choice.rank, text)
            else:
                assert reason.kind is Kind.COSTLIER and sizes[target] < studios[target]["max"]
                moved = placement.copy()
                moved[fact.applicant] = target
                assert reason.delta == brute.objective(data, moved) - current >= 0
                assert (f"增加{reason.delta}" if reason.delta else "目标值不变") in text
        if place is None:
            compatible = [
                i for i, s in enumerate(studios) if set(s["stages"]) & set(person["stages"])
            ]
            with_room = [i for i in compatible if sizes[i] < studios[i]["max"]]
            assert (fact.compatible, fact.with_room) == (len(compatible), len(with_room))
            for target in with_room:
                moved = placement.copy()
                moved[fact.applicant] = target
                assert brute.objective(data, moved) >= current
            assert "未分配" in text
    return checked


DISTANCE_LABELS = {
    "same_county": "同县",
    "same_city": "同市",
    "same_province": "同省",
    "elsewhere": "外省",
}


def order_label(other: int | None, rank: int) -> str:
    if other is None:
        return "未填报该工作室"
    return "志愿排位" + ("更前" if other < rank else "相同" if other == rank else "更后")


def counted(text: str) -> Counter:
    return Counter(
        {name: int(count) for name, count in re.findall(r"(\D+?)(\d+)人", text.replace("、", ""))}
    )


def check_full_summary(data: dict, placement: list, target: int, rank: int, text: str) -> None:
    """The parenthesis after "已满N人" counts the studio's members truthfully."""
    start = text.index(f"{ordinal(rank)}志愿工作室")
    inner = text[text.index("（", start) + 1 : text.index("）", start)]
    studio = data["studios"][target]
    members = [p for p, place in zip(data["applicants"], placement, strict=True) if place == target]
    free = [p for p in members if "locked" not in p]
    locked = len(members) - len(free)
    orders = Counter(order_label(brute.rank_in(p, studio), rank) for p in free)
    distances = Counter(
        DISTANCE_LABELS[brute.distance_class(p["region"], studio["region"])] for p in free
    )
    if not free:
        assert inner == ("均为锁定成员" if locked else "该工作室最多0人")
        return
    if locked:
        assert inner.startswith(f"锁定{locked}人；其余"), inner
    if len(orders) == 1 and len(distances) == 1:
        assert inner.endswith(f"均为{next(iter(distances))}且{next(iter(orders))}的申请人"), inner
    else:
        by_order, by_distance = inner.split("其余", 1)[-1].split("；")
        assert (counted(by_order), counted(by_distance)) == (orders, distances), inner


def test_explanations_are_true_on_random_instances():
    checked = 0
    for seed in range(300):
        checked += check_instance(random_instance(random.Random(seed)))
    for seed in range(100):
        checked += check_instance(medium_instance(random.Random(50_000 + seed)))
    assert checked > 1000  # the loops really looked at reasons of every kind


def hainan(**weights) -> dict:
    return {
        "studios": [
            {"id": "X", "stages": ["junior"], "region": "460105", "min": 0, "max": 2},
            {"id": "Y", "stages": ["junior"], "region": "469001", "min": 0, "max": 3},
        ],
        "applicants": [
            {"id": "near1", "stages": ["junior"], "region": "460105", "choices": ["X"]},
            {"id": "near2", "stages": ["junior"], "region": "460105", "choices": ["X", "Y"]},
            {"id": "far", "stages": ["junior"], "region": "469001", "choices": ["X", "Y"]},
        ],
        **({"weights": weights} if weights else {}),
    }


def texts_of(data: dict) -> dict:
    allocation = solve(problem=problem_from_data(data=data))
    return dict(
        zip((a["id"] for a in data["applicants"]), explanations(allocation=allocation), strict=True)
    )


def test_a_full_first_choice_is_explained_by_who_holds_its_seats():
    texts = texts_of(hainan())
    assert texts["near1"] == "已按第一志愿分配到工作室“X”（同县）"
    assert texts["far"] == (
        "第一志愿工作室“X”已满2人（均为同县且志愿排位相同的申请人）；已按第二志愿分配到工作室“Y”（同县）"
    )


def test_a_higher_choice_with_room_is_explained_by_the_exact_change_of_the_objective():
    data = hainan(elsewhere=500)
    data["studios"][0].update(region="330106", max=3)  # X now in 杭州: far for everyone
    data["applicants"][2]["choices"] = ["X", "Y"]
    texts = texts_of(data)
    # far: X at rank 1 costs 0 + 500, Y at rank 2 costs 100 + 0 → staying in Y saves 400
    # (near2 went to Y too: 100 + 50 beats 500; only near1 sits in X)
    assert texts["far"] == (
        "第一志愿工作室“X”尚有空位（1/3人），但改派到该处会使目标值增加400"
        "（该处志愿与距离成本500，现为100）；已按第二志愿分配到工作室“Y”（同县）"
    )


def test_unmatchable_entries_are_named():
    data = hainan()
    data["studios"].append({"id": 3, "stages": ["senior"], "region": "460105", "min": 0, "max": 1})
    data["applicants"] = [
        {
            "id": "z",
            "stages": ["junior"],
            "region": "460105",
            "choices": ["nope", 3, "X", "X", "3"],
        },
    ]
    assert (
        texts_of(data)["z"]
        == "第一志愿“nope”：未知工作室；第二志愿工作室3学段不匹配（工作室：高中；本人：初中）；已按第三志愿分配到工作室“X”（同县）"
    )
    data["applicants"][0]["choices"] = ["3", "X", "X"]
    data["studios"][0]["max"] = 0
    data["studios"][1]["max"] = 0
    assert texts_of(data)["z"] == (
        "第一志愿“3”：未知工作室；第二志愿工作室“X”已满0人（该工作室最多0人）；"
        "第三志愿“X”重复填报（同第二志愿）；未分配：与本人学段匹配的2个工作室均已满员"
    )


def test_an_applicant_without_any_compatible_studio_is_told_so():
    data = hainan()
    data["applicants"] = [{"id": "p", "stages": ["primary"], "region": "460105", "choices": []}]
    assert texts_of(data)["p"] == "未填报志愿；未分配：没有与本人学段匹配的工作室"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "第一"),
        (2, "第二"),
        (10, "第十"),
        (11, "第十一"),
        (20, "第二十"),
        (99, "第九十九"),
        (100, "第100"),
    ],
)
def test_ordinals_are_written_in_chinese(number, text):
    assert ordinal(number) == text
