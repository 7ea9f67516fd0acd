"""`import_timesheets` (SPEC §5.2, §6, R-T6): the same services as the pages; a 10,000-row file with one bad
row stores every good sheet and rejects exactly the bad one, naming its row and field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from contracts.models import Timesheet, TimesheetEntry
from tests.contracts.conftest import approved_allocation, make_assistant, make_contract

pytestmark = pytest.mark.django_db
HEADER = "contract;date;start;end;purpose;transport_eur;note\n"
SLOTS = [("08:00", "08:30"), ("09:00", "09:30"), ("10:00", "10:30")]


def month_rows(number: str, month: dt.date) -> list[str]:
    """Three half-hour entries a day: 45 h in a 30-day month, 10.5 h a week, within every limit."""
    rows, day = [], month
    while day.month == month.month:
        rows.extend(f"{number};{day.isoformat()};{start};{end};DAILY;0;" for start, end in SLOTS)
        day += dt.timedelta(days=1)
    return rows


def run(path, *args):
    try:
        call_command("import_timesheets", str(path), *args)
    except SystemExit as exc:
        return exc.code
    return 0


def test_ten_thousand_rows_with_one_bad_row(tmp_path, caseworker, supervisor, media, capsys):
    contracts = []
    for index in range(10):
        # Coefficient 2: DAILY 30 h a month, the cap is far above; contracts of 50 h a month.
        allocation = approved_allocation(caseworker, supervisor, start=dt.date(2025, 1, 1), answers=2)
        allocation.months.update(total=60)  # the test needs 45 h a month of DAILY: raise the entitlement
        contracts.append(
            make_contract(allocation, make_assistant(), by=caseworker, monthly_hours=50, number=f"T-{index}")
        )
    rows: list[str] = []
    for contract in contracts:
        for month_number in range(1, 12):
            rows.extend(month_rows(contract.number, dt.date(2025, month_number, 1)))
    assert len(rows) >= 10_000
    bad_line = 5_000  # the data row at index 4998 is line 5000 (the header is line 1)
    cells = rows[bad_line - 2].split(";")
    cells[3] = "07:00"  # ends before it starts
    bad_month = dt.date.fromisoformat(cells[1]).replace(day=1)
    rows[bad_line - 2] = ";".join(cells)
    path = tmp_path / "lapas.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")

    assert run(path, "--by", caseworker.username, "--accepted-by", caseworker.username) == 1
    err = capsys.readouterr().err
    assert f"{bad_line}" in err and err.count("\n") == 1
    assert Timesheet.objects.count() == 109 and Timesheet.objects.filter(status="accepted").count() == 109
    assert TimesheetEntry.objects.count() == len(rows) - len(month_rows("x", bad_month))

    # A second run changes nothing but still rejects the bad sheet.
    before = TimesheetEntry.objects.count()
    assert run(path, "--by", caseworker.username) == 1
    assert TimesheetEntry.objects.count() == before


def test_unreadable_file_is_a_clear_error(tmp_path, caseworker):
    path = tmp_path / "x.csv"
    path.write_bytes(b"kontrakts;datums\n")
    with pytest.raises(CommandError, match="contract;date;start;end"):  # the expected header, named
        call_command("import_timesheets", str(path), "--by", caseworker.username)
    path.write_bytes(HEADER.encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_timesheets", str(path), "--by", caseworker.username)


def test_dry_run_stores_nothing(tmp_path, caseworker, supervisor, media):
    contract = make_contract(approved_allocation(caseworker, supervisor), make_assistant(), by=caseworker)
    path = tmp_path / "lapa.csv"
    path.write_text(HEADER + f"{contract.number};2026-03-02;09:00;10:00;DAILY;0;\n", encoding="utf-8")
    assert run(path, "--by", caseworker.username, "--dry-run") == 0
    assert not Timesheet.objects.exists()
    assert run(path, "--by", caseworker.username) == 0
    assert Timesheet.objects.get().status == "submitted"
