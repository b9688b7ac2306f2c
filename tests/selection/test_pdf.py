"""The recommendation form (推荐表) as PDF: Chinese that pdftotext reads back exactly, statements
never cut, one numbering per form, and glyphs that render on a machine without fonts."""

import logging
import re
import shutil
import subprocess

import pytest

from touyan.core.documents import fonts
from touyan.core.documents.wrapping import NO_LINE_START, wrap
from touyan.selection.documents.pdf import RecommendationForm, Stamp, render_forms

LAST_SENTENCE = "以上内容真实准确，本人愿承担相应责任。"
SENTENCE = "本人扎根基础教育一线二十余年，坚持立德树人，推进课程改革与教师专业发展（见附件2）。"


def statement(length: int) -> str:
    body = SENTENCE * (length // len(SENTENCE) + 1)
    return body[: length - len(LAST_SENTENCE)] + LAST_SENTENCE


def recommendation(number=1, *, name="王堃", statement_length=3000, stamp=True):
    return RecommendationForm(
        title="杭州市中小学名校长培养工程推荐表",
        call_title="2026年杭州市中小学名校长培养工程遴选",
        serial=f"HZ2026-{number:06d}",
        fields=[
            ("姓名", name),
            ("性别", "女"),
            ("出生年月", "1978年5月"),
            ("学校", "杭州市西湖区学军小学"),
            ("职务", "校长"),
            ("职称", "正高级教师"),
            ("任现职时间", "2016年9月"),
            ("学段", "小学"),
            ("所在区县", "西湖区"),
            ("联系电话", "13905710001"),
        ],
        statements=[
            ("任校长满5年且现任满3年", statement(statement_length)),
            ("近五年主持市级以上课题", "主持浙江省教育科学规划课题一项，已结题。"),
        ],
        eligibility=[
            ("年龄不超过50周岁", "符合", "1978年5月出生"),
            ("近五年年度考核均为合格以上", "待专家评议", "2023年度考核表缺页"),
        ],
        attachments=["任职文件.pdf", "课题结题证书.jpg"],
        stamp=Stamp(
            office="杭州市西湖区教育局",
            by="李明",
            at="2026-05-12 14:03",
            rank=3,
            opinion="同意推荐",
        )
        if stamp
        else None,
        generated_at="2026-05-20 09:30",
    )


@pytest.fixture(params=["embedded", "standard"])
def font_mode(request, settings):
    """Both ways of writing the text: with the machine's Chinese font embedded, and with none."""
    if request.param == "embedded":
        found = fonts.resolve(None)
        if found is None:
            pytest.skip("no Chinese font on this machine to embed")
        settings.TOUYAN_PDF_FONT = f"{found.path}#{found.index}"
    else:
        settings.TOUYAN_PDF_FONT = ""
    return request.param


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian package poppler-utils)")
    return path


