"""The assistant portal (my contracts, usage, the monthly timesheet, CSV upload, submission) and the
caseworker's review queue (accept, return with a comment, correct as a new revision). Views stay thin: the
checks are contracts.rules, the writes contracts.timesheet_services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import rules, timesheet_csv
from contracts import timesheet_selectors as selectors
from contracts import timesheet_services as services
from contracts.models import Timesheet
from core import uploads
from core.roles import Role, has_role

PURPOSE_CHOICES = [
    "DAILY",
    "WORK",
    "EDUCATION",
    "HIGHER_EDUCATION",
    "VOLUNTEERING",
    "DAY_CENTRE",
    "MEDICAL",
    "CHILD",
]
BLANK_ROWS = 3


def _require_assistant(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ASSISTANT):
        raise PermissionDenied


def _month(text: str) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise Http404 from None


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@login_required
def my_contracts(request: HttpRequest) -> HttpResponse:
    _require_assistant(request)
    this_month = timezone.localdate().replace(day=1)
    cards = []
    for contract in selectors.assistant_contracts(user=request.user).order_by("-start"):
        months = [m for m in (_previous_month(this_month), this_month) if contract.start <= m.replace(day=28)
                  and m <= contract.end]  # fmt: skip
        cards.append(
            {
                "contract": contract,
                "person": contract.allocation.application.person,
                "months": [(selectors.usage(contract, m), selectors.sheet_of(contract, m)) for m in months],
            }
        )
    return render(request, "contracts/my_contracts.html", {"cards": cards})


def _parse_rows(post, month: dt.date) -> tuple[list[rules.Entry], list[dict], list[tuple]]:
    """Form rows → entries, the typed values (shown again) and parse problems (row, field, message)."""
    columns = ["day", "start", "end", "purpose", "transport", "note"]
    values = {name: post.getlist(name) for name in columns}
    count = max((len(v) for v in values.values()), default=0)
    entries, typed, problems = [], [], []
    for index in range(count):
        cells = {name: (values[name][index] if index < len(values[name]) else "").strip() for name in columns}
        if not any(cells[name] for name in ("day", "start", "end", "transport", "note")):
            continue
        row = len(typed) + 1
        typed.append(cells)
        day = _parse_day(cells["day"], month)
        if day is None:
            problems.append((row, _("date"), _("enter the date as dd.mm.yyyy or the day of the month")))
        times = {}
        for name in ("start", "end"):
            try:
                times[name] = dt.datetime.strptime(cells[name], "%H:%M").time()
            except ValueError:
                problems.append(
                    (row, _("start") if name == "start" else _("end"), _("enter the time as HH:MM"))
                )
        try:
            transport = Decimal(cells["transport"].replace(",", ".") or "0")
            if not transport.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            transport = None
            problems.append((row, _("transport"), _("enter an amount in EUR, e.g. 2,50")))
        if day and len(times) == 2 and transport is not None:
            entries.append(
                rules.Entry(
                    row=row,
                    day=day,
                    start=times["start"],
                    end=times["end"],
                    purpose=cells["purpose"],
                    transport=transport.quantize(Decimal("0.01")),
                    note=cells["note"][:200],
                )
            )
    return entries, typed, problems


def _parse_day(text: str, month: dt.date) -> dt.date | None:
    if text.isdigit():
        try:
            return month.replace(day=int(text))
        except ValueError:
            return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _typed_from(sheet: Timesheet | None) -> list[dict]:
    if sheet is None:
        return []
    return [
        {
            "day": entry.day.strftime("%d.%m.%Y"),
            "start": entry.start.strftime("%H:%M"),
            "end": entry.end.strftime("%H:%M"),
            "purpose": entry.purpose,
            "transport": f"{entry.transport:.2f}".replace(".", ","),
            "note": entry.note,
            "payable": entry.payable_minutes,
            "minutes": entry.minutes,
        }
        for entry in sheet.entries.all()
    ]


@login_required
def timesheet_edit(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    _require_assistant(request)
    contract = selectors.assistant_contract(user=request.user, pk=pk)
    month_day = _month(month)
    if not (contract.start.replace(day=1) <= month_day <= contract.end):
        raise Http404
    sheet = selectors.sheet_of(contract, month_day)
    typed = _typed_from(sheet)
    problems: list[tuple[int | None, str, str]] = []
    if request.method == "POST":
        entries, typed, parse_problems = _parse_rows(request.POST, month_day)
        problems = [(row, field, message) for row, field, message in parse_problems]
        if not problems:
            try:
                sheet = services.timesheet_save(
                    contract=contract, month=month_day, entries=entries, by=request.user
                )
                if request.POST.get("action") == "submit":
                    services.timesheet_submit(
                        sheet=sheet,
                        by=request.user,
                        recipient_confirmed=request.POST.get("recipient_confirmed") == "on",
                        scan=_checked_scan(request),
                    )
                    messages.success(request, _("The timesheet is submitted to the social service."))
                else:
                    messages.success(request, _("The timesheet is saved."))
                return redirect("contracts:timesheet_edit", pk=pk, month=month)
            except services.TimesheetRejected as exc:
                problems = [(p.row, "", str(p.message)) for p in exc.check.errors]
            except services.TimesheetStateError as exc:
                problems = [(None, "", str(exc.message))]
            except uploads.UploadRejected as exc:
                problems = [(None, _("signed scan"), str(exc.message))]
    editable = sheet is None or sheet.status in (Timesheet.Status.DRAFT, Timesheet.Status.RETURNED)
    error_rows = {row for row, _field, _message in problems if row}
    rows = [
        {**cells, "number": index, "invalid": index in error_rows}
        for index, cells in enumerate(typed, start=1)
    ]
    if editable:
        rows += [{"number": len(rows) + i, "purpose": "DAILY"} for i in range(1, BLANK_ROWS + 1)]
    return render(
        request,
        "contracts/timesheet_edit.html",
        {
            "contract": contract,
            "person": contract.allocation.application.person,
            "month": month_day,
            "month_code": month,
            "sheet": sheet,
            "rows": rows,
            "editable": editable,
            "problems": problems,
            "purposes": [(code, rules.PURPOSE_LABELS.get(code, code)) for code in PURPOSE_CHOICES],
            "usage": selectors.usage(contract, month_day),
        },
        status=200,
    )


def _checked_scan(request: HttpRequest):
    scan = request.FILES.get("scan")
    if scan is None:
        return None
    uploads.check_document(scan)
    scan.seek(0)
    return scan


@login_required
@require_POST
def timesheet_upload(request: HttpRequest) -> HttpResponse:
    """A §5.2 CSV for the assistant's own contracts: every sheet validated as a whole and saved as a draft;
    every problem listed at once (row, field)."""
    _require_assistant(request)
    upload = request.FILES.get("file")
    results: list[dict] = []
    problems: list[str] = []
    if upload is None:
        problems.append(_("Choose the CSV file to upload."))
    else:
        try:
            sheets = timesheet_csv.parse(timesheet_csv.decode(upload.read()))
        except timesheet_csv.CsvUnreadable as exc:
            sheets = []
            problems.append(str(exc.message))
        own = {c.number: c for c in selectors.assistant_contracts(user=request.user)}
        for parsed in sheets:
            contract = own.get(parsed.contract)
            label = f"{parsed.contract} · {parsed.month:%m.%Y}" if parsed.month else parsed.contract
            if parsed.problems:
                problems.extend(str(p) for p in parsed.problems)
                results.append({"label": label, "ok": False})
                continue
            if contract is None:
                first_row = parsed.entries[0].row if parsed.entries else 0
                problems.append(
                    str(timesheet_csv.RowProblem(first_row, "contract", _("not one of your contracts")))
                )
                results.append({"label": label, "ok": False})
                continue
            try:
                services.timesheet_save(
                    contract=contract, month=parsed.month, entries=parsed.entries, by=request.user
                )
                results.append({"label": label, "ok": True, "contract": contract, "month": parsed.month})
            except services.TimesheetRejected as exc:
                problems.extend(str(p.message) for p in exc.check.errors)
                results.append({"label": label, "ok": False})
            except services.TimesheetStateError as exc:
                problems.append(f"{label}: {exc.message}")
                results.append({"label": label, "ok": False})
    return render(
        request, "contracts/upload_result.html", {"results": results, "problems": problems},
        status=200,
    )  # fmt: skip


@login_required
@permission_required("contracts.change_timesheet", raise_exception=True)
def review_queue(request: HttpRequest) -> HttpResponse:
    sheets = selectors.sheets_to_review(user=request.user)
    return render(request, "contracts/review_queue.html", {"sheets": sheets[:100], "total": sheets.count()})


@login_required
@permission_required("contracts.change_timesheet", raise_exception=True)
def review_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_for_review(user=request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.timesheet_accept(sheet=sheet, by=request.user)
                messages.success(request, _("The timesheet is accepted and locked."))
            elif action == "return":
                services.timesheet_return(
                    sheet=sheet, comment=request.POST.get("comment", ""), by=request.user
                )
                messages.success(request, _("The timesheet is returned to the assistant."))
            elif action == "correct":
                revision = services.timesheet_correct(
                    sheet=sheet, reason=request.POST.get("reason", ""), by=request.user
                )
                messages.success(
                    request, _("Revision %(n)d is open for the correction.") % {"n": revision.revision}
                )
            return redirect("contracts:review_sheet", pk=pk)
        except services.TimesheetStateError as exc:
            messages.error(request, exc.message)
    from assistance.selectors import history_of

    return render(
        request,
        "contracts/review_sheet.html",
        {
            "sheet": sheet,
            "person": sheet.contract.allocation.application.person,
            "history": history_of(sheet),
            "simultaneous": selectors.simultaneous_minutes(sheet),
        },
    )
