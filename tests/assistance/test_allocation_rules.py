"""Allocation (SPEC R-A1–R-A7) with the rule sets' numbers (R-S1): the pure `allocate` in assistance.rules.

Every expected value is worked out by hand from the SPEC formulas; the arithmetic is in the comment beside it.
  H     = round_half_up(base × coefficient)                                 (R-A2)
  hours = round_half_up(H × g ÷ D), education round_half_up(H × s ÷ D)      (R-A6)
  cap   = floor(W × g ÷ 7), total = min(sum, cap)                           (R-A6)
  W     = 30 for group I + vision limitation + allowance, else 40           (R-A4)
  end   = earliest of disability validity end, start + 5 years − 1 day,
          for a child the day before the 18th birthday or the opinion's end (R-A7)
The property tests recompute the formulas with exact fractions, independently of the code under test.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistance.rules import (
    CHILD,
    AllocationError,
    AllocationInput,
    EndReason,
    PurposeRequest,
    RuleNumbers,
    add_years,
    allocate,
    full_month_hours,
    round_half_up,
    weekly_cap,
)

# ---------------------------------------------------------------------------------------------- R-S1 table


def numbers(code: str, *, work, education, other, daily, child) -> RuleNumbers:
    return RuleNumbers(
        code=code,
        version=1,
        base_hours={
            "WORK": work,
            "EDUCATION": education,
            "HIGHER_EDUCATION": education,
            "VOLUNTEERING": other,
            "DAY_CENTRE": other,
            "MEDICAL": other,
            "DAILY": daily,
        },
        child_hours=child,
        weekly_cap=40,
        weekly_cap_vision=30,
        max_years=5,
    )


V1 = numbers("V1", work=80, education=60, other=40, daily=15, child=80)
V2 = numbers("V2", work=80, education=60, other=40, daily=15, child=80)
V5 = numbers("V5", work=55, education=35, other=15, daily=10, child=65)

ONE, ONE_HALF, TWO = Decimal("1"), Decimal("1.5"), Decimal("2")

ADULT_BORN = dt.date(1980, 6, 1)
ALL_PURPOSES = ("WORK", "EDUCATION", "HIGHER_EDUCATION", "VOLUNTEERING", "DAY_CENTRE", "MEDICAL", "DAILY")
NON_DAILY = ALL_PURPOSES[:-1]
EDUCATION_CODES = frozenset({"EDUCATION", "HIGHER_EDUCATION"})


def d(text: str) -> dt.date:
    """dd.mm.yyyy, as the SPEC writes dates."""
    day, month, year = (int(part) for part in text.split("."))
    return dt.date(year, month, day)


def adult(start: dt.date, *purposes: PurposeRequest | str, coefficient=ONE, **changes) -> AllocationInput:
    fields = {
        "start": start,
        "birth_date": ADULT_BORN,
        "is_child": False,
        "coefficient": coefficient,
        "purposes": tuple(PurposeRequest(p) if isinstance(p, str) else p for p in purposes),
        "disability_group": "II",
        "vision_limitation": False,
        "assistant_allowance": False,
        "disability_valid_until": None,
    }
    fields.update(changes)
    return AllocationInput(**fields)


def child(start: dt.date, born: dt.date, **changes) -> AllocationInput:
    fields = {"start": start, "birth_date": born, "is_child": True, "coefficient": None}
    fields.update(changes)
    return AllocationInput(**fields)


def study(purpose: str, first: str, last: str) -> PurposeRequest:
    return PurposeRequest(purpose, d(first), d(last))


def month_of(allocation, year: int, month: int):
    [found] = [m for m in allocation.months if m.month == dt.date(year, month, 1)]
    return found


def hours(month) -> dict[str, int]:
    return {line.purpose: line.hours for line in month.lines}


VISION_30 = {"disability_group": "I", "vision_limitation": True, "assistant_allowance": True}


# ---------------------------------------------------------------------------------------------- R-A2


@pytest.mark.parametrize(
    ("rule_numbers", "coefficient", "expected"),
    [
        # V1 coefficient 1: the base hours themselves
        (V1, ONE, {"WORK": 80, "EDUCATION": 60, "HIGHER_EDUCATION": 60, "VOLUNTEERING": 40,
                   "DAY_CENTRE": 40, "MEDICAL": 40, "DAILY": 15}),
        # V1 coefficient 2: 80×2=160, 60×2=120, 40×2=80, 15×2=30
        (V1, TWO, {"WORK": 160, "EDUCATION": 120, "HIGHER_EDUCATION": 120, "VOLUNTEERING": 80,
                   "DAY_CENTRE": 80, "MEDICAL": 80, "DAILY": 30}),
        # V2 coefficient 1: as V1
        (V2, ONE, {"WORK": 80, "EDUCATION": 60, "HIGHER_EDUCATION": 60, "VOLUNTEERING": 40,
                   "DAY_CENTRE": 40, "MEDICAL": 40, "DAILY": 15}),
        # V2 coefficient 1.5: 80×1.5=120, 60×1.5=90, 40×1.5=60, 15×1.5=22.5 → 23 (half up)
        (V2, ONE_HALF, {"WORK": 120, "EDUCATION": 90, "HIGHER_EDUCATION": 90, "VOLUNTEERING": 60,
                        "DAY_CENTRE": 60, "MEDICAL": 60, "DAILY": 23}),
        # V5 coefficient 1: 55, 35, 15, 10
        (V5, ONE, {"WORK": 55, "EDUCATION": 35, "HIGHER_EDUCATION": 35, "VOLUNTEERING": 15,
                   "DAY_CENTRE": 15, "MEDICAL": 15, "DAILY": 10}),
        # V5 coefficient 2: 55×2=110, 35×2=70, 15×2=30, 10×2=20
        (V5, TWO, {"WORK": 110, "EDUCATION": 70, "HIGHER_EDUCATION": 70, "VOLUNTEERING": 30,
                   "DAY_CENTRE": 30, "MEDICAL": 30, "DAILY": 20}),
    ],
    ids=["V1-1", "V1-2", "V2-1", "V2-1.5", "V5-1", "V5-2"],
)  # fmt: skip
def test_full_month_hours_per_purpose_and_coefficient_R_A2_R_S1(rule_numbers, coefficient, expected):
    for purpose, hours_expected in expected.items():
        assert full_month_hours(rule_numbers, purpose, coefficient) == hours_expected, purpose
    # the schedule records the same H for every granted purpose; a full 31-day January shows H unscaled
    requests = [p for p in ALL_PURPOSES if p not in EDUCATION_CODES] + [
        study("EDUCATION", "01.09.2025", "30.06.2026"),
        study("HIGHER_EDUCATION", "01.09.2025", "30.06.2026"),
    ]
    allocation = allocate(adult(d("01.01.2026"), *requests, coefficient=coefficient), rule_numbers)
    assert dict(allocation.full_hours) == expected
    january = allocation.months[0]
    assert january.grant_days == 31
    assert hours(january) == expected  # g = s = D = 31: H × 31 ÷ 31 = H
    assert {line.purpose: line.full_hours for line in january.lines} == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("22.5", 23),  # 15 × 1.5 (R-A2)
        ("0.5", 1),  # half up, not to even
        ("2.5", 3),  # half up, not to even (banker's rounding would give 2)
        ("8.2258", 8),  # 15 × 17 ÷ 31
        ("43.87", 44),  # 80 × 17 ÷ 31
        ("7.4999", 7),
    ],
)
def test_round_half_up_rounds_halves_up_R_A2(value, expected):
    assert round_half_up(Decimal(value)) == expected


def test_adult_without_coefficient_is_an_input_error_R_A2():
    with pytest.raises(AllocationError) as error:
        allocate(adult(d("01.01.2026"), "WORK", coefficient=None), V1)
    assert error.value.field == "coefficient"


# ---------------------------------------------------------------------------------------------- R-A4


@pytest.mark.parametrize(
    ("group", "vision", "allowance", "expected"),
    [
        ("I", True, True, 30),  # all three: W = 30
        ("II", True, True, 40),  # group II
        ("I", False, True, 40),  # no vision limitation
        ("I", True, False, 40),  # no allowance
        ("II", False, False, 40),
        ("", False, False, 40),  # a child
    ],
)
def test_weekly_cap_30_only_for_group_I_vision_with_allowance_R_A4(group, vision, allowance, expected):
    assert weekly_cap(V1, group=group, vision=vision, allowance=allowance) == expected
    inputs = adult(
        d("01.01.2026"),
        disability_group=group,
        vision_limitation=vision,
        assistant_allowance=allowance,
    )
    assert allocate(inputs, V1).weekly_cap == expected


def test_30h_cap_cuts_a_31_day_month_R_A4_R_A6():
    allocation = allocate(adult(d("01.01.2026"), "WORK", coefficient=TWO, **VISION_30), V1)
    january = allocation.months[0]
    assert allocation.weekly_cap == 30
    assert (january.days_in_month, january.grant_days) == (31, 31)
    assert hours(january) == {"WORK": 160, "DAILY": 30}  # 80×2, 15×2
    assert january.purposes_total == 190  # 160 + 30
    assert january.cap == 132  # floor(30 × 31 ÷ 7) = floor(132.857)
    assert january.total == 132  # min(190, 132)
    assert january.capped is True
    february = allocation.months[1]
    assert february.cap == 120  # floor(30 × 28 ÷ 7) = 120
    assert february.total == 120  # min(190, 120)
    april = allocation.months[3]
    assert april.cap == 128  # floor(30 × 30 ÷ 7) = floor(128.57)


@pytest.mark.parametrize(
    ("year", "month", "days", "cap"),
    [
        (2026, 1, 31, 177),  # floor(40 × 31 ÷ 7) = floor(177.14)
        (2026, 2, 28, 160),  # floor(40 × 28 ÷ 7) = 160
        (2026, 4, 30, 171),  # floor(40 × 30 ÷ 7) = floor(171.43)
        (2028, 2, 29, 165),  # floor(40 × 29 ÷ 7) = floor(165.71)
    ],
)
def test_40h_cap_of_full_months_R_A4_R_A6(year, month, days, cap):
    # WORK 160 + VOLUNTEERING 80 + DAILY 30 = 270 exceeds every 40 h cap
    allocation = allocate(adult(d("01.01.2026"), "WORK", "VOLUNTEERING", coefficient=TWO), V1)
    assert allocation.end == d("31.12.2030")
    found = month_of(allocation, year, month)
    assert (found.days_in_month, found.grant_days) == (days, days)
    assert found.cap == cap
    assert found.purposes_total == 270  # 160 + 80 + 30
    assert found.total == cap
    assert found.capped is True


def test_month_under_the_cap_is_not_capped_R_A6():
    february = allocate(adult(d("01.02.2026"), "WORK"), V1).months[0]
    assert february.purposes_total == 95  # 80 + 15
    assert february.cap == 160  # floor(40 × 28 ÷ 7)
    assert february.total == 95  # min(95, 160)
    assert february.capped is False


# ---------------------------------------------------------------------------------------------- R-A3/R-A6


def test_education_scaled_by_days_inside_the_study_period_R_A3_R_A6():
    inputs = adult(d("01.09.2026"), study("EDUCATION", "01.09.2026", "15.06.2027"), coefficient=TWO)
    allocation = allocate(inputs, V1)
    september = month_of(allocation, 2026, 9)
    assert [(line.purpose, line.days) for line in september.lines] == [("EDUCATION", 30), ("DAILY", 30)]
    assert hours(september) == {"EDUCATION": 120, "DAILY": 30}  # 120 × 30 ÷ 30; 30 × 30 ÷ 30
    june = month_of(allocation, 2027, 6)
    assert june.lines[0].days == 15  # s: 01.06–15.06
    assert june.grant_days == 30  # g
    assert hours(june) == {"EDUCATION": 60, "DAILY": 30}  # 120 × 15 ÷ 30 = 60; DAILY full
    for month in (7, 8):  # no day of July or August is inside the study period
        summer = month_of(allocation, 2027, month)
        assert summer.lines[0].days == 0
        assert hours(summer) == {"EDUCATION": 0, "DAILY": 30}  # 120 × 0 ÷ 31 = 0
    # the confirmed period ended 15.06.2027: the next autumn needs a new confirmation
    assert hours(month_of(allocation, 2027, 9)) == {"EDUCATION": 0, "DAILY": 30}


def test_study_period_starting_mid_month_R_A3_R_A6():
    inputs = adult(d("01.09.2026"), study("HIGHER_EDUCATION", "15.09.2026", "30.06.2027"), coefficient=ONE)
    september = allocate(inputs, V1).months[0]
    assert september.lines[0].days == 16  # 15.09–30.09
    assert hours(september) == {"HIGHER_EDUCATION": 32, "DAILY": 15}  # 60 × 16 ÷ 30 = 32


def test_study_days_count_only_inside_the_grant_R_A3_R_A6():
    # study 01.09.2025–30.06.2026, grant from 15.01.2026: January s = g = 17 (15.01–31.01)
    inputs = adult(d("15.01.2026"), study("EDUCATION", "01.09.2025", "30.06.2026"), coefficient=TWO)
    january = allocate(inputs, V1).months[0]
    assert january.grant_days == 17
    assert january.lines[0].days == 17
    assert hours(january) == {"EDUCATION": 66, "DAILY": 16}  # 120×17÷31 = 65.81 → 66; 30×17÷31 = 16.45 → 16


def test_study_period_entirely_before_the_grant_gives_no_education_hours_R_A3():
    inputs = adult(d("01.09.2026"), study("EDUCATION", "01.09.2025", "30.06.2026"), coefficient=TWO)
    allocation = allocate(inputs, V1)
    assert all(month.lines[0].hours == 0 for month in allocation.months)
    assert allocation.full_hours["EDUCATION"] == 120  # H is still recorded: 60 × 2


@pytest.mark.parametrize(
    "request_",
    [
        PurposeRequest("EDUCATION"),
        PurposeRequest("HIGHER_EDUCATION"),
        PurposeRequest("EDUCATION", study_start=d("01.09.2026")),
        PurposeRequest("HIGHER_EDUCATION", study_end=d("30.06.2027")),
    ],
)
def test_education_without_study_period_is_an_input_error_R_A3(request_):
    with pytest.raises(AllocationError) as error:
        allocate(adult(d("01.09.2026"), request_), V1)
    assert error.value.field == "study_start"


# ---------------------------------------------------------------------------------------------- R-A6 partial


def test_partial_first_month_R_A6():
    allocation = allocate(adult(d("15.01.2026"), "WORK"), V1)
    january = allocation.months[0]
    assert (january.month, january.days_in_month, january.grant_days) == (d("01.01.2026"), 31, 17)  # 31−15+1
    assert hours(january) == {"WORK": 44, "DAILY": 8}  # 80×17÷31 = 43.87 → 44; 15×17÷31 = 8.2258 → 8
    assert january.cap == 97  # floor(40 × 17 ÷ 7) = floor(97.14)
    assert january.total == 52  # min(44 + 8, 97)
    february = allocation.months[1]
    assert (february.grant_days, hours(february), february.cap) == (28, {"WORK": 80, "DAILY": 15}, 160)


def test_partial_last_month_R_A6_R_A7():
    allocation = allocate(adult(d("15.01.2026"), "WORK", disability_valid_until=d("10.03.2027")), V1)
    assert allocation.end == d("10.03.2027")
    assert len(allocation.months) == 15  # January 2026 … March 2027
    march = allocation.months[-1]
    assert (march.month, march.days_in_month, march.grant_days) == (d("01.03.2027"), 31, 10)
    assert hours(march) == {"WORK": 26, "DAILY": 5}  # 80×10÷31 = 25.81 → 26; 15×10÷31 = 4.84 → 5
    assert march.cap == 57  # floor(40 × 10 ÷ 7) = floor(57.14)
    assert march.total == 31  # min(26 + 5, 57)


def test_partial_month_rounds_a_half_up_R_A2_R_A6():
    # start 16.04.2026: g = 30 − 16 + 1 = 15 of D = 30
    april = allocate(adult(d("16.04.2026"), "WORK", coefficient=ONE_HALF), V2).months[0]
    assert april.grant_days == 15
    assert hours(april) == {"WORK": 60, "DAILY": 12}  # 120×15÷30 = 60; 23×15÷30 = 11.5 → 12
    assert april.cap == 85  # floor(40 × 15 ÷ 7) = floor(85.71)
    april_v1 = allocate(adult(d("16.04.2026")), V1).months[0]
    assert hours(april_v1) == {"DAILY": 8}  # 15 × 15 ÷ 30 = 7.5 → 8


def test_one_day_grant_R_A6_R_A7():
    allocation = allocate(adult(d("15.03.2026"), "WORK", disability_valid_until=d("15.03.2026")), V1)
    [march] = allocation.months
    assert march.grant_days == 1
    assert hours(march) == {"WORK": 3, "DAILY": 0}  # 80 × 1 ÷ 31 = 2.58 → 3; 15 ÷ 31 = 0.48 → 0
    assert march.cap == 5  # floor(40 × 1 ÷ 7) = floor(5.71)


def test_partial_first_month_at_30h_cap_R_A4_R_A6():
    january = allocate(adult(d("15.01.2026"), "WORK", coefficient=TWO, **VISION_30), V1).months[0]
    assert hours(january) == {"WORK": 88, "DAILY": 16}  # 160×17÷31 = 87.74 → 88; 30×17÷31 = 16.45 → 16
    assert january.cap == 72  # floor(30 × 17 ÷ 7) = floor(72.86)
    assert january.total == 72  # min(104, 72)
    assert january.capped is True


# ---------------------------------------------------------------------------------------------- R-A7


@pytest.mark.parametrize(
    ("inputs", "end", "reason"),
    [
        # disability valid until 30.06.2028, earlier than 01.03.2026 + 5 y − 1 d = 28.02.2031
        (
            adult(d("01.03.2026"), disability_valid_until=d("30.06.2028")),
            d("30.06.2028"),
            EndReason.DISABILITY,
        ),
        # indefinite disability: 01.03.2031 − 1 day
        (adult(d("01.03.2026")), d("28.02.2031"), EndReason.MAX_YEARS),
        # validity later than the 5-year limit: the limit wins
        (
            adult(d("01.03.2026"), disability_valid_until=d("31.12.2035")),
            d("28.02.2031"),
            EndReason.MAX_YEARS,
        ),
        # 15.07.2026 + 5 y = 15.07.2031 − 1 day
        (adult(d("15.07.2026")), d("14.07.2031"), EndReason.MAX_YEARS),
        # 01.01.2026 + 5 y = 01.01.2031 − 1 day
        (adult(d("01.01.2026")), d("31.12.2030"), EndReason.MAX_YEARS),
        # start on 29 February: 29.02.2028 + 5 y → 01.03.2033 (2033 is a common year) − 1 day
        (adult(d("29.02.2028")), d("28.02.2033"), EndReason.MAX_YEARS),
        # child born 10.05.2010: 18th birthday 10.05.2028, the day before
        (child(d("01.03.2026"), d("10.05.2010")), d("09.05.2028"), EndReason.AGE_18),
        # child born 29.02.2012: 18th birthday in 2030 (common year) falls on 01.03.2030, the day before
        (child(d("01.03.2026"), d("29.02.2012")), d("28.02.2030"), EndReason.AGE_18),
        # the special-care opinion ends 31.12.2027, before the 18th birthday (10.05.2028 − 1 day)
        (
            child(d("01.03.2026"), d("10.05.2010"), special_care_valid_until=d("31.12.2027")),
            d("31.12.2027"),
            EndReason.SPECIAL_CARE,
        ),
        # a young child: the 5-year limit 28.02.2031 comes before the 18th birthday (01.06.2033) and the
        # opinion's end (31.12.2031)
        (
            child(d("01.03.2026"), d("01.06.2015"), special_care_valid_until=d("31.12.2031")),
            d("28.02.2031"),
            EndReason.MAX_YEARS,
        ),
    ],
    ids=[
        "disability",
        "5-years",
        "5-years-before-validity",
        "5-years-mid-month",
        "5-years-january",
        "start-29-february",
        "child-18",
        "child-born-29-february",
        "special-care-opinion",
        "child-5-years",
    ],
)
def test_grant_end_is_the_earliest_limit_R_A7(inputs, end, reason):
    allocation = allocate(inputs, V1)
    assert allocation.end == end
    assert allocation.end_reason is reason
    last = allocation.months[-1]
    assert last.month == end.replace(day=1)
    assert last.grant_days == end.day  # 01 … end inside the last month


def test_add_years_29_february_R_A7():
    assert add_years(d("29.02.2028"), 5) == d("01.03.2033")  # 2033 is a common year
    assert add_years(d("29.02.2028"), 4) == d("29.02.2032")  # 2032 is a leap year
    assert add_years(d("15.07.2026"), 5) == d("15.07.2031")


def test_five_year_grant_has_sixty_full_months_R_A7_R_A6():
    allocation = allocate(adult(d("01.03.2026")), V1)
    assert len(allocation.months) == 60  # March 2026 … February 2031
    assert allocation.months[0].month == d("01.03.2026")
    assert allocation.months[-1].month == d("01.02.2031")
    assert allocation.months[-1].grant_days == 28  # February 2031, full
    assert all(month.grant_days == month.days_in_month for month in allocation.months)
    assert sum(month.grant_days for month in allocation.months) == 1826  # 5 × 365 + 1 (29.02.2028)


def test_max_years_from_the_rule_set_R_A7_R_S1():
    four = replace(V1, max_years=4)
    allocation = allocate(adult(d("29.02.2028")), four)
    assert allocation.end == d("28.02.2032")  # 29.02.2032 − 1 day
    assert allocation.end_reason is EndReason.MAX_YEARS


@pytest.mark.parametrize(
    "inputs",
    [
        # disability ended the day before the start
        adult(d("01.03.2026"), disability_valid_until=d("28.02.2026")),
        # child born 01.02.2008 turned 18 on 01.02.2026: the grant would end 31.01.2026
        child(d("01.03.2026"), d("01.02.2008")),
        # the special-care opinion ended before the start
        child(d("01.03.2026"), d("10.05.2015"), special_care_valid_until=d("31.12.2025")),
    ],
    ids=["disability", "child-18", "special-care"],
)
def test_grant_ending_before_it_starts_is_an_error_R_A7(inputs):
    with pytest.raises(AllocationError) as error:
        allocate(inputs, V1)
    assert error.value.field == "start"


def test_end_argument_shortens_the_schedule_R_A7():
    allocation = allocate(adult(d("01.03.2026"), "WORK"), V1, end=d("15.05.2026"))
    assert allocation.end == d("15.05.2026")
    assert [month.month for month in allocation.months] == [d("01.03.2026"), d("01.04.2026"), d("01.05.2026")]
    may = allocation.months[-1]
    assert may.grant_days == 15
    assert hours(may) == {"WORK": 39, "DAILY": 7}  # 80×15÷31 = 38.71 → 39; 15×15÷31 = 7.26 → 7
    assert may.cap == 85  # floor(40 × 15 ÷ 7) = floor(85.71)


def test_end_argument_never_lengthens_the_grant_R_A7():
    allocation = allocate(adult(d("01.03.2026")), V1, end=d("01.01.2040"))
    assert allocation.end == d("28.02.2031")  # the 5-year limit still applies
    assert allocation.end_reason is EndReason.MAX_YEARS


def test_end_argument_before_start_is_an_error_R_A7():
    with pytest.raises(AllocationError) as error:
        allocate(adult(d("01.03.2026")), V1, end=d("28.02.2026"))
    assert error.value.field == "start"


# ---------------------------------------------------------------------------------------------- R-A5


@pytest.mark.parametrize(("rule_numbers", "fixed"), [(V1, 80), (V5, 65)])
def test_child_gets_one_line_of_fixed_hours_R_A5(rule_numbers, fixed):
    # a coefficient or purposes passed by mistake change nothing: one line, no coefficient, no DAILY
    inputs = child(d("01.03.2026"), d("01.06.2015"), coefficient=TWO, purposes=(PurposeRequest("WORK"),))
    allocation = allocate(inputs, rule_numbers)
    assert dict(allocation.full_hours) == {CHILD: fixed}
    for month in allocation.months:
        assert [line.purpose for line in month.lines] == [CHILD]
        assert month.lines[0].full_hours == fixed
        assert month.lines[0].hours == fixed  # every month is full: fixed × D ÷ D
    assert full_month_hours(rule_numbers, CHILD, None) == fixed
    assert allocation.weekly_cap == 40


@pytest.mark.parametrize(
    ("rule_numbers", "first", "last"),
    [
        # start 15.01.2026: g = 17 of 31; child born 20.06.2010 → end 19.06.2028: g = 19 of 30
        (V1, 44, 51),  # 80×17÷31 = 43.87 → 44; 80×19÷30 = 50.67 → 51
        (V5, 36, 41),  # 65×17÷31 = 35.65 → 36; 65×19÷30 = 41.17 → 41
    ],
)
def test_child_partial_months_scale_the_fixed_hours_R_A5_R_A6(rule_numbers, first, last):
    allocation = allocate(child(d("15.01.2026"), d("20.06.2010")), rule_numbers)
    assert allocation.end == d("19.06.2028")
    assert allocation.end_reason is EndReason.AGE_18
    january, june = allocation.months[0], allocation.months[-1]
    assert (january.grant_days, january.lines[0].hours, january.cap) == (17, first, 97)  # floor(40×17÷7)
    assert (june.grant_days, june.lines[0].hours, june.cap) == (
        19,
        last,
        108,
    )  # floor(40×19÷7) = floor(108.57)


# ---------------------------------------------------------------------------------------------- R-A1


@pytest.mark.parametrize(
    "purposes",
    [
        (),
        ("DAILY",),
        ("WORK", "DAILY"),
        ("DAILY", "WORK"),
        ("DAILY", "DAILY", "MEDICAL"),
    ],
)
def test_daily_present_exactly_once_for_an_adult_R_A1(purposes):
    allocation = allocate(adult(d("01.02.2026"), *purposes, coefficient=TWO), V1)
    for month in allocation.months:
        lines = [line.purpose for line in month.lines]
        assert lines.count("DAILY") == 1
        assert set(lines) == set(purposes) | {"DAILY"}
    assert hours(allocation.months[0])["DAILY"] == 30  # 15 × 2, full February
    assert allocation.full_hours["DAILY"] == 30


def test_every_purpose_has_a_line_in_every_month_R_A1_R_A6():
    requests = [
        "WORK",
        "VOLUNTEERING",
        "DAY_CENTRE",
        "MEDICAL",
        study("EDUCATION", "01.09.2026", "30.06.2027"),
    ]
    allocation = allocate(adult(d("01.03.2026"), *requests), V1)
    for month in allocation.months:
        assert sorted(line.purpose for line in month.lines) == sorted(
            ["WORK", "VOLUNTEERING", "DAY_CENTRE", "MEDICAL", "EDUCATION", "DAILY"]
        )
    # V1 coefficient 1 in a full March: 80 + 40 + 40 + 40 + 0 (no study day) + 15 = 215 > cap 177
    march = allocation.months[0]
    assert march.purposes_total == 215
    assert march.total == 177  # floor(40 × 31 ÷ 7)


# ---------------------------------------------------------------------------------------------- properties

RULE_SETS = {"V1": V1, "V2": V2, "V5": V5}
START = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


def exact_round(value: Fraction) -> int:
    """Half up for non-negative values, with exact fractions."""
    return int(value + Fraction(1, 2))


def overlap(a: dt.date, b: dt.date, c: dt.date, e: dt.date) -> int:
    first, last = max(a, c), min(b, e)
    return max(0, (last - first).days + 1)


@st.composite
def adult_inputs(draw, coefficient=None):
    start = draw(START)
    chosen = draw(st.lists(st.sampled_from(ALL_PURPOSES), unique=True, max_size=len(ALL_PURPOSES)))
    requests = []
    for purpose in chosen:
        if purpose in EDUCATION_CODES:
            study_start = start + dt.timedelta(days=draw(st.integers(-500, 1500)))
            study_end = study_start + dt.timedelta(days=draw(st.integers(0, 400)))
            requests.append(PurposeRequest(purpose, study_start, study_end))
        else:
            requests.append(PurposeRequest(purpose))
    valid_until = draw(st.none() | st.integers(0, 2500).map(lambda days: start + dt.timedelta(days=days)))
    return adult(
        start,
        *requests,
        coefficient=coefficient if coefficient is not None else draw(st.sampled_from([ONE, ONE_HALF, TWO])),
        disability_group=draw(st.sampled_from(["I", "II"])),
        vision_limitation=draw(st.booleans()),
        assistant_allowance=draw(st.booleans()),
        disability_valid_until=valid_until,
    )


def expected_w(inputs: AllocationInput) -> int:
    vision_case = inputs.disability_group == "I" and inputs.vision_limitation and inputs.assistant_allowance
    return 30 if vision_case else 40


@settings(max_examples=150, deadline=None)
@given(inputs=adult_inputs(), code=st.sampled_from(sorted(RULE_SETS)))
def test_property_month_total_within_cap_and_sum_R_A4_R_A6(inputs, code):
    allocation = allocate(inputs, RULE_SETS[code])
    w = expected_w(inputs)
    assert allocation.weekly_cap == w
    for month in allocation.months:
        assert month.cap == (w * month.grant_days) // 7
        assert month.total <= month.cap
        assert month.total <= month.purposes_total
        assert month.total == min(month.cap, month.purposes_total)
        assert month.capped == (month.purposes_total > month.cap)


@settings(max_examples=100, deadline=None)
@given(
    base=adult_inputs(coefficient=ONE),
    pair=st.sampled_from([(TWO, ONE, "V1"), (TWO, ONE, "V5"), (ONE_HALF, ONE, "V2"), (TWO, ONE_HALF, "V2")]),
)
def test_property_hours_never_grow_when_the_coefficient_falls_R_A2_R_A6(base, pair):
    high_coefficient, low_coefficient, code = pair
    high = allocate(replace(base, coefficient=high_coefficient), RULE_SETS[code])
    low = allocate(replace(base, coefficient=low_coefficient), RULE_SETS[code])
    assert len(high.months) == len(low.months)
    for purpose, full_low in low.full_hours.items():
        assert high.full_hours[purpose] >= full_low
    for month_high, month_low in zip(high.months, low.months, strict=True):
        assert month_high.month == month_low.month
        assert month_high.cap == month_low.cap
        assert month_high.total >= month_low.total
        for line_high, line_low in zip(month_high.lines, month_low.lines, strict=True):
            assert line_high.purpose == line_low.purpose
            assert line_high.hours >= line_low.hours


@settings(max_examples=150, deadline=None)
@given(inputs=adult_inputs(), code=st.sampled_from(sorted(RULE_SETS)))
def test_property_hours_follow_the_formula_and_study_period_R_A3_R_A6(inputs, code):
    rule_numbers = RULE_SETS[code]
    allocation = allocate(inputs, rule_numbers)
    requests = {request.purpose: request for request in inputs.purposes}
    for month in allocation.months:
        first = month.month
        last = first.replace(day=month.days_in_month)
        grant_first, grant_last = max(first, inputs.start), min(last, allocation.end)
        for line in month.lines:
            full = exact_round(Fraction(rule_numbers.base_hours[line.purpose]) * Fraction(inputs.coefficient))
            assert line.full_hours == full
            bound = exact_round(Fraction(full * month.grant_days, month.days_in_month))
            assert line.hours <= bound
            if line.purpose in EDUCATION_CODES:
                request = requests[line.purpose]
                s = overlap(grant_first, grant_last, request.study_start, request.study_end)
                assert line.days == s
                if s == 0:
                    assert line.hours == 0
                assert line.hours == exact_round(Fraction(full * s, month.days_in_month))
            else:
                assert line.days == month.grant_days
                assert line.hours == bound


@settings(max_examples=150, deadline=None)
@given(
    inputs=adult_inputs(),
    code=st.sampled_from(sorted(RULE_SETS)),
    cut=st.none() | st.integers(0, 2000),
)
def test_property_months_are_consecutive_and_cover_the_grant_R_A6_R_A7(inputs, code, cut):
    end = None if cut is None else inputs.start + dt.timedelta(days=cut)
    allocation = allocate(inputs, RULE_SETS[code], end=end)
    # the end: the earliest of validity, start + 5 years − 1 day and the `end` argument
    five_years = add_years(inputs.start, 5) - dt.timedelta(days=1)
    limits = [five_years] + [day for day in (inputs.disability_valid_until, end) if day is not None]
    assert allocation.end == min(limits)
    months = allocation.months
    assert months[0].month == inputs.start.replace(day=1)
    assert months[-1].month == allocation.end.replace(day=1)
    for previous, following in zip(months, months[1:], strict=False):
        step = previous.month + dt.timedelta(days=previous.days_in_month)
        assert following.month == step
        assert following.month.day == 1
    for month in months:
        assert month.month.day == 1
        assert month.days_in_month == calendar.monthrange(month.month.year, month.month.month)[1]
        last = month.month.replace(day=month.days_in_month)
        assert month.grant_days == overlap(month.month, last, inputs.start, allocation.end)
        assert 1 <= month.grant_days <= month.days_in_month
    assert sum(month.grant_days for month in months) == (allocation.end - inputs.start).days + 1


@settings(max_examples=100, deadline=None)
@given(
    start=START,
    born=st.dates(dt.date(2006, 1, 1), dt.date(2025, 12, 31)),
    opinion=st.none() | st.integers(-100, 4000),
    code=st.sampled_from(sorted(RULE_SETS)),
)
def test_property_child_line_and_end_R_A5_R_A7(start, born, opinion, code):
    rule_numbers = RULE_SETS[code]
    opinion_end = None if opinion is None else start + dt.timedelta(days=opinion)
    inputs = child(start, born, special_care_valid_until=opinion_end)
    birthday_18 = (
        dt.date(born.year + 18, 3, 1)
        if (born.month, born.day) == (2, 29)
        else born.replace(year=born.year + 18)
    )
    limits = [add_years(start, 5) - dt.timedelta(days=1), birthday_18 - dt.timedelta(days=1)]
    if opinion_end is not None:
        limits.append(opinion_end)
    if min(limits) < start:
        with pytest.raises(AllocationError):
            allocate(inputs, rule_numbers)
        return
    allocation = allocate(inputs, rule_numbers)
    assert allocation.end == min(limits)
    for month in allocation.months:
        [line] = month.lines
        assert line.purpose == CHILD
        assert line.hours == exact_round(
            Fraction(rule_numbers.child_hours * month.grant_days, month.days_in_month)
        )
        assert month.cap == (40 * month.grant_days) // 7
