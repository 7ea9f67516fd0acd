"""The report's files (§5.5): CSV and XLSX with the same columns, and the Latvian A4 PDF (R-F3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from core.money import hours_of
from core.pdf import render_pdf
from reporting import rules

COLUMNS = (
    "municipality", "month", "recipients", "assistants", "hours", "gross_wages", "employer_contributions",
    "transport", "service_cost_he", "service_cost_gen", "admin_he", "admin_gen", "admin_total", "total",
)  # fmt: skip
TOTAL = "TOTAL"


@dataclass(frozen=True)
class TableRow:
    municipality: str
    month: dt.date
    is_adjustment: bool
    figures: rules.RowFigures

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
        return hours_of(self.total.minutes)


def table_for(report, rows) -> Table:
    """The table of a report from its (saved or just computed) ReportRow objects."""
    from reporting.services import figures_of

    table_rows = tuple(
        TableRow(
            municipality=row.municipality.name, month=row.month, is_adjustment=row.is_adjustment,
            figures=figures_of(row),
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


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _record(municipality: str, month: str, figures: rules.RowFigures) -> list[str]:
    return [
        municipality,
        month,
        str(figures.recipients),
        str(figures.assistants),
        _money(hours_of(figures.minutes)),
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
        records.append(_record(TOTAL, f"{table.month:%Y-%m}", table.total))
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


def pdf_bytes(table: Table) -> bytes:
    """The official form in Latvian, A4: one administration sum; the 5 %/8 % split in the annex (R-F3)."""
    return render_pdf("reporting/pdf/report.html", {"table": table})
