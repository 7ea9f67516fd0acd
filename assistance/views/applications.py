"""Applications: entry, the eligibility gate on submission (R-E), details with documents, assessment and
history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistance import selectors, services
from assistance.forms import ApplicationForm
from assistance.models import Application
from core.forms import add_service_errors

PAGE_SIZE = 25


@login_required
@permission_required("assistance.view_application", raise_exception=True)
def application_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    applications = selectors.applications_for(user=request.user, status=status)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/application_list.html",
        {"page": page, "status": status, "statuses": Application.Status.choices},
    )


@login_required
@permission_required("assistance.add_application", raise_exception=True)
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(user=request.user, pk=pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                person=person,
                by=request.user,
                received_date=form.cleaned_data["received_date"],
                applicant=form.cleaned_data["applicant"],
                purposes=form.purposes(),
                notes=form.cleaned_data["notes"],
            )
        except services.IntakeError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("The application is saved as a draft."))
            return redirect("assistance:application_detail", pk=application.pk)
    return render(
        request,
        "assistance/application_form.html",
        {"form": form, "person": person, "application": None, "title": _("New application")},
    )


@login_required
@permission_required("assistance.change_application", raise_exception=True)
def application_update(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_detail(user=request.user, pk=pk)
    if application.status != Application.Status.DRAFT:
        messages.error(request, _("Only a draft application can be changed."))
        return redirect("assistance:application_detail", pk=pk)
    form = ApplicationForm(request.POST or None, initial=ApplicationForm.initial_from(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                by=request.user,
                received_date=form.cleaned_data["received_date"],
                applicant=form.cleaned_data["applicant"],
                purposes=form.purposes(),
                notes=form.cleaned_data["notes"],
            )
        except services.IntakeError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("assistance:application_detail", pk=pk)
    return render(
        request,
        "assistance/application_form.html",
        {
            "form": form,
            "person": application.person,
            "application": application,
            "title": _("Change the application"),
        },
    )


@login_required
@permission_required("assistance.view_application", raise_exception=True)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from assistance.views.assessment import assessment_context

    application = selectors.application_for_detail(user=request.user, pk=pk)
    can_see_health = request.user.has_perm("assistance.view_health_data")
    preview = None
    if application.status == Application.Status.DRAFT and can_see_health:
        preview = services.eligibility_of(application)
    context = {
        "application": application,
        "person": application.person,
        "eligibility": preview,
        "history": selectors.history_of(application),
        "assessment_history": selectors.history_of(application.assessment)
        if application.assessment and can_see_health
        else [],
        "show_code": request.user.has_perm("assistance.view_personal_code"),
        **assessment_context(application, request.user),
    }
    context["can_see_health"] = can_see_health
    allocation = (
        selectors.current_allocation(application)
        if request.user.has_perm("assistance.view_allocation")
        else None
    )
    user = request.user
    context.update(
        allocation=allocation,
        schedule=selectors.schedule_table(allocation.months.all()) if allocation else None,
        decision=getattr(application, "decision", None),
        can_propose=user.has_perm("assistance.add_allocation")
        and application.status in (Application.Status.SUBMITTED, Application.Status.RETURNED)
        and (application.track != Application.Track.ADULT or application.assessment_id is not None),
        can_decide=user.has_perm("assistance.add_decision")
        and application.status == Application.Status.PROPOSED
        and application.proposed_by_id != user.pk,
        own_proposal=application.status == Application.Status.PROPOSED
        and application.proposed_by_id == user.pk,
        conflicts=services.cross_municipality_conflicts(allocation)
        if allocation is not None and allocation.status == "proposed"
        else [],
    )
    return render(request, "assistance/application_detail.html", context)


@login_required
@permission_required("assistance.change_application", raise_exception=True)
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_detail(user=request.user, pk=pk)
    try:
        application = services.application_submit(application=application, by=request.user)
    except services.IntakeError as exc:
        for messages_of_field in exc.errors.values():
            for message in messages_of_field:
                messages.error(request, message)
        return redirect("assistance:application_detail", pk=pk)
    if application.status == Application.Status.PROPOSED:
        messages.warning(
            request,
            _("The person is not eligible; a refusal is proposed: %(reason)s")
            % {"reason": application.refusal_reason_localised},
        )
    elif application.track == Application.Track.ADULT:
        messages.success(
            request, _("The application is submitted. Next: the needs assessment questionnaire.")
        )
    else:
        messages.success(request, _("The application is submitted. A child gets the fixed hours (R-A5)."))
    return redirect("assistance:application_detail", pk=pk)
