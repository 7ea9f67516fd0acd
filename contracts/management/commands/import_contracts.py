"""`manage.py import_contracts FILE --by USER [--dry-run]` (SPEC §5.3, §6, R-C1, R-C2)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contracts import contract_import, services
from core.models import User

CASEWORKER_PERMISSIONS = ("contracts.add_contract", "contracts.add_assistant", "contracts.change_assistant")


def staff_user(username: str, option: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"{option}: there is no user {username!r}")
    if not user.is_active:
        raise CommandError(f"{option}: the user {username!r} is not active")
    if not user.is_superuser and not user.has_perms(CASEWORKER_PERMISSIONS):
        raise CommandError(f"{option}: the user {username!r} does not have the caseworker role")
    return user


class Command(BaseCommand):
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
        by = staff_user(options["by"], "--by")
        path = Path(options["file"])
        try:
            text = contract_import.decode(path.read_bytes())
            rows = list(contract_import.read_rows(text))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        except contract_import.ContractFileError as exc:
            raise CommandError(f"{path}: {exc}") from None

        dry_run = options["dry_run"]
        counts = {"created": 0, "unchanged": 0, "rejected": 0}
        problems: list[str] = []
        documents: list[str] = []
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            for number, values in rows:
                row = values if isinstance(values, list) else contract_import.parse_row(values)
                if isinstance(row, list):
                    counts["rejected"] += 1
                    problems.extend(line(number, field, problem) for field, problem in row)
                    continue
                try:
                    outcome = services.contract_import_row(row=row, by=by)
                except services.ContractError as exc:
                    counts["rejected"] += 1
                    problems.extend(
                        line(number, field, str(message))
                        for field, messages in exc.errors.items()
                        for message in messages
                    )
                    continue
                counts["created" if outcome.created else "unchanged"] += 1
                if outcome.created and outcome.contract.document:
                    documents.append(outcome.contract.document.name)
                if options["verbosity"] >= 2:
                    state = "created" if outcome.created else "unchanged"
                    self.stdout.write(f"row {number}: contract {outcome.contract.number} {state}")
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            for name in documents:  # the rolled-back contracts' PDFs
                default_storage.delete(name)

        for problem in problems:
            self.stderr.write(problem)
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        if dry_run:
            summary += " (dry run: nothing was saved)"
        self.stdout.write(summary)
        if counts["rejected"]:
            sys.exit(1)


def line(number: int, field: str, problem: str) -> str:
    return f"row {number}, field {field}: {problem}" if field else f"row {number}: {problem}"
