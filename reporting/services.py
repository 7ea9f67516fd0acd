"""Writes of the reporting app: rates (R-F1), report requests, generation and finalisation (R-F2–R-F5).

Generation is split so that a report is produced once however often its task runs:
1. `report_request` records the request on the report row (a new generation) and queues the task after
   commit; asking again while a generation is queued or running does not queue a second one.
2. `report_build` claims the row for the generation (a short transaction), computes the figures in the
   database, renders the files, and in one last transaction replaces the items, rows and files, but only if
   the claim and the generation are still its own. A duplicated or retried task finds the generation built
   and does nothing; a task whose worker died is taken over by the next delivery or by
   `dispatch_stale_reports`, and its half-done work was never committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assistance.models import Municipality
from contracts.models import TaxStatus, Timesheet, TimesheetEntry
from core.models import User
from core.money import ZERO
from reporting import jobs, rules
from reporting.models import Rate, Report, ReportItem, ReportRow

logger = logging.getLogger(__name__)

STALE_AFTER = jobs.STALE_AFTER


class ReportError(ValueError):
    """A request the report's state does not allow; the message is for the user."""


class RateError(ValueError):
    """Invalid rates; `errors` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# -------------------------------------------------------------------------------------------- rates


def rates_table() -> list[rules.Rates]:
    return [_as_rules(rate) for rate in Rate.objects.all()]


def _as_rules(rate: Rate) -> rules.Rates:
    return rules.Rates(
        valid_from=rate.valid_from,
        gross_hourly=rate.gross_hourly,
        employer_percent=rate.employer_percent,
        admin_he_percent=rate.admin_he_percent,
        admin_gen_percent=rate.admin_gen_percent,
    )


def rate_in_use(rate: Rate) -> bool:
    """A rate that paid a sheet of a finalised report is history: it can no longer be edited."""
    return ReportItem.objects.filter(rate=rate, finalised=True).exists()


@transaction.atomic
def rate_save(
    *,
    valid_from: dt.date,
    gross_hourly: Decimal,
    employer_percent: Decimal,
    admin_he_percent: Decimal,
    admin_gen_percent: Decimal,
    note: str = "",
    by: User,
    rate: Rate | None = None,
) -> Rate:
    """Add a dated rate or correct one no finalised report used (R-F1); history keeps the old values."""
    errors: dict[str, str] = {}
    if gross_hourly is None or gross_hourly <= 0:
        errors["gross_hourly"] = _("The gross hourly pay must be more than 0.")
    for name, value in (
        ("employer_percent", employer_percent),
        ("admin_he_percent", admin_he_percent),
        ("admin_gen_percent", admin_gen_percent),
    ):
        if value is None or not (Decimal(0) <= value < Decimal(100)):
            errors[name] = _("A rate is a percentage from 0 to less than 100.")
    clash = Rate.objects.filter(valid_from=valid_from).exclude(pk=getattr(rate, "pk", None))
    if clash.exists():
        errors["valid_from"] = _("Rates valid from %(day)s already exist; correct those instead.") % {
            "day": f"{valid_from:%d.%m.%Y}"
        }
    if valid_from is not None and ReportItem.objects.filter(finalised=True, month__gte=valid_from).exists():
        errors["valid_from"] = _(
            "Reports of months from %(day)s are finalised; new rates can start only after the last "
            "finalised month."
        ) % {"day": f"{valid_from:%d.%m.%Y}"}
    if rate is not None:
        rate = Rate.objects.select_for_update().get(pk=rate.pk)
        if rate_in_use(rate):
            errors["valid_from"] = _(
                "These rates paid sheets of a finalised report and cannot be changed; add new rates "
                "valid from a later day instead."
            )
    if errors:
        raise RateError(errors)
    rate = rate or Rate()
    rate.valid_from = valid_from
    rate.gross_hourly = gross_hourly
    rate.employer_percent = employer_percent
    rate.admin_he_percent = admin_he_percent
    rate.admin_gen_percent = admin_gen_percent
    rate.note = note.strip()
    rate.save_with_reason(by=by, reason=_("Rates saved"))
    return rate


# ------------------------------------------------------------------------------------------ request


def report_request(*, municipality: Municipality | None, month: dt.date, by: User | None) -> Report:
    """Ask for the report of a municipality (or the national one) for `month` (R-F5). Returns the report
    row; the task is queued after commit. A finalised report cannot be generated again (R-F4)."""
    from reporting import tasks  # the task module imports this one

    month = first_of_month(month)
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .filter(municipality=municipality, month=month)
            .first()
        )
        if report is None:
            report = Report(
                municipality=municipality, month=month, requested_by=by, requested_at=timezone.now(),
                stage=_("Queued"),
            )  # fmt: skip
            try:
                with transaction.atomic():
                    report.save_with_reason(by=by, reason=_("Report requested"))
            except IntegrityError:  # asked at the same moment by someone else: theirs is on its way
                return Report.objects.get(municipality=municipality, month=month)
        elif report.status == Report.Status.FINALISED:
            raise ReportError(
                _(
                    "The report for %(month)s is finalised and cannot change. Sheets accepted since appear "
                    "as adjustments in the next month's report."
                )
                % {"month": f"{month:%m.%Y}"}
            )
        elif report.status in Report.IN_PROGRESS:
            return report  # already on its way: asking twice does not build twice
        else:
            report.generation += 1
            report.requested_by = by
            report.requested_at = timezone.now()
            report.progress = 0
            report.stage = _("Queued")
            report.error = ""
            report.claimed_by = ""
            report.transition_to(
                Report.Status.QUEUED,
                by=by,
                reason=_("Report requested again"),
                fields=(
                    "generation",
                    "requested_by",
                    "requested_at",
                    "progress",
                    "stage",
                    "error",
                    "claimed_by",
                ),
            )
        pk, generation = report.pk, report.generation
        transaction.on_commit(lambda: jobs.enqueue(tasks.build_report, pk, generation))
    return report


def dispatch_stale_reports(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again the reports whose request never reached a worker (the broker was down) or whose worker
    died (no sign of life for STALE_AFTER). Run by beat; safe to run any time."""
    from reporting import tasks

    now = now or timezone.now()
    queued = []
    for pk, generation in jobs.stale(Report, now).values_list("pk", "generation"):
        if jobs.enqueue(tasks.build_report, pk, generation):
            queued.append(pk)
    return queued


