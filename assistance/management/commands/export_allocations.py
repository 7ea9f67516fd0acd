"""`manage.py export_allocations --month YYYY-MM [--municipality NAME] [--include-proposed] [--output FILE]`
(SPEC §5.4, §6)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re

from django.core.management.base import BaseCommand, CommandError

from assistance import selectors

HEADER = ("personal_code", "municipality", "month", "coefficient", "purpose", "hours", "month_total", "cap")
MONTH_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(text: str) -> dt.date:
    match = MONTH_SHAPE.fullmatch(text.strip())
    if match:
        with contextlib.suppress(ValueError):
            return dt.date(int(match[1]), int(match[2]), 1)
    raise CommandError(f"--month: {text!r} is not a month YYYY-MM")


def export_rows(months) -> list[list[str]]:
    """One row per person, month and granted purpose (R-A6), also a purpose with 0 hours that month."""
    rows = []
    for month in months:
        allocation = month.allocation
        coefficient = "" if allocation.coefficient is None else f"{allocation.coefficient.normalize():f}"
        for allocation_line in month.lines.all():
            rows.append(
                [
                    allocation.personal_code,
                    allocation.municipality.name,
                    f"{month.month:%Y-%m}",
                    coefficient,
                    allocation_line.purpose,
                    str(allocation_line.hours),
                    str(month.total),
                    str(month.cap),
                ]
            )
    return rows


class Command(BaseCommand):
    help = (
        "Export the month's hours per person and purpose of the approved grants as CSV (SPEC §5.4): "
        + ";".join(HEADER)
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month, YYYY-MM")
        parser.add_argument("--municipality", help="only this municipality (its name, any case)")
        parser.add_argument(
            "--include-proposed", action="store_true", help="also the proposed grants not yet approved"
        )
        parser.add_argument("--output", help="write to this file instead of the standard output")

    def handle(self, *args, **options):
        month = parse_month(options["month"])
        municipality = None
        if options["municipality"]:
            municipality = selectors.municipality_by_name(options["municipality"])
            if municipality is None:
                raise CommandError(f"--municipality: there is no municipality {options['municipality']!r}")
        months = selectors.allocations_for_export(
            month=month, municipality=municipality, include_proposed=options["include_proposed"]
        )
        rows = export_rows(months)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                    write(handle, rows)
            except OSError as exc:
                raise CommandError(
                    f"--output: cannot write {options['output']} ({exc.strerror or exc})"
                ) from None
            if options["verbosity"] >= 1:
                self.stderr.write(f"{len(rows)} rows written to {options['output']}")
        else:
            buffer = io.StringIO()
            write(buffer, rows)
            self.stdout.write(buffer.getvalue(), ending="")


def write(handle, rows: list[list[str]]) -> None:
    writer = csv.writer(handle, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
