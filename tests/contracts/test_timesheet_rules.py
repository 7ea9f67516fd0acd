"""Timesheet validation (SPEC R-T1–R-T4 with R-A4, R-A6, R-C2): the pure `check_sheet` in contracts.rules.

June 2026 starts on a Monday: its weeks are 01–07, 08–14, 15–21, 22–28.06 and 29.06–05.07 (spanning July).
The base sheet is contract 1 of assistant 10 for recipient 100, June 2026, 160 h a month, entitlement 120 h,
W = 40, WORK 80 h / DAILY 15 h, transport limit 50.00 EUR, deadline day 10 (10.07.2026). Every expected value
is worked out by hand in the comment beside it; hours are counted in minutes, an entry is [start, end).
The property test recomputes the caps from sets of minutes, independently of the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.rules import (
    Entry,
    OtherEntry,
    SheetContext,
    check_sheet,
    payable_minutes,
    submission_deadline,
    week_of,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def d(text: str) -> dt.date:
    """dd.mm.yyyy, as the SPEC writes dates."""
    day, month, year = (int(part) for part in text.split("."))
    return dt.date(year, month, day)


def t(text: str) -> dt.time:
    hour, minute = (int(part) for part in text.split(":"))
    return dt.time(hour, minute)


def at(text: str) -> dt.datetime:
    """A submission time dd.mm.yyyy HH:MM in UTC."""
    day, time = text.split()
    return dt.datetime.combine(d(day), t(time), tzinfo=dt.UTC)


def entry(row: int, day: str, start: str, end: str, purpose: str = "WORK", transport: str = "0") -> Entry:
    return Entry(row, d(day), t(start), t(end), purpose, Decimal(transport))


def other(
    sheet_id: int,
    day: str,
    start: str,
    end: str,
    *,
    assistant: int = 11,
    recipient: int = 100,
    contract: int | None = None,
    purpose: str = "WORK",
    submitted: str = "01.07.2026 09:00",
    status: str = "accepted",
) -> OtherEntry:
    return OtherEntry(
        sheet_id=sheet_id,
        contract_id=contract if contract is not None else sheet_id * 10,
        assistant_id=assistant,
        recipient_id=recipient,
        day=d(day),
        start=t(start),
        end=t(end),
        purpose=purpose,
        status=status,
        submitted_at=at(submitted) if submitted else None,
    )


BASE = SheetContext(
    sheet_id=1,
    month=d("01.06.2026"),
    contract_id=1,
    assistant_id=10,
    recipient_id=100,
    contract_start=d("01.01.2026"),
    contract_end=d("31.12.2026"),
    contract_monthly_hours=160,
    granted_purposes=frozenset({"WORK", "EDUCATION", "HIGHER_EDUCATION", "DAILY"}),
    study_periods={
        "EDUCATION": (d("01.09.2025"), d("12.06.2026")),
        "HIGHER_EDUCATION": (d("01.09.2026"), d("30.06.2027")),
    },
    month_entitlement_hours=120,
    purpose_month_hours={"WORK": 80, "EDUCATION": 40, "HIGHER_EDUCATION": 0, "DAILY": 15},
    weekly_cap=40,
    purpose_bound=False,
    transport_limit=Decimal("50.00"),
    deadline_day=10,
    submitted_on=None,
    others=(),
)


def ctx(**changes) -> SheetContext:
    return replace(BASE, **changes)


# Two good rows in the week 15–21.06: Monday and Tuesday 08:00–10:00 WORK, 2 h each, 4 h together.
GOOD = [entry(1, "15.06.2026", "08:00", "10:00"), entry(2, "16.06.2026", "08:00", "10:00")]


def codes(problems) -> set[str]:
    return {problem.code for problem in problems}


def only(problems, code):
    found = [problem for problem in problems if problem.code == code]
    assert len(found) == 1, [str(problem.message) for problem in problems]
    return found[0]


# ---------------------------------------------------------------------------------------------- R-T2 errors

ERROR_CASES = [
    # (id, extra rows after GOOD, context changes, code, row, field)
    (
        "date in July on a June sheet",
        [entry(3, "01.07.2026", "08:00", "10:00")],
        {},
        "date_outside_month",
        3,
        "date",
    ),
    (
        "date in May on a June sheet",
        [entry(3, "31.05.2026", "08:00", "10:00")],
        {},
        "date_outside_month",
        3,
        "date",
    ),
    (
        # the contract ends 20.06, the row is on 22.06
        "date after the contract's end",
        [entry(3, "22.06.2026", "08:00", "10:00")],
        {"contract_end": d("20.06.2026")},
        "date_outside_contract",
        3,
        "date",
    ),
    (
        # the contract starts 16.06: row 1 on 15.06 is outside, row 2 on 16.06 is the first day, inside
        "date before the contract's start",
        [],
        {"contract_start": d("16.06.2026")},
        "date_outside_contract",
        1,
        "date",
    ),
    ("end equal to start", [entry(3, "17.06.2026", "10:00", "10:00")], {}, "end_not_after_start", 3, "end"),
    ("end before start", [entry(3, "17.06.2026", "12:00", "09:00")], {}, "end_not_after_start", 3, "end"),
    (
        # 09:00–11:00 and row 1's 08:00–10:00 share 09:00–10:00; named on the later row 3
        "two rows of the sheet overlap",
        [entry(3, "15.06.2026", "09:00", "11:00")],
        {},
        "entries_overlap",
        3,
        "start",
    ),
    (
        # EDUCATION's study period ends 12.06.2026; 15.06 is after it
        "education after the study period",
        [entry(3, "15.06.2026", "12:00", "14:00", "EDUCATION")],
        {},
        "outside_study_period",
        3,
        "date",
    ),
    (
        # HIGHER_EDUCATION's study period starts 01.09.2026
        "higher education before the study period",
        [entry(3, "17.06.2026", "12:00", "14:00", "HIGHER_EDUCATION")],
        {},
        "outside_study_period",
        3,
        "date",
    ),
    (
        "purpose not in the grant",
        [entry(3, "17.06.2026", "08:00", "10:00", "VOLUNTEERING")],
        {},
        "purpose_not_granted",
        3,
        "purpose",
    ),
    (
        "the child purpose on an adult's sheet",
        [entry(3, "17.06.2026", "08:00", "10:00", "CHILD")],
        {},
        "purpose_not_granted",
        3,
        "purpose",
    ),
    (
        "unknown purpose code",
        [entry(3, "17.06.2026", "08:00", "10:00", "SPORT")],
        {},
        "purpose_unknown",
        3,
        "purpose",
    ),
    (
        "negative transport",
        [entry(3, "17.06.2026", "08:00", "10:00", transport="-0.01")],
        {},
        "transport_negative",
        3,
        "transport",
    ),
    (
        # 3 rows × 2 h = 6 h = 360 min > 5 h × 60 = 300 min
        "contract's monthly hours exceeded",
        [entry(3, "17.06.2026", "08:00", "10:00")],
        {"contract_monthly_hours": 5},
        "contract_hours_exceeded",
        None,
        "hours",
    ),
    (
        # this sheet 3 × 2 h = 6 h + assistant 11's 03.06 08:00–13:00 = 5 h → 11 h = 660 min > 10 h = 600 min
        "recipient's month entitlement exceeded by all contracts",
        [entry(3, "17.06.2026", "08:00", "10:00")],
        {"month_entitlement_hours": 10, "others": (other(2, "03.06.2026", "08:00", "13:00"),)},
        "entitlement_exceeded",
        None,
        "hours",
    ),
    (
        # week 15–21.06: Mon 2 h + Tue 2 h (rows 1, 2) + assistant 11 Wed, Thu, Fri 08:00–19:00 = 3 × 11 h
        # → 37 h; row 3 Sat 08:00–12:00 adds 4 h → 41 h > 40; the 40th hour ends at 11:00 inside row 3
        "recipient's week above W across assistants",
        [entry(3, "20.06.2026", "08:00", "12:00")],
        {
            "others": (
                other(2, "17.06.2026", "08:00", "19:00"),
                other(2, "18.06.2026", "08:00", "19:00"),
                other(2, "19.06.2026", "08:00", "19:00"),
            )
        },
        "recipient_week_exceeded",
        3,
        "hours",
    ),
    (
        # the same hours, but worked by assistant 10 for recipient 200: 37 h + row 3's 4 h = 41 h > 40
        # (recipient 100 has only 8 h that week)
        "assistant's week above 40 h across recipients",
        [entry(3, "20.06.2026", "08:00", "12:00")],
        {
            "others": (
                other(3, "17.06.2026", "08:00", "19:00", assistant=10, recipient=200),
                other(3, "18.06.2026", "08:00", "19:00", assistant=10, recipient=200),
                other(3, "19.06.2026", "08:00", "19:00", assistant=10, recipient=200),
            )
        },
        "assistant_week_exceeded",
        3,
        "hours",
    ),
    (
        # assistant 11 serves recipient 100 at 09:00–11:00, row 3 at 08:00–10:00: they share 09:00–10:00
        "two assistants of one recipient at the same time",
        [entry(3, "17.06.2026", "08:00", "10:00")],
        {"others": (other(2, "17.06.2026", "09:00", "11:00"),)},
        "assistants_overlap",
        3,
        "start",
    ),
    (
        # the same assistant 10 already recorded 09:00–11:00 for recipient 100 under another contract
        "the same time on another sheet of the same recipient",
        [entry(3, "17.06.2026", "08:00", "10:00")],
        {"others": (other(4, "17.06.2026", "09:00", "11:00", assistant=10, contract=5),)},
        "other_sheet_overlap",
        3,
        "start",
    ),
    (
        # DAILY 15 h: row 3 Wed 08:00–16:00 (8 h), row 4 Thu 08:00–16:00 (8 h) → 16 h > 15; the 15th hour
        # ends on Thu at 15:00, inside row 4; purpose-bound: an error
        "purpose's month hours exceeded when purpose-bound",
        [
            entry(3, "17.06.2026", "08:00", "16:00", "DAILY"),
            entry(4, "18.06.2026", "08:00", "16:00", "DAILY"),
        ],
        {"purpose_bound": True},
        "purpose_hours_exceeded",
        4,
        "purpose",
    ),
]


@pytest.mark.parametrize(
    ("extra", "changes", "code", "row", "field"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_each_error_is_reported_with_row_and_field_R_T2(extra, changes, code, row, field):
    check = check_sheet(GOOD + extra, ctx(**changes))
    assert not check.ok
    assert codes(check.errors) == {code}
    assert check.warnings == ()
    problem = only(check.errors, code)
    assert (problem.row, problem.field, problem.severity) == (row, field, "error")
    message = str(problem.message)
    if row is None:
        assert message.startswith(f"Timesheet, {field}: ")
    else:
        assert message.startswith(f"Row {row}, {field}: ")


WARNING_CASES = [
    (
        # the same 16 h of DAILY as above; the month total 2 + 2 + 8 + 8 = 20 h holds within 120 h
        "purpose's month hours exceeded while the month total holds",
        [
            entry(3, "17.06.2026", "08:00", "16:00", "DAILY"),
            entry(4, "18.06.2026", "08:00", "16:00", "DAILY"),
        ],
        {},
        "purpose_hours_exceeded",
        4,
        "purpose",
    ),
    (
        # assistant 11's DAILY 10 h + row 3's 6 h → 16 h > 15; the 15th hour ends at 13:00 inside row 3
        "purpose's month hours exceeded with another assistant's hours",
        [entry(3, "17.06.2026", "08:00", "14:00", "DAILY")],
        {"others": (other(2, "03.06.2026", "08:00", "18:00", purpose="DAILY"),)},
        "purpose_hours_exceeded",
        3,
        "purpose",
    ),
    (
        # 10.00 + 10.00 = 20.00, row 3's 0.01 → 20.01 > 20.00
        "transport above the monthly limit",
        [entry(3, "17.06.2026", "08:00", "10:00", transport="0.01")],
        {"transport_limit": Decimal("20.00")},
        "transport_over_limit",
        3,
        "transport",
    ),
    (
        # the June sheet's deadline is 10.07.2026
        "submitted after the deadline",
        [],
        {"submitted_on": d("11.07.2026")},
        "late_submission",
        None,
        "submitted",
    ),
]


@pytest.mark.parametrize(
    ("extra", "changes", "code", "row", "field"),
    [case[1:] for case in WARNING_CASES],
    ids=[case[0] for case in WARNING_CASES],
)
def test_each_warning_is_reported_and_allows_submission_R_T3(extra, changes, code, row, field):
    rows = [replace(GOOD[0], transport=Decimal("10.00")), replace(GOOD[1], transport=Decimal("10.00"))]
    check = check_sheet(rows + extra, ctx(**changes))
    assert check.ok
    assert check.errors == ()
    assert codes(check.warnings) == {code}
    problem = only(check.warnings, code)
    assert (problem.row, problem.field, problem.severity) == (row, field, "warning")
    message = str(problem.message)
    if row is None:
        assert message.startswith("Timesheet, submission: ")
    else:
        assert message.startswith(f"Row {row}, {field}: ")


def test_good_sheet_has_no_problems_R_T2():
    check = check_sheet(GOOD, BASE)
    assert check.ok
    assert (check.errors, check.warnings) == ((), ())
    # 2 × 120 min, nothing shared with another sheet
    assert (check.worked_minutes, check.payable_minutes, check.non_payable) == (240, 240, ())


@pytest.mark.parametrize(
    ("extra", "changes"),
    [
        # 10:00–12:00 right after row 1's 08:00–10:00 touches it but does not overlap
        ([entry(3, "15.06.2026", "10:00", "12:00")], {}),
        # the last day of EDUCATION's study period
        ([entry(3, "12.06.2026", "08:00", "10:00", "EDUCATION")], {}),
        # the contract's first and last days are 15.06 and 16.06
        ([], {"contract_start": d("15.06.2026"), "contract_end": d("16.06.2026")}),
        # 3 × 2 h = 6 h, exactly the contract's 6 h
        ([entry(3, "17.06.2026", "08:00", "10:00")], {"contract_monthly_hours": 6}),
        # 6 h + assistant 11's 5 h = 11 h, exactly the entitlement
        (
            [entry(3, "17.06.2026", "08:00", "10:00")],
            {"month_entitlement_hours": 11, "others": (other(2, "03.06.2026", "08:00", "13:00"),)},
        ),
        # 37 h + row 3's Sat 08:00–11:00 = 40 h, exactly W
        (
            [entry(3, "20.06.2026", "08:00", "11:00")],
            {"others": tuple(other(2, f"{day}.06.2026", "08:00", "19:00") for day in (17, 18, 19))},
        ),
        # DAILY 8 h + 7 h = 15 h, exactly the purpose's hours, also when purpose-bound
        (
            [
                entry(3, "17.06.2026", "08:00", "16:00", "DAILY"),
                entry(4, "18.06.2026", "08:00", "15:00", "DAILY"),
            ],
            {"purpose_bound": True},
        ),
        # 10.00 + 10.00 + 0 = 20.00, exactly the limit; no limit at all
        ([], {"transport_limit": Decimal("20.00")}),
        ([entry(3, "17.06.2026", "08:00", "10:00", transport="999")], {"transport_limit": None}),
        # submitted on the deadline day 10.07.2026
        ([], {"submitted_on": d("10.07.2026")}),
    ],
    ids=[
        "touching rows",
        "last day of the study period",
        "contract's first and last day",
        "contract hours exactly",
        "entitlement exactly",
        "week exactly W",
        "purpose hours exactly",
        "transport exactly the limit",
        "no transport limit",
        "submitted on the deadline day",
    ],
)
def test_boundaries_are_allowed_R_T2_R_T3(extra, changes):
    rows = [replace(GOOD[0], transport=Decimal("10.00")), replace(GOOD[1], transport=Decimal("10.00"))]
    check = check_sheet(rows + extra, ctx(**changes))
    assert check.ok, [str(problem.message) for problem in check.errors]
    assert check.warnings == (), [str(problem.message) for problem in check.warnings]


# ---------------------------------------------------------------------------------------------- messages


def test_messages_name_row_field_and_dates_in_dd_mm_yyyy_R_T2():
    check = check_sheet(GOOD + [entry(3, "01.07.2026", "08:00", "10:00")], BASE)
    assert str(check.errors[0].message) == "Row 3, date: 01.07.2026 is outside the timesheet's month 06.2026."


def test_overlap_message_names_both_rows_R_T2():
    check = check_sheet(GOOD + [entry(3, "15.06.2026", "09:00", "11:00")], BASE)
    assert str(only(check.errors, "entries_overlap").message) == (
        "Row 3, start: 09:00–11:00 on 15.06.2026 overlaps row 1 (08:00–10:00)."
    )


def test_messages_stay_lazy_and_follow_the_active_language():
    check = check_sheet(GOOD + [entry(3, "17.06.2026", "08:00", "10:00", "VOLUNTEERING")], BASE)
    message = check.errors[0].message
    assert not isinstance(message, str)
    with translation.override("lv"):
        # the field word and the purpose label come from the Latvian catalogue
        assert "mērķis" in str(message)
        assert "Brīvprātīgais" in str(message) or "brīvprātīg" in str(message).lower()
    assert "purpose" in str(message)


def test_every_problem_is_listed_at_once_R_T6():
    rows = [
        entry(1, "01.07.2026", "08:00", "10:00"),  # outside the month
        entry(2, "15.06.2026", "10:00", "09:00"),  # end before start
        entry(3, "16.06.2026", "08:00", "10:00", "VOLUNTEERING"),  # not granted
        entry(4, "16.06.2026", "09:00", "12:00", transport="-1"),  # overlaps row 3, negative transport
        entry(5, "17.06.2026", "08:00", "10:00", "EDUCATION"),  # after the study period
    ]
    check = check_sheet(rows, ctx(submitted_on=d("15.07.2026")))
    assert [(problem.row, problem.code) for problem in check.errors] == [
        (1, "date_outside_month"),
        (2, "end_not_after_start"),
        (3, "purpose_not_granted"),
        (4, "transport_negative"),
        (4, "entries_overlap"),
        (5, "outside_study_period"),
    ]
    assert [(problem.row, problem.code) for problem in check.warnings] == [(None, "late_submission")]
    for problem in check.errors:
        assert str(problem.message).startswith(f"Row {problem.row}, ")


# ---------------------------------------------------------------------------------------------- weeks


def test_week_of_is_the_monday():
    assert week_of(d("29.06.2026")) == d("29.06.2026")  # a Monday
    assert week_of(d("05.07.2026")) == d("29.06.2026")  # the Sunday of the same week
    assert week_of(d("06.07.2026")) == d("06.07.2026")
    assert week_of(d("01.01.2026")) == d("29.12.2025")  # a Thursday; the week starts in 2025


JUNE_END = (
    # assistant 11's June sheet 30 for recipient 100: Mon 29.06 and Tue 30.06 08:00–18:00, 10 h each
    other(30, "29.06.2026", "08:00", "18:00", submitted="01.07.2026 08:00"),
    other(30, "30.06.2026", "08:00", "18:00", submitted="01.07.2026 08:00"),
)
JULY = ctx(sheet_id=40, month=d("01.07.2026"), month_entitlement_hours=25, others=JUNE_END)


def test_week_spanning_two_months_counts_both_months_R_T2():
    rows = [
        entry(1, "01.07.2026", "08:00", "18:00"),  # Wed, 10 h
        entry(2, "02.07.2026", "08:00", "18:00"),  # Thu, 10 h → 20 h in June + 20 h in July = 40 h = W
    ]
    assert check_sheet(rows, JULY).ok
    # Fri 03.07 08:00–09:00 → 41 h in the week 29.06–05.07 > 40
    check = check_sheet(rows + [entry(3, "03.07.2026", "08:00", "09:00")], JULY)
    problem = only(check.errors, "recipient_week_exceeded")
    assert problem.row == 3
    assert "29.06.2026–05.07.2026" in str(problem.message)
    assert "41:00" in str(problem.message)
    # the June hours do not count towards July's entitlement: 21 h ≤ 25 h (with June's 20 h it would be 41 h)
    assert codes(check.errors) == {"recipient_week_exceeded"}


def test_week_spanning_two_months_seen_from_june_R_T2():
    # the same week from the June sheet: July's sheet 40 (assistant 12) holds Wed–Fri 01–03.07, 10 h each
    july = tuple(other(40, f"0{day}.07.2026", "08:00", "18:00", assistant=12) for day in (1, 2, 3))
    june = ctx(others=july)
    # Mon 29.06 08:00–18:00 → 30 h + 10 h = 40 h = W
    assert check_sheet([entry(1, "29.06.2026", "08:00", "18:00")], june).ok
    # Tue 30.06 08:00–08:30 → 40:30 > 40: the 40th hour is reached at 18:00 on 29.06, so row 2 passes it
    check = check_sheet(
        [entry(1, "29.06.2026", "08:00", "18:00"), entry(2, "30.06.2026", "08:00", "08:30")], june
    )
    assert [(problem.row, problem.code) for problem in check.errors] == [(2, "recipient_week_exceeded")]


def test_week_beyond_the_neighbouring_month_is_not_affected_R_T2():
    # Mon 06.07 starts a new week: the 40 h of 29.06–02.07 do not count there
    rows = [
        entry(1, "01.07.2026", "08:00", "18:00"),
        entry(2, "02.07.2026", "08:00", "18:00"),
        entry(3, "06.07.2026", "08:00", "09:00"),
    ]
    assert check_sheet(rows, JULY).ok


def test_thirty_hour_cap_for_w30_recipient_R_A4():
    others = tuple(other(2, f"{day}.06.2026", "08:00", "17:00") for day in (15, 16, 17))  # 3 × 9 h = 27 h
    rows = [entry(1, "18.06.2026", "08:00", "11:00")]  # 27 + 3 = 30 h
    assert check_sheet(rows, ctx(weekly_cap=30, others=others)).ok
    over = rows + [entry(2, "19.06.2026", "08:00", "08:30")]  # 30:30 h > 30 h
    check = check_sheet(over, ctx(weekly_cap=30, others=others))
    problem = only(check.errors, "recipient_week_exceeded")
    assert problem.row == 2
    assert "30:30" in str(problem.message) and "30 h" in str(problem.message)
    # the same 30:30 h is fine for a W = 40 recipient
    assert check_sheet(over, ctx(others=others)).ok


def test_recipient_week_counts_simultaneous_minutes_once():
    # assistant 11 at 08:00–12:00 and this sheet at 10:00–14:00 on Mon 15.06 overlap (an error), but the
    # recipient's week counts 08:00–14:00 = 6 h once, not 8 h: with W = 7 there is no week error
    check = check_sheet(
        [entry(1, "15.06.2026", "10:00", "14:00")],
        ctx(weekly_cap=7, others=(other(2, "15.06.2026", "08:00", "12:00"),)),
    )
    assert codes(check.errors) == {"assistants_overlap"}


# ---------------------------------------------------------------------------------------------- R-T4

# Assistant 10 serves recipient 200 on sheet 2 (contract 2), submitted 01.07.2026 09:00:
# Mon 15.06 08:00–12:00.
FIRST = other(2, "15.06.2026", "08:00", "12:00", assistant=10, recipient=200, submitted="01.07.2026 09:00")
# The sheet being checked: recipient 100, row 1 Mon 15.06 10:00–14:00 (shares 10:00–12:00 = 120 min with
# sheet 2), row 2 Tue 16.06 08:00–10:00.
SECOND = [entry(1, "15.06.2026", "10:00", "14:00"), entry(2, "16.06.2026", "08:00", "10:00")]


def test_simultaneous_service_is_allowed_and_paid_once_R_T4():
    check = check_sheet(SECOND, ctx(others=(FIRST,)))
    assert check.ok
    assert check.warnings == ()
    # row 1: 240 min worked, 120 of them paid on sheet 2 → 120 payable; row 2: 120 of 120
    assert payable_minutes(SECOND, ctx(others=(FIRST,))) == {1: 120, 2: 120}
    assert check.worked_minutes == 360
    assert check.payable_minutes == 240
    assert check.non_payable == ((1, 120),)


def test_the_earlier_submitted_sheet_keeps_the_payable_time_R_T4():
    # seen from sheet 2: this sheet (id 1) was submitted later, at 10:00 → sheet 2's row is paid in full
    later = tuple(
        OtherEntry(1, 1, 10, 100, e.day, e.start, e.end, e.purpose, "submitted", at("01.07.2026 10:00"))
        for e in SECOND
    )
    sheet_2 = ctx(
        sheet_id=2, contract_id=2, recipient_id=200, others=later, submitted_at=at("01.07.2026 09:00")
    )
    rows = [entry(1, "15.06.2026", "08:00", "12:00")]
    assert payable_minutes(rows, sheet_2) == {1: 240}
    # had this sheet (id 1) been submitted first, at 08:00, it keeps its 240 min and sheet 2 loses 120
    assert payable_minutes(SECOND, ctx(others=(FIRST,), submitted_at=at("01.07.2026 08:00"))) == {
        1: 240,
        2: 120,
    }
    earlier = tuple(replace(o, submitted_at=at("01.07.2026 08:00")) for o in later)
    assert payable_minutes(rows, replace(sheet_2, others=earlier)) == {1: 120}


def test_same_submission_time_lower_sheet_id_first_R_T4():
    # both submitted at 09:00 (one CSV upload): sheet 1 < sheet 2, so sheet 1 keeps the shared 120 min
    same = ctx(others=(FIRST,), submitted_at=at("01.07.2026 09:00"))
    assert payable_minutes(SECOND, same) == {1: 240, 2: 120}
    # a draft counts after every submitted sheet, whatever its id
    assert payable_minutes(SECOND, ctx(others=(FIRST,), submitted_at=None)) == {1: 120, 2: 120}


def test_both_recipients_usage_counts_the_overlap_in_full_R_T4():
    # recipient 100's month: 240 + 120 = 360 min worked (only 240 payable); entitlement 5 h = 300 min < 360
    check = check_sheet(SECOND, ctx(others=(FIRST,), month_entitlement_hours=5))
    assert codes(check.errors) == {"entitlement_exceeded"}
    assert check_sheet(SECOND, ctx(others=(FIRST,), month_entitlement_hours=6)).ok


def test_assistant_week_counts_simultaneous_service_once_R_T4():
    # assistant 10 for recipient 200: Mon, Tue, Wed 15–17.06 08:00–18:00 (30 h). This sheet for recipient
    # 100: row 1 Mon 08:00–18:00 (the same 10 h, worked once), row 2 Thu 08:00–18:00 → union 40 h (sum 50 h)
    others = tuple(
        other(2, f"{day}.06.2026", "08:00", "18:00", assistant=10, recipient=200) for day in (15, 16, 17)
    )
    rows = [entry(1, "15.06.2026", "08:00", "18:00"), entry(2, "18.06.2026", "08:00", "18:00")]
    check = check_sheet(rows, ctx(others=others))
    assert check.ok
    assert check.non_payable == ((1, 600),)
    # Fri 19.06 08:00–09:00 → 41 h > 40
    check = check_sheet(rows + [entry(3, "19.06.2026", "08:00", "09:00")], ctx(others=others))
    assert [(problem.row, problem.code) for problem in check.errors] == [(3, "assistant_week_exceeded")]


def test_overlap_inside_a_sheet_is_paid_once():
    rows = [entry(1, "15.06.2026", "08:00", "12:00"), entry(2, "15.06.2026", "11:00", "13:00")]
    # an error, but the payable time still never exceeds the worked time: row 2 loses 11:00–12:00
    assert payable_minutes(rows, BASE) == {1: 240, 2: 60}
    assert payable_minutes([entry(1, "15.06.2026", "10:00", "09:00")], BASE) == {1: 0}


def test_entries_of_the_same_sheet_in_others_are_ignored():
    # a submitted sheet re-checked: its own stored entries come back in `others` with its id
    own = tuple(
        OtherEntry(1, 1, 10, 100, e.day, e.start, e.end, e.purpose, "submitted", at("01.07.2026 09:00"))
        for e in GOOD
    )
    check = check_sheet(GOOD, ctx(others=own, month_entitlement_hours=4))  # 4 h exactly
    assert check.ok
    assert check.payable_minutes == 240


def test_deadline_day_beyond_the_next_month_means_its_last_day():
    # a May sheet with deadline day 31: June has 30 days, so 30.06.2026
    assert submission_deadline(d("01.05.2026"), 31) == d("30.06.2026")
    assert submission_deadline(d("01.12.2026"), 10) == d("10.01.2027")
    may = ctx(month=d("01.05.2026"), deadline_day=31)
    rows = [entry(1, "04.05.2026", "08:00", "10:00")]
    assert check_sheet(rows, replace(may, submitted_on=d("30.06.2026"))).warnings == ()
    assert codes(check_sheet(rows, replace(may, submitted_on=d("01.07.2026"))).warnings) == {
        "late_submission"
    }


# ---------------------------------------------------------------------------------------------- property

# Two recipients (100: W = 40, 200: W = 30), two assistants (10, 11), one contract for each pair, sheets for
# June and July 2026 around the week 29.06–05.07. Entitlement 35 h in June, 45 h in July; assistant 10's
# contracts 45 h a month each (so their week can pass 40 h), assistant 11's 25 h.
RECIPIENT_W = {100: 40, 200: 30}
ENTITLEMENT = {d("01.06.2026"): 35, d("01.07.2026"): 45}
CONTRACTS = {1: (10, 100), 2: (10, 200), 3: (11, 100), 4: (11, 200)}
CONTRACT_HOURS = {1: 45, 2: 45, 3: 25, 4: 25}
MONTHS = (d("01.06.2026"), d("01.07.2026"))
DAYS = {
    MONTHS[0]: [d("22.06.2026") + dt.timedelta(days=n) for n in range(9)],  # 22–30.06
    MONTHS[1]: [d("01.07.2026") + dt.timedelta(days=n) for n in range(12)],  # 01–12.07
}
SHEETS = [(contract, month) for contract in CONTRACTS for month in MONTHS]


@st.composite
def sheet_entries(draw, month: dt.date) -> list[Entry]:
    """Up to seven rows on distinct days (rows of one sheet never overlap, so the caps decide), 2–10 h each,
    starting 06:00–13:45 in quarter hours."""
    days = draw(st.lists(st.sampled_from(DAYS[month]), unique=True, max_size=7))
    rows = []
    for row, day in enumerate(days, start=1):
        start = draw(st.integers(24, 55))
        end = start + draw(st.integers(8, 40))
        purpose = draw(st.sampled_from(["WORK", "DAILY"]))
        rows.append(
            Entry(row, day, dt.time(start // 4, start % 4 * 15), dt.time(end // 4, end % 4 * 15), purpose)
        )
    return rows


def minutes_of(day: dt.date, start: dt.time, end: dt.time) -> set[int]:
    """Every minute of an entry as an absolute number: a plain set, independent of the code's intervals."""
    base = day.toordinal() * 1440
    return set(range(base + start.hour * 60 + start.minute, base + end.hour * 60 + end.minute))


