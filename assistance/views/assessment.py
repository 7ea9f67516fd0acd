"""The questionnaire page of an application (R-Q1–R-Q4) and the assessment shown on the application page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import rules as assessment_rules
from assessments import selectors as assessment_selectors
from assessments.forms import QuestionnaireForm
from assistance import selectors, services
from assistance.models import Application, RuleSet


@login_required
def application_assess(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("assessments.add_assessment"):
        raise PermissionDenied
    application = selectors.application_for_detail(user=request.user, pk=pk)
    problem = _why_not_assessable(application)
    if problem:
        messages.error(request, problem)
        return redirect("assistance:application_detail", pk=application.pk)
    try:
        rule_set = services.rule_set_in_force(application.received_date)
    except RuleSet.DoesNotExist:
        messages.error(
            request, _("No rule set is in force on the received date; the questionnaire cannot be scored.")
        )
        return redirect("assistance:application_detail", pk=application.pk)

    questionnaire = assessment_selectors.questionnaire_with_items()
    form = QuestionnaireForm(questionnaire, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            application = services.application_record_assessment(
                application=application,
                answers=form.answers(),
                by=request.user,
                notes=form.cleaned_data["notes"],
            )
        except services.IntakeError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except assessment_rules.IncompleteAnswers as exc:
            for problem in exc.problems:
                if problem.code in form.fields:
                    form.add_error(problem.code, f"{problem.code}: {problem.message}")
                else:
                    form.add_error(None, f"{problem.code}: {problem.message}")
        else:
            messages.success(request, _outcome_message(application))
            return redirect("assistance:application_detail", pk=application.pk)

    chosen = form.chosen()
    total = sum(chosen.values())
    labels = _result_labels(rule_set)
    return render(
        request,
        "assistance/application_assess.html",
        {
            "application": application,
            "person": application.person,
            "questionnaire": questionnaire,
            "form": form,
            "rule_set": rule_set,
            "result_labels": labels,
            "total": total,
            "answered": len(chosen),
            "item_count": len(form.items),
            "max_total": len(form.items)
            * max((level.value for level in questionnaire.scale.all()), default=0),
            "provisional": labels[_result_of(total, rule_set)],
        },
    )


def assessment_context(application: Application, user) -> dict:
    """What `assistance/includes/assessment_result.html` needs besides `application`: the answers only for a
    user who may see health data (finance and the ministry never see them)."""
    can_see_health = user.has_perm("assistance.view_health_data")
    rows: list[tuple[str, str, int | None, str]] = []
    assessment = application.assessment if application.assessment_id else None
    if can_see_health and assessment is not None:
        questionnaire = assessment_selectors.questionnaire_with_items(assessment.questionnaire)
        scale = {level.value: level.text for level in questionnaire.scale.all()}
        for item in questionnaire.items.all():
            value = assessment.answers.get(item.code)
            rows.append((item.code, item.text, value, scale.get(value, "")))
    return {"assessment_rows": rows, "can_see_health": can_see_health}


# ------------------------------------------------------------------------------------------- helpers


def _why_not_assessable(application: Application) -> str:
    """Why the questionnaire cannot be filled in for this application, or "" when it can."""
    if application.assessment_id is not None:
        return _("This application already has an assessment; it cannot be filled in again.")
    if application.status != Application.Status.SUBMITTED:
        return _(
            "The questionnaire can be filled in only for a submitted application waiting for an assessment "
            "(this one is: %(status)s)."
        ) % {"status": application.get_status_display()}
    if application.track != Application.Track.ADULT:
        return _("The questionnaire is only for adults who pass the eligibility check (R-E1).")
    return ""


def _coefficient(value: Decimal | None) -> str:
    return floatformat(value, -2) if value is not None else ""


def _result_of(total: int, rule_set: RuleSet) -> str:
    if total < rule_set.threshold_need:
        return assessment_rules.Result.NO_NEED.value
    if total < rule_set.threshold_high:
        return assessment_rules.Result.BASE.value
    return assessment_rules.Result.HIGH.value


def _result_labels(rule_set: RuleSet) -> dict[str, str]:
    """The result texts of the rule set in force (R-Q3), translated here for the page and its script."""
    with_coefficient = _("%(label)s (coefficient %(coefficient)s)")
    result = assessment_rules.Result
    return {
        result.NO_NEED.value: _("No need for the service: a refusal will be proposed"),
        result.BASE.value: with_coefficient
        % {
            "label": assessment_rules.RESULT_LABELS[result.BASE],
            "coefficient": _coefficient(rule_set.coefficient_base),
        },
        result.HIGH.value: with_coefficient
        % {
            "label": assessment_rules.RESULT_LABELS[result.HIGH],
            "coefficient": _coefficient(rule_set.coefficient_high),
        },
    }


def _outcome_message(application: Application) -> str:
    assessment = application.assessment
    if assessment.result == assessment_rules.Result.NO_NEED:
        result = _("no need for the service; a refusal has been proposed for the supervisor's approval")
    else:
        result = _("%(label)s (coefficient %(coefficient)s)") % {
            "label": assessment.get_result_display(),
            "coefficient": _coefficient(assessment.coefficient),
        }
    return ngettext(
        "Total %(total)d point: %(result)s.", "Total %(total)d points: %(result)s.", assessment.total
    ) % {"total": assessment.total, "result": result}
