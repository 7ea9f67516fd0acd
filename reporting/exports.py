"""The report's files (§5.5): CSV and XLSX with the same columns, and the Latvian A4 PDF (R-F3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.money import ZERO, hours_of
from core.pdf import render_pdf
from reporting import rules

COLUMNS = (
    "municipality", "month", "recipients", "assistants", "hours", "gross_wages", "employer_contributions",
    "transport", "service_cost_he", "service_cost_gen", "admin_he", "admin_gen", "admin_total", "total",
)  # fmt: skip
TOTAL = "TOTAL"
RIGA = ZoneInfo("Europe/Riga")


@dataclass(frozen=True)
class TableRow:
    municipality: str
    month: dt.date
    is_adjustment: bool
    figures: rules.RowFigures
    # The administration rates of the row's month (R-F1), shown in the PDF's annex; None when unknown.
    admin_he_percent: Decimal | None = None
    admin_gen_percent: Decimal | None = None

    @property
    def hours(self) -> Decimal:
        return hours_of(self.figures.minutes)


@dataclass(frozen=True)
class Table:
    """Everything a file shows: whose report, which month, the rows and their total."""

    municipality: str | None  # None: the national report
    month: dt.date
    rows: tuple[TableRow, ...]
    total: rules.RowFigures
    generation: int
    generated_at: dt.datetime

    @property
    def is_national(self) -> bool:
        return self.municipality is None

    @property
    def main_rows(self) -> tuple[TableRow, ...]:
        return tuple(row for row in self.rows if not row.is_adjustment)

    @property
    def adjustment_rows(self) -> tuple[TableRow, ...]:
        return tuple(row for row in self.rows if row.is_adjustment)

    @property
    def total_hours(self) -> Decimal:
        """The sum of the rows' hours as shown (each rounded to 0.01 h), so that a TOTAL adds up."""
        return sum_hours(self.rows)


def sum_hours(rows) -> Decimal:
    return sum((row.hours for row in rows), ZERO)


def table_for(report, rows) -> Table:
    """The table of a report from its (saved or just computed) ReportRow objects."""
    from reporting.services import figures_of, rates_table

    rates = rates_table()
    table_rows = tuple(
        TableRow(
            municipality=row.municipality.name, month=row.month, is_adjustment=row.is_adjustment,
            figures=figures_of(row), **_admin_percents(rates, row.month),
        )
        for row in rows
    )  # fmt: skip
    return Table(
        municipality=report.municipality.name if report.municipality_id else None,
        month=report.month,
        rows=table_rows,
        total=rules.total_of([row.figures for row in table_rows]),
        generation=report.generation,
        generated_at=timezone.localtime(),
    )


def _admin_percents(rates: list[rules.Rates], month: dt.date) -> dict[str, Decimal | None]:
    try:
        rate = rules.rates_for_month(rates, month)
    except rules.NoRateError:
        return {"admin_he_percent": None, "admin_gen_percent": None}
    return {"admin_he_percent": rate.admin_he_percent, "admin_gen_percent": rate.admin_gen_percent}


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _record(
    municipality: str, month: str, figures: rules.RowFigures, hours: Decimal | None = None
) -> list[str]:
    return [
        municipality,
        month,
        str(figures.recipients),
        str(figures.assistants),
        _money(hours_of(figures.minutes) if hours is None else hours),
        _money(figures.gross_wages),
        _money(figures.employer_contributions),
        _money(figures.transport),
        _money(figures.service_cost_he),
        _money(figures.service_cost_gen),
        _money(figures.admin_he),
        _money(figures.admin_gen),
        _money(figures.admin_total),
        _money(figures.total),
    ]


