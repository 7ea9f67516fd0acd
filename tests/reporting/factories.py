"""Accepted sheets for the reporting tests, written straight to the tables (the timesheet rules are tested
in tests/contracts; here only the money and the report's bookkeeping matter)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contracts.models import Timesheet, TimesheetEntry


def accepted_sheet(contract, month: dt.date, entries, *, by, payable=None) -> Timesheet:
    """An accepted sheet of `contract` for `month`. `entries`: (day, "HH:MM", "HH:MM", purpose, transport)
    tuples; `payable` optionally gives each entry's payable minutes (R-T4), else all are payable."""
    sheet = Timesheet.objects.create(
        contract=contract,
        municipality=contract.municipality,
        month=month,
        status=Timesheet.Status.ACCEPTED,
        submitted_at=timezone.now(),
        recipient_confirmed=True,
        accepted_by=by,
        accepted_at=timezone.now(),
    )
    rows = []
    for row, (day, start, end, purpose, transport) in enumerate(entries, start=1):
        start_t, end_t = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
        minutes = (end_t.hour * 60 + end_t.minute) - (start_t.hour * 60 + start_t.minute)
        rows.append(
            TimesheetEntry(
                timesheet=sheet, row=row, day=day, start=start_t, end=end_t, purpose=purpose,
                transport=Decimal(str(transport)), minutes=minutes,
                payable_minutes=minutes if payable is None else payable[row - 1],
            )
        )  # fmt: skip
    TimesheetEntry.objects.bulk_create(rows)
    sheet.worked_minutes = sum(entry.minutes for entry in rows)
    sheet.payable_minutes = sum(entry.payable_minutes for entry in rows)
    sheet.save(update_fields=["worked_minutes", "payable_minutes"])
    return sheet
