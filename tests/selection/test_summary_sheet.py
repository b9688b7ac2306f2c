"""The district's summary sheet (汇总表) read back with openpyxl."""

import datetime as dt
import io
import tempfile

import pytest
from openpyxl import load_workbook

from touyan.selection.documents.summary_sheet import SummaryRow, write_summary_sheet

pytestmark = pytest.mark.clause("HZ-4.1.2")

TITLE = "2026年杭州市中小学名校长培养工程推荐人选汇总表"
HEADER = (
    "序号", "推荐排序", "姓名", "性别", "出生年月", "学校（单位）", "职务", "职称", "任现职时间",
    "任现职年限", "学段", "联系电话", "推荐方式", "资格审核", "区县审核意见", "备注",
)  # fmt: skip


def candidate(rank, name, **fields) -> SummaryRow:
    values = {
        "gender": "男",
        "birth": dt.date(1975, 3, 14),
        "school": "杭州市西湖区文三街小学",
        "position": "校长",
        "title": "高级教师",
        "appointed_on": dt.date(2019, 9, 1),
        "years_in_post": "6年6个月",
        "stage": "小学",
        "mobile": "139****5678",
        "route": "单位推荐",
        "eligibility": "符合",
        "opinion": "同意推荐",
    } | fields
    return SummaryRow(rank=rank, name=name, **values)


def write(rows, out=None, **fields) -> tuple[int, io.BytesIO]:
    out = out or io.BytesIO()
    values = {
        "title": TITLE,
        "district": "西湖区",
        "office": "杭州市西湖区教育局",
        "stamped_by": "王立新",
        "stamped_at": "2026-03-20 15:04",
        "places_hint": "本区推荐名额 4 名",
    } | fields
    return write_summary_sheet(out, rows=rows, **values), out


THREE = [
    candidate(1, "张建国"),
    candidate(
        2,
        "李秀英",
        gender="女",
        birth=dt.date(1980, 12, 31),
        school="杭州市西湖区求是教育集团",
        position="党组织书记",
        title="正高级教师",
        appointed_on=dt.date(2021, 2, 15),
        years_in_post="5年1个月",
        route="个人自荐",
        eligibility="待专家评议：在学校管理方面有突出贡献",
        note="曾获市级优秀校长称号",
    ),
    candidate(None, "陈立新", appointed_on=None, years_in_post="", stage="初级中学"),
]


def test_three_rows_read_back_with_title_header_values_and_footer():
    count, out = write(THREE)
    assert count == 3
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][0] == TITLE
    assert rows[1][0] == (
        "推荐单位（盖章）：杭州市西湖区教育局　　填表日期：2026-03-20 15:04　　本区推荐名额 4 名"
    )
    assert rows[2] == HEADER
    assert rows[3] == (
        1, 1, "张建国", "男", dt.datetime(1975, 3, 1), "杭州市西湖区文三街小学", "校长",
        "高级教师", dt.datetime(2019, 9, 1), "6年6个月", "小学", "139****5678", "单位推荐",
        "符合", "同意推荐", None,
    )  # fmt: skip
    assert rows[4][:5] == (2, 2, "李秀英", "女", dt.datetime(1980, 12, 1))
    assert rows[4][8] == dt.datetime(2021, 2, 15)
    assert rows[4][13:] == (
        "待专家评议：在学校管理方面有突出贡献",
        "同意推荐",
        "曾获市级优秀校长称号",
    )
    assert rows[5][:3] == (3, None, "陈立新")
    assert rows[5][8] is None
    assert rows[6][0] == "电子审核：杭州市西湖区教育局 王立新 2026-03-20 15:04　共 3 人"
    assert len(rows) == 7


def test_dates_show_year_and_month_and_birth_keeps_no_day():
    _, out = write(THREE)
    sheet = load_workbook(out).active
    assert sheet["E4"].number_format == sheet["I4"].number_format == "yyyy.mm"
    assert sheet["E5"].value == dt.datetime(1980, 12, 1)


def test_layout_for_printing_and_reading():
    _, out = write(THREE)
    workbook = load_workbook(out)
    sheet = workbook.active
    assert sheet.title == "西湖区汇总表"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:P1", "A2:P2", "A7:P7"}
    assert sheet.freeze_panes == "D4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width
    header, body = sheet["C3"], sheet["N5"]
    assert header.font.bold and header.border.left.style == "thin"
    assert body.alignment.wrap_text and body.border.bottom.style == "thin"
    assert sheet["B6"].border.top.style == "thin"  # the unranked cell is boxed too


def test_a_generator_of_2500_rows_is_written_to_a_path(tmp_path):
    def rows():
        for number in range(2500):
            yield candidate(number + 1, f"校长{number}")

    path = tmp_path / "汇总表.xlsx"
    count, _ = write(rows(), out=path)
    assert count == 2500
    sheet = load_workbook(path).active
    assert sheet.max_row == 3 + 2500 + 1
    names = [
        row[0] for row in sheet.iter_rows(min_row=4, max_row=2503, min_col=3, values_only=True)
    ]
    assert names == [f"校长{number}" for number in range(2500)]
    assert (
        sheet["A2504"].value == "电子审核：杭州市西湖区教育局 王立新 2026-03-20 15:04　共 2500 人"
    )
    assert sheet.merged_cells.ranges and "A2504:P2504" in sheet.merged_cells


def test_no_rows_still_gives_the_form_with_a_zero_count():
    count, out = write(iter(()), places_hint="")
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert count == 0
    assert rows[1][0] == "推荐单位（盖章）：杭州市西湖区教育局　　填表日期：2026-03-20 15:04"
    assert rows[2] == HEADER
    assert rows[3][0].endswith("共 0 人")


def test_text_stays_text():
    row = candidate(1, '=HYPERLINK("http://x")', note="备注\x0b第二行")
    _, out = write([row], district="西湖区[测试]")
    sheet = load_workbook(out).active
    assert sheet["C4"].value == '=HYPERLINK("http://x")'
    assert sheet["C4"].data_type == "s"
    assert sheet["P4"].value == "备注第二行"
    assert sheet.title == "西湖区测试汇总表"


def test_a_failing_source_leaves_no_rows_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows():
        yield candidate(1, "张建国")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write(rows())
    assert list(tmp_path.iterdir()) == []