def pdf_text(data: bytes, tmp_path, *options: str) -> str:
    source = tmp_path / "form.pdf"
    source.write_bytes(data)
    return subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", *options, str(source), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_count(data: bytes, tmp_path) -> int:
    source = tmp_path / "count.pdf"
    source.write_bytes(data)
    info = subprocess.run(
        [poppler("pdfinfo"), str(source)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def squeezed(text: str) -> str:
    """The text without white space: pdftotext guesses the spaces between words from the gaps."""
    return re.sub(r"\s+", "", text)


def numbering(page: int, pages: int) -> str:
    return squeezed(f"第 {page} 页 / 共 {pages} 页")


@pytest.mark.clause("HZ-4.1.2")
def test_one_form_reads_back_in_chinese(font_mode, tmp_path):
    data = render_forms([recommendation()])

    text = pdf_text(data, tmp_path)
    for label in ("姓名", "性别", "出生年月", "学校", "职务", "职称", "任现职时间", "学段"):
        assert label in text
    for value in ("王堃", "杭州市西湖区学军小学", "正高级教师", "13905710001", "HZ2026-000001"):
        assert value in text
    for heading in ("杭州市中小学名校长培养工程推荐表", "一、基本情况", "二、申报条件陈述"):
        assert heading in text
    assert "待专家评议" in text and "2023年度考核表缺页" in text
    assert "任职文件.pdf" in text and "课题结题证书.jpg" in text
    assert LAST_SENTENCE in squeezed(text)
    pages = text.count("\f")
    assert pages == page_count(data, tmp_path) >= 2
    for number in range(1, pages + 1):
        assert numbering(number, pages) in squeezed(text)


@pytest.mark.clause("HZ-4.1.2")
def test_stamp_box_gives_opinion_office_officer_time_and_rank(font_mode, tmp_path):
    text = pdf_text(render_forms([recommendation()]), tmp_path)

    box = squeezed(text[text.index("区县教育局审核意见") :])
    for part in ("同意推荐", "杭州市西湖区教育局", "李明", "2026-05-1214:03", "第3名", "电子审核"):
        assert part in box
    assert "（尚未审核）" not in text


@pytest.mark.clause("HZ-4.1.2")
def test_form_not_yet_approved_says_so(font_mode, tmp_path):
    text = pdf_text(render_forms([recommendation(stamp=False)]), tmp_path)

    assert "区县教育局审核意见" in text
    assert "（尚未审核）" in text
    assert "审核单位" not in text


@pytest.mark.clause("HZ-4.1.2")
def test_long_statement_continues_on_the_next_page_uncut(font_mode, tmp_path):
    form = recommendation()
    text = pdf_text(render_forms([form]), tmp_path)

    first, second = text.split("\f")[:2]
    assert "任校长满5年且现任满3年（续）" in second
    heading, body = form.statements[0]
    flowing = squeezed(text)
    for furniture in (
        r"生成时间：2026-05-2009:30",
        r"第\d+页/共\d+页",
        "HZ2026-000001",
        heading + "（续）",
    ):
        flowing = re.sub(furniture, "", flowing)
    assert body in flowing


@pytest.mark.clause("HZ-4.1.2")
def test_two_short_pairs_share_a_row(font_mode, tmp_path):
    text = pdf_text(render_forms([recommendation()]), tmp_path, "-layout")

    row = next(line for line in text.splitlines() if "王堃" in line)
    assert "性别" in row
    assert "女" in row


@pytest.mark.clause("HZ-4.1.2")
def test_three_forms_each_start_on_a_new_page_with_their_own_numbering(font_mode, tmp_path):
    forms = [
        recommendation(1, name="张三", statement_length=200),
        recommendation(2, name="李四", statement_length=3000),
        recommendation(3, name="欧阳晓燕", statement_length=6000, stamp=False),
    ]
    data = render_forms(forms)

    pages = pdf_text(data, tmp_path).split("\f")[:-1]
    assert len(pages) == page_count(data, tmp_path)
    starts = [
        index for index, page in enumerate(pages) if "杭州市中小学名校长培养工程推荐表" in page
    ]
    assert len(starts) == 3
    ends = [*starts[1:], len(pages)]
    for form, start, end in zip(forms, starts, ends, strict=True):
        own = pages[start:end]
        assert form.fields[0][1] in own[0]
        assert all(form.serial in page for page in own)
        for number, page in enumerate(own, start=1):
            assert numbering(number, len(own)) in squeezed(page)
    assert [end - start for start, end in zip(starts, ends, strict=True)] == sorted(
        end - start for start, end in zip(starts, ends, strict=True)
    )
    assert "（尚未审核）" in "".join(pages[starts[2] :])


@pytest.mark.clause("HZ-4.1.2")
def test_embedded_text_renders_on_a_machine_without_fonts(settings, tmp_path):
    found = fonts.resolve(None)
    if found is None:
        pytest.skip("no Chinese font on this machine to embed")
    settings.TOUYAN_PDF_FONT = str(found.path) + f"#{found.index}"
    data = render_forms([recommendation()])
    assert b"/FontFile3" in data or b"/FontFile2" in data

    assert dark_pixels_of_title(data, tmp_path) > 200


@pytest.mark.clause("HZ-4.1.2")
def test_without_a_font_file_the_text_names_the_standard_song_typeface(settings, tmp_path):
    settings.TOUYAN_PDF_FONT = ""
    data = render_forms([recommendation()])

    assert b"/BaseFont /STSong-Light" in data
    assert b"/FontFile" not in data
    assert "杭州市中小学名校长培养工程推荐表" in pdf_text(data, tmp_path)


def dark_pixels_of_title(data: bytes, tmp_path) -> int:
    """Dark pixels where the title is drawn, rendered by pdftoppm with no font available."""
    source = tmp_path / "render.pdf"
    source.write_bytes(data)
    config = tmp_path / "fonts.conf"
    (tmp_path / "no-fonts").mkdir()
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>"
    )
    # The title lies between 18 and 27 mm from the top, well inside the margins: at 72 dpi,
    # points 150-450 across and 50-78 down.
    crop = ["-x", "150", "-y", "50", "-W", "300", "-H", "28"]
    image = subprocess.run(
        [poppler("pdftoppm"), "-gray", "-r", "72", "-f", "1", "-l", "1", *crop, str(source)],
        capture_output=True,
        check=True,
        env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
    ).stdout
    header_end = image.index(b"255\n") + 4
    return sum(1 for value in image[header_end:] if value < 128)


@pytest.mark.clause("HZ-4.1.2")
def test_a_character_the_font_lacks_is_marked_and_the_rest_kept(settings, tmp_path):
    found = fonts.resolve(None)
    if found is None or found.covers("𠀀"):
        pytest.skip("needs an embedded font without CJK Extension B")
    settings.TOUYAN_PDF_FONT = f"{found.path}#{found.index}"

    text = pdf_text(render_forms([recommendation(name="王𠀀明")]), tmp_path)

    assert "王〓明" in text


def test_a_font_setting_that_is_no_font_falls_back_and_says_so(settings, tmp_path, caplog):
    settings.TOUYAN_PDF_FONT = str(tmp_path / "missing.ttf")

    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        found = fonts.cjk_font()

    assert found == fonts.resolve(None)
    assert "missing.ttf" in caplog.text


def test_no_forms_is_refused():
    with pytest.raises(ValueError):
        render_forms([])


class EvenWidths:
    def em(self, char):
        return 0.5 if char.isascii() else 1.0

    def covers(self, char):
        return True


def test_closing_punctuation_never_starts_a_line():
    em = 10 * 25.4 / 72  # one em of 10-point text in millimetres
    lines = wrap("一二三四五，六七八九十。" * 4, 5 * em, 10, EvenWidths())

    assert all(text[0] not in NO_LINE_START for _indent, text in lines)
    assert "".join(text for _indent, text in lines) == "一二三四五，六七八九十。" * 4


def test_latin_runs_stay_whole():
    em = 10 * 25.4 / 72
    lines = wrap("申报编号HZ2026-000123已受理", 7 * em, 10, EvenWidths())

    assert [text for _indent, text in lines] == ["申报编号", "HZ2026-000123", "已受理"]
