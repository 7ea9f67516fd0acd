"""Violations and repayment (R-R1): the caseworker marks entries of a contract's accepted timesheets as
unjustified; the list and detail pages show the figures and offer the repayment demand and the notice to
the ministry for download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.selectors import history_of
from contracts.rules import PURPOSE_LABELS
from core.downloads import private_file
from core.forms import DateField
from core.money import hours_of
from reporting import violation_selectors as selectors
from reporting import violation_services as services

PAGE_SIZE = 25


class EntryIdsField(forms.Field):
    """The ids of the checked entries (checkboxes the template draws in the entries table)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(_("A marked entry is not valid; show the entries again.")) from None


class ViolationForm(forms.Form):
    period_start = DateField(label=gettext_lazy("Period from"))
    period_end = DateField(label=gettext_lazy("Period until"))
    entries = EntryIdsField(label=gettext_lazy("Unjustified entries"), required=False)
    nature = forms.CharField(
        label=gettext_lazy("Nature of the violation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text=gettext_lazy(
            "This text goes into the repayment demand and the notice to the ministry: do not write the "
            "recipient's name, personal code or health data in it."
        ),
    )
    crime_suspected = forms.BooleanField(
        label=gettext_lazy("A crime is suspected (the notice to the ministry is prepared)"), required=False
    )


def _rows(entries, checked: set[int]) -> list[dict]:
    return [
        {
            "entry": entry,
            "purpose": PURPOSE_LABELS.get(entry.purpose, entry.purpose),
            "hours": hours_of(entry.payable_minutes),
            "worked_hours": hours_of(entry.minutes),
            "checked": entry.pk in checked,
        }
        for entry in entries
    ]


@login_required
@permission_required("reporting.view_violation", raise_exception=True)
def violation_list(request: HttpRequest) -> HttpResponse:
    contract = request.GET.get("contract", "")
    contract_pk = int(contract) if contract.isdigit() else None
    violations = selectors.violations_for(user=request.user, contract_pk=contract_pk)
    page = Paginator(violations, PAGE_SIZE).get_page(request.GET.get("page"))
    for violation in page.object_list:
        violation.hours = hours_of(violation.minutes)
    return render(request, "reporting/violation_list.html", {"page": page, "contract_pk": contract_pk})


@login_required
@permission_required("reporting.add_violation", raise_exception=True)
def violation_create(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = selectors.contract_for_marking(user=request.user, pk=contract_pk)
    initial = {"period_start": contract.start, "period_end": contract.end}
    form = ViolationForm(request.POST if request.method == "POST" else None, initial=initial)
    period = (contract.start, contract.end)
    checked: set[int] = set()
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        checked = set(data.get("entries") or [])
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start <= end:
            period = (start, end)
        if valid and request.POST.get("action") == "record":
            try:
                violation = services.violation_record(
                    contract=contract,
                    entries=data["entries"],
                    nature=data["nature"],
                    period_start=start,
                    period_end=end,
                    crime_suspected=data["crime_suspected"],
                    by=request.user,
                )
            except services.ViolationError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("Violation %(number)s is recorded; the repayment demand is ready to download.")
                    % {"number": violation.number},
                )
                return redirect("violations:violation_detail", pk=violation.pk)
        elif start and end and start > end:
            form.add_error(
                "period_end",
                _("The period must end on or after the day it starts (%(start)s).")
                % {"start": f"{start:%d.%m.%Y}"},
            )
    entries = selectors.entries_for_marking(
        user=request.user, contract_pk=contract.pk, period_start=period[0], period_end=period[1]
    )
    return render(
        request,
        "reporting/violation_form.html",
        {
            "form": form,
            "contract": contract,
            "person": contract.allocation.application.person,
            "rows": _rows(entries, checked),
            "period": period,
        },
    )


@login_required
@permission_required("reporting.view_violation", raise_exception=True)
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = selectors.violation_for_detail(user=request.user, pk=pk)
    marked = [link.entry for link in violation.entries.all()]
    return render(
        request,
        "reporting/violation_detail.html",
        {
            "violation": violation,
            "contract": violation.contract,
            "person": violation.contract.allocation.application.person,
            "hours": hours_of(violation.minutes),
            "payment_due": selectors.payment_due(violation),
            "rows": _rows(marked, set()),
            "history": history_of(violation),
        },
    )


@login_required
@permission_required("reporting.view_violation", raise_exception=True)
def violation_demand(request: HttpRequest, pk: int) -> FileResponse:
    violation = selectors.violation_for_detail(user=request.user, pk=pk)
    return private_file(
        violation.demand,
        filename=f"{services.file_stem(violation.number)}-atmaksas-pieprasijums.pdf",
        content_type="application/pdf",
    )


@login_required
@permission_required("reporting.view_violation", raise_exception=True)
def violation_notice(request: HttpRequest, pk: int) -> FileResponse:
    violation = selectors.violation_for_detail(user=request.user, pk=pk)
    return private_file(
        violation.notice,
        filename=f"{services.file_stem(violation.number)}-pazinojums-lm.pdf",
        content_type="application/pdf",
    )