def draft_monthly_reports(*, today: dt.date) -> list[Report]:
    """The beat job of the 6th (R-F5): draft the previous month's report of every municipality with
    accepted sheets not yet in a finalised report, and the national report."""
    month = previous_month(today)
    reported = ReportItem.objects.filter(finalised=True).values("timesheet_id")
    municipalities = Municipality.objects.filter(
        pk__in=Timesheet.objects.filter(status=Timesheet.Status.ACCEPTED, is_current=True, month__lte=month)
        .exclude(pk__in=reported)
        .values("municipality_id")
    ).order_by("name")
    requested = []
    for municipality in municipalities:
        try:
            requested.append(report_request(municipality=municipality, month=month, by=None))
        except ReportError:
            continue  # finalised already
    requested.append(report_request(municipality=None, month=month, by=None))
    return requested


# ------------------------------------------------------------------------------------------ figures


@dataclass(frozen=True)
class Figures:
    """What one generation computes: the items (sheets) and the rows, and a fingerprint of both."""

    items: list[ReportItem]
    rows: list[ReportRow]
    fingerprint: str


def candidate_sheets(*, municipality: Municipality, month: dt.date):
    """R-F4: the accepted (current) sheets of months ≤ `month` not yet in a finalised report."""
    return (
        Timesheet.objects.filter(
            municipality=municipality, status=Timesheet.Status.ACCEPTED, is_current=True, month__lte=month
        )
        .exclude(pk__in=ReportItem.objects.filter(finalised=True).values("timesheet_id"))
        .order_by()
    )


def _sheet_sums(sheets) -> dict[int, dict]:
    """Per sheet, in one SQL query: payable minutes and transport per category (R-F2)."""
    he = Q(purpose=rules.HIGHER_EDUCATION)
    zero_eur = Value(ZERO)
    rows = (
        TimesheetEntry.objects.filter(timesheet__in=sheets)
        .order_by()
        .values("timesheet_id")
        .annotate(
            minutes_he=Coalesce(Sum("payable_minutes", filter=he), 0),
            minutes_gen=Coalesce(Sum("payable_minutes", filter=~he), 0),
            transport_he=Coalesce(Sum("transport", filter=he), zero_eur),
            transport_gen=Coalesce(Sum("transport", filter=~he), zero_eur),
        )
    )
    return {row.pop("timesheet_id"): row for row in rows}


