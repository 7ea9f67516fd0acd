"""The questionnaire as versioned data (R-Q4) and the stored assessments.

The assessments app knows nothing of applications: an application points at its assessment. An assessment
keeps what it was computed from (answers, questionnaire version, rule set and thresholds) and is never
recomputed when the rules change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import HistoricalModel


def _localised(obj, field: str) -> str:
    language = (get_language() or "lv")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_lv")


class Questionnaire(HistoricalModel):
    """One version of the questionnaire; the newest active one is used for new assessments."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title_lv = models.CharField(_("title (Latvian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250)
    instructions_lv = models.TextField(_("instructions (Latvian)"), blank=True)
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    valid_from = models.DateField(_("valid from"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-valid_from", "-version"]

    def __str__(self) -> str:
        return f"{self.title_lv} ({self.version})"

    @property
    def title(self) -> str:
        return _localised(self, "title")

    @property
    def instructions(self) -> str:
        return _localised(self, "instructions")


class QuestionnaireItem(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=5)
    position = models.PositiveSmallIntegerField(_("position"))
    text_lv = models.CharField(_("text (Latvian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    hint_lv = models.CharField(_("hint (Latvian)"), max_length=300, blank=True)
    hint_en = models.CharField(_("hint (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="item_code_unique"),
            models.UniqueConstraint(fields=["questionnaire", "position"], name="item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text_lv}"

    @property
    def text(self) -> str:
        return _localised(self, "text")

    @property
    def hint(self) -> str:
        return _localised(self, "hint")


class ScaleLevel(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="scale"
    )
    value = models.PositiveSmallIntegerField(_("value"))
    text_lv = models.CharField(_("text (Latvian)"), max_length=200)
    text_en = models.CharField(_("text (English)"), max_length=200)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["questionnaire", "value"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "value"], name="scale_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.text_lv}"

    @property
    def text(self) -> str:
        return _localised(self, "text")


class Assessment(HistoricalModel):
    """A completed questionnaire: answers, total, result and what they were computed with (R-Q4)."""

    class Result(models.TextChoices):
        NO_NEED = "no_need", _("No need for the service")
        BASE = "base", _("Large support")
        HIGH = "high", _("Very large support")

    municipality = models.ForeignKey(
        "assistance.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="assessments"
    )
    answers = models.JSONField(_("answers"))
    total = models.PositiveSmallIntegerField(_("total score"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    coefficient = models.DecimalField(
        _("support coefficient"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    rule_set_code = models.CharField(_("rule set"), max_length=20)
    rule_set_version = models.PositiveIntegerField(_("rule set version"))
    threshold_need = models.PositiveSmallIntegerField(_("threshold for the service"))
    threshold_high = models.PositiveSmallIntegerField(_("threshold for very large support"))
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="assessments_made",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__lte=36), name="assessment_total_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d.%m.%Y} · {self.total}"
