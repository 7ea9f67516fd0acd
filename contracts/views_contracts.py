"""Contracts of a grant (R-C1–R-C3): the caseworker drafts one per assistant, the PDF is issued with it,
and the assistant is invited to log in from the contract's page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance import selectors as assistance_selectors
from contracts import selectors, services
from contracts.models import TaxStatus
from core.downloads import private_file
from core.forms import DateField, add_service_errors


class ContractForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Contract number"), max_length=40)
    personal_code = forms.CharField(label=gettext_lazy("Assistant's personal code"), max_length=14)
    first_name = forms.CharField(label=gettext_lazy("Assistant's first name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Assistant's last name"), max_length=100)
    tax_status = forms.ChoiceField(label=gettext_lazy("Tax status"), choices=TaxStatus.choices)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    start = DateField(label=gettext_lazy("From"))
    end = DateField(label=gettext_lazy("Until"))
    monthly_hours = forms.IntegerField(label=gettext_lazy("Hours a month"), min_value=1, max_value=744)


@login_required
@permission_required("contracts.add_contract", raise_exception=True)
def contract_create(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = assistance_selectors.application_for_detail(user=request.user, pk=application_pk)
    allocation = assistance_selectors.current_allocation(application)
    if allocation is None or allocation.status != "approved":
        messages.error(request, _("A contract needs an approved grant."))
        return redirect("assistance:application_detail", pk=application_pk)
    form = ContractForm(request.POST or None, initial={"start": allocation.start, "end": allocation.end})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assistant = services.assistant_create_or_update(
                personal_code=data["personal_code"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                tax_status=data["tax_status"],
                phone=data["phone"],
                email=data["email"],
                by=request.user,
            )
            contract = services.contract_create(
                allocation=allocation,
                assistant=assistant,
                number=data["number"],
                start=data["start"],
                end=data["end"],
                monthly_hours=data["monthly_hours"],
                tax_status=data["tax_status"],
                by=request.user,
            )
        except services.ContractError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("Contract %(number)s is drafted.") % {"number": contract.number})
            return redirect("contracts:contract_detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "application": application, "allocation": allocation, "person": application.person},
    )


@login_required
@permission_required("contracts.view_contract", raise_exception=True)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for_detail(user=request.user, pk=pk)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "person": contract.allocation.application.person,
            "sheets": contract.timesheets.order_by("-month", "-revision"),
        },
    )


@login_required
@permission_required("contracts.view_contract", raise_exception=True)
def contract_download(request: HttpRequest, pk: int) -> FileResponse:
    contract = selectors.contract_for_detail(user=request.user, pk=pk)
    return private_file(
        contract.document,
        filename=services.contract_document_name(contract.number),
        content_type="application/pdf",
    )
