"""Policy simulation (R-S2): the current caseload run through another rule set, beside the one in force.

Pure: no ORM. A case is one person's latest decided evidence (the stored inputs of their grant, or of a
refusal for insufficient need) and the questionnaire total; a rule set is its numbers. For each case and
rule set the allocation rules of assistance (R-A2–R-A7) give the hours of the simulated months; the money is
R-F2/R-F3 at the current rates for an employee-like assistant, without transport.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assistance import rules as allocation_rules
from core.money import ZERO, round_eur
from reporting.rules import HIGHER_EDUCATION, HUNDRED, Rates

YEAR_MONTHS = 12


@dataclass(frozen=True)
class RuleSetNumbers:
    """What the simulation needs of a rule set (R-S1)."""

    label: str
    numbers: allocation_rules.RuleNumbers
    threshold_need: int
    threshold_high: int
    coefficient_base: Decimal
    coefficient_high: Decimal
    adult_max_age: int | None = None


@dataclass(frozen=True)
class Case:
    """One person of the caseload: `inputs` as the decision used them (start, evidence, coefficient), and
    the questionnaire total (None for a child). `end` is the day the grant ended early because a later
    decision superseded it (None: it runs its natural course under the simulated rule set); `later` holds the
    person's later grants within the simulated months (a re-assessment), each with its own evidence."""

    key: int
    municipality_id: int
    inputs: allocation_rules.AllocationInput
    points: int | None
    end: dt.date | None = None
    later: tuple[Case, ...] = ()


@dataclass(frozen=True)
class CaseOutcome:
    hours: tuple[int, ...]  # per simulated month
    he_hours: tuple[int, ...]  # of which higher education

    @property
    def eligible(self) -> bool:
        return self.hours[0] > 0


def months_from(first: dt.date, count: int = YEAR_MONTHS) -> tuple[dt.date, ...]:
    months, month = [], first.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return tuple(months)


def coefficient_for(points: int, rule_set: RuleSetNumbers) -> Decimal | None:
    """R-Q3 under the simulated thresholds: None when the total shows no need."""
    if points < rule_set.threshold_need:
        return None
    return rule_set.coefficient_high if points >= rule_set.threshold_high else rule_set.coefficient_base


def month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def outcome(case: Case, rule_set: RuleSetNumbers, months: Sequence[dt.date]) -> CaseOutcome:
    """The hours of each month for one case under one rule set (0 when not eligible): the sum over the
    person's grants in the simulated months, each capped on its own as the stored allocations are."""
    hours, he_hours = [0] * len(months), [0] * len(months)
    for grant in (case, *case.later):
        for index, (total, he) in enumerate(_grant_hours(grant, rule_set, months)):
            hours[index] += total
            he_hours[index] += he
    return CaseOutcome(hours=tuple(hours), he_hours=tuple(he_hours))


def _grant_hours(case: Case, rule_set: RuleSetNumbers, months: Sequence[dt.date]) -> list[tuple[int, int]]:
    """(month total, of which higher education) for each simulated month of one grant."""
    nothing = [(0, 0)] * len(months)
    inputs = case.inputs
    first, end = months[0], month_end(months[-1])
    if case.end is not None:
        end = min(end, case.end)
    if not inputs.is_child:
        if case.points is None:
            return nothing
        coefficient = coefficient_for(case.points, rule_set)
        if coefficient is None:
            return nothing
        inputs = dataclasses.replace(inputs, coefficient=coefficient)
        if rule_set.adult_max_age is not None:
            # Served up to the oldest age: until the day before the next birthday after it (V3).
            older = allocation_rules.add_years(inputs.birth_date, rule_set.adult_max_age + 1)
            end = min(end, older - dt.timedelta(days=1))
    natural_end, _reason = allocation_rules.grant_end(inputs, rule_set.numbers.max_years)
    end = min(end, natural_end)
    if inputs.start < first:
        # The months before the simulated ones are not needed; with the grant's end fixed above, starting
        # the schedule at the first simulated month gives the same hours for every month from it.
        inputs = dataclasses.replace(inputs, start=first)
    if end < inputs.start:
        return nothing
    try:
        schedule = allocation_rules.allocate(inputs, rule_set.numbers, end=end)
    except allocation_rules.AllocationError:
        return nothing
    by_month = {month.month: month for month in schedule.months}
    result = []
    for month_first in months:
        month = by_month.get(month_first)
        if month is None:
            result.append((0, 0))
            continue
        total = month.total
        he = sum(line.hours for line in month.lines if line.purpose == HIGHER_EDUCATION)
        result.append((total, min(he, total)))
    return result


