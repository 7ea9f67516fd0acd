"""The money of the assistant service (R-F1–R-F3) and of repayments (R-R1). Pure functions, Decimal only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.money import ZERO, round_eur

HIGHER_EDUCATION = "HIGHER_EDUCATION"
HUNDRED = Decimal(100)
SIXTY = Decimal(60)


def category_of(purpose: str) -> str:
    """R-F2: `HE` for higher education (5 % administration), `GEN` for every other purpose (8 %)."""
    return "HE" if purpose == HIGHER_EDUCATION else "GEN"


@dataclass(frozen=True)
class Rates:
    """R-F1: one dated set of rates. Percentages as written (23.59 means 23.59 %)."""

    valid_from: dt.date
    gross_hourly: Decimal
    employer_percent: Decimal
    admin_he_percent: Decimal
    admin_gen_percent: Decimal


class NoRateError(LookupError):
    """No rate was in force on the first day of the month."""


def rates_for_month(rates: Iterable[Rates], month: dt.date) -> Rates:
    """R-F1: the rates in force on the first day of the service month apply to the whole month."""
    first = month.replace(day=1)
    in_force = [rate for rate in rates if rate.valid_from <= first]
    if not in_force:
        raise NoRateError(first)
    return max(in_force, key=lambda rate: rate.valid_from)


@dataclass(frozen=True)
class CategoryMoney:
    """R-F2 for one sheet and one category."""

    minutes: int
    wage: Decimal
    contributions: Decimal
    transport: Decimal

    @property
    def service_cost(self) -> Decimal:
        return self.wage + self.contributions + self.transport


def category_money(*, minutes: int, transport: Decimal, rates: Rates, employee: bool) -> CategoryMoney:
    """R-F2: wage = round(minutes × gross ÷ 60); contributions = round(wage × employer rate) for an
    employee-like assistant, else 0; transport as entered."""
    wage = round_eur(Decimal(minutes) * rates.gross_hourly / SIXTY)
    contributions = round_eur(wage * rates.employer_percent / HUNDRED) if employee else ZERO
    return CategoryMoney(
        minutes=minutes, wage=wage, contributions=contributions, transport=round_eur(transport)
    )


@dataclass(frozen=True)
class SheetMoney:
    he: CategoryMoney
    gen: CategoryMoney


def sheet_money(
    *,
    minutes_he: int,
    minutes_gen: int,
    transport_he: Decimal,
    transport_gen: Decimal,
    rates: Rates,
    employee: bool,
) -> SheetMoney:
    """R-F2 for one accepted sheet: both categories."""
    return SheetMoney(
        he=category_money(minutes=minutes_he, transport=transport_he, rates=rates, employee=employee),
        gen=category_money(minutes=minutes_gen, transport=transport_gen, rates=rates, employee=employee),
    )


@dataclass(frozen=True)
class RowSums:
    """The sums of the sheets of one report row, as the database adds them up."""

    recipients: int
    assistants: int
    minutes: int
    gross_wages: Decimal
    employer_contributions: Decimal
    transport: Decimal
    service_cost_he: Decimal
    service_cost_gen: Decimal


@dataclass(frozen=True)
class RowFigures:
    """R-F3: one row of the report, administration split and total."""

    recipients: int
    assistants: int
    minutes: int
    gross_wages: Decimal
    employer_contributions: Decimal
    transport: Decimal
    service_cost_he: Decimal
    service_cost_gen: Decimal
    admin_he: Decimal
    admin_gen: Decimal

    @property
    def service_cost(self) -> Decimal:
        return self.service_cost_he + self.service_cost_gen

    @property
    def admin_total(self) -> Decimal:
        return self.admin_he + self.admin_gen

    @property
    def total(self) -> Decimal:
        return self.service_cost + self.admin_total


def row_figures(sums: RowSums, *, rates: Rates) -> RowFigures:
    """R-F3: administration = round(service cost HE × 5 %) + round(service cost GEN × 8 %)."""
    return RowFigures(
        recipients=sums.recipients,
        assistants=sums.assistants,
        minutes=sums.minutes,
        gross_wages=sums.gross_wages,
        employer_contributions=sums.employer_contributions,
        transport=sums.transport,
        service_cost_he=sums.service_cost_he,
        service_cost_gen=sums.service_cost_gen,
        admin_he=round_eur(sums.service_cost_he * rates.admin_he_percent / HUNDRED),
        admin_gen=round_eur(sums.service_cost_gen * rates.admin_gen_percent / HUNDRED),
    )


def total_of(rows: Sequence[RowFigures]) -> RowFigures:
    """The total row (the national `TOTAL`, a municipality's month with its adjustments): the sum of the rows,
    so that the total always equals the sum of what is shown above it."""
    return RowFigures(
        recipients=sum(row.recipients for row in rows),
        assistants=sum(row.assistants for row in rows),
        minutes=sum(row.minutes for row in rows),
        gross_wages=sum((row.gross_wages for row in rows), ZERO),
        employer_contributions=sum((row.employer_contributions for row in rows), ZERO),
        transport=sum((row.transport for row in rows), ZERO),
        service_cost_he=sum((row.service_cost_he for row in rows), ZERO),
        service_cost_gen=sum((row.service_cost_gen for row in rows), ZERO),
        admin_he=sum((row.admin_he for row in rows), ZERO),
        admin_gen=sum((row.admin_gen for row in rows), ZERO),
    )


# ----------------------------------------------------------------------------------------- repayment


@dataclass(frozen=True)
class UnjustifiedSheet:
    """The unjustified part of one accepted sheet (R-R1) and the rates it was paid at."""

    minutes_he: int
    minutes_gen: int
    transport_he: Decimal
    transport_gen: Decimal
    rates: Rates
    employee: bool


@dataclass(frozen=True)
class Repayment:
    """R-R1: what is to be repaid. `administration` is the share of the administration costs."""

    minutes: int = 0
    gross_wages: Decimal = ZERO
    employer_contributions: Decimal = ZERO
    transport: Decimal = ZERO
    administration: Decimal = ZERO
    lines: tuple = field(default=(), compare=False)

    @property
    def total(self) -> Decimal:
        return self.gross_wages + self.employer_contributions + self.transport + self.administration


def repayment(sheets: Iterable[UnjustifiedSheet]) -> Repayment:
    """R-R1: each sheet's unjustified hours and transport at the rates it was paid at (R-F2), with the
    administration share (R-F3) per sheet and category; summed."""
    result = Repayment()
    for sheet in sheets:
        money = sheet_money(
            minutes_he=sheet.minutes_he,
            minutes_gen=sheet.minutes_gen,
            transport_he=sheet.transport_he,
            transport_gen=sheet.transport_gen,
            rates=sheet.rates,
            employee=sheet.employee,
        )
        admin = round_eur(money.he.service_cost * sheet.rates.admin_he_percent / HUNDRED) + round_eur(
            money.gen.service_cost * sheet.rates.admin_gen_percent / HUNDRED
        )
        result = Repayment(
            minutes=result.minutes + money.he.minutes + money.gen.minutes,
            gross_wages=result.gross_wages + money.he.wage + money.gen.wage,
            employer_contributions=result.employer_contributions
            + money.he.contributions
            + money.gen.contributions,
            transport=result.transport + money.he.transport + money.gen.transport,
            administration=result.administration + admin,
            lines=(*result.lines, (sheet, money, admin)),
        )
    return result