def sheet_context(sheet_id: int, others: tuple[OtherEntry, ...], submitted_at=None) -> SheetContext:
    contract, month = SHEETS[sheet_id - 1]
    assistant, recipient = CONTRACTS[contract]
    return ctx(
        sheet_id=sheet_id,
        month=month,
        contract_id=contract,
        assistant_id=assistant,
        recipient_id=recipient,
        contract_monthly_hours=CONTRACT_HOURS[contract],
        granted_purposes=frozenset({"WORK", "DAILY"}),
        month_entitlement_hours=ENTITLEMENT[month],
        purpose_month_hours={"WORK": 40, "DAILY": 15},
        weekly_cap=RECIPIENT_W[recipient],
        others=others,
        submitted_at=submitted_at,
    )


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_property_accepted_sheets_never_break_the_caps_R_T2_R_T4(data):
    sheets = {
        sheet_id: data.draw(sheet_entries(SHEETS[sheet_id - 1][1]), label=f"sheet {sheet_id}")
        for sheet_id in range(1, len(SHEETS) + 1)
    }
    order = data.draw(st.permutations(list(sheets)), label="order")
    accepted: dict[int, tuple[OtherEntry, ...]] = {}
    submitted: dict[int, dt.datetime] = {}
    for position, sheet_id in enumerate(order):
        others = tuple(o for entries in accepted.values() for o in entries)
        if not check_sheet(sheets[sheet_id], sheet_context(sheet_id, others)).ok:
            continue
        contract, _month = SHEETS[sheet_id - 1]
        assistant, recipient = CONTRACTS[contract]
        submitted[sheet_id] = at("01.08.2026 09:00") + dt.timedelta(minutes=position)
        accepted[sheet_id] = tuple(
            OtherEntry(
                sheet_id,
                contract,
                assistant,
                recipient,
                e.day,
                e.start,
                e.end,
                e.purpose,
                "accepted",
                submitted[sheet_id],
            )
            for e in sheets[sheet_id]
        )

    recipient_minutes: dict[int, set[int]] = defaultdict(set)
    assistant_minutes: dict[int, set[int]] = defaultdict(set)
    for entries in accepted.values():
        for o in entries:
            recipient_minutes[o.recipient_id] |= minutes_of(o.day, o.start, o.end)
            assistant_minutes[o.assistant_id] |= minutes_of(o.day, o.start, o.end)

    def within(minutes: set[int], first: dt.date, after_last: dt.date) -> int:
        low, high = first.toordinal() * 1440, after_last.toordinal() * 1440
        return sum(1 for minute in minutes if low <= minute < high)

    mondays = [d("22.06.2026"), d("29.06.2026"), d("06.07.2026")]
    for monday in mondays:
        following = monday + dt.timedelta(days=7)
        for recipient, minutes in recipient_minutes.items():
            assert within(minutes, monday, following) <= RECIPIENT_W[recipient] * 60
        for minutes in assistant_minutes.values():
            assert within(minutes, monday, following) <= 40 * 60
    for minutes in recipient_minutes.values():
        assert within(minutes, MONTHS[0], MONTHS[1]) <= ENTITLEMENT[MONTHS[0]] * 60
        assert within(minutes, MONTHS[1], d("01.08.2026")) <= ENTITLEMENT[MONTHS[1]] * 60
    for sheet_id in accepted:
        contract = SHEETS[sheet_id - 1][0]
        assert (
            sum(len(minutes_of(e.day, e.start, e.end)) for e in sheets[sheet_id])
            <= CONTRACT_HOURS[contract] * 60
        )

    # R-T4 after the fact: each accepted sheet against all the others, in its own submission order
    paid: dict[tuple[int, dt.date], int] = defaultdict(int)
    worked: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    for sheet_id, entries in accepted.items():
        others = tuple(o for other_id, rows in accepted.items() if other_id != sheet_id for o in rows)
        payable = payable_minutes(sheets[sheet_id], sheet_context(sheet_id, others, submitted[sheet_id]))
        for e in sheets[sheet_id]:
            assistant = entries[0].assistant_id
            paid[(assistant, e.day)] += payable[e.row]
            worked[(assistant, e.day)] |= minutes_of(e.day, e.start, e.end)
            assert 0 <= payable[e.row] <= len(minutes_of(e.day, e.start, e.end))
    for key, minutes in worked.items():
        # paid never exceeds the worked time, and every worked minute is paid exactly once
        assert paid[key] <= len(minutes)
        assert paid[key] == len(minutes)
