"""`manage.py import_timesheets FILE --by USER [--accepted-by USER] [--dry-run]` (SPEC §5.2, §6, R-T6).

Each (contract, month) of the file is one sheet, validated as a whole with the same services as the pages,
then submitted (a file from the social service carries the recipients' paper confirmations); sheets are
submitted in the order of their first row (R-T4). With --accepted-by a caseworker accepts them at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assistance.selectors import scope_to_user
from contracts import timesheet_csv
from contracts import timesheet_services as services
from contracts.models import Contract, Timesheet
from core.csv_import import staff_user
from core.models import User


def _user(username: str, option: str) -> User:
    return staff_user(username, option, ("contracts.change_timesheet",), "caseworker")


def _same(sheet: Timesheet, entries) -> bool:
    stored = [(e.day, e.start, e.end, e.purpose, e.transport, e.note) for e in services.sheet_entries(sheet)]
    return stored == [(e.day, e.start, e.end, e.purpose, e.transport, e.note) for e in entries]


class Command(BaseCommand):
    help = "Import monthly timesheets (SPEC §5.2). Bad sheets are listed (row, field, problem); exit 1."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--by", required=True, help="username of the caseworker who submits")
        parser.add_argument("--accepted-by", help="username of the caseworker who accepts at once")
        parser.add_argument("--dry-run", action="store_true", help="check everything, then roll back")

    def handle(self, *args, **options):
        by = _user(options["by"], "--by")
        accepted_by = _user(options["accepted_by"], "--accepted-by") if options["accepted_by"] else None
        try:
            text = timesheet_csv.decode(Path(options["file"]).read_bytes())
            sheets = timesheet_csv.parse(text)
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from None
        except timesheet_csv.CsvUnreadable as exc:
            raise CommandError(str(exc.message)) from None
        contracts = {c.number: c for c in scope_to_user(Contract.objects.all(), user=by)}
        counts = {"submitted": 0, "unchanged": 0, "rejected": 0}
        problems: list[str] = []
        with transaction.atomic():
            for parsed in sheets:
                outcome = self._sheet(parsed, contracts, by, accepted_by, problems)
                counts[outcome] += 1
            if options["dry_run"]:
                transaction.set_rollback(True)
        for line in problems:
            self.stderr.write(line)
        prefix = "dry run: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{counts['submitted']} sheets submitted{' and accepted' if accepted_by else ''}, "
            f"{counts['unchanged']} unchanged, {counts['rejected']} rejected"
        )
        if counts["rejected"]:
            sys.exit(1)

    def _sheet(self, parsed, contracts, by, accepted_by, problems) -> str:
        first_row = min([e.row for e in parsed.entries] + [p.row for p in parsed.problems], default=0)
        if parsed.problems:
            problems.extend(str(p) for p in parsed.problems)
            return "rejected"
        contract = contracts.get(parsed.contract)
        if contract is None:
            problems.append(
                str(timesheet_csv.RowProblem(first_row, "contract", f"no contract {parsed.contract!r}"))
            )
            return "rejected"
        current = Timesheet.objects.filter(contract=contract, month=parsed.month, is_current=True).first()
        if current is not None and current.status in (Timesheet.Status.SUBMITTED, Timesheet.Status.ACCEPTED):
            if _same(current, parsed.entries):
                return "unchanged"
            problems.append(
                str(
                    timesheet_csv.RowProblem(
                        first_row, "contract", "the sheet of this month is already submitted"
                    )
                )
            )
            return "rejected"
        try:
            with transaction.atomic():
                sheet = services.timesheet_save(
                    contract=contract, month=parsed.month, entries=parsed.entries, by=by
                )
                sheet = services.timesheet_submit(sheet=sheet, by=by, recipient_confirmed=True)
                if accepted_by is not None:
                    services.timesheet_accept(sheet=sheet, by=accepted_by)
        except services.TimesheetRejected as exc:
            problems.extend(str(p.message) for p in exc.check.errors)
            return "rejected"
        except services.TimesheetStateError as exc:
            problems.append(str(timesheet_csv.RowProblem(first_row, "contract", exc.message)))
            return "rejected"
        return "submitted"
