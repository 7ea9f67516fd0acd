"""`manage.py import_caseload FILE --by USER [--approved-by USER] [--dry-run]` (SPEC §5.1, §6, R-I1)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assistance import caseload, services
from core.models import User

CASEWORKER_PERMISSIONS = ("assistance.add_person", "assistance.add_application", "assistance.add_allocation")
SUPERVISOR_PERMISSIONS = ("assistance.add_decision",)


def staff_user(username: str, option: str, permissions: tuple[str, ...], role: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"{option}: there is no user {username!r}")
    if not user.is_active:
        raise CommandError(f"{option}: the user {username!r} is not active")
    if not user.is_superuser and not user.has_perms(permissions):
        raise CommandError(f"{option}: the user {username!r} does not have the {role} role")
    return user


class Command(BaseCommand):
    help = (
        "Import a caseload CSV (SPEC §5.1: UTF-8, ';'-separated, the header row as documented). Each row "
        "becomes a person (or updates one), an application, its assessment and a proposed decision by --by; "
        "with --approved-by (another user, four eyes) the decisions are approved at once. An empty "
        "special_care_valid_until means the child has no special-care opinion. Rows already imported "
        "(same person and received date) are left unchanged. Bad rows are listed (row, field, problem) "
        "and skipped; the exit status is then 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--by", required=True, help="username of the caseworker who proposes")
        parser.add_argument("--approved-by", help="username of the supervisor who approves at once")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and run every row, then roll everything back"
        )

    def handle(self, *args, **options):
        if options["approved_by"] and options["approved_by"] == options["by"]:
            raise CommandError("--approved-by must be another user than --by (four eyes, R-D2)")
        by = staff_user(options["by"], "--by", CASEWORKER_PERMISSIONS, "caseworker")
        approved_by = None
        if options["approved_by"]:
            approved_by = staff_user(
                options["approved_by"], "--approved-by", SUPERVISOR_PERMISSIONS, "supervisor"
            )
        path = Path(options["file"])
        try:
            text = caseload.decode(path.read_bytes())
            rows = list(caseload.read_rows(text))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        except caseload.CaseloadFileError as exc:
            raise CommandError(f"{path}: {exc}") from None

        dry_run = options["dry_run"]
        counts = {"created": 0, "unchanged": 0, "rejected": 0}
        problems: list[str] = []
        documents: list[str] = []
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            for number, values in rows:
                row = values if isinstance(values, list) else caseload.parse_row(values)
                if isinstance(row, list):
                    counts["rejected"] += 1
                    problems.extend(line(number, field, problem) for field, problem in row)
                    continue
                try:
                    outcome = services.caseload_import_row(row=row, by=by, approved_by=approved_by)
                except services.IntakeError as exc:
                    counts["rejected"] += 1
                    problems.extend(
                        line(number, field, str(message))
                        for field, messages in exc.errors.items()
                        for message in messages
                    )
                    continue
                counts["created" if outcome.created else "unchanged"] += 1
                if outcome.decision is not None and outcome.decision.document:
                    documents.append(outcome.decision.document.name)
                if options["verbosity"] >= 2:
                    self.stdout.write(f"row {number}: {describe(outcome)}")
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            for name in documents:  # the rolled-back decisions' PDFs
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


def describe(outcome: services.CaseloadOutcome) -> str:
    application = outcome.application
    if not outcome.created:
        return f"unchanged (application {application.pk} already imported, {application.status})"
    result = f"application {application.pk}: {application.outcome} {application.status}"
    if outcome.decision is not None:
        result += f", decision {outcome.decision.number}"
    return result
