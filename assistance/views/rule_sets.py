"""The ministry's rule sets (R-S1): the list of every code and version, one set's numbers and history, and
drafts made from a chosen set or edited until they are in force or used."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from assistance import rule_set_selectors as selectors
from assistance import services
from assistance.models import ApplicationPurpose, RuleSet
from assistance.rule_set_forms import RuleSetDraftForm, rule_set_initial
from assistance.rules import RULE_SET_PURPOSE_HOURS
from assistance.selectors import history_of
from core.forms import add_service_errors


def _allow(request: HttpRequest, permission: str = "assistance.view_ruleset") -> None:
    if not selectors.may_see_rule_sets(request.user, permission):
        raise PermissionDenied


# Short column headings of the list, with the purpose's full name as their title.
PURPOSE_COLUMNS = {
    "WORK": _lazy("Work"),
    "EDUCATION": _lazy("Educ."),
    "HIGHER_EDUCATION": _lazy("Higher educ."),
    "VOLUNTEERING": _lazy("Volunt."),
    "DAY_CENTRE": _lazy("Day centre"),
    "MEDICAL": _lazy("Medical"),
    "DAILY": _lazy("Daily"),
}


def _purpose_hours(rule_set: RuleSet) -> list[tuple[str, int]]:
    labels = dict(ApplicationPurpose.Purpose.choices)
    return [(labels[purpose], getattr(rule_set, field)) for purpose, field in RULE_SET_PURPOSE_HOURS.items()]


@login_required
def rule_set_list(request: HttpRequest) -> HttpResponse:
    _allow(request)
    today = timezone.localdate()
    in_force = services.rule_set_in_force(today)
    rule_sets = selectors.rule_sets_overview(today=today, in_force=in_force)
    return render(
        request,
        "assistance/rule_set_list.html",
        {
            "rule_sets": rule_sets,
            "in_force": next(rule_set for rule_set in rule_sets if rule_set.pk == in_force.pk),
            "today": today,
            "can_draft": selectors.may_see_rule_sets(request.user, "assistance.add_ruleset"),
            "can_edit": selectors.may_see_rule_sets(request.user, "assistance.change_ruleset"),
            "purpose_columns": [
                (PURPOSE_COLUMNS[purpose], label) for purpose, label in ApplicationPurpose.Purpose.choices
            ],
        },
    )


@login_required
def rule_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _allow(request)
    today = timezone.localdate()
    rule_set = selectors.rule_set_for_detail(pk=pk, today=today, in_force=services.rule_set_in_force(today))
    return render(
        request,
        "assistance/rule_set_detail.html",
        {
            "rule_set": rule_set,
            "purpose_hours": _purpose_hours(rule_set),
            "history": history_of(rule_set),
            "can_draft": selectors.may_see_rule_sets(request.user, "assistance.add_ruleset"),
            "can_edit": rule_set.editable
            and selectors.may_see_rule_sets(request.user, "assistance.change_ruleset"),
        },
    )


@login_required
def rule_set_create(request: HttpRequest) -> HttpResponse:
    """A new draft, prefilled from the rule set chosen in ?from= (the one in force when none is chosen)."""
    _allow(request, "assistance.add_ruleset")
    today = timezone.localdate()
    chosen = request.GET.get("from", "")
    source = (
        get_object_or_404(RuleSet, pk=int(chosen)) if chosen.isdigit() else services.rule_set_in_force(today)
    )
    form = RuleSetDraftForm(request.POST or None, today=today, initial=rule_set_initial(source, copy=True))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.rule_set_draft_save(
                source=None, data={**form.draft_data(), "copied_from": source}, by=request.user
            )
        except services.RuleSetError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(
                request,
                _("The draft %(rule_set)s is saved.") % {"rule_set": f"{draft.code} v{draft.version}"},
            )
            return redirect("assistance:rule_set_detail", pk=draft.pk)
    return render(
        request,
        "assistance/rule_set_form.html",
        {
            "form": form,
            "source": source,
            "rule_set": None,
            "action": f"{reverse('assistance:rule_set_create')}?{urlencode({'from': source.pk})}",
        },
    )


@login_required
def rule_set_update(request: HttpRequest, pk: int) -> HttpResponse:
    _allow(request, "assistance.change_ruleset")
    today = timezone.localdate()
    rule_set = selectors.rule_set_for_detail(pk=pk, today=today, in_force=services.rule_set_in_force(today))
    refusal = None if rule_set.editable else services.rule_set_draft_refusal(rule_set, today=today)
    form = RuleSetDraftForm(request.POST or None, today=today, initial=rule_set_initial(rule_set, copy=False))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.rule_set_draft_save(source=rule_set, data=form.draft_data(), by=request.user)
        except services.RuleSetError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(
                request,
                _("The draft %(rule_set)s is saved.") % {"rule_set": f"{draft.code} v{draft.version}"},
            )
            return redirect("assistance:rule_set_detail", pk=draft.pk)
    return render(
        request,
        "assistance/rule_set_form.html",
        {
            "form": form if request.method == "POST" or refusal is None else None,
            "refusal": refusal,
            "source": None,
            "rule_set": rule_set,
            "action": reverse("assistance:rule_set_update", args=[rule_set.pk]),
        },
    )