def compute_municipal(*, municipality: Municipality, month: dt.date, report: Report | None = None) -> Figures:
    """R-F2–R-F4 for one municipality and service month: the database sums the entries per sheet; the
    money of each sheet follows R-F2; the rows are summed by the database again, per month."""
    rates = list(Rate.objects.all())
    table = [_as_rules(rate) for rate in rates]
    rate_by_day = {rate.valid_from: rate for rate in rates}
    sheets = candidate_sheets(municipality=municipality, month=month)
    sums = _sheet_sums(sheets.values("pk"))
    info = sheets.values_list(
        "pk",
        "month",
        "contract__tax_status",
        "contract__allocation__application__person_id",
        "contract__assistant_id",
    ).order_by("month", "pk")
    empty = {"minutes_he": 0, "minutes_gen": 0, "transport_he": ZERO, "transport_gen": ZERO}
    items: list[ReportItem] = []
    for sheet_id, sheet_month, tax_status, person_id, assistant_id in info:
        rate = rules.rates_for_month(table, sheet_month)
        sheet = sums.get(sheet_id, empty)
        employee = tax_status == TaxStatus.EMPLOYEE
        money = rules.sheet_money(rates=rate, employee=employee, **sheet)
        items.append(
            ReportItem(
                report=report,
                timesheet_id=sheet_id,
                month=sheet_month,
                is_adjustment=sheet_month < month,
                person_id=person_id,
                assistant_id=assistant_id,
                employee=employee,
                rate=rate_by_day[rate.valid_from],
                gross_hourly=rate.gross_hourly,
                employer_percent=rate.employer_percent,
                admin_he_percent=rate.admin_he_percent,
                admin_gen_percent=rate.admin_gen_percent,
                minutes_he=money.he.minutes,
                minutes_gen=money.gen.minutes,
                wage_he=money.he.wage,
                wage_gen=money.gen.wage,
                contributions_he=money.he.contributions,
                contributions_gen=money.gen.contributions,
                transport_he=money.he.transport,
                transport_gen=money.gen.transport,
            )
        )
    rows = _rows_of(items, municipality=municipality, month=month, table=table, report=report)
    return Figures(items=items, rows=rows, fingerprint=_fingerprint(items, rows))


def row_sums_sql(items_queryset) -> dict[dt.date, rules.RowSums]:
    """R-F3 sums per service month over stored items, in one SQL query."""
    grouped = (
        items_queryset.order_by()
        .values("month")
        .annotate(
            recipients=Count("person_id", distinct=True),
            assistants=Count("assistant_id", distinct=True),
            minutes=Sum(F("minutes_he") + F("minutes_gen")),
            gross_wages=Sum(F("wage_he") + F("wage_gen")),
            employer_contributions=Sum(F("contributions_he") + F("contributions_gen")),
            transport=Sum(F("transport_he") + F("transport_gen")),
            service_cost_he=Sum(F("wage_he") + F("contributions_he") + F("transport_he")),
            service_cost_gen=Sum(F("wage_gen") + F("contributions_gen") + F("transport_gen")),
        )
    )
    return {row.pop("month"): rules.RowSums(**row) for row in grouped}


def _rows_of(items, *, municipality, month, table, report) -> list[ReportRow]:
    """The rows of a municipal report: the service month first (always, zeros when empty), then one
    adjustment row per earlier month, oldest first. Sums as the database computes them in
    `row_sums_sql`; here from the unsaved items, with the same arithmetic (integers and Decimals)."""
    by_month: dict[dt.date, list[ReportItem]] = {month: []}
    for item in items:
        by_month.setdefault(item.month, []).append(item)
    ordered = [month, *sorted(day for day in by_month if day != month)]
    rows = []
    for position, day in enumerate(ordered, start=1):
        group = by_month[day]
        sums = rules.RowSums(
            recipients=len({item.person_id for item in group}),
            assistants=len({item.assistant_id for item in group}),
            minutes=sum(item.minutes_he + item.minutes_gen for item in group),
            gross_wages=sum((item.wage_he + item.wage_gen for item in group), ZERO),
            employer_contributions=sum(
                (item.contributions_he + item.contributions_gen for item in group), ZERO
            ),
            transport=sum((item.transport_he + item.transport_gen for item in group), ZERO),
            service_cost_he=sum(
                (item.wage_he + item.contributions_he + item.transport_he for item in group), ZERO
            ),
            service_cost_gen=sum(
                (item.wage_gen + item.contributions_gen + item.transport_gen for item in group), ZERO
            ),
        )
        figures = rules.row_figures(sums, rates=rules.rates_for_month(table, day))
        rows.append(_row(report, position, municipality, day, day != month, figures))
    return rows


