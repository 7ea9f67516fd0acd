"""Writes of the assessments app."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import rules
from assessments.models import Assessment, Questionnaire
from core.models import User


@transaction.atomic
def assessment_create(
    *,
    municipality,
    answers: dict[str, object],
    thresholds: rules.Thresholds,
    rule_set_code: str,
    rule_set_version: int,
    by: User,
    questionnaire: Questionnaire | None = None,
    notes: str = "",
) -> Assessment:
    """Score and store a questionnaire (R-Q2–R-Q4); raises rules.IncompleteAnswers listing every problem."""
    questionnaire = questionnaire or current_questionnaire()
    codes = [item.code for item in questionnaire.items.all()]
    result = rules.score(answers, thresholds, codes)
    clean = rules.check_answers(answers, codes)
    assessment = Assessment(
        municipality=municipality,
        questionnaire=questionnaire,
        answers=clean,
        total=result.total,
        result=result.result.value,
        coefficient=result.coefficient,
        rule_set_code=rule_set_code,
        rule_set_version=rule_set_version,
        threshold_need=thresholds.need,
        threshold_high=thresholds.high,
        assessed_on=timezone.localdate(),
        assessed_by=by,
        notes=notes,
    )
    assessment.save_with_reason(by=by, reason=_("Assessment recorded"))
    return assessment


def current_questionnaire() -> Questionnaire:
    """The newest questionnaire in use (R-Q4)."""
    return Questionnaire.objects.filter(is_active=True).order_by("-valid_from", "-version").first() or (
        Questionnaire.objects.latest("valid_from")
    )
