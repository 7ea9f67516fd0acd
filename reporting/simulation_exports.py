"""A simulation's figures as the page, the printable summary (PDF), the XLSX and `simulate_policy` show them
(R-S2): one reading of the stored result JSON (`summary_of`), so that they all say the same.

Aggregates only: counts and sums per municipality and for the whole scope, and the bands of the change in a
person's hours — never a person. The files are Latvian documents whatever the language of whoever asked.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import ZERO
from core.pdf import render_pdf
from reporting.exports import lv_month, lv_number, riga_time
from reporting.simulation_rules import BANDS

# The comparison's rows: key of the stored totals, decimals shown.
MEASURES = (("recipients", 0), ("hours_month", 0), ("cost_month", 2), ("cost_year", 2))

MEASURE_LABELS = {
    "recipients": _("Eligible recipients"),
    "hours_month": _("Hours in the month"),
    "cost_month": _("Monthly cost, EUR"),
    "cost_year": _("Yearly cost (12 months), EUR"),
}
MEASURE_LABELS_LV = {
    "recipients": "Tiesīgie pakalpojuma saņēmēji",
    "hours_month": "Piešķirtās stundas mēnesī",
    "cost_month": "Izmaksas mēnesī, EUR",
    "cost_year": "Izmaksas gadā (12 mēneši), EUR",
}
# The change in a person's hours in the first month (simulation_rules.BANDS), counted, never named.
BAND_LABELS = {
    "gain_service": _("Gain the service"),
    "plus_40": _("+40 h or more"),
    "plus_20": _("+20 to +39 h"),
    "plus_1": _("+1 to +19 h"),
    "unchanged": _("Unchanged"),
    "minus_1": _("−1 to −19 h"),
    "minus_20": _("−20 to −39 h"),
    "minus_40": _("−40 h or more"),
    "lose_service": _("Lose the service"),
}
BAND_LABELS_LV = {
    "gain_service": "iegūst pakalpojumu",
    "plus_40": "+40 h un vairāk",
    "plus_20": "no +20 līdz +39 h",
    "plus_1": "no +1 līdz +19 h",
    "unchanged": "bez izmaiņām",
    "minus_1": "no −1 līdz −19 h",
    "minus_20": "no −20 līdz −39 h",
    "minus_40": "−40 h un vairāk",
    "lose_service": "zaudē pakalpojumu",
}
COUNTRY_LV = "Latvija (visa valsts)"
MINUS = "\u2212"


@dataclass(frozen=True)
class Figures:
    """One scope's totals under one rule set (simulation_rules.Totals, as stored)."""

    recipients: int = 0
    hours_month: int = 0
    cost_month: Decimal = ZERO
    cost_year: Decimal = ZERO

    @classmethod
    def of(cls, data: dict | None) -> Figures:
        data = data or {}
        return cls(
            recipients=int(data.get("recipients", 0)),
            hours_month=int(data.get("hours_month", 0)),
            cost_month=Decimal(str(data.get("cost_month", "0"))),
            cost_year=Decimal(str(data.get("cost_year", "0"))),
        )


@dataclass(frozen=True)
class Line:
    """One measure in force, simulated, and the difference (simulated − in force)."""

    key: str
    places: int
    baseline: int | Decimal
    candidate: int | Decimal

    @property
    def difference(self) -> int | Decimal:
        return self.candidate - self.baseline

    @property
    def sign(self) -> str:
        """ "+", "−" (a minus sign) or "" for no change: shown before `magnitude`."""
        return "+" if self.difference > 0 else MINUS if self.difference < 0 else ""

    @property
    def magnitude(self) -> int | Decimal:
        return abs(self.difference)

    @property
    def label(self):
        return MEASURE_LABELS[self.key]

    @property
    def label_lv(self) -> str:
        return MEASURE_LABELS_LV[self.key]


def lines_of(baseline: Figures, candidate: Figures) -> tuple[Line, ...]:
    return tuple(
        Line(key, places, getattr(baseline, key), getattr(candidate, key)) for key, places in MEASURES
    )


@dataclass(frozen=True)
class MunicipalityLine:
    name: str
    baseline: Figures
    candidate: Figures

    @property
    def lines(self) -> dict[str, Line]:
        return {line.key: line for line in lines_of(self.baseline, self.candidate)}