def hours_cost(hours: int, he_hours: int, rates: Rates) -> Decimal:
    """R-F2/R-F3 for planned hours: gross pay with the employer's contributions (an employee-like
    assistant, the costlier case) and the administration of the category, rounded to cents."""
    hourly = rates.gross_hourly * (HUNDRED + rates.employer_percent) / HUNDRED
    he = Decimal(he_hours) * hourly * (HUNDRED + rates.admin_he_percent) / HUNDRED
    gen = Decimal(hours - he_hours) * hourly * (HUNDRED + rates.admin_gen_percent) / HUNDRED
    return round_eur(he) + round_eur(gen)


@dataclass(frozen=True)
class Totals:
    recipients: int = 0  # eligible with hours in the first month
    hours_month: int = 0
    cost_month: Decimal = ZERO
    cost_year: Decimal = ZERO

    def plus(self, other: Totals) -> Totals:
        return Totals(
            self.recipients + other.recipients,
            self.hours_month + other.hours_month,
            self.cost_month + other.cost_month,
            self.cost_year + other.cost_year,
        )


# Bands of the change in a person's hours in the first month (R-S2: counts, never names).
BANDS = (
    "gain_service", "plus_40", "plus_20", "plus_1", "unchanged",
    "minus_1", "minus_20", "minus_40", "lose_service",
)  # fmt: skip


def band_of(baseline: int, candidate: int) -> str:
    if baseline == 0 and candidate > 0:
        return "gain_service"
    if baseline > 0 and candidate == 0:
        return "lose_service"
    delta = candidate - baseline
    if delta >= 40:
        return "plus_40"
    if delta >= 20:
        return "plus_20"
    if delta >= 1:
        return "plus_1"
    if delta == 0:
        return "unchanged"
    if delta > -20:
        return "minus_1"
    if delta > -40:
        return "minus_20"
    return "minus_40"


@dataclass(frozen=True)
class MunicipalityResult:
    municipality_id: int
    baseline: Totals
    candidate: Totals


@dataclass(frozen=True)
class Result:
    months: tuple[dt.date, ...]
    cases: int
    baseline: Totals
    candidate: Totals
    municipalities: tuple[MunicipalityResult, ...]
    bands: dict[str, int] = field(default_factory=dict)
    hours_gained: int = 0  # sum of the increases in the first month
    hours_lost: int = 0  # sum of the decreases in the first month


def _totals(result: CaseOutcome, rates: Rates) -> Totals:
    costs = [hours_cost(h, he, rates) for h, he in zip(result.hours, result.he_hours, strict=True)]
    return Totals(
        recipients=1 if result.eligible else 0,
        hours_month=result.hours[0],
        cost_month=costs[0],
        cost_year=sum(costs, ZERO),
    )


def simulate(
    cases: Iterable[Case],
    *,
    baseline: RuleSetNumbers,
    candidate: RuleSetNumbers,
    months: Sequence[dt.date],
    rates: Rates,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """R-S2: every case under both rule sets; totals overall and per municipality, and the bands."""
    months = tuple(months)
    overall_base, overall_cand = Totals(), Totals()
    per_muni: dict[int, list[Totals]] = {}
    bands = dict.fromkeys(BANDS, 0)
    gained = lost = count = 0
    for case in cases:
        base = outcome(case, baseline, months)
        cand = outcome(case, candidate, months)
        base_totals, cand_totals = _totals(base, rates), _totals(cand, rates)
        overall_base = overall_base.plus(base_totals)
        overall_cand = overall_cand.plus(cand_totals)
        muni = per_muni.setdefault(case.municipality_id, [Totals(), Totals()])
        muni[0] = muni[0].plus(base_totals)
        muni[1] = muni[1].plus(cand_totals)
        if base.hours[0] or cand.hours[0]:
            bands[band_of(base.hours[0], cand.hours[0])] += 1
        delta = cand.hours[0] - base.hours[0]
        gained += max(delta, 0)
        lost += max(-delta, 0)
        count += 1
        if progress is not None and count % 500 == 0:
            progress(count)
    return Result(
        months=months,
        cases=count,
        baseline=overall_base,
        candidate=overall_cand,
        municipalities=tuple(
            MunicipalityResult(pk, totals[0], totals[1]) for pk, totals in sorted(per_muni.items())
        ),
        bands=bands,
        hours_gained=gained,
        hours_lost=lost,
    )
