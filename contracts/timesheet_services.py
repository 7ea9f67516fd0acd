"""Writes of timesheets (R-T1–R-T6): validated as a whole with contracts.rules, stored all or nothing.

Every error names the row and the field; nothing partial is stored (R-T6). Simultaneous service (R-T4) is
settled when a sheet is submitted: its overlapping minutes are payable only if no earlier submitted sheet of
the same assistant already pays them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts import rules
from contracts.models import Contract, Timesheet, TimesheetEntry
from core.models import User

COUNTED = (Timesheet.Status.SUBMITTED, Timesheet.Status.ACCEPTED)
SUBMIT_FIELDS = (
    "submitted_at",
    "recipient_confirmed",
    "confirmation_scan",
    "worked_minutes",
    "payable_minutes",
    "warnings",
)


class TimesheetRejected(ValueError):
    """The sheet has errors; `check` lists every one of them (row, field, message)."""

    def __init__(self, check: rules.SheetCheck) -> None:
        super().__init__("; ".join(str(problem.message) for problem in check.errors))
        self.check = check


class TimesheetStateError(ValueError):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def sheet_context(
    *, contract: Contract, month: dt.date, sheet: Timesheet | None, submitted_on: dt.date | None
) -> rules.SheetContext:
    """Everything the pure checks need, read in a constant number of queries."""
    allocation = contract.allocation
    person_id = allocation.application.person_id
    months = {m.month: m for m in allocation.months.prefetch_related("lines")}
    this_month = months.get(month)
    lines = list(this_month.lines.all()) if this_month else []
    study = {
        purpose: (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        for purpose, start, end in allocation.inputs.get("purposes", [])
        if start and end
    }
    granted = {line.purpose for m in months.values() for line in m.lines.all()}
    window_start = month - dt.timedelta(days=month.weekday())
    last = _month_end(month)
    window_end = last + dt.timedelta(days=6 - last.weekday())
    others = (
        TimesheetEntry.objects.filter(
            timesheet__is_current=True,
            timesheet__status__in=COUNTED,
            day__gte=window_start,
            day__lte=window_end,
        )
        .filter(
            Q(timesheet__contract__allocation__application__person_id=person_id)
            | Q(timesheet__contract__assistant_id=contract.assistant_id)
        )
        .exclude(timesheet__contract=contract, timesheet__month=month)
        .select_related("timesheet__contract__allocation__application")
    )
    return rules.SheetContext(
        sheet_id=sheet.pk if sheet else None,
        month=month,
        contract_id=contract.pk,
        assistant_id=contract.assistant_id,
        recipient_id=person_id,
        contract_start=contract.start,
        contract_end=contract.end,
        contract_monthly_hours=contract.monthly_hours,
        granted_purposes=frozenset(granted),
        study_periods=study,
        month_entitlement_hours=this_month.total if this_month else 0,
        purpose_month_hours={line.purpose: line.hours for line in lines},
        weekly_cap=allocation.weekly_cap,
        purpose_bound=allocation.rule_set.purpose_bound,
        transport_limit=contract.municipality.transport_limit,
        deadline_day=allocation.rule_set.timesheet_deadline_day,
        submitted_on=submitted_on,
        submitted_at=sheet.submitted_at if sheet else None,
        others=tuple(
            rules.OtherEntry(
                sheet_id=entry.timesheet_id,
                contract_id=entry.timesheet.contract_id,
                assistant_id=entry.timesheet.contract.assistant_id,
                recipient_id=entry.timesheet.contract.allocation.application.person_id,
                day=entry.day,
                start=entry.start,
                end=entry.end,
                purpose=entry.purpose,
                status=entry.timesheet.status,
                submitted_at=entry.timesheet.submitted_at,
            )
            for entry in others
        ),
    )


def _store_entries(
    sheet: Timesheet, entries: Sequence[rules.Entry], check: rules.SheetCheck, context: rules.SheetContext
) -> None:
    payable = dict(rules.payable_minutes(entries, context))
    sheet.entries.all().delete()
    TimesheetEntry.objects.bulk_create(
        [
            TimesheetEntry(
                timesheet=sheet,
                row=entry.row,
                day=entry.day,
                start=entry.start,
                end=entry.end,
                purpose=entry.purpose,
                transport=entry.transport,
                note=entry.note,
                minutes=entry.minutes,
                payable_minutes=payable.get(entry.row, entry.minutes),
            )
            for entry in entries
        ]
    )
    sheet.worked_minutes = check.worked_minutes
    sheet.payable_minutes = check.payable_minutes
    sheet.warnings = [
        {"row": p.row, "field": p.field, "code": p.code, "message": str(p.message)} for p in check.warnings
    ]


def _context_for(sheet: Timesheet) -> rules.SheetContext:
    submitted_on = timezone.localdate(sheet.submitted_at) if sheet.submitted_at else None
    return sheet_context(contract=sheet.contract, month=sheet.month, sheet=sheet, submitted_on=submitted_on)


@transaction.atomic
def timesheet_save(
    *, contract: Contract, month: dt.date, entries: Sequence[rules.Entry], by: User
) -> Timesheet:
    """Save the draft of a contract's month (R-T1): the whole sheet or nothing (R-T6)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    sheet = Timesheet.objects.filter(contract=contract, month=month, is_current=True).first()
    if sheet is not None and sheet.status not in (Timesheet.Status.DRAFT, Timesheet.Status.RETURNED):
        raise TimesheetStateError(_("This sheet is submitted or accepted and can no longer be edited."))
    context = sheet_context(contract=contract, month=month, sheet=sheet, submitted_on=None)
    check = rules.check_sheet(entries, context)
    if check.errors:
        raise TimesheetRejected(check)
    if sheet is None:
        sheet = Timesheet(contract=contract, municipality=contract.municipality, month=month)
        sheet.save_with_reason(by=by, reason=_("Timesheet started"))
    _store_entries(sheet, entries, check, context)
    sheet.save_with_reason(by=by, reason=_("Timesheet saved"))
    return sheet


