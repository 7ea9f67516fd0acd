"""Proposal (caseworker) and decision (supervisor) pages: R-A6 allocation preview, R-D1–R-D3, R-X1."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assistance import selectors, services
from assistance.models import Application
from core.downloads import private_file
from core.forms import DateField, add_service_errors


class StartForm(forms.Form):
    start = DateField(
        label=gettext_lazy("Grant from"), help_text=gettext_lazy("Usually the day of the decision.")
    )


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the refusal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("In Latvian: it is written on the decision."),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the caseworker"), widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
@permission_required("assistance.add_allocation", raise_exception=True)
def application_propose(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_detail(user=request.user, pk=pk)
    if application.status not in (Application.Status.SUBMITTED, Application.Status.RETURNED):
        messages.error(request, _("Only a submitted or returned application can be proposed."))
        return redirect("assistance:application_detail", pk=pk)
    data = request.POST if request.method == "POST" else (request.GET if "start" in request.GET else None)
    start_form = StartForm(data, initial={"start": timezone.localdate()})
    refusal_form = RefusalForm(request.POST if request.POST.get("action") == "refuse" else None)
    preview = rule_set = None
    explanation: list[str] = []
    start = timezone.localdate()
    if data is not None and request.POST.get("action") != "refuse":
        start = start_form.cleaned_data["start"] if start_form.is_valid() else None
    if start is not None and application.track != Application.Track.REFUSED:
        try:
            preview, rule_set = services.allocation_preview(application=application, start=start)
            explanation = services.explanation(application, preview, rule_set)
        except services.IntakeError as exc:
            add_service_errors(start_form, exc.errors)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "grant" and preview is not None:
                services.proposal_grant(application=application, start=start, by=request.user)
                messages.success(request, _("The grant is proposed; a supervisor will approve it."))
                return redirect("assistance:application_detail", pk=pk)
            if action == "refuse" and refusal_form.is_valid():
                services.proposal_refuse(
                    application=application, reason=refusal_form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The refusal is proposed; a supervisor will approve it."))
                return redirect("assistance:application_detail", pk=pk)
        except services.IntakeError as exc:
            add_service_errors(refusal_form if action == "refuse" else start_form, exc.errors)
    return render(
        request,
        "assistance/application_propose.html",
        {
            "application": application,
            "person": application.person,
            "start_form": start_form,
            "refusal_form": refusal_form,
            "preview": preview,
            "rule_set": rule_set,
            "explanation": explanation,
            "schedule": selectors.schedule_table(preview.months) if preview else None,
        },
    )


@login_required
@permission_required("assistance.add_decision", raise_exception=True)
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_detail(user=request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            decision = services.proposal_approve(application=application, by=request.user)
            messages.success(
                request, _("Approved. Decision No. %(number)s is issued.") % {"number": decision.number}
            )
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise services.IntakeError({"comment": [_("Write what the caseworker should change.")]})
            services.proposal_return(
                application=application, comment=form.cleaned_data["comment"], by=request.user
            )
            messages.success(request, _("Returned to the caseworker with your comment."))
        else:
            raise services.IntakeError({"": [_("Choose to approve or to return.")]})
    except services.IntakeError as exc:
        for field_messages in exc.errors.values():
            for message in field_messages:
                messages.error(request, message)
    return redirect("assistance:application_detail", pk=pk)


@login_required
@permission_required("assistance.view_decision", raise_exception=True)
def decision_download(request: HttpRequest, pk: int) -> FileResponse:
    decision = selectors.decision_for_download(user=request.user, pk=pk)
    return private_file(
        decision.document,
        filename=f"lemums-{decision.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
