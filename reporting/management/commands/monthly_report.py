"""`manage.py monthly_report --month YYYY-MM [--municipality NAME] [--format csv|xlsx|pdf] [--output FILE]
[--finalize]` (SPEC §6, R-F3–R-F5): the same services as the reports page.

With `--municipality` the municipality's report for the month is generated (a new draft generation; a
finalised report is only read), optionally finalised, and one of its files written. Without it, every
municipality with accepted sheets of months up to the month not yet in a finalised report gets its report
generated (and finalised with `--finalize`), then the national report is generated from the finalised ones
and written. The CSV goes to the standard output unless `--output` is given; PDF and XLSX need `--output`.
A one-line summary (rows, total, SHA-256 of what was written) goes to the standard error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils import timezone

from assistance import selectors as assistance_selectors
from assistance.models import Municipality
from contracts.models import Timesheet
from core.money import ZERO
from reporting import jobs, rules, services
from reporting.models import Report, ReportItem

MONTH_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})")
FORMATS = ("csv", "xlsx", "pdf")
WAIT_SECONDS = 60  # how long to wait for a worker that is building the report right now
POLL_SECONDS = 0.5


def parse_month(text: str) -> dt.date:
    match = MONTH_SHAPE.fullmatch(text.strip())
    if match:
        with contextlib.suppress(ValueError):
            return dt.date(int(match[1]), int(match[2]), 1)
    raise CommandError(f"--month: {text!r} is not a month YYYY-MM")


def municipalities_to_report(month: dt.date):
    """R-F4: the municipalities with accepted sheets of months ≤ `month` not yet in a finalised report (the
    query of `services.draft_monthly_reports`)."""
    reported = ReportItem.objects.filter(finalised=True).values("timesheet_id")
    pending = (
        Timesheet.objects.filter(status=Timesheet.Status.ACCEPTED, is_current=True, month__lte=month)
        .exclude(pk__in=reported)
        .values("municipality_id")
    )
    return Municipality.objects.filter(pk__in=pending).order_by("name")


def check_rates(municipalities, month: dt.date) -> None:
    """No rates in force for the month or for a month whose sheets the reports would include: refuse before
    anything is written (a build would only fail)."""
    rates = services.rates_table()
    months = {month}
    for municipality in municipalities:
        months.update(
            services.candidate_sheets(municipality=municipality, month=month)
            .values_list("month", flat=True)
            .distinct()
        )
    for day in sorted(months):
        try:
            rules.rates_for_month(rates, day)
        except rules.NoRateError:
            raise CommandError(
                f"no rates were in force on {day:%d.%m.%Y}; add them on the rates page first"
            ) from None


def check_output(path: Path) -> None:
    """Refuse an output that cannot be written before anything is generated."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"--output: {path} is a folder")
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise CommandError(f"--output: cannot write to the folder {folder}")


class Command(BaseCommand):
    help = (
        "Generate the monthly financial report of a municipality (or, without --municipality, of every "
        "municipality and then the national report) and write it as CSV (SPEC §5.5), XLSX or PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the service month, YYYY-MM")
        parser.add_argument("--municipality", help="the municipality (its name, any case); else national")
        parser.add_argument("--format", choices=FORMATS, default="csv", help="the file to write (csv)")
        parser.add_argument("--output", help="write to this file instead of the standard output")
        parser.add_argument(
            "--finalize",
            action="store_true",
            help="finalise the municipality's report (all municipalities' reports without --municipality)",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        month = parse_month(options["month"])
        if month > timezone.localdate().replace(day=1):
            raise CommandError(f"--month: {month:%Y-%m} is in the future")
        kind, output = options["format"], options["output"]
        if kind != "csv" and not output:
            raise CommandError(f"--format {kind} writes a binary file; give --output FILE")
        if output:
            check_output(Path(output))
        self.finalize = options["finalize"]
        name = options["municipality"]
        if name:
            municipality = assistance_selectors.municipality_by_name(name)
            if municipality is None:
                raise CommandError(f"--municipality: there is no municipality {name!r}")
            report, problem = self.municipal(municipality, month)
        else:
            report, problem = self.national(month)
        self.write(report, kind, output)
        if problem:
            raise CommandError(problem)

    # --------------------------------------------------------------------------------------- reports

    def municipal(self, municipality: Municipality, month: dt.date) -> tuple[Report, str]:
        """Generate (and finalise) one report. A finalised one is written as it is; with --finalize that is
        reported as an error after writing."""
        existing = Report.objects.filter(municipality=municipality, month=month).first()
        if existing is not None and existing.status == Report.Status.FINALISED:
            if self.finalize:
                return existing, f"the report of {municipality.name} for {month:%m.%Y} is already finalised"
            return existing, ""
        check_rates([municipality], month)
        report = self.generate(municipality, month)
        if self.finalize:
            report = self.finalise(report)
        return report, ""

    def national(self, month: dt.date) -> tuple[Report, str]:
        municipalities = list(municipalities_to_report(month))
        check_rates(municipalities, month)
        for municipality in municipalities:
            if Report.objects.filter(
                municipality=municipality, month=month, status=Report.Status.FINALISED
            ).exists():
                continue  # finalised already; its late sheets go to the next month's report (R-F4)
            report = self.generate(municipality, month)
            if self.finalize:
                self.finalise(report)
            self.summary(report, note="municipal report")
        return self.generate(None, month), ""

    def generate(self, municipality: Municipality | None, month: dt.date) -> Report:
        """A new generation through the page's service, built here (or by the eager task, or by a worker
        already at it: then wait for it)."""
        try:
            report = services.report_request(municipality=municipality, month=month, by=None)
        except services.ReportError as exc:
            raise CommandError(str(exc)) from None
        report = jobs.wait(services.report_build_now(report), seconds=WAIT_SECONDS, poll=POLL_SECONDS)
        if report.status in Report.IN_PROGRESS:
            raise CommandError(
                f"{report}: still being generated by a worker after {WAIT_SECONDS} s; try again"
            )
        if report.status == Report.Status.FAILED:
            raise CommandError(f"{report}: {report.error or 'the report could not be generated'}")
        return report

    def finalise(self, report: Report) -> Report:
        try:
            return services.report_finalise(report=report, by=None)
        except services.ReportError as exc:
            raise CommandError(f"{report}: {exc}") from None

    # ---------------------------------------------------------------------------------------- output

    def write(self, report: Report, kind: str, output: str | None) -> None:
        field = getattr(report, kind)
        if not field:
            raise CommandError(f"{report}: the report has no {kind.upper()} file")
        with field.open("rb") as handle:
            data = handle.read()
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(data)
            except OSError as exc:
                raise CommandError(f"--output: cannot write {output} ({exc.strerror or exc})") from None
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
        self.summary(report, data=data, target=output or "stdout", kind=kind)

    def summary(
        self, report: Report, *, data: bytes | None = None, target: str = "", kind: str = "", note=""
    ):
        """One line on the standard error, so that the standard output stays the clean CSV."""
        if self.verbosity < 1:
            return
        total = report.rows.aggregate(total=Sum("total"))["total"]
        rows = report.rows.count()
        parts = [
            f"{report.municipality.name if report.municipality_id else 'national'} {report.month:%Y-%m}",
            report.status,
            f"{rows} row{'' if rows == 1 else 's'}",
            f"total {total if total is not None else ZERO:.2f} EUR",
        ]
        if data is not None:
            parts.append(f"{kind} sha256 {hashlib.sha256(data).hexdigest()} -> {target}")
        elif note:
            parts.append(note)
        self.stderr.write(", ".join(parts))