def sheet_entries(sheet: Timesheet) -> list[rules.Entry]:
    return [
        rules.Entry(
            row=e.row,
            day=e.day,
            start=e.start,
            end=e.end,
            purpose=e.purpose,
            transport=e.transport,
            note=e.note,
        )
        for e in sheet.entries.order_by("row")
    ]


@transaction.atomic
def timesheet_submit(*, sheet: Timesheet, by: User, recipient_confirmed: bool, scan=None) -> Timesheet:
    """Submit with the recipient's confirmation (R-T5); validated again, the R-T4 payable minutes settled."""
    sheet = Timesheet.objects.select_for_update().select_related("contract").get(pk=sheet.pk)
    if sheet.status not in (Timesheet.Status.DRAFT, Timesheet.Status.RETURNED):
        raise TimesheetStateError(_("This sheet has already been submitted."))
    if not recipient_confirmed:
        raise TimesheetStateError(_("Record the recipient's confirmation before submitting."))
    entries = sheet_entries(sheet)
    if not entries:
        raise TimesheetStateError(_("The sheet has no entries."))
    sheet.submitted_at = timezone.now()
    context = _context_for(sheet)
    check = rules.check_sheet(entries, context)
    if check.errors:
        raise TimesheetRejected(check)
    _store_entries(sheet, entries, check, context)
    sheet.recipient_confirmed = True
    if scan is not None:
        sheet.confirmation_scan.save(scan.name, scan, save=False)
    sheet.transition_to(
        Timesheet.Status.SUBMITTED,
        by=by,
        reason=_("Timesheet submitted"),
        fields=SUBMIT_FIELDS,
    )
    return sheet


@transaction.atomic
def timesheet_accept(*, sheet: Timesheet, by: User) -> Timesheet:
    """The caseworker accepts (R-T5); an accepted sheet is locked."""
    sheet = Timesheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != Timesheet.Status.SUBMITTED:
        raise TimesheetStateError(_("Only a submitted sheet can be accepted."))
    sheet.accepted_by = by
    sheet.accepted_at = timezone.now()
    sheet.transition_to(
        Timesheet.Status.ACCEPTED,
        by=by,
        reason=_("Timesheet accepted"),
        fields=("accepted_by", "accepted_at"),
    )
    return sheet


@transaction.atomic
def timesheet_return(*, sheet: Timesheet, comment: str, by: User) -> Timesheet:
    sheet = Timesheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != Timesheet.Status.SUBMITTED:
        raise TimesheetStateError(_("Only a submitted sheet can be returned."))
    if not comment.strip():
        raise TimesheetStateError(_("Write what the assistant should correct."))
    sheet.return_comment = comment.strip()
    sheet.transition_to(
        Timesheet.Status.RETURNED, by=by, reason=_("Timesheet returned"), fields=("return_comment",)
    )
    return sheet


@transaction.atomic
def timesheet_correct(*, sheet: Timesheet, reason: str, by: User) -> Timesheet:
    """A correction of an accepted sheet is a new revision with its reason, never a silent edit (R-T5)."""
    sheet = Timesheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != Timesheet.Status.ACCEPTED or not sheet.is_current:
        raise TimesheetStateError(_("Only the current accepted sheet can be corrected."))
    if not reason.strip():
        raise TimesheetStateError(_("State the reason for the correction."))
    if sheet.report_items.filter(finalised=True).exists():
        raise TimesheetStateError(
            _(
                "This sheet is in a finalised financial report and is locked (R-F4). Record unjustified "
                "hours as a violation instead."
            )
        )
    if TimesheetEntry.objects.filter(timesheet=sheet, violation__isnull=False).exists():
        raise TimesheetStateError(
            _("Entries of this sheet are in a recorded violation; the violation is the correction.")
        )
    entries = sheet_entries(sheet)
    sheet.is_current = False
    sheet.save_with_reason(
        by=by, reason=_("Replaced by a correction"), update_fields=["is_current", "updated_at"]
    )
    revision = Timesheet(
        contract=sheet.contract,
        municipality=sheet.municipality,
        month=sheet.month,
        revision=sheet.revision + 1,
        correction_reason=reason.strip(),
    )
    revision.save_with_reason(by=by, reason=_("Correction started: %(reason)s") % {"reason": reason.strip()})
    TimesheetEntry.objects.bulk_create(
        [
            TimesheetEntry(
                timesheet=revision, row=e.row, day=e.day, start=e.start, end=e.end, purpose=e.purpose,
                transport=e.transport, note=e.note, minutes=e.minutes, payable_minutes=0,
            )
            for e in entries
        ]
    )  # fmt: skip
    return revision
