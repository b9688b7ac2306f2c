"""Building .xlsx files in tests, the way a bureau's clerk would fill them."""

import io

from openpyxl import Workbook

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "手机",
    "学校名称",
    "学段",
    "职务",
    "职称",
    "任现职时间",
    "所在区县",
]


def workbook_bytes(
    rows, *, headers=HEADERS, title: str | None = "西湖区中小学校长花名册"
) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    if title:
        sheet.append([title])
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    stream.name = "roster.xlsx"
    return stream