def _row(report, position, municipality, month, is_adjustment, figures: rules.RowFigures) -> ReportRow:
    return ReportRow(
        report=report,
        position=position,
        municipality=municipality,
        month=month,
        is_adjustment=is_adjustment,
        recipients=figures.recipients,
        assistants=figures.assistants,
        minutes=figures.minutes,
        gross_wages=figures.gross_wages,
        employer_contributions=figures.employer_contributions,
        transport=figures.transport,
        service_cost_he=figures.service_cost_he,
        service_cost_gen=figures.service_cost_gen,
        admin_he=figures.admin_he,
        admin_gen=figures.admin_gen,
        admin_total=figures.admin_total,
        total=figures.total,
    )


def figures_of(row: ReportRow) -> rules.RowFigures:
    return rules.RowFigures(
        recipients=row.recipients,
        assistants=row.assistants,
        minutes=row.minutes,
        gross_wages=row.gross_wages,
        employer_contributions=row.employer_contributions,
        transport=row.transport,
        service_cost_he=row.service_cost_he,
        service_cost_gen=row.service_cost_gen,
        admin_he=row.admin_he,
        admin_gen=row.admin_gen,
    )


def compute_national(*, month: dt.date, report: Report | None = None) -> Figures:
    """The national report (R-F3): the rows of every municipality's finalised report for `month`, in the
    order of the municipalities' names; the TOTAL is their sum (`rules.total_of`)."""
    source = (
        ReportRow.objects.filter(report__month=month, report__status=Report.Status.FINALISED)
        .select_related("municipality")
        .order_by("municipality__name", "position")
    )
    rows = [
        _row(report, position, row.municipality, row.month, row.is_adjustment, figures_of(row))
        for position, row in enumerate(source, start=1)
    ]
    return Figures(items=[], rows=rows, fingerprint=_fingerprint([], rows))


def _fingerprint(items: list[ReportItem], rows: list[ReportRow]) -> str:
    digest = hashlib.sha256()
    for item in sorted(items, key=lambda item: item.timesheet_id):
        digest.update(
            f"{item.timesheet_id}|{item.rate_id}|{item.minutes_he}|{item.minutes_gen}|{item.wage_he}|"
            f"{item.wage_gen}|{item.contributions_he}|{item.contributions_gen}|{item.transport_he}|"
            f"{item.transport_gen}\n".encode()
        )
    for row in rows:
        digest.update(f"{row.municipality_id}|{row.month}|{row.is_adjustment}|{row.total}\n".encode())
    return digest.hexdigest()


def compute(report: Report) -> Figures:
    if report.is_national:
        return compute_national(month=report.month, report=report)
    return compute_municipal(municipality=report.municipality, month=report.month, report=report)


# -------------------------------------------------------------------------------------------- build


def _progress(report_id: int, task_id: str, percent: int, stage: str) -> bool:
    return jobs.progress(Report, report_id, task_id, percent, stage)


def _claim(report_id: int, generation: int, task_id: str, now: dt.datetime) -> Report | None:
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("municipality")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.generation != generation:
            return None  # gone, or a newer request superseded this one (its own task builds it)
        if report.status not in Report.IN_PROGRESS or report.built_generation >= generation:
            return None  # built already, finalised, or failed (asking again queues a new generation)
        if jobs.claimed_by_another(report, task_id, now):
            return None  # another task is building it right now
        jobs.claim(
            report,
            task_id=task_id,
            now=now,
            stage=_("Computing the figures"),
            reason=_("Generation %(number)s started") % {"number": generation},
        )
        return report


