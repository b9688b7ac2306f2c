"""Amounts as people type them, read exactly into fen; fen written back as yuan."""

import pytest
from django.core.exceptions import ValidationError

from touyan.funding.money import MAX_FEN, parse_yuan, yuan


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234.5", 123450),
        ("1,234.56", 123456),
        ("１２３４", 123400),
        ("１２３４．５６", 123456),
        ("¥1234", 123400),
        ("￥1,234.00", 123400),
        ("1234元", 123400),
        ("1234元整", 123400),
        ("人民币 2,000", 200000),
        ("RMB 99.9", 9990),
        ("  0.01 ", 1),
        (".5", 50),
        ("12.", 1200),
        ("1 234.5", 123450),
        ("1，234.56", 123456),
        ("0.1", 10),
        ("100000000000", 100_000_000_000 * 100),
        (" +15 ", 1500),
    ],
)
def test_real_world_amounts_are_read_exactly(text, fen):
    assert parse_yuan(text) == fen


def test_no_float_rounding_creeps_in():
    assert parse_yuan("0.29") == 29 and parse_yuan("1.15") == 115 and parse_yuan("4.35") == 435


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "请填写金额"),
        ("   ", "请填写金额"),
        ("元", "请填写金额"),
        ("12.345", "最多保留两位小数"),
        ("1,23.4", "无法识别"),
        ("abc", "无法识别"),
        ("12.3.4", "无法识别"),
        ("1e5", "无法识别"),
        ("-5", "不能为负数"),
        ("0", "应大于零"),
        ("0.00", "应大于零"),
        ("100000000000.01", "过大"),
        ("9" * 40, "过大"),
    ],
)
def test_refusals_say_why_in_chinese(text, words):
    with pytest.raises(ValidationError) as refused:
        parse_yuan(text)
    assert words in refused.value.messages[0]


def test_negatives_and_zero_only_where_allowed():
    assert parse_yuan("-12.5", allow_negative=True) == -1250
    assert parse_yuan("0", allow_zero=True) == 0
    with pytest.raises(ValidationError):
        parse_yuan(None)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (1, "0.01"),
        (123456, "1,234.56"),
        (-200000, "-2,000.00"),
        (MAX_FEN, "100,000,000,000.00"),
    ],
)
def test_fen_are_written_as_yuan(fen, text):
    assert yuan(fen) == text


def test_what_is_written_reads_back():
    for fen in (1, 99, 100, 123456789, 10**12):
        assert parse_yuan(yuan(fen)) == fen