@dataclass(frozen=True)
class Band:
    code: str
    count: int

    @property
    def label(self):
        return BAND_LABELS[self.code]

    @property
    def label_lv(self) -> str:
        return BAND_LABELS_LV[self.code]


@dataclass(frozen=True)
class Summary:
    months: tuple[dt.date, ...]
    cases: int
    baseline: Figures
    candidate: Figures
    municipalities: tuple[MunicipalityLine, ...]
    bands: tuple[Band, ...]
    hours_gained: int
    hours_lost: int

    @property
    def lines(self) -> tuple[Line, ...]:
        return lines_of(self.baseline, self.candidate)

    @property
    def first_month(self) -> dt.date | None:
        return self.months[0] if self.months else None

    @property
    def last_month(self) -> dt.date | None:
        return self.months[-1] if self.months else None

    @property
    def persons_changed(self) -> int:
        return sum(band.count for band in self.bands if band.code != "unchanged")


def summary_of(results: dict | None) -> Summary | None:
    """The stored result JSON (simulation_services.result_json) read back; None when there is none yet."""
    if not results:
        return None
    bands = results.get("bands") or {}
    return Summary(
        months=tuple(dt.date.fromisoformat(month) for month in results.get("months", ())),
        cases=int(results.get("cases", 0)),
        baseline=Figures.of(results.get("baseline")),
        candidate=Figures.of(results.get("candidate")),
        municipalities=tuple(
            MunicipalityLine(row["name"], Figures.of(row.get("baseline")), Figures.of(row.get("candidate")))
            for row in results.get("municipalities", ())
        ),
        bands=tuple(Band(code, int(bands.get(code, 0))) for code in BANDS),
        hours_gained=int(results.get("hours_gained", 0)),
        hours_lost=int(results.get("hours_lost", 0)),
    )


def rule_set_label(rule_set) -> str:
    """ "V5 v1" — how the columns name a rule set."""
    return f"{rule_set.code} v{rule_set.version}" if rule_set is not None else "—"


# ---------------------------------------------------------------------------------------------- PDF


def lv_signed(value: int | Decimal, places: int) -> str:
    """A difference in the Latvian format with its sign: +10, −55,15, 0."""
    text = lv_number(abs(value), places)
    return f"+{text}" if value > 0 else f"{MINUS}{text}" if value < 0 else text


def _pdf_line(line: Line) -> dict[str, str]:
    return {
        "label": line.label_lv,
        "baseline": lv_number(line.baseline, line.places),
        "candidate": lv_number(line.candidate, line.places),
        "difference": lv_signed(line.difference, line.places),
    }


def _pdf_municipality(row: MunicipalityLine) -> dict:
    lines = row.lines
    cells = {}
    for key, line in lines.items():
        cells[key] = {
            "baseline": lv_number(line.baseline, line.places),
            "candidate": lv_number(line.candidate, line.places),
            "difference": lv_signed(line.difference, line.places),
        }
    return {"name": row.name, "cells": cells}


def pdf_context(simulation) -> dict:
    summary = summary_of(simulation.results) or summary_of({"months": [simulation.month.isoformat()]})
    months = summary.months or (simulation.month,)
    return {
        "simulation": simulation,
        "candidate_label": rule_set_label(simulation.rule_set),
        "baseline_label": rule_set_label(simulation.baseline),
        "candidate_name": str(simulation.rule_set),
        "baseline_name": str(simulation.baseline) if simulation.baseline_id else "—",
        "scope": simulation.municipality.name if simulation.municipality_id else COUNTRY_LV,
        "is_national": simulation.municipality_id is None,
        "first_month": lv_month(months[0]),
        "last_month": lv_month(months[-1]),
        "month_count": len(months),
        "cases": lv_number(summary.cases, 0),
        "lines": [_pdf_line(line) for line in summary.lines],
        "bands": [{"label": band.label_lv, "count": lv_number(band.count, 0)} for band in summary.bands],
        "persons_changed": lv_number(summary.persons_changed, 0),
        "hours_gained": lv_number(summary.hours_gained, 0),
        "hours_lost": lv_number(summary.hours_lost, 0),
        "municipalities": [_pdf_municipality(row) for row in summary.municipalities],
        "total": _pdf_municipality(MunicipalityLine("Kopā", summary.baseline, summary.candidate)),
        "generated": riga_time(timezone.now()),
    }


