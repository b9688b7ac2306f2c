"""What people type into the cells of a record workbook, and what the import makes of it."""

import datetime as dt
from decimal import Decimal

import pytest

from touyan.records.importing.cells import (
    CellError,
    parse_char_count,
    parse_day,
    parse_hours,
    parse_level,
    parse_status,
    parse_time,
    split_names,
    split_organisers,
)

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05",
        "2026/3/5",
        "2026年3月5日",
        "2026.3.5",
        "20260305",
        "２０２６-０３-０５",
        46086,
        20260305,
        dt.datetime(2026, 3, 5, 0, 0),
        dt.date(2026, 3, 5),
    ],
)
def test_a_day_in_its_usual_spellings(value):
    assert parse_day(value, today=TODAY) == dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026年3月", "没有写到哪一天"),
        ("2026.03", "没有写到哪一天"),
        (2026.03, "没有写到哪一天"),
        (202603, "没有写到哪一天"),
        ("2026-02-30", "不存在"),
        ("2026-12-01", "晚于今天"),
        ("三月五日", "无法识别日期"),
    ],
)
def test_a_day_that_cannot_be_taken(value, reason):
    with pytest.raises(CellError, match=reason):
        parse_day(value, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9:00", dt.time(9)),
        ("09:30:00", dt.time(9, 30)),
        ("9：30", dt.time(9, 30)),
        ("9点", dt.time(9)),
        ("9点30分", dt.time(9, 30)),
        ("14时05分", dt.time(14, 5)),
        ("下午2:30", dt.time(14, 30)),
        ("上午10:00", dt.time(10)),
        (0.375, dt.time(9)),
        (dt.time(8, 15), dt.time(8, 15)),
        ("", None),
        (None, None),
    ],
)
def test_a_time_of_day(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "9:75", "上午", "九点"])
def test_a_time_that_cannot_be_taken(value):
    with pytest.raises(CellError, match="无法识别时间"):
        parse_time(value)


def test_an_activity_may_be_dated_ahead_but_not_beyond_five_years():
    assert parse_day("2027-03-05", today=TODAY, future=True) == dt.date(2027, 3, 5)
    assert parse_day(dt.date(2031, 11, 21), today=TODAY, future=True) == dt.date(2031, 11, 21)
    with pytest.raises(CellError, match="在 5 年以后"):
        parse_day("2031-11-22", today=TODAY, future=True)
    with pytest.raises(CellError, match="晚于今天"):
        parse_day("2027-03-05", today=TODAY)
    with pytest.raises(CellError, match="没有写到哪一天"):
        parse_day("2027年3月", today=TODAY, future=True)


def test_a_declared_length_is_bounded():
    assert parse_char_count("1000万") == 10_000_000
    for value in ("99999999999999999999999", "1001万", 1e22, 10_000_001):
        with pytest.raises(CellError, match="字数过大，不能超过 10,000,000"):
            parse_char_count(value)


def test_hours_and_lengths():
    assert parse_hours("4学时") == Decimal("4.0")
    assert parse_hours(2.5) == Decimal("2.5")
    assert parse_hours("") is None
    for bad, reason in (("0", "须大于零"), ("1.25", "最多保留一位小数"), ("四", "不是学时数")):
        with pytest.raises(CellError, match=reason):
            parse_hours(bad)
    assert [parse_char_count(v) for v in ("12000", "12,000", "1.2万", "12000字", 3000, "")] == [
        12000,
        12000,
        12000,
        12000,
        3000,
        None,
    ]
    with pytest.raises(CellError, match="无法识别字数"):
        parse_char_count("很多")


def test_marks_levels_and_lists():
    assert [parse_status(v) for v in ("出勤", "√", "到", "请假", "假", "缺勤", "×", "缺")] == [
        "present"
    ] * 3 + ["leave"] * 2 + ["absent"] * 3
    with pytest.raises(CellError, match="请填写出勤、请假或缺勤"):
        parse_status("迟到")
    assert [
        parse_level(v) for v in ("校级", "区级", "县级", "市级", "省级", "国家级", "city", "")
    ] == ["school", "district", "district", "city", "province", "national", "city", ""]
    assert split_organisers("甲工作室、乙工作室；丙工作室\n丁工作室") == [
        "甲工作室",
        "乙工作室",
        "丙工作室",
        "丁工作室",
    ]
    assert split_names("张 三、李四（海南中学），王五") == [
        ("张三", ""),
        ("李四", "海南中学"),
        ("王五", ""),
    ]