def report_build(*, report_id: int, generation: int, task_id: str) -> str:
    """Build generation `generation` of the report (the Celery task's body). Returns what happened:
    "built", or "skipped" when there was nothing for this task to do."""
    from reporting import exports

    report = _claim(report_id, generation, task_id, timezone.now())
    if report is None:
        return "skipped"
    try:
        figures = compute(report)
        if not _progress(report_id, task_id, 40, _("Writing the files")):
            return "skipped"
        table = exports.table_for(report, figures.rows)
        files = {"csv": exports.csv_bytes(table)}
        if not _progress(report_id, task_id, 55, _("Writing the files")):
            return "skipped"
        files["xlsx"] = exports.xlsx_bytes(table)
        if not _progress(report_id, task_id, 70, _("Writing the PDF")):
            return "skipped"
        files["pdf"] = exports.pdf_bytes(table)
        if not _progress(report_id, task_id, 95, _("Saving")):
            return "skipped"
    except rules.NoRateError as exc:
        _fail(report_id, task_id, _("No rates were in force on %(day)s; add them on the rates page.")
              % {"day": f"{exc.args[0]:%d.%m.%Y}"})  # fmt: skip
        return "failed"
    except Exception:
        logger.exception("report %s generation %s failed", report_id, generation)
        _fail(
            report_id, task_id, _("The report could not be generated; try again or tell the administrator.")
        )
        return "failed"
    return "built" if _store(report_id, generation, task_id, figures, files) else "skipped"


def _fail(report_id: int, task_id: str, message: str) -> None:
    jobs.fail(Report, report_id, task_id, message)


def _store(report_id: int, generation: int, task_id: str, figures: Figures, files: dict[str, bytes]) -> bool:
    """The one transaction that makes a generation visible: items, rows, files and status together."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=report_id)
        )
        if (
            report.claimed_by != task_id
            or report.generation != generation
            or report.status != Report.Status.RUNNING
        ):
            return False
        old_files = [field.name for field in (report.pdf, report.xlsx, report.csv) if field]
        report.items.all().delete()
        report.rows.all().delete()
        for item in figures.items:
            item.report = report
        for row in figures.rows:
            row.report = report
        ReportItem.objects.bulk_create(figures.items, batch_size=2000)
        ReportRow.objects.bulk_create(figures.rows)
        place = slugify(report.municipality.name) if report.municipality_id else "latvija"
        stem = f"{place}-{report.month:%Y-%m}"
        storage = report.pdf.storage
        for extension, data in files.items():
            field = getattr(report, extension)
            name = field.field.generate_filename(report, f"{stem}-g{generation}.{extension}")
            if name not in old_files and storage.exists(name):
                storage.delete(name)  # written by an attempt at this generation that died before its commit
            field.save(f"{stem}-g{generation}.{extension}", ContentFile(data), save=False)
            setattr(report, f"{extension}_sha256", hashlib.sha256(data).hexdigest())
        report.fingerprint = figures.fingerprint
        report.built_generation = generation
        report.built_at = timezone.now()
        report.progress = 100
        report.stage = ""
        report.transition_to(
            Report.Status.READY,
            by=None,
            reason=_("Generation %(number)s ready") % {"number": generation},
            fields=(
                "pdf", "pdf_sha256", "xlsx", "xlsx_sha256", "csv", "csv_sha256", "fingerprint",
                "built_generation", "built_at", "progress", "stage",
            ),
        )  # fmt: skip
        transaction.on_commit(lambda: [storage.delete(name) for name in old_files if storage.exists(name)])
    return True


# ----------------------------------------------------------------------------------------- finalise


def report_finalise(*, report: Report, by: User) -> Report:
    """R-F4: lock a draft and its sheets. Refused when the data changed since the draft was generated
    (a sheet accepted or corrected, a rate changed): the finalised figures are always the ones shown."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=report.pk)
        )
        if report.is_national:
            raise ReportError(
                _("The national report is compiled from finalised reports; it is not finalised.")
            )
        if report.status != Report.Status.READY or report.built_generation != report.generation:
            raise ReportError(_("Only a generated draft report can be finalised."))
        current = compute_municipal(municipality=report.municipality, month=report.month)
        if current.fingerprint != report.fingerprint:
            raise ReportError(
                _(
                    "The figures changed since this draft was generated (a sheet was accepted or corrected, "
                    "or a rate changed). Generate the report again and check it before finalising."
                )
            )
        try:
            with transaction.atomic():
                report.items.update(finalised=True)
        except IntegrityError:
            raise ReportError(
                _("Some sheets of this draft are already in another finalised report. Generate it again.")
            ) from None
        report.finalised_by = by
        report.finalised_at = timezone.now()
        report.transition_to(
            Report.Status.FINALISED,
            by=by,
            reason=_("Report finalised"),
            fields=("finalised_by", "finalised_at"),
        )
    return report


def report_build_now(report: Report) -> Report:
    """Build the queued generation in this process (the `monthly_report` command)."""
    report_build(
        report_id=report.pk, generation=report.generation, task_id=f"local-{report.pk}-{report.generation}"
    )
    report.refresh_from_db()
    return report
