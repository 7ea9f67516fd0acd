"""The pure policy-simulation rules (R-S2) on top of the allocation rules (R-Q3, R-A2–R-A7, R-S1) and the
money of R-F1–R-F3. Every expected figure is computed by hand in the comment beside it.

The rule sets are written out here from the table of R-S1, not read from the code under test."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistance.rules import AllocationInput, PurposeRequest, RuleNumbers
from reporting.rules import Rates
from reporting.simulation_rules import (
    BANDS,
    Case,
    RuleSetNumbers,
    band_of,
    hours_cost,
    months_from,
    outcome,
    simulate,
)

D = Decimal
JAN = dt.date(2026, 1, 1)
APR = dt.date(2026, 4, 1)
YEAR = months_from(JAN)  # January–December 2026
RATES = Rates(
    valid_from=dt.date(2023, 4, 1),
    gross_hourly=D("4.13"),
    employer_percent=D("23.59"),
    admin_he_percent=D("5"),
    admin_gen_percent=D("8"),
)


def numbers(code, *, work, education, other, daily, child, high, need=12, high_at=24, max_age=None):
    return RuleSetNumbers(
        label=code,
        numbers=RuleNumbers(
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
        ),
        threshold_need=need,
        threshold_high=high_at,
        coefficient_base=D("1"),
        coefficient_high=D(high),
        adult_max_age=max_age,
    )


# R-S1's table: WORK / EDUCATION, HIGHER_EDUCATION / VOLUNTEERING, DAY_CENTRE, MEDICAL / DAILY / child / high.
V1 = numbers("V1", work=80, education=60, other=40, daily=15, child=80, high="2")
V2 = numbers("V2", work=80, education=60, other=40, daily=15, child=80, high="1.5")
V3 = numbers("V3", work=80, education=60, other=40, daily=15, child=80, high="2", max_age=65)
V5 = numbers("V5", work=55, education=35, other=15, daily=10, child=65, high="2")


def adult(
    points=12, *, start=dt.date(2025, 1, 1), purposes=(), born=dt.date(1980, 5, 17), key=1, muni=1, **facts
):
    inputs = AllocationInput(
        start=start,
        birth_date=born,
        is_child=False,
        coefficient=D("1"),  # as the decision used it; the simulation derives its own from the points
        purposes=tuple(PurposeRequest(*p) if isinstance(p, tuple) else PurposeRequest(p) for p in purposes),
        disability_group=facts.pop("group", "II"),
        **facts,
    )
    return Case(key=key, municipality_id=muni, inputs=inputs, points=points)


def child(*, start=dt.date(2025, 1, 1), born=dt.date(2015, 6, 1), key=1, muni=1, **facts):
    inputs = AllocationInput(start=start, birth_date=born, is_child=True, coefficient=None, **facts)
    return Case(key=key, municipality_id=muni, inputs=inputs, points=None)


def january(case, rule_set) -> int:
    return outcome(case, rule_set, YEAR).hours[0]


# ------------------------------------------------------------------------------------------ hours


def test_base_coefficient_adult_gets_daily_hours_of_the_rule_set_R_Q3_R_A1_R_S1():
    # 12–23 points: coefficient 1; every adult gets DAILY: V1 15 h, V5 10 h in a full month.
    for points in (12, 23):
        assert january(adult(points), V1) == 15
        assert january(adult(points), V5) == 10


def test_work_adds_its_base_hours_R_A2():
    case = adult(12, purposes=["WORK"])
    assert january(case, V1) == 95  # WORK 80 + DAILY 15
    assert january(case, V5) == 65  # WORK 55 + DAILY 10


def test_high_coefficient_doubles_and_the_weekly_cap_holds_R_Q3_R_A4_R_A6():
    case = adult(24, purposes=["WORK"])
    result = outcome(case, V1, YEAR)
    # ×2: WORK 160 + DAILY 30 = 190; January (31 days): cap floor(40 × 31 ÷ 7) = floor(177.14) = 177
    assert result.hours[0] == 177
    # February 2026 (28 days): cap floor(40 × 28 ÷ 7) = 160
    assert result.hours[1] == 160
    # April (30 days): cap floor(40 × 30 ÷ 7) = floor(171.43) = 171
    assert result.hours[3] == 171
    # V5 ×2: WORK 110 + DAILY 20 = 130, below every cap
    assert outcome(case, V5, YEAR).hours[:4] == (130, 130, 130, 130)


def test_vision_group_one_with_the_allowance_has_the_30_hour_week_R_A4():
    case = adult(36, purposes=["WORK"], group="I", vision_limitation=True, assistant_allowance=True)
    # 190 h wanted; January: floor(30 × 31 ÷ 7) = floor(132.86) = 132
    assert january(case, V1) == 132


def test_v2_high_coefficient_rounds_half_up_R_S2_R_A2():
    # ×1.5: DAILY 15 × 1.5 = 22.5 → 23; WORK 80 × 1.5 = 120; MEDICAL 40 × 1.5 = 60
    assert january(adult(24), V2) == 23
    assert january(adult(30, purposes=["WORK"]), V2) == 143  # 120 + 23
    assert january(adult(24, purposes=["MEDICAL"]), V2) == 83  # 60 + 23
    assert january(adult(23), V2) == 15  # 23 points: still coefficient 1


def test_child_gets_the_fixed_hours_without_coefficient_R_A5():
    assert january(child(), V1) == 80
    assert january(child(), V5) == 65
    assert january(child(), V2) == 80  # V2's 1.5 does not touch a child


def test_v3_serves_adults_up_to_the_oldest_age_only_R_S1():
    older = adult(12, born=dt.date(1950, 3, 10))  # 75 in January 2026
    assert january(older, V1) == 15
    assert outcome(older, V3, YEAR).hours == (0,) * 12
    assert january(adult(12, born=dt.date(1980, 5, 17)), V3) == 15  # 45
    assert january(child(), V3) == 80  # children are served under V3
    # 65 in January, 66 on 16.07.2026: served until 15.07; July: DAILY 15 × 15 ÷ 31 = 7.26 → 7
    turning = outcome(adult(12, born=dt.date(1960, 7, 16)), V3, YEAR)
    assert turning.hours[:6] == (15,) * 6
    assert turning.hours[6] == 7
    assert turning.hours[7:] == (0,) * 5


def test_points_below_the_threshold_give_no_hours_R_Q3():
    assert outcome(adult(11), V1, YEAR).hours == (0,) * 12
    lower = dataclasses.replace(V1, label="draft", threshold_need=8)
    assert january(adult(11), lower) == 15
    assert january(adult(7), lower) == 0


def test_partial_first_month_when_the_grant_starts_mid_month_R_A6():
    case = adult(12, start=dt.date(2026, 1, 16), purposes=["WORK"])
    result = outcome(case, V1, YEAR)
    # 16 of 31 days: WORK 80 × 16 ÷ 31 = 41.29 → 41; DAILY 15 × 16 ÷ 31 = 7.74 → 8;
    # cap floor(40 × 16 ÷ 7) = 91
    assert result.hours[0] == 49
    assert result.hours[1] == 95


def test_a_grant_ending_within_the_year_has_fewer_months_R_A7():
    case = adult(12, start=dt.date(2025, 6, 1), disability_valid_until=dt.date(2026, 3, 20))
    # March: 20 of 31 days: DAILY 15 × 20 ÷ 31 = 9.68 → 10 (cap floor(40 × 20 ÷ 7) = 114)
    assert outcome(case, V1, YEAR).hours == (15, 15, 10) + (0,) * 9
    # Five years − 1 day from 01.07.2021: the grant ends on 30.06.2026 (R-A7)
    old = adult(12, start=dt.date(2021, 7, 1))
    assert outcome(old, V1, YEAR).hours == (15,) * 6 + (0,) * 6


def test_a_child_grant_ends_the_day_before_the_18th_birthday_R_A7():
    # Born 16.05.2008: 18 on 16.05.2026, the grant ends 15.05; May: 80 × 15 ÷ 31 = 38.71 → 39
    assert outcome(child(born=dt.date(2008, 5, 16)), V1, YEAR).hours == (80,) * 4 + (39,) + (0,) * 7


def test_higher_education_only_within_the_study_period_and_counted_apart_R_A3():
    case = adult(12, purposes=[("HIGHER_EDUCATION", dt.date(2025, 9, 1), dt.date(2026, 6, 15))])
    result = outcome(case, V1, YEAR)
    assert (result.hours[0], result.he_hours[0]) == (75, 60)  # HE 60 + DAILY 15
    # June: 15 of 30 study days: HE 60 × 15 ÷ 30 = 30; + DAILY 15
    assert (result.hours[5], result.he_hours[5]) == (45, 30)
    assert (result.hours[6], result.he_hours[6]) == (15, 0)  # July: outside the study period


def test_a_superseded_grant_and_its_successor_add_up_in_the_month_of_the_change_R_A6():
    # Re-assessment: the first grant (12 points) was cut on 15.04.2026, the next (24 points) starts 16.04.
    later = adult(24, start=dt.date(2026, 4, 16))
    case = dataclasses.replace(adult(12), end=dt.date(2026, 4, 15), later=(later,))
    result = outcome(case, V1, YEAR)
    # April (30 days), 15 + 15 days: DAILY 15 × 15 ÷ 30 = 7.5 → 8; DAILY 30 × 15 ÷ 30 = 15 (caps 85 each)
    assert result.hours[:5] == (15, 15, 15, 23, 30)
    assert result.hours[11] == 30


# ------------------------------------------------------------------------------------------ bands


@pytest.mark.parametrize(
    ("baseline", "candidate", "band"),
    [
        (0, 5, "gain_service"),
        (5, 0, "lose_service"),
        (10, 50, "plus_40"),  # +40
        (10, 49, "plus_20"),  # +39
        (10, 30, "plus_20"),  # +20
        (10, 29, "plus_1"),  # +19
        (10, 11, "plus_1"),  # +1
        (10, 10, "unchanged"),
        (10, 9, "minus_1"),  # −1
        (30, 11, "minus_1"),  # −19
        (30, 10, "minus_20"),  # −20
        (50, 11, "minus_20"),  # −39
        (50, 10, "minus_40"),  # −40
        (177, 1, "minus_40"),
    ],
)
def test_band_of_every_edge_R_S2(baseline, candidate, band):
    assert band_of(baseline, candidate) == band


# ------------------------------------------------------------------------------------------ money


def test_hours_cost_at_the_4_13_rate_R_F1_R_F2_R_F3():
    # 1 h: 4.13 × 1.2359 = 5.104267; GEN × 1.08 = 5.51260836; HE × 1.05 = 5.35948035
    assert hours_cost(95, 0, RATES) == D("523.70")  # 95 × 5.51260836 = 523.6977942
    assert hours_cost(15, 0, RATES) == D("82.69")  # 82.6891254
    assert hours_cost(80, 0, RATES) == D("441.01")  # 441.0086688
    # 60 HE h: 321.568821 → 321.57; 15 GEN h: 82.69 → 404.26
    assert hours_cost(75, 60, RATES) == D("404.26")
    assert hours_cost(0, 0, RATES) == D("0.00")


def test_hours_cost_rounds_half_up_to_cents_R_F1():
    rates = dataclasses.replace(
        RATES, gross_hourly=D("0.03"), employer_percent=D("0"), admin_gen_percent=D("50")
    )
    # 0.03 × 1.5 = 0.045 → 0.05 half up (half-even would give 0.04)
    assert hours_cost(1, 0, rates) == D("0.05")


# ------------------------------------------------------------------------------------------ simulate


def small_caseload():
    return [
        adult(12, key=1, muni=1),  # V1 15, V5 10
        adult(20, key=2, muni=1, purposes=["WORK"]),  # V1 95, V5 65
        child(key=3, muni=2),  # V1 80, V5 65
        adult(5, key=4, muni=2),  # no need under either
    ]


def test_simulate_v5_against_v1_by_hand_R_S2():
    result = simulate(small_caseload(), baseline=V1, candidate=V5, months=YEAR, rates=RATES)
    assert result.cases == 4
    # V1: 15 + 95 + 80 = 190 h; 82.69 + 523.70 + 441.01 = 1047.40 EUR; every month the same → × 12
    assert (result.baseline.recipients, result.baseline.hours_month) == (3, 190)
    assert (result.baseline.cost_month, result.baseline.cost_year) == (D("1047.40"), D("12568.80"))
    # V5: 10 + 65 + 65 = 140 h; 55.13 (55.1260836) + 358.32 (358.3195434) × 2 = 771.77
    assert (result.candidate.recipients, result.candidate.hours_month) == (3, 140)
    assert (result.candidate.cost_month, result.candidate.cost_year) == (D("771.77"), D("9261.24"))
    # −5, −30, −15
    assert result.bands == dict.fromkeys(BANDS, 0) | {"minus_1": 2, "minus_20": 1}
    assert (result.hours_gained, result.hours_lost) == (0, 50)
    rows = {row.municipality_id: row for row in result.municipalities}
    assert (rows[1].baseline.hours_month, rows[1].baseline.cost_month) == (110, D("606.39"))  # 82.69 + 523.70
    assert (rows[1].candidate.hours_month, rows[1].candidate.cost_month) == (
        75,
        D("413.45"),
    )  # 55.13 + 358.32
    assert (rows[2].baseline.recipients, rows[2].baseline.hours_month) == (1, 80)
    assert (rows[2].candidate.recipients, rows[2].candidate.cost_month) == (1, D("358.32"))


def test_a_lower_threshold_makes_a_refused_person_gain_the_service_R_S2():
    draft = dataclasses.replace(V1, label="draft", threshold_need=8)
    result = simulate([adult(10)], baseline=V1, candidate=draft, months=YEAR, rates=RATES)
    assert result.bands["gain_service"] == 1
    assert (result.baseline.recipients, result.candidate.recipients) == (0, 1)
    assert result.hours_gained == 15


def test_progress_is_reported_every_500_cases():
    seen = []
    simulate([adult(12, key=n) for n in range(1001)], baseline=V1, candidate=V5, months=YEAR[:1], rates=RATES,
             progress=seen.append)  # fmt: skip
    assert seen == [500, 1000]


# ------------------------------------------------------------------------------------------ properties

PURPOSES = ["WORK", "EDUCATION", "HIGHER_EDUCATION", "VOLUNTEERING", "DAY_CENTRE", "MEDICAL"]


@st.composite
def cases(draw):
    count = draw(st.integers(min_value=0, max_value=8))
    result = []
    for key in range(count):
        start = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 700)))
        muni = draw(st.integers(1, 3))
        if draw(st.booleans()) and draw(st.booleans()):
            born = dt.date(2008, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3000)))
            result.append(child(start=start, born=born, key=key, muni=muni))
            continue
        chosen = draw(st.lists(st.sampled_from(PURPOSES), unique=True, max_size=3))
        purposes = [(p, dt.date(2025, 9, 1), dt.date(2026, 6, 30)) if "EDUCATION" in p else p for p in chosen]
        valid_until = draw(st.one_of(st.none(), st.dates(dt.date(2025, 6, 1), dt.date(2028, 1, 1))))
        born = dt.date(1940, 1, 1) + dt.timedelta(days=draw(st.integers(0, 25000)))
        vision = draw(st.booleans())
        result.append(
            adult(
                draw(st.integers(0, 36)), start=start, purposes=purposes, born=born, key=key, muni=muni,
                disability_valid_until=valid_until, group="I" if vision else "II",
                vision_limitation=vision, assistant_allowance=vision,
            )
        )  # fmt: skip
    return result


RULE_SETS = st.sampled_from([V1, V2, V3, V5])


@settings(max_examples=60, deadline=None)
@given(cases(), RULE_SETS, RULE_SETS)
def test_totals_are_the_sums_of_the_municipality_rows_R_S2(caseload, baseline, candidate):
    result = simulate(caseload, baseline=baseline, candidate=candidate, months=YEAR, rates=RATES)
    for side in ("baseline", "candidate"):
        rows = [getattr(row, side) for row in result.municipalities]
        total = getattr(result, side)
        assert total.recipients == sum(row.recipients for row in rows)
        assert total.hours_month == sum(row.hours_month for row in rows)
        assert total.cost_month == sum((row.cost_month for row in rows), D("0"))
        assert total.cost_year == sum((row.cost_year for row in rows), D("0"))
    with_hours = sum(
        1
        for case in caseload
        if outcome(case, baseline, YEAR).hours[0] or outcome(case, candidate, YEAR).hours[0]
    )
    assert sum(result.bands.values()) == with_hours
    assert result.cases == len(caseload)
    assert (
        result.candidate.hours_month - result.baseline.hours_month == result.hours_gained - result.hours_lost
    )


@settings(max_examples=40, deadline=None)
@given(cases(), RULE_SETS)
def test_a_rule_set_against_itself_changes_nothing_R_S2(caseload, rule_set):
    result = simulate(caseload, baseline=rule_set, candidate=rule_set, months=YEAR, rates=RATES)
    assert result.baseline == result.candidate
    assert result.bands["unchanged"] == sum(result.bands.values()) == result.baseline.recipients
    assert (result.hours_gained, result.hours_lost) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(cases(), RULE_SETS)
def test_no_month_exceeds_the_weekly_cap_R_A6(caseload, rule_set):
    for case in caseload:
        for month, hours in zip(YEAR, outcome(case, rule_set, YEAR).hours, strict=True):
            days = ((month + dt.timedelta(days=32)).replace(day=1) - month).days
            assert hours <= 40 * days // 7