def csv_records(table: Table) -> list[list[str]]:
    """§5.5: one row per municipality (and month of adjustments); the national report ends with TOTAL."""
    records = [list(COLUMNS)]
    for row in table.rows:
        records.append(_record(row.municipality, f"{row.month:%Y-%m}", row.figures))
    if table.is_national:
        records.append(_record(TOTAL, f"{table.month:%Y-%m}", table.total, table.total_hours))
    return records


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerows(csv_records(table))
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    """§5.5: the same table with numeric cells (integers, two-decimal numbers) and a month format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{table.month:%Y-%m}"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    records = csv_records(table)[1:]
    for record in records:
        values: list = [record[0], record[1], int(record[2]), int(record[3])]
        values += [Decimal(value) for value in record[4:]]
        sheet.append(values)
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=len(COLUMNS)):
        for cell in row:
            cell.number_format = "#,##0.00"
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "0"
    if table.is_national and records:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate((24, 9, 11, 11, 10, 14, 14, 12, 14, 14, 11, 11, 12, 14), start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- PDF


def lv_number(value: Decimal | int, places: int = 2) -> str:
    """A number as Latvian forms write it, whatever the request's locale: decimal comma, `places`
    decimals, thousands separated by a space (1234.5 → "1 234,50", 1234567 → "1 234 567")."""
    text = f"{Decimal(value):,.{places}f}"
    return text.replace(",", " ").replace(".", ",")


def lv_percent(value: Decimal | None) -> str:
    """A rate as written, without trailing zeros: 5.00 → "5 %", 23.59 → "23,59 %"; "" when unknown."""
    if value is None:
        return ""
    places = max(0, -Decimal(value).normalize().as_tuple().exponent)
    return f"{lv_number(value, places)} %"


# "par 2026. gada martu": the month in the accusative, as a form's subtitle names its period.
MONTHS_ACCUSATIVE = (
    "janvāri", "februāri", "martu", "aprīli", "maiju", "jūniju",
    "jūliju", "augustu", "septembri", "oktobri", "novembri", "decembri",
)  # fmt: skip


def lv_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def lv_month(day: dt.date) -> str:
    return f"{day:%m.%Y}"


def riga_time(moment: dt.datetime) -> str:
    """dd.mm.yyyy HH:MM in Europe/Riga (not the active time zone of whoever asked)."""
    return f"{moment.astimezone(RIGA):%d.%m.%Y %H:%M}"


def issuer_of(municipality: str) -> str:
    """The municipality as an authority: "Cēsu novads" → "Cēsu novada pašvaldība", a state city
    "Rīga" → "Rīgas valstspilsētas pašvaldība" (Daugavpils and Ventspils keep their form)."""
    if municipality.endswith(" novads"):
        return f"{municipality.removesuffix('s')}a pašvaldība"
    genitive = f"{municipality}s" if municipality.endswith(("a", "e")) else municipality
    return f"{genitive} valstspilsētas pašvaldība"


def _cells(figures: rules.RowFigures, hours: Decimal | None = None) -> dict[str, str]:
    """Every figure of a row in the Latvian format, by the §5.5 column name (plus `service_cost`); `hours`
    of a total row is the sum of the rows' hours."""
    return {
        "recipients": lv_number(figures.recipients, 0),
        "assistants": lv_number(figures.assistants, 0),
        "hours": lv_number(hours_of(figures.minutes) if hours is None else hours),
        "gross_wages": lv_number(figures.gross_wages),
        "employer_contributions": lv_number(figures.employer_contributions),
        "transport": lv_number(figures.transport),
        "service_cost": lv_number(figures.service_cost),
        "service_cost_he": lv_number(figures.service_cost_he),
        "service_cost_gen": lv_number(figures.service_cost_gen),
        "admin_he": lv_number(figures.admin_he),
        "admin_gen": lv_number(figures.admin_gen),
        "admin_total": lv_number(figures.admin_total),
        "total": lv_number(figures.total),
    }


@dataclass(frozen=True)
class FormLine:
    """A row of the PDF: who and which month, and its figures already formatted."""

    municipality: str
    month: str  # mm.yyyy
    is_adjustment: bool
    cells: dict[str, str]
    admin_he_percent: str = ""
    admin_gen_percent: str = ""


def _line(row: TableRow) -> FormLine:
    return FormLine(
        municipality=row.municipality,
        month=lv_month(row.month),
        is_adjustment=row.is_adjustment,
        cells=_cells(row.figures),
        admin_he_percent=lv_percent(row.admin_he_percent),
        admin_gen_percent=lv_percent(row.admin_gen_percent),
    )


def pdf_context(table: Table) -> dict:
    """What the form shows, formatted: no personal data, only counts and sums (R-F3)."""
    first = table.month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    main = table.main_rows
    adjustments = table.adjustment_rows
    return {
        "table": table,
        "is_national": table.is_national,
        "place": table.municipality or "Latvija",
        "issuer": "Labklājības ministrija" if table.is_national else issuer_of(table.municipality),
        "month": lv_month(table.month),
        "month_words": f"{table.month.year}. gada {MONTHS_ACCUSATIVE[table.month.month - 1]}",
        "period_start": lv_date(first),
        "period_end": lv_date(last),
        "generated": riga_time(table.generated_at),
        "lines": [_line(row) for row in table.rows],
        "main": _cells(rules.total_of([row.figures for row in main]), sum_hours(main)),
        "adjustments": [_line(row) for row in adjustments],
        "adjustments_total": _cells(
            rules.total_of([row.figures for row in adjustments]), sum_hours(adjustments)
        ),
        "total": _cells(table.total, table.total_hours),
        "municipality_count": len({row.municipality for row in table.rows}),
    }


def pdf_bytes(table: Table) -> bytes:
    """The official form in Latvian, A4: one administration sum; the 5 %/8 % split in the annex (R-F3)."""
    return render_pdf("reporting/pdf/report.html", pdf_context(table))
