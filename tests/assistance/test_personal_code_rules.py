"""Personal codes (SPEC R-P1): table tests and properties for the pure rules in assistance.rules.

Expected check digits come from `spec_check_digit` below, written from the SPEC's formula and checked against
published codes and against python-stdnum's differently weighted formulation, never from the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.lv import pvn

from assistance.rules import (
    PersonalCode,
    PersonalCodeError,
    check_digit,
    mask_personal_code,
    parse_personal_code,
)

# The oracle: SPEC R-P1, weights 1,6,3,7,9,10,5,8,4,2 on the first ten digits, Z = (1101 − sum) mod 11 mod 10.
SPEC_WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def spec_check_digit(first_ten: str) -> str:
    assert len(first_ten) == 10 and first_ten.isascii() and first_ten.isdigit()
    total = sum(weight * int(digit) for weight, digit in zip(SPEC_WEIGHTS, first_ten, strict=True))
    return str((1101 - total) % 11 % 10)


def valid(first_ten: str) -> str:
    """The eleven digits with the right check digit."""
    return first_ten + spec_check_digit(first_ten)


def wrong_digits(first_ten: str) -> list[str]:
    """The nine eleven-digit codes with a wrong check digit."""
    right = spec_check_digit(first_ten)
    return [first_ten + digit for digit in "0123456789" if digit != right]


def hyphenated(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


TODAY = dt.date(2025, 6, 1)


# ------------------------------------------------------------------------------------------------- the oracle


@pytest.mark.parametrize(
    ("code", "expected_check_digit"),
    [
        ("16117519997", "7"),  # the SPEC's own example (161175-1****) and python-stdnum's documented code
        ("32867300679", "9"),  # python-stdnum's documented new-format code
    ],
)
def test_spec_formula_reproduces_published_codes_R_P1(code, expected_check_digit):
    assert spec_check_digit(code[:10]) == expected_check_digit


def test_spec_formula_worked_by_hand_R_P1():
    # 1·1 + 6·6 + 3·1 + 7·1 + 9·7 + 10·5 + 5·1 + 8·9 + 4·9 + 2·9 = 291; (1101 − 291) = 810; 810 mod 11 = 7
    assert spec_check_digit("1611751999") == "7"


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_spec_formula_agrees_with_stdnum_formulation_R_P1(first_ten):
    # stdnum uses weights 10,5,8,4,2,1,6,3,7,9 and (1 + sum) mod 11 mod 10: the same number, arrived at
    # independently, so the oracle does not share a mistake with the code under test.
    assert spec_check_digit(first_ten) == pvn.calc_check_digit_pers(first_ten)


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_check_digit_follows_spec_formula_R_P1(first_ten):
    assert check_digit(first_ten) == spec_check_digit(first_ten)


# ------------------------------------------------------------------------------------------------- old format


@pytest.mark.parametrize(
    ("first_ten", "born"),
    [
        ("1611751999", dt.date(1975, 11, 16)),  # century 1: 1900s
        ("0101000234", dt.date(1800, 1, 1)),  # century 0: 1800s, first day
        ("2812990123", dt.date(1899, 12, 28)),  # century 0: 1800s, late in the century
        ("0103880555", dt.date(1888, 3, 1)),
        ("0101011000", dt.date(1901, 1, 1)),
        ("2902961234", dt.date(1996, 2, 29)),  # leap year
        ("2902002345", dt.date(2000, 2, 29)),  # 2000 is a leap year (divisible by 400)
        ("1507202345", dt.date(2020, 7, 15)),  # century 2: 2000s
        ("0101252000", dt.date(2025, 1, 1)),
        ("2805102999", dt.date(2010, 5, 28)),
    ],
)
def test_valid_old_format_code_gives_its_birth_date_R_P1(first_ten, born):
    code = parse_personal_code(valid(first_ten), today=TODAY)
    assert code.digits == valid(first_ten)
    assert code.birth_date == born
    assert code.is_new_format is False


@pytest.mark.parametrize(
    "template",
    [
        "{digits}",
        "{hyphenated}",
        "  {hyphenated}  ",
        "\t{digits}\n",
        " {digits} ",
    ],
)
def test_code_with_or_without_hyphen_and_spaces_is_stored_as_eleven_digits_R_P1(template):
    digits = valid("1611751999")
    raw = template.format(digits=digits, hyphenated=hyphenated(digits))
    code = parse_personal_code(raw, today=TODAY)
    assert code == PersonalCode("16117519997")
    assert code.digits == "16117519997"
    assert code.formatted == "161175-19997"


@pytest.mark.parametrize(
    ("first_ten", "born"),
    [
        ("3001011000", dt.date(1901, 1, 30)),
        ("3101011000", dt.date(1901, 1, 31)),
        ("3012991234", dt.date(1999, 12, 30)),
        ("3112991234", dt.date(1999, 12, 31)),
        ("3105202345", dt.date(2020, 5, 31)),
        ("3112990123", dt.date(1899, 12, 31)),
    ],
)
def test_day_30_or_31_is_an_old_format_birth_date_not_a_new_format_prefix_R_P1(first_ten, born):
    # Only 32–39 are new-format prefixes (SPEC R-P1); the 30th and 31st are real days of the month.
    code = parse_personal_code(hyphenated(valid(first_ten)), today=TODAY)
    assert code.digits == valid(first_ten)
    assert code.is_new_format is False
    assert code.birth_date == born


@pytest.mark.parametrize(
    "first_ten",
    [
        "3102991234",  # 31 February
        "3002991234",  # 30 February
        "3104991234",  # 31 April
        "3106201234",  # 31 June
        "3109201234",  # 31 September
        "3111201234",  # 31 November
        "3113991234",  # month 13
        "3100991234",  # month 0
        "3013991234",  # month 13 on the 30th
    ],
)
def test_code_starting_30_or_31_with_an_impossible_date_is_rejected_R_P1(first_ten):
    with pytest.raises(PersonalCodeError):
        parse_personal_code(valid(first_ten), today=TODAY)


@pytest.mark.parametrize(
    "first_ten",
    [
        "3102991234",  # 31.02.1999
        "2902231234",  # 29.02.1923, not a leap year
        "2902232234",  # 29.02.2023, not a leap year
        "2902001234",  # 29.02.1900: divisible by 100, not by 400, so not a leap year
        "2902000234",  # 29.02.1800: not a leap year either
        "1613751999",  # month 13
        "1600751999",  # month 0
        "0011751999",  # day 0
        "3104751999",  # 31 April
        "2902252234",  # 29.02.2025
        "0000001234",  # all zero date
    ],
)
def test_impossible_birth_date_is_rejected_R_P1(first_ten):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(valid(first_ten), today=TODAY)
    assert str(caught.value.message).strip()


def test_29_february_1900_rejected_but_2000_accepted_R_P1():
    with pytest.raises(PersonalCodeError):
        parse_personal_code(valid("2902001234"), today=TODAY)
    assert parse_personal_code(valid("2902002234"), today=TODAY).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize("century", "3456789")
def test_century_digit_3_to_9_is_rejected_R_P1(century):
    first_ten = f"161175{century}999"
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(valid(first_ten))
    assert str(caught.value.message).strip()


@pytest.mark.parametrize("century", "012")
def test_century_digit_0_to_2_is_accepted_R_P1(century):
    code = parse_personal_code(valid(f"161175{century}999"))
    assert code.birth_date == dt.date(1875 + 100 * int(century), 11, 16)


@pytest.mark.parametrize(
    "code",
    [
        *wrong_digits("1611751999"),
        *wrong_digits("2902002345"),
        *wrong_digits("0101001234"),
        *wrong_digits("3286730067"),
        *wrong_digits("3912345678"),
    ],
)
def test_wrong_check_digit_is_rejected_R_P1(code):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(code, today=TODAY)
    assert str(caught.value.message).strip()


def test_two_swapped_digits_are_caught_by_the_check_digit_R_P1():
    # two neighbouring serial digits swapped, a typical typo
    code = valid("1611751234")
    swapped = code[:7] + code[8] + code[7] + code[9:]
    assert spec_check_digit(swapped[:10]) != swapped[10]
    with pytest.raises(PersonalCodeError):
        parse_personal_code(swapped, today=TODAY)


@pytest.mark.parametrize(
    "raw",
    [
        "1611751999",  # 10 digits
        "161175-1999",  # 10 digits with a hyphen
        "161175199970",  # 12 digits
        "161175-199970",  # 12 digits with a hyphen
        "1",
        "1" * 20,
    ],
)
def test_wrong_length_is_rejected_R_P1(raw):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(raw, today=TODAY)
    assert str(caught.value.message).strip()


@pytest.mark.parametrize(
    "raw",
    [
        "16117A-19997",
        "161175-1999O",  # letter O for a zero
        "abcdefghijk",
        "161175/19997",
        "161175.19997",
        "161175_19997",
        "+16117519997",
    ],
)
def test_letters_and_other_characters_are_rejected_R_P1(raw):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(raw, today=TODAY)
    assert str(caught.value.message).strip()


@pytest.mark.parametrize("raw", ["", "   ", "-", " - ", None])
def test_empty_code_is_rejected_R_P1(raw):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(raw, today=TODAY)
    assert str(caught.value.message).strip()


# ------------------------------------------------------------------------------------------- non-ASCII digits


@pytest.mark.parametrize(
    "raw",
    [
        "1\u0666117519997",  # ARABIC-INDIC DIGIT SIX in place of the 6
        "32\u0668673-00679",  # ARABIC-INDIC DIGIT EIGHT in a new-format code
        "16117519\u00b297",  # SUPERSCRIPT TWO in the serial
        "1\u00b21175-19997",  # SUPERSCRIPT TWO in the date
        "32\u00b2673-00679",  # SUPERSCRIPT TWO in a new-format code
    ],
)
def test_non_ascii_digits_are_rejected_with_a_message_or_stored_as_ascii_R_P1(raw):
    # "11 digits" means 0–9: a stored code must be ASCII, and a bad input must be a PersonalCodeError with a
    # message, not a bare ValueError from int() that a form cannot show.
    try:
        code = parse_personal_code(raw, today=TODAY)
    except PersonalCodeError as error:
        assert str(error.message).strip()
    else:
        assert code.digits.isascii(), code.digits
        assert code.digits.isdigit()


def test_fullwidth_digits_are_stored_as_ascii_R_P1():
    code = parse_personal_code("\uff11\uff16\uff11\uff11\uff17\uff15-\uff11\uff19\uff19\uff19\uff17")
    assert code.digits == "16117519997"


@settings(deadline=None)
@given(st.text(alphabet="0123456789- \u00b2\u0666\uff11LVx", max_size=14))
def test_any_input_gives_eleven_ascii_digits_or_a_personal_code_error_R_P1(raw):
    try:
        code = parse_personal_code(raw, today=TODAY)
    except PersonalCodeError as error:
        assert str(error.message).strip()
    else:
        assert len(code.digits) == 11
        assert all(character in "0123456789" for character in code.digits)
        assert spec_check_digit(code.digits[:10]) == code.digits[10]


# ------------------------------------------------------------------------------------------------- new format


@pytest.mark.parametrize(
    "first_ten",
    [
        "3286730067",
        "3200000000",
        "3299999999",
        "3312345678",
        "3412345678",
        "3512345678",
        "3612345678",
        "3712345678",
        "3812345678",
        "3912345678",
        "3999999999",
    ],
)
def test_new_format_32_to_39_is_accepted_without_a_birth_date_R_P1(first_ten):
    code = parse_personal_code(hyphenated(valid(first_ten)), today=TODAY)
    assert code.digits == valid(first_ten)
    assert code.is_new_format is True
    assert code.birth_date is None


def test_published_new_format_code_is_accepted_R_P1():
    code = parse_personal_code("328673-00679", today=TODAY)
    assert code.digits == "32867300679"
    assert code.birth_date is None


@pytest.mark.parametrize("first", "456789")
def test_first_digit_4_to_9_is_rejected_R_P1(first):
    first_ten = f"{first}012345678"
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(valid(first_ten), today=TODAY)
    assert str(caught.value.message).strip()


def test_legal_entity_registration_number_is_not_a_personal_code_R_P1():
    assert pvn.is_valid("40003521600")  # a valid VAT number of a company
    with pytest.raises(PersonalCodeError):
        parse_personal_code("40003521600", today=TODAY)


@pytest.mark.parametrize("second", "01")
def test_30_or_31_followed_by_no_real_date_is_rejected_R_P1(second):
    # 3?0000: day 30/31, month 00 — neither a new-format prefix nor a date
    first_ten = f"3{second}00001234"
    with pytest.raises(PersonalCodeError):
        parse_personal_code(valid(first_ten), today=TODAY)


# ------------------------------------------------------------------------------------------------- the future


def test_birth_date_after_today_is_rejected_R_P1():
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(valid("0206252123"), today=dt.date(2025, 6, 1))
    assert str(caught.value.message).strip()


def test_birth_date_today_is_accepted_R_P1():
    code = parse_personal_code(valid("0106252123"), today=dt.date(2025, 6, 1))
    assert code.birth_date == dt.date(2025, 6, 1)


def test_birth_date_far_in_the_future_is_rejected_R_P1():
    with pytest.raises(PersonalCodeError):
        parse_personal_code(valid("0101992123"), today=dt.date(2025, 6, 1))  # 01.01.2099


def test_new_format_code_has_no_date_to_be_in_the_future_R_P1():
    assert parse_personal_code(valid("3299999999"), today=dt.date(2017, 7, 1)).birth_date is None


# ---------------------------------------------------------------------------------------------------- display


@pytest.mark.parametrize(
    ("digits", "masked"),
    [
        ("16117519997", "161175-1****"),
        ("32867300679", "328673-0****"),
        ("01010012345", "010100-1****"),
    ],
)
def test_masked_code_shows_date_and_century_only_R_P1(digits, masked):
    assert PersonalCode(digits).masked == masked
    assert mask_personal_code(digits) == masked


def test_parsed_code_is_masked_like_the_spec_example_R_P1():
    assert parse_personal_code("161175-19997", today=TODAY).masked == "161175-1****"


@pytest.mark.parametrize("stored", ["", "1611751999", "161175199970", "161175-19997"])
def test_mask_of_a_malformed_stored_code_hides_everything_R_P1(stored):
    assert mask_personal_code(stored) == "****"


def test_formatted_code_has_the_hyphen_after_the_sixth_digit_R_P1():
    assert PersonalCode("32867300679").formatted == "328673-00679"


# --------------------------------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "16117A-19997",
        "1611751999",
        valid("1611753999"),  # century 3
        valid("3102991234"),  # 31 February
        valid("4012345678"),  # first digit 4
        "16117519990",  # wrong check digit
        valid("0206252123"),  # in the future
    ],
)
def test_error_carries_a_human_readable_message_R_P1(raw):
    with pytest.raises(PersonalCodeError) as caught:
        parse_personal_code(raw, today=TODAY)
    message = str(caught.value.message)
    assert len(message.split()) >= 3 and message.endswith("."), message  # a sentence, not a code
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_different_faults_get_different_messages_R_P1():
    faults = ["", "16117A-19997", "1611751999", valid("1611753999"), "16117519990", valid("0206252123")]
    messages = set()
    for raw in faults:
        with pytest.raises(PersonalCodeError) as caught:
            parse_personal_code(raw, today=TODAY)
        messages.add(str(caught.value.message))
    assert len(messages) == len(faults)


# ------------------------------------------------------------------------------------------------- properties


def old_format_prefix(born: dt.date, serial: int) -> str:
    century = str(born.year // 100 - 18)  # 1800s → 0, 1900s → 1, 2000s → 2
    return f"{born:%d%m}{born.year % 100:02d}{century}{serial:03d}"


BIRTH_DATES = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2025, 12, 31))
SERIALS = st.integers(min_value=0, max_value=999)


@settings(deadline=None)
@given(born=BIRTH_DATES, serial=SERIALS)
def test_any_real_date_with_the_right_check_digit_is_accepted_R_P1(born, serial):
    first_ten = old_format_prefix(born, serial)
    code = parse_personal_code(first_ten + spec_check_digit(first_ten), today=dt.date(2025, 12, 31))
    assert code.birth_date == born
    assert code.is_new_format is False
    assert code.masked == f"{first_ten[:6]}-{first_ten[6]}****"


@settings(deadline=None)
@given(born=BIRTH_DATES, serial=SERIALS, last=st.sampled_from("0123456789"))
def test_any_other_last_digit_is_rejected_R_P1(born, serial, last):
    first_ten = old_format_prefix(born, serial)
    assume(last != spec_check_digit(first_ten))
    with pytest.raises(PersonalCodeError):
        parse_personal_code(first_ten + last, today=dt.date(2025, 12, 31))


@settings(deadline=None)
@given(
    prefix=st.sampled_from([f"3{n}" for n in range(2, 10)]),
    rest=st.text("0123456789", min_size=8, max_size=8),
)
def test_any_new_format_code_with_the_right_check_digit_is_accepted_R_P1(prefix, rest):
    first_ten = prefix + rest
    code = parse_personal_code(first_ten + spec_check_digit(first_ten), today=TODAY)
    assert code.is_new_format is True
    assert code.birth_date is None
