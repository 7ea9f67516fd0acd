"""`manage.py import_contracts FILE --by USER [--dry-run]` (SPEC §5.3, §6, R-C1, R-C2)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from contracts import contract_import, services
from core.csv_import import CsvImportCommand, staff_user

CASEWORKER_PERMISSIONS = ("contracts.add_contract", "contracts.add_assistant", "contracts.change_assistant")


class Command(CsvImportCommand, BaseCommand):
    help = (
        "Import contracts from a CSV (SPEC §5.3: UTF-8, ';'-separated, header "
        + ";".join(contract_import.COLUMNS)
        + "). Each row becomes an assistant (when new; no login until invited) and a contract with its PDF, "
        "drafted by --by for the recipient's approved grant in a municipality --by acts in. Rows are checked "
        "against R-C1/R-C2; a contract number already imported with the same data is left unchanged. Bad "
        "rows are listed (row, field, problem) and skipped; the exit status is then 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--by", required=True, help="username of the caseworker who drafts the contracts")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and run every row, then roll everything back"
        )

    def handle(self, *args, **options):
        self.by = staff_user(options["by"], "--by", CASEWORKER_PERMISSIONS, "caseworker")
        self.run_import(Path(options["file"]), options)

    read_rows = staticmethod(contract_import.read_rows)
    parse_row = staticmethod(contract_import.parse_row)
    row_error = services.ContractError

    def import_row(self, row, options):
        return services.contract_import_row(row=row, by=self.by)

    def files_of(self, outcome) -> list[str]:
        return [outcome.contract.document.name] if outcome.contract.document else []

    def describe(self, outcome) -> str:
        return f"contract {outcome.contract.number} {'created' if outcome.created else 'unchanged'}"
