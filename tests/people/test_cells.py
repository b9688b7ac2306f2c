import datetime as dt

import pytest

from touyan.people.roster.cells import (
    CellError,
    clean_identifier,
    clean_text,
    parse_bool,
    parse_month_or_date,
)

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019年9月", dt.date(2019, 9, 1)),
        ("2019年09月", dt.date(2019, 9, 1)),
        ("2019.09", dt.date(2019, 9, 1)),
        ("2019.9", dt.date(2019, 9, 1)),
        ("2019-09-15", dt.date(2019, 9, 15)),
        ("2019/9/1", dt.date(2019, 9, 1)),
        ("2019年9月1日", dt.date(2019, 9, 1)),
        ("201909", dt.date(2019, 9, 1)),
        ("20190915", dt.date(2019, 9, 15)),
        ("２０１９年９月", dt.date(2019, 9, 1)),  # full-width digits
        (" 2019 年 9 月 ", dt.date(2019, 9, 1)),
        (dt.datetime(2019, 9, 1, 0, 0), dt.date(2019, 9, 1)),
        (dt.date(2019, 9, 1), dt.date(2019, 9, 1)),
        (2019.09, dt.date(2019, 9, 1)),
        (2019.12, dt.date(2019, 12, 1)),
        (201909, dt.date(2019, 9, 1)),
        (43709, dt.date(2019, 9, 1)),  # an Excel serial day number
        ("", None),
        (None, None),
    ],
)
def test_dates_as_sheets_write_them(raw, expected):
    assert parse_month_or_date(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2019.13", "月份 13 无效"),
        ("2019年2月30日", "不存在"),
        ("2030年9月", "晚于今天"),
        ("1949年9月", "早于1950年"),
        ("去年九月", "无法识别日期"),
        (2019.1, "无法确定是1月还是10月"),
    ],
)
def test_bad_dates_are_refused_clearly(raw, message):
    with pytest.raises(CellError, match=message):
        parse_month_or_date(raw, today=TODAY)


def test_text_is_normalised():
    assert clean_text("　杭州市　学军中学 ") == "杭州市学军中学"
    assert clean_text("ＡＢＣ１２３") == "ABC123"
    assert clean_text("张 三") == "张三"
    assert clean_text("买买提·艾力") == "买买提·艾力"
    assert clean_text(None) == ""
    assert clean_text(12.0) == "12"


def test_numbers_that_excel_has_rounded_are_refused():
    with pytest.raises(CellError, match="文本"):
        clean_identifier(3.30106197801011e17)
    assert clean_identifier("３３０１０６１９７８０１０１１２３４") == "330106197801011234"


@pytest.mark.parametrize(
    ("raw", "expected"), [("是", True), ("否", False), ("√", True), ("", None), (None, None)]
)
def test_yes_no_cells(raw, expected):
    assert parse_bool(raw) is expected


def test_a_yes_no_cell_with_something_else_is_refused():
    with pytest.raises(CellError, match="是”或“否"):
        parse_bool("也许")