def pdf_bytes(simulation) -> bytes:
    """The printable summary in Latvian, A4: what was compared, the comparison, bands, per municipality."""
    return render_pdf("reporting/pdf/simulation.html", pdf_context(simulation))


# --------------------------------------------------------------------------------------------- XLSX

INTEGER = "#,##0"
MONEY = "#,##0.00"


def _format(places: int) -> str:
    return MONEY if places else INTEGER


def xlsx_bytes(simulation) -> bytes:
    """Three sheets with numeric cells: Kopsavilkums (what was compared and the comparison), Pašvaldības (per
    municipality), Izmaiņas (the bands of the change in persons' hours)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    summary = summary_of(simulation.results) or summary_of({"months": [simulation.month.isoformat()]})
    months = summary.months or (simulation.month,)
    bold = Font(bold=True)
    base, cand = rule_set_label(simulation.baseline), rule_set_label(simulation.rule_set)
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = "Kopsavilkums"
    sheet.append(["Politikas simulācija"])
    sheet["A1"].font = Font(bold=True, size=13)
    meta = [
        ("Simulētā noteikumu kopa", str(simulation.rule_set)),
        ("Spēkā esošā noteikumu kopa", str(simulation.baseline) if simulation.baseline_id else "—"),
        ("Aptvērums", simulation.municipality.name if simulation.municipality_id else COUNTRY_LV),
        ("Periods", f"{lv_month(months[0])}–{lv_month(months[-1])}"),
        ("Simulēto personu skaits", summary.cases),
        ("Sagatavots", riga_time(timezone.now())),
    ]
    for label, value in meta:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.cell(row=6, column=2).number_format = INTEGER
    sheet.append([])
    sheet.append(["Rādītājs", f"Spēkā esošie noteikumi ({base})", f"Simulētie ({cand})", "Starpība"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in summary.lines:
        sheet.append([line.label_lv, line.baseline, line.candidate, line.difference])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = _format(line.places)
    sheet.append([])
    sheet.append(["Personu stundu pieaugums kopā (pirmais mēnesis), h", summary.hours_gained])
    sheet.append(["Personu stundu samazinājums kopā (pirmais mēnesis), h", summary.hours_lost])
    for row in (sheet.max_row - 1, sheet.max_row):
        sheet.cell(row=row, column=2).number_format = INTEGER
    for letter, width in zip("ABCD", (52, 34, 26, 14), strict=True):
        sheet.column_dimensions[letter].width = width

    munis = workbook.create_sheet("Pašvaldības")
    header = ["Pašvaldība"]
    for key, _places in MEASURES:
        label = MEASURE_LABELS_LV[key]
        header += [f"{label}: {base}", f"{label}: {cand}", f"{label}: starpība"]
    munis.append(header)
    for cell in munis[1]:
        cell.font = bold
    rows = list(summary.municipalities)
    for row in [*rows, MunicipalityLine("Kopā", summary.baseline, summary.candidate)]:
        values: list = [row.name]
        for line in lines_of(row.baseline, row.candidate):
            values += [line.baseline, line.candidate, line.difference]
        munis.append(values)
        for index, cell in enumerate(munis[munis.max_row][1:]):
            cell.number_format = _format(MEASURES[index // 3][1])
    for cell in munis[munis.max_row]:
        cell.font = bold
    munis.freeze_panes = "B2"
    munis.column_dimensions["A"].width = 24
    for index in range(2, len(header) + 1):
        munis.column_dimensions[munis.cell(row=1, column=index).column_letter].width = 16

    changes = workbook.create_sheet("Izmaiņas")
    changes.append(["Personas stundu izmaiņa pirmajā mēnesī", "Personu skaits"])
    for cell in changes[1]:
        cell.font = bold
    for band in summary.bands:
        changes.append([band.label_lv, band.count])
        changes.cell(row=changes.max_row, column=2).number_format = INTEGER
    changes.append(["Kopā ar izmaiņām", summary.persons_changed])
    changes.append(["Stundu pieaugums kopā, h", summary.hours_gained])
    changes.append(["Stundu samazinājums kopā, h", summary.hours_lost])
    for row in range(changes.max_row - 2, changes.max_row + 1):
        changes.cell(row=row, column=1).font = bold
        changes.cell(row=row, column=2).number_format = INTEGER
    changes.column_dimensions["A"].width = 42
    changes.column_dimensions["B"].width = 16

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
