"""Reads of the assessments app."""

from __future__ import annotations

from django.db.models import Prefetch

from assessments.models import Questionnaire, QuestionnaireItem, ScaleLevel


def questionnaire_with_items(questionnaire: Questionnaire | None = None) -> Questionnaire:
    """The questionnaire (the current one by default) with its items and scale loaded in two queries."""
    queryset = Questionnaire.objects.prefetch_related(
        Prefetch("items", queryset=QuestionnaireItem.objects.order_by("position")),
        Prefetch("scale", queryset=ScaleLevel.objects.order_by("value")),
    )
    if questionnaire is not None:
        return queryset.get(pk=questionnaire.pk)
    return queryset.filter(is_active=True).order_by("-valid_from", "-version").first()
