import datetime

import pytest
from django.core.exceptions import ValidationError

from staff.idnumbers import birth_date, mask_id_number, mask_phone, validate_id_number


def test_a_valid_number_passes():
    validate_id_number("11010519491231002X")


def test_lowercase_x_is_accepted():
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize("number, code", [
    ("110105194912310021", "checksum"),
    ("1101051949123100", "format"),
    ("11010519491331002X", "birth_date"),
    ("ABCDEFGHIJKLMNOPQR", "format"),
])
def test_invalid_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert error.value.code == code


def test_birth_date_is_read_from_the_number():
    assert birth_date("11010519491231002X") == datetime.date(1949, 12, 31)


def test_masks():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_id_number("") == ""
