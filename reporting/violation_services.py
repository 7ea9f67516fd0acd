"""Violations and repayment (R-R1): a caseworker marks entries of accepted sheets as unjustified; the
repayable amounts are computed at the rates each sheet was paid at, and the repayment demand and, when a
crime is suspected, the notice to the ministry (domain-law §2.12, point 19) are issued as PDFs.

Nothing here touches a report: the monthly financial report is not corrected for a violation, and a
finalised report's items, rows and files stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce, Length
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.decision_pdf import full_name, genitive
from contracts.models import Contract, TaxStatus, Timesheet, TimesheetEntry
from core.models import User
from core.money import ZERO, hours_of
from core.pdf import render_pdf, sha256_hex
from reporting import rules, services
from reporting.models import ReportItem, Violation, ViolationEntry
from reporting.violation_selectors import payment_due

DEMAND_TEMPLATE = "reporting/pdf/repayment_demand.html"
NOTICE_TEMPLATE = "reporting/pdf/ministry_notice.html"
NUMBER_ATTEMPTS = 20


class ViolationError(ValueError):
    """Input the service refuses; `errors` maps a field name to its message (for the user)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def _pk(entry) -> int | None:
    value = getattr(entry, "pk", entry)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _entry_label(entry: TimesheetEntry) -> str:
    return f"{entry.day:%d.%m.%Y} {entry.start:%H:%M}–{entry.end:%H:%M}"


def _check(
    *,
    contract: Contract,
    entry_ids: list[int | None],
    entries: dict[int, TimesheetEntry],
    marked: dict[int, str],
    nature: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
) -> dict[str, str]:
    """Every problem at once, one message per field."""
    errors: dict[str, str] = {}
    if not nature:
        errors["nature"] = _("Describe the nature of the violation.")
    if period_start is None:
        errors["period_start"] = _("Enter the first day of the period of the violation.")
    if period_end is None:
        errors["period_end"] = _("Enter the last day of the period of the violation.")
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = _("The period must end on or after the day it starts (%(start)s).") % {
            "start": f"{period_start:%d.%m.%Y}"
        }
    if not entry_ids:
        errors["entries"] = _("Mark at least one entry of an accepted timesheet as unjustified.")
        return errors
    problems: list[str] = []
    if None in entry_ids or any(pk not in entries for pk in entry_ids if pk is not None):
        problems.append(_("A marked entry does not exist (any more); show the entries again."))
    period_known = period_start is not None and period_end is not None and period_end >= period_start
    for entry in sorted(entries.values(), key=lambda e: (e.day, e.start, e.pk)):
        sheet = entry.timesheet
        label = _entry_label(entry)
        if sheet.contract_id != contract.pk:
            problems.append(_("The entry of %(entry)s is not of this contract.") % {"entry": label})
            continue
        if sheet.status != Timesheet.Status.ACCEPTED or not sheet.is_current:
            problems.append(
                _("The entry of %(entry)s is not in the current accepted timesheet of its month.")
                % {"entry": label}
            )
        if period_known and not (period_start <= entry.day <= period_end):
            problems.append(
                _("The entry of %(entry)s is outside the period %(start)s–%(end)s.")
                % {"entry": label, "start": f"{period_start:%d.%m.%Y}", "end": f"{period_end:%d.%m.%Y}"}
            )
        if entry.pk in marked:
            problems.append(
                _("The entry of %(entry)s is already in violation %(number)s.")
                % {"entry": label, "number": marked[entry.pk]}
            )
    if problems:
        errors["entries"] = " ".join(problems)
    return errors


def _unjustified_sheets(contract: Contract, entry_ids: list[int]) -> list[rules.UnjustifiedSheet]:
    """Per sheet and category, summed by the database: the payable minutes (what was paid) and the
    transport of the marked entries, with the rates the sheet was paid at: those stored on its item in a
    finalised report, else the rates in force on the first day of its month (R-F1)."""
    he = Q(purpose=rules.HIGHER_EDUCATION)
    zero_eur = Value(ZERO)
    sums = (
        TimesheetEntry.objects.filter(pk__in=entry_ids)
        .order_by("timesheet__month", "timesheet_id")
        .values("timesheet_id", "timesheet__month")
        .annotate(
            minutes_he=Coalesce(Sum("payable_minutes", filter=he), 0),
            minutes_gen=Coalesce(Sum("payable_minutes", filter=~he), 0),
            transport_he=Coalesce(Sum("transport", filter=he), zero_eur),
            transport_gen=Coalesce(Sum("transport", filter=~he), zero_eur),
        )
    )
    paid = {
        item.timesheet_id: item
        for item in ReportItem.objects.filter(
            timesheet_id__in=[row["timesheet_id"] for row in sums], finalised=True
        ).select_related("rate")
    }
    table = None
    sheets = []
    for row in sums:
        item = paid.get(row["timesheet_id"])
        if item is not None:
            rates = rules.Rates(
                valid_from=item.rate.valid_from,
                gross_hourly=item.gross_hourly,
                employer_percent=item.employer_percent,
                admin_he_percent=item.admin_he_percent,
                admin_gen_percent=item.admin_gen_percent,
            )
            employee = item.employee
        else:
            table = services.rates_table() if table is None else table
            try:
                rates = rules.rates_for_month(table, row["timesheet__month"])
            except rules.NoRateError as exc:
                raise ViolationError(
                    {"entries": _("No rates were in force on %(day)s; finance must add them first.")
                     % {"day": f"{exc.args[0]:%d.%m.%Y}"}}
                ) from None  # fmt: skip
            employee = contract.tax_status == TaxStatus.EMPLOYEE
        sheets.append(
            rules.UnjustifiedSheet(
                minutes_he=row["minutes_he"],
                minutes_gen=row["minutes_gen"],
                transport_he=row["transport_he"],
                transport_gen=row["transport_gen"],
                rates=rates,
                employee=employee,
            )
        )
    return sheets


