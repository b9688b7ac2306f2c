import datetime as dt

import pytest

from touyan.core import identity
from touyan.core.logging import mask_personal_numbers

VALID = "11010519491231002X"  # the example of GB 11643


def test_valid_number_with_trailing_x_in_either_case():
    assert identity.normalize_id_number(VALID) == VALID
    assert identity.normalize_id_number(VALID.lower()) == VALID
    assert identity.normalize_id_number(f" {VALID} ") == VALID


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("11010519491231002", "应为18位"),
        ("1101051949123100ZX", "只能由17位数字"),
        ("110105194902300021", "出生日期不存在"),
        ("110105194912310021", "校验位错误"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(raw, message):
    with pytest.raises(identity.InvalidIdNumber, match=message):
        identity.normalize_id_number(raw)


def test_birth_date_and_gender_come_from_the_number():
    assert identity.birth_date_from_id(VALID) == dt.date(1949, 12, 31)
    assert identity.gender_from_id(VALID) == "F"
    made = identity.make_id_number("460105", dt.date(1980, 2, 29), 13)
    assert identity.normalize_id_number(made) == made
    assert identity.gender_from_id(made) == "M"


def test_masks_show_only_the_ends():
    assert identity.mask_id_number(VALID) == "1101**********002X"
    assert identity.mask_mobile("13912345678") == "139****5678"
    assert identity.mask_id_number("") == ""


@pytest.mark.parametrize("raw", ["13912345678", "139 1234 5678", "+8613912345678", "139-1234-5678"])
def test_mobile_numbers_are_normalised(raw):
    assert identity.normalize_mobile(raw) == "13912345678"


@pytest.mark.parametrize("raw", ["12912345678", "1391234567", "0571-88888888"])
def test_bad_mobile_numbers_are_refused(raw):
    with pytest.raises(ValueError, match="11位"):
        identity.normalize_mobile(raw)


def test_log_lines_never_carry_id_or_mobile_numbers():
    line = f"imported {VALID} with phone 13912345678 at row 12"
    assert (
        mask_personal_numbers(line)
        == "imported 1101**********002X with phone 139****5678 at row 12"
    )
