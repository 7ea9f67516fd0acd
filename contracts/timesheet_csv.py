"""Reading the timesheet CSV of §5.2 (R-T6): `contract;date;start;end;purpose;transport_eur;note`.

The file is grouped into sheets, one per (contract, month), in the order of their first row in the file
(that order decides R-T4). Row numbers count the header as row 1, so they match what a spreadsheet shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from contracts.rules import Entry

HEADER = ["contract", "date", "start", "end", "purpose", "transport_eur", "note"]
PURPOSES = {
    "WORK",
    "EDUCATION",
    "HIGHER_EDUCATION",
    "VOLUNTEERING",
    "DAY_CENTRE",
    "MEDICAL",
    "DAILY",
    "CHILD",
}


class CsvUnreadable(ValueError):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: object

    def __str__(self) -> str:
        return str(
            _("Row %(row)d, %(field)s: %(message)s")
            % {"row": self.row, "field": self.field, "message": self.message}
        )


@dataclass
class SheetRows:
    contract: str
    month: dt.date
    entries: list[Entry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvUnreadable(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from None


def parse(text: str) -> list[SheetRows]:
    """Parse the CSV into sheets; row-level problems stay with their sheet (a row whose contract or date
    cannot be read goes to a sheet keyed by what could be read)."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise CsvUnreadable(_("The file is empty.")) from None
    if header != HEADER:
        raise CsvUnreadable(_("The first row must be the header: %(header)s") % {"header": ";".join(HEADER)})
    sheets: dict[tuple[str, dt.date | None], SheetRows] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = (cells + [""] * len(HEADER))[: len(HEADER)]
        contract, day_text, start_text, end_text, purpose, transport_text, note = (c.strip() for c in cells)
        problems: list[RowProblem] = []
        if not contract:
            problems.append(RowProblem(number, "contract", _("the contract number is missing")))
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            day = None
            problems.append(
                RowProblem(number, "date", _("“%(value)s” is not a date YYYY-MM-DD") % {"value": day_text})
            )
        times = {}
        for name, text_value in (("start", start_text), ("end", end_text)):
            try:
                times[name] = dt.datetime.strptime(text_value, "%H:%M").time()
            except ValueError:
                problems.append(
                    RowProblem(number, name, _("“%(value)s” is not a time HH:MM") % {"value": text_value})
                )
        if purpose.upper() not in PURPOSES:
            problems.append(
                RowProblem(number, "purpose", _("“%(value)s” is not a purpose code") % {"value": purpose})
            )
        try:
            transport = Decimal(transport_text.replace(",", ".")) if transport_text else Decimal("0")
            if not transport.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            transport = Decimal("0")
            problems.append(
                RowProblem(
                    number,
                    "transport_eur",
                    _("“%(value)s” is not an amount in EUR") % {"value": transport_text},
                )
            )
        month = day.replace(day=1) if day else None
        key = (contract, month)
        sheet = sheets.get(key)
        if sheet is None:
            sheet = sheets[key] = SheetRows(contract=contract, month=month)
        if problems:
            sheet.problems.extend(problems)
            continue
        sheet.entries.append(
            Entry(
                row=number,
                day=day,
                start=times["start"],
                end=times["end"],
                purpose=purpose.upper(),
                transport=transport.quantize(Decimal("0.01")),
                note=note[:200],
            )
        )
    return list(sheets.values())
