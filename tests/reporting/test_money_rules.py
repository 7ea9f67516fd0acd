"""The money of the service on the pure rules (R-F1–R-F3): table tests with the arithmetic done by hand in
the comments, and hypothesis properties of the totals. No database."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import round_eur
from reporting import rules

D = Decimal

# The seeded rates (migration 0002): 3.64 EUR/h from 01.07.2021, 4.13 EUR/h from 01.04.2023; 23.59 %,
# 5 %, 8 %.
RATES_2021 = rules.Rates(dt.date(2021, 7, 1), D("3.64"), D("23.59"), D("5.00"), D("8.00"))
RATES_2023 = rules.Rates(dt.date(2023, 4, 1), D("4.13"), D("23.59"), D("5.00"), D("8.00"))
TABLE = [RATES_2021, RATES_2023]


def money(minutes, *, rates=RATES_2023, employee=True, transport="0.00"):
    return rules.category_money(minutes=minutes, transport=D(transport), rates=rates, employee=employee)


# ------------------------------------------------------------------------------------- R-F2: wages


@pytest.mark.parametrize(
    ("minutes", "rates", "wage"),
    [
        # 15 × 3.64 ÷ 60 = 54.60 ÷ 60 = 0.91 exactly.
        (15, RATES_2021, "0.91"),
        # 10 × 3.64 ÷ 60 = 0.60666… → 0.61 (up: the third cent is 6).
        (10, RATES_2021, "0.61"),
        # 5 × 3.64 ÷ 60 = 0.30333… → 0.30 (down). 3.64 never lands on a half cent: minutes × 364 ÷ 60 cents
        # = minutes × 91 ÷ 15 cents, and a fraction with the odd denominator 15 is never n + ½.
        (5, RATES_2021, "0.30"),
        # 9066 × 3.64 ÷ 60 = 33000.24 ÷ 60 = 550.004 → 550.00.
        (9066, RATES_2021, "550.00"),
        # 4.13: 30 × 4.13 ÷ 60 = 123.90 ÷ 60 = 2.065, a true half cent → 2.07 (half even would give 2.06).
        (30, RATES_2023, "2.07"),
        # 150 × 4.13 ÷ 60 = 619.50 ÷ 60 = 10.325 → 10.33 (half even: 10.32).
        (150, RATES_2023, "10.33"),
        # 90 × 4.13 ÷ 60 = 371.70 ÷ 60 = 6.195 → 6.20.
        (90, RATES_2023, "6.20"),
        # 120 × 4.13 ÷ 60 = 8.26 exactly.
        (120, RATES_2023, "8.26"),
        # 3632 × 4.13 ÷ 60 = 15000.16 ÷ 60 = 250.00266… → 250.00.
        (3632, RATES_2023, "250.00"),
        # Nothing worked, nothing paid.
        (0, RATES_2023, "0.00"),
    ],
)
def test_wage_is_minutes_times_gross_over_sixty_rounded_half_up_R_F2(minutes, rates, wage):
    assert money(minutes, rates=rates).wage == D(wage)


def test_half_a_cent_rounds_up_R_F1():
    # 1 minute at 0.30 EUR/h = 0.30 ÷ 60 = 0.005 → 0.01 (half up, not to even).
    cheap = rules.Rates(dt.date(2021, 1, 1), D("0.30"), D("23.59"), D("5"), D("8"))
    assert money(1, rates=cheap).wage == D("0.01")
    assert round_eur(D("0.005")) == D("0.01")
    assert round_eur(D("0.015")) == D("0.02")
    assert round_eur(D("0.0049")) == D("0.00")
    # Transport is rounded the same way: 0.005 → 0.01.
    assert money(0, transport="0.005").transport == D("0.01")


# ------------------------------------------------------------------------------ R-F2: contributions


@pytest.mark.parametrize(
    ("minutes", "rates", "wage", "contributions"),
    [
        # wage 8.26 (above); 8.26 × 23.59 % = 1.948534 → 1.95.
        (120, RATES_2023, "8.26", "1.95"),
        # wage 10.33 (above); 10.33 × 23.59 % = 2.436847 → 2.44.
        (150, RATES_2023, "10.33", "2.44"),
        # wage 550.00 (above); 550.00 × 23.59 % = 129.745, a true half cent → 129.75 (half even: 129.74).
        (9066, RATES_2021, "550.00", "129.75"),
        # wage 250.00 (above); 250.00 × 23.59 % = 58.975 → 58.98.
        (3632, RATES_2023, "250.00", "58.98"),
        # wage 0.91 (above); 0.91 × 23.59 % = 0.214669 → 0.21.
        (15, RATES_2021, "0.91", "0.21"),
    ],
)
def test_contributions_are_the_rounded_wage_times_the_employer_rate_R_F2(minutes, rates, wage, contributions):
    employee = money(minutes, rates=rates, employee=True)
    assert (employee.wage, employee.contributions) == (D(wage), D(contributions))
    # The same hours of a self-employed assistant: the same wage, no employer's contributions.
    self_employed = money(minutes, rates=rates, employee=False)
    assert (self_employed.wage, self_employed.contributions) == (D(wage), D("0.00"))


@pytest.mark.parametrize(
    ("employee", "he", "gen"),
    [
        # HE 120 min, transport 1.20: wage 8.26, contributions 1.95, cost 8.26 + 1.95 + 1.20 = 11.41.
        # GEN 150 min, transport 2.50: wage 10.33, contributions 2.44, cost 10.33 + 2.44 + 2.50 = 15.27.
        (True, ("8.26", "1.95", "1.20", "11.41"), ("10.33", "2.44", "2.50", "15.27")),
        # Self-employed: HE 8.26 + 0 + 1.20 = 9.46; GEN 10.33 + 0 + 2.50 = 12.83.
        (False, ("8.26", "0.00", "1.20", "9.46"), ("10.33", "0.00", "2.50", "12.83")),
    ],
)
def test_sheet_with_both_categories_employee_and_self_employed_R_F2(employee, he, gen):
    sheet = rules.sheet_money(
        minutes_he=120,
        minutes_gen=150,
        transport_he=D("1.20"),
        transport_gen=D("2.50"),
        rates=RATES_2023,
        employee=employee,
    )
    for category, (wage, contributions, transport, cost) in ((sheet.he, he), (sheet.gen, gen)):
        assert category.wage == D(wage)
        assert category.contributions == D(contributions)
        assert category.transport == D(transport)
        assert category.service_cost == D(cost)
    assert (sheet.he.minutes, sheet.gen.minutes) == (120, 150)


@pytest.mark.parametrize(
    ("purpose", "category"),
    [
        ("HIGHER_EDUCATION", "HE"),
        ("EDUCATION", "GEN"),
        ("WORK", "GEN"),
        ("VOLUNTEERING", "GEN"),
        ("DAY_CENTRE", "GEN"),
        ("MEDICAL", "GEN"),
        ("DAILY", "GEN"),
    ],
)
def test_only_higher_education_is_the_he_category_R_F2(purpose, category):
    assert rules.category_of(purpose) == category


# ---------------------------------------------------------------------------- R-F3: administration


def sums(*, he="0.00", gen="0.00", recipients=1, assistants=1, minutes=0, wages="0.00", contributions="0.00",
         transport="0.00"):  # fmt: skip
    return rules.RowSums(
        recipients=recipients,
        assistants=assistants,
        minutes=minutes,
        gross_wages=D(wages),
        employer_contributions=D(contributions),
        transport=D(transport),
        service_cost_he=D(he),
        service_cost_gen=D(gen),
    )


@pytest.mark.parametrize(
    ("he", "gen", "admin_he", "admin_gen", "admin_total"),
    [
        # 10.10 × 5 % = 0.505 → 0.51; 10.10 × 8 % = 0.808 → 0.81; 0.51 + 0.81 = 1.32. (Rounding the sum
        # instead, 0.505 + 0.808 = 1.313 → 1.31, would lose a cent: the split is rounded separately.)
        ("10.10", "10.10", "0.51", "0.81", "1.32"),
        # 11.41 × 5 % = 0.5705 → 0.57; 15.27 × 8 % = 1.2216 → 1.22; total 1.79.
        ("11.41", "15.27", "0.57", "1.22", "1.79"),
        # 0.10 × 5 % = 0.005 → 0.01 (half up); 0.78 × 8 % = 0.0624 → 0.06; total 0.07.
        ("0.10", "0.78", "0.01", "0.06", "0.07"),
        # Only HE: 100.00 × 5 % = 5.00; GEN 0.
        ("100.00", "0.00", "5.00", "0.00", "5.00"),
        # Only GEN: 100.00 × 8 % = 8.00.
        ("0.00", "100.00", "0.00", "8.00", "8.00"),
    ],
)
def test_administration_is_five_percent_he_plus_eight_percent_gen_each_rounded_R_F3(
    he, gen, admin_he, admin_gen, admin_total
):
    row = rules.row_figures(sums(he=he, gen=gen), rates=RATES_2023)
    assert (row.admin_he, row.admin_gen, row.admin_total) == (D(admin_he), D(admin_gen), D(admin_total))
    assert row.service_cost == D(he) + D(gen)
    assert row.total == D(he) + D(gen) + D(admin_total)


def test_administration_is_rounded_per_row_not_per_sheet_R_F3():
    # Two self-employed sheets of 1 GEN minute at 3.64: wage 3.64 ÷ 60 = 0.0607 → 0.06 each, cost 0.06.
    # Per sheet: 0.06 × 8 % = 0.0048 → 0.00 each, 0.00 in all. Per row: 0.12 × 8 % = 0.0096 → 0.01.
    sheet = rules.sheet_money(
        minutes_he=0, minutes_gen=1, transport_he=D(0), transport_gen=D(0), rates=RATES_2021, employee=False
    )
    assert sheet.gen.service_cost == D("0.06")
    row = rules.row_figures(
        sums(gen=str(sheet.gen.service_cost * 2), minutes=2, wages="0.12", recipients=2, assistants=2),
        rates=RATES_2021,
    )
    assert row.admin_gen == D("0.01")
    assert row.total == D("0.13")  # 0.12 + 0.01


def test_row_of_a_full_sheet_R_F3():
    # The employee's sheet above: HE cost 11.41, GEN cost 15.27; wages 8.26 + 10.33 = 18.59;
    # contributions 1.95 + 2.44 = 4.39; transport 1.20 + 2.50 = 3.70; cost 18.59 + 4.39 + 3.70 = 26.68
    # = 11.41 + 15.27. Admin 0.57 + 1.22 = 1.79; total 26.68 + 1.79 = 28.47.
    row = rules.row_figures(
        sums(he="11.41", gen="15.27", minutes=270, wages="18.59", contributions="4.39", transport="3.70"),
        rates=RATES_2023,
    )
    assert row.service_cost == D("26.68")
    assert row.admin_total == D("1.79")
    assert row.total == D("28.47")
    assert (row.recipients, row.assistants, row.minutes) == (1, 1, 270)


# ------------------------------------------------------------------------------ R-F1: dated rates


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (dt.date(2021, 7, 1), RATES_2021),  # the first month of the first rates
        (dt.date(2023, 3, 1), RATES_2021),  # the month before the change
        (dt.date(2023, 3, 31), RATES_2021),  # any day of the month names the month
        (dt.date(2023, 4, 1), RATES_2023),  # changed on the 1st: the whole of April at 4.13
        (dt.date(2023, 4, 30), RATES_2023),
        (dt.date(2026, 1, 1), RATES_2023),
    ],
)
def test_rates_in_force_on_the_first_of_the_month_apply_R_F1(month, expected):
    assert rules.rates_for_month(TABLE, month) == expected
    assert rules.rates_for_month(list(reversed(TABLE)), month) == expected  # order of the table is irrelevant


def test_rate_changed_on_the_second_applies_from_the_next_month_R_F1():
    second = rules.Rates(dt.date(2024, 5, 2), D("5.00"), D("23.59"), D("5"), D("8"))
    table = [*TABLE, second]
    assert rules.rates_for_month(table, dt.date(2024, 5, 1)) == RATES_2023  # 02.05 is not in force on 01.05
    assert rules.rates_for_month(table, dt.date(2024, 5, 20)) == RATES_2023
    assert rules.rates_for_month(table, dt.date(2024, 6, 1)) == second


@pytest.mark.parametrize("table", [TABLE, []])
def test_no_rate_in_force_raises_R_F1(table):
    with pytest.raises(rules.NoRateError) as raised:
        rules.rates_for_month(table, dt.date(2021, 6, 15))  # before 01.07.2021
    assert raised.value.args[0] == dt.date(2021, 6, 1)


# ------------------------------------------------------------------------------------ total_of


def figures(recipients, assistants, minutes, wages, contributions, transport, he, gen, admin_he, admin_gen):
    return rules.RowFigures(
        recipients=recipients,
        assistants=assistants,
        minutes=minutes,
        gross_wages=D(wages),
        employer_contributions=D(contributions),
        transport=D(transport),
        service_cost_he=D(he),
        service_cost_gen=D(gen),
        admin_he=D(admin_he),
        admin_gen=D(admin_gen),
    )


def test_total_is_the_sum_of_the_rows_R_F3():
    riga = figures(3, 2, 270, "18.59", "4.39", "3.70", "11.41", "15.27", "0.57", "1.22")
    liepaja = figures(1, 1, 30, "2.07", "0.00", "0.00", "0.00", "2.07", "0.00", "0.17")
    total = rules.total_of([riga, liepaja])
    # 3 + 1 recipients; 2 + 1 assistants; 270 + 30 minutes; wages 18.59 + 2.07 = 20.66; contributions 4.39;
    # transport 3.70; HE 11.41; GEN 15.27 + 2.07 = 17.34; admin HE 0.57; GEN 1.22 + 0.17 = 1.39;
    # admin 1.96; service cost 28.75; total 28.75 + 1.96 = 30.71.
    assert total == figures(4, 3, 300, "20.66", "4.39", "3.70", "11.41", "17.34", "0.57", "1.39")
    assert total.admin_total == D("1.96")
    assert total.total == D("30.71")
    assert rules.total_of([]).total == D("0.00")


# ------------------------------------------------------------------------------------ properties

cents = st.integers(min_value=0, max_value=10_000_000).map(lambda n: D(n).scaleb(-2))
rates_strategy = st.builds(
    rules.Rates,
    valid_from=st.just(dt.date(2021, 7, 1)),
    gross_hourly=st.integers(min_value=1, max_value=200_000).map(lambda n: D(n).scaleb(-4)),
    employer_percent=st.integers(min_value=0, max_value=9_999).map(lambda n: D(n).scaleb(-2)),
    admin_he_percent=st.integers(min_value=0, max_value=9_999).map(lambda n: D(n).scaleb(-2)),
    admin_gen_percent=st.integers(min_value=0, max_value=9_999).map(lambda n: D(n).scaleb(-2)),
)
row_strategy = st.builds(
    rules.RowFigures,
    recipients=st.integers(0, 5000),
    assistants=st.integers(0, 5000),
    minutes=st.integers(0, 10_000_000),
    gross_wages=cents,
    employer_contributions=cents,
    transport=cents,
    service_cost_he=cents,
    service_cost_gen=cents,
    admin_he=cents,
    admin_gen=cents,
)


@given(st.lists(row_strategy, max_size=45))
def test_national_total_equals_the_sum_of_its_rows_R_F3(rows):
    total = rules.total_of(rows)
    for name in (
        "recipients", "assistants", "minutes", "gross_wages", "employer_contributions", "transport",
        "service_cost_he", "service_cost_gen", "admin_he", "admin_gen", "admin_total", "service_cost",
        "total",
    ):  # fmt: skip
        assert getattr(total, name) == sum((getattr(row, name) for row in rows), 0), name
    assert total.total == sum((row.total for row in rows), D(0))


sheet_strategy = st.fixed_dictionaries(
    {
        "minutes_he": st.integers(0, 20_000),
        "minutes_gen": st.integers(0, 20_000),
        "transport_he": st.integers(0, 100_000).map(lambda n: D(n).scaleb(-2)),
        "transport_gen": st.integers(0, 100_000).map(lambda n: D(n).scaleb(-2)),
        "employee": st.booleans(),
    }
)


@given(sheet_strategy, rates_strategy)
def test_sheet_money_properties_R_F2(sheet, rates):
    money = rules.sheet_money(rates=rates, **sheet)
    for category, minutes, transport in (
        (money.he, sheet["minutes_he"], sheet["transport_he"]),
        (money.gen, sheet["minutes_gen"], sheet["transport_gen"]),
    ):
        assert category.minutes == minutes
        assert category.wage >= 0
        assert category.wage == category.wage.quantize(D("0.01"))
        # Within half a cent of the exact wage.
        assert abs(category.wage - D(minutes) * rates.gross_hourly / 60) <= D("0.005")
        if not sheet["employee"]:
            assert category.contributions == 0
        else:
            assert abs(category.contributions - category.wage * rates.employer_percent / 100) <= D("0.005")
        assert category.transport == transport
        assert category.service_cost == category.wage + category.contributions + category.transport


@given(st.lists(sheet_strategy, min_size=1, max_size=20), rates_strategy)
def test_administration_on_the_row_is_rounded_once_per_category_R_F3(sheets, rates):
    monies = [rules.sheet_money(rates=rates, **sheet) for sheet in sheets]
    sum_he = sum((m.he.service_cost for m in monies), D(0))
    sum_gen = sum((m.gen.service_cost for m in monies), D(0))
    row = rules.row_figures(
        rules.RowSums(
            recipients=len(sheets),
            assistants=len(sheets),
            minutes=sum(m.he.minutes + m.gen.minutes for m in monies),
            gross_wages=sum((m.he.wage + m.gen.wage for m in monies), D(0)),
            employer_contributions=sum((m.he.contributions + m.gen.contributions for m in monies), D(0)),
            transport=sum((m.he.transport + m.gen.transport for m in monies), D(0)),
            service_cost_he=sum_he,
            service_cost_gen=sum_gen,
        ),
        rates=rates,
    )

    # Rounded half up here, independently of core.money.
    def half_up(amount):
        return amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)

    expected_he = half_up(sum_he * rates.admin_he_percent / 100)
    expected_gen = half_up(sum_gen * rates.admin_gen_percent / 100)
    assert (row.admin_he, row.admin_gen) == (expected_he, expected_gen)
    assert row.admin_total == expected_he + expected_gen
    assert row.total == sum_he + sum_gen + expected_he + expected_gen
    assert row.service_cost == row.gross_wages + row.employer_contributions + row.transport
