"""学段 as sheets write it: lists of stages with any separator, short forms, or one kind."""

import pytest

from tests.sheets import workbook_bytes
from touyan.accounts.scopes import UNLIMITED
from touyan.people.enums import SchoolKind
from touyan.people.roster.importer import plan_import
from touyan.people.school_kinds import UnknownSchoolKind, parse_school_kind

from .test_roster_import import good_rows

K = SchoolKind


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("小学", K.PRIMARY),
        ("小学部", K.PRIMARY),
        ("初级中学", K.JUNIOR),
        ("高中", K.SENIOR),
        ("小学、初中", K.NINE_YEAR),
        ("小学/初中", K.NINE_YEAR),
        ("小学,初中", K.NINE_YEAR),
        ("小学，初中", K.NINE_YEAR),
        ("小学；初中", K.NINE_YEAR),
        ("小学 初中", K.NINE_YEAR),
        ("小学　初中", K.NINE_YEAR),
        ("小学部／初中部", K.NINE_YEAR),
        ("小学和初中", K.NINE_YEAR),
        ("小初", K.NINE_YEAR),
        ("九年一贯制", K.NINE_YEAR),
        ("九年一贯制学校", K.NINE_YEAR),
        ("初中、高中", K.COMPLETE),
        ("初高中", K.COMPLETE),
        ("完中", K.COMPLETE),
        ("完全中学", K.COMPLETE),
        ("十二年一贯制", K.TWELVE_YEAR),
        ("小学、初中、高中", K.TWELVE_YEAR),
        ("小初高", K.TWELVE_YEAR),
        ("幼儿园", K.KINDERGARTEN),
        ("学前", K.KINDERGARTEN),
        (" 高中 ", K.SENIOR),
    ],
)
def test_the_ways_sheets_write_it_are_understood(cell, kind):
    assert parse_school_kind(cell) == kind


@pytest.mark.parametrize("cell", ["", "中学", "大学", "小学、高中", "幼儿园、小学", "职高"])
def test_what_cannot_be_understood_is_refused_with_the_accepted_spellings(cell):
    with pytest.raises(UnknownSchoolKind) as refused:
        parse_school_kind(cell)
    message = str(refused.value)
    assert f"“{cell.strip()}”无法识别" in message
    for spelling in (
        "小学",
        "初中",
        "高中",
        "完中",
        "九年一贯制",
        "十二年一贯制",
        "幼儿园",
        "小学、初中",
    ):
        assert spelling in message


@pytest.mark.django_db
def test_the_roster_import_reads_lists_and_refuses_with_the_spellings():
    rows = good_rows()
    rows[0][5] = "初中，高中"
    rows[1][5] = "小学部"
    rows[2][5] = "小学、大学"
    plan = plan_import(workbook_bytes(rows), scope=UNLIMITED)
    assert plan.counts["create"] == 2
    (refused,) = plan.rejected
    assert "学段“小学、大学”无法识别" in " ".join(refused.messages)
    assert "九年一贯制" in " ".join(refused.messages)
