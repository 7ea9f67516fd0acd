"""Persons of the caseload: list and search, registration, details with disability data and history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assistance import selectors, services
from assistance.forms import DisabilityRecordForm, PersonForm, SpecialCareOpinionForm
from core.forms import add_service_errors

PAGE_SIZE = 25


@login_required
@permission_required("assistance.view_person", raise_exception=True)
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    persons = selectors.persons_for(user=request.user, query=query)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assistance/person_list.html", {"page": page, "query": query})


@login_required
@permission_required("assistance.add_person", raise_exception=True)
def person_create(request: HttpRequest) -> HttpResponse:
    municipality = selectors.municipality_of(request.user)
    if municipality is None:
        raise PermissionDenied  # a person belongs to a municipality's caseload
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                municipality=municipality,
                personal_code=form.cleaned_data["personal_code"],
                by=request.user,
                **form.details(),
            )
        except services.IntakeError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("The person %(name)s is registered.") % {"name": person.full_name})
            return redirect("assistance:person_detail", pk=person.pk)
    return render(
        request,
        "assistance/person_form.html",
        {"form": form, "title": _("Register a person"), "person": None},
    )


@login_required
@permission_required("assistance.view_person", raise_exception=True)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(user=request.user, pk=pk)
    return render(
        request,
        "assistance/person_detail.html",
        {
            "person": person,
            "show_code": request.user.has_perm("assistance.view_personal_code"),
            "can_see_health": request.user.has_perm("assistance.view_health_data"),
            "history": selectors.history_of(person),
        },
    )


@login_required
@permission_required("assistance.change_person", raise_exception=True)
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(user=request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, by=request.user, **form.details())
        except services.IntakeError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("assistance:person_detail", pk=person.pk)
    return render(
        request,
        "assistance/person_form.html",
        {"form": form, "title": _("Change the person's details"), "person": person},
    )


@login_required
@permission_required("assistance.add_disabilityrecord", raise_exception=True)
def disability_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(user=request.user, pk=pk)
    form = DisabilityRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disability_record_add(person=person, by=request.user, **form.cleaned_data)
        except services.IntakeError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("The disability data are recorded."))
            return redirect("assistance:person_detail", pk=person.pk)
    return render(
        request,
        "assistance/simple_form.html",
        {"form": form, "person": person, "title": _("Record disability data")},
    )


@login_required
@permission_required("assistance.add_specialcareopinion", raise_exception=True)
def special_care_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(user=request.user, pk=pk)
    form = SpecialCareOpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.special_care_opinion_add(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("The special-care opinion is recorded."))
        return redirect("assistance:person_detail", pk=person.pk)
    return render(
        request,
        "assistance/simple_form.html",
        {"form": form, "person": person, "title": _("Record a special-care opinion (VDEĀVK)")},
    )