def _next_number(year: int) -> str:
    prefix = f"P-{year}/"
    last = (
        Violation.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _save_numbered(violation: Violation, *, year: int, by: User) -> None:
    """Insert with the next free number of the year. Two recordings at the same moment compute the same
    number; the unique index makes the second wait for the first and fail, and it takes the next one."""
    for _attempt in range(NUMBER_ATTEMPTS):
        violation.number = _next_number(year)
        try:
            with transaction.atomic():
                violation.save_with_reason(by=by, reason=_("Violation recorded"))
            return
        except IntegrityError:
            violation.pk = None
            if not Violation.objects.filter(number=violation.number).exists():
                raise
    raise RuntimeError("no free violation number after several attempts")  # pragma: no cover


def file_stem(number: str) -> str:
    return number.replace("/", "-")


def document_context(violation: Violation, entries: Iterable[TimesheetEntry]) -> dict:
    """What the two documents show. The notice uses only the figures, the period, the nature and the
    references (municipality, contract and violation numbers): no names, codes or purposes."""
    contract = violation.contract
    issued = timezone.localdate(violation.created_at)
    return {
        "violation": violation,
        "contract": contract,
        "assistant": contract.assistant,
        "provider": contract.assistant.provider,
        "municipality": violation.municipality,
        "municipality_genitive": genitive(violation.municipality),
        "issued_on": issued,
        "payment_due": payment_due(violation),
        "hours": hours_of(violation.minutes),
        "entries": [
            {"entry": entry, "hours": hours_of(entry.payable_minutes)}
            for entry in sorted(entries, key=lambda e: (e.day, e.start))
        ],
        "prepared_by": full_name(violation.recorded_by),
    }


def violation_record(
    *,
    contract: Contract,
    entries: Iterable,
    nature: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
    crime_suspected: bool,
    by: User,
) -> Violation:
    """R-R1: record the marked entries as unjustified, compute the repayment at the rates the sheets were
    paid at, issue the repayment demand (and the notice to the ministry when a crime is suspected)."""
    nature = (nature or "").strip()
    entry_ids = list(dict.fromkeys(_pk(entry) for entry in entries))
    known = [pk for pk in entry_ids if pk is not None]
    with transaction.atomic():
        # Lock the sheets, then the entries: a correction of a sheet waits for this transaction, and a
        # second marking of the same entries waits and then finds them taken.
        sheet_ids = TimesheetEntry.objects.filter(pk__in=known).values("timesheet_id")
        list(Timesheet.objects.select_for_update().filter(pk__in=sheet_ids).order_by("pk").values_list("pk"))
        locked = (
            TimesheetEntry.objects.select_for_update(of=("self",))
            .select_related("timesheet")
            .filter(pk__in=known)
            .order_by("pk")
        )
        found = {entry.pk: entry for entry in locked}
        marked = dict(
            ViolationEntry.objects.filter(entry_id__in=known).values_list("entry_id", "violation__number")
        )
        errors = _check(
            contract=contract,
            entry_ids=entry_ids,
            entries=found,
            marked=marked,
            nature=nature,
            period_start=period_start,
            period_end=period_end,
        )
        if errors:
            raise ViolationError(errors)

        money = rules.repayment(_unjustified_sheets(contract, known))
        if money.minutes == 0 and money.transport == ZERO:
            raise ViolationError(
                {
                    "entries": _(
                        "No hours or transport of the marked entries were paid; there is nothing to repay."
                    )
                }
            )
        contract = Contract.objects.select_related("assistant__provider", "municipality").get(pk=contract.pk)
        violation = Violation(
            municipality=contract.municipality,
            contract=contract,
            nature=nature,
            period_start=period_start,
            period_end=period_end,
            crime_suspected=bool(crime_suspected),
            recorded_by=by,
            minutes=money.minutes,
            gross_wages=money.gross_wages,
            employer_contributions=money.employer_contributions,
            transport=money.transport,
            administration=money.administration,
            total=money.total,
        )
        _save_numbered(violation, year=timezone.localdate().year, by=by)
        ViolationEntry.objects.bulk_create([ViolationEntry(violation=violation, entry_id=pk) for pk in known])

        context = document_context(violation, found.values())
        stem = file_stem(violation.number)
        stored = []
        try:
            demand = render_pdf(DEMAND_TEMPLATE, context, language="lv")
            violation.demand.save(f"{stem}-atmaksas-pieprasijums.pdf", ContentFile(demand), save=False)
            stored.append(violation.demand.name)
            violation.demand_sha256 = sha256_hex(demand)
            fields = ["demand", "demand_sha256", "updated_at"]
            if violation.crime_suspected:
                notice = render_pdf(NOTICE_TEMPLATE, context, language="lv")
                violation.notice.save(f"{stem}-pazinojums-lm.pdf", ContentFile(notice), save=False)
                stored.append(violation.notice.name)
                violation.notice_sha256 = sha256_hex(notice)
                fields += ["notice", "notice_sha256"]
            violation.save_with_reason(by=by, reason=_("Repayment documents issued"), update_fields=fields)
        except Exception:
            storage = violation.demand.storage
            for name in stored:
                storage.delete(name)
            raise
    return violation
