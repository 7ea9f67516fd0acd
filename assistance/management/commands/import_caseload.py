"""`manage.py import_caseload FILE --by USER [--approved-by USER] [--dry-run]` (SPEC §5.1, §6, R-I1)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assistance import caseload, services
from core.csv_import import CsvImportCommand, staff_user

CASEWORKER_PERMISSIONS = ("assistance.add_person", "assistance.add_application", "assistance.add_allocation")
SUPERVISOR_PERMISSIONS = ("assistance.add_decision",)


class Command(CsvImportCommand, BaseCommand):
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
        self.by, self.approved_by = by, approved_by
        self.run_import(Path(options["file"]), options)

    read_rows = staticmethod(caseload.read_rows)
    parse_row = staticmethod(caseload.parse_row)
    row_error = services.IntakeError

    def import_row(self, row, options):
        return services.caseload_import_row(row=row, by=self.by, approved_by=self.approved_by)

    def files_of(self, outcome) -> list[str]:
        return [outcome.decision.document.name] if outcome.decision and outcome.decision.document else []

    def describe(self, outcome) -> str:
        return describe(outcome)


def describe(outcome: services.CaseloadOutcome) -> str:
    application = outcome.application
    if not outcome.created:
        return f"unchanged (application {application.pk} already imported, {application.status})"
    result = f"application {application.pk}: {application.outcome} {application.status}"
    if outcome.decision is not None:
        result += f", decision {outcome.decision.number}"
    return result
