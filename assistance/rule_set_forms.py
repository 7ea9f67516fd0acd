"""The ministry's rule-set draft form (R-S1): numbers typed with a decimal comma, every problem on its field.

The form parses; the numbers' checks are `rules.check_rule_set_numbers`, run here too so that the page shows
every problem at once; the checks that need the database (in force, used, version) are the service's
(`rule_set_draft_save` → RuleSetError)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assistance import rules
from assistance.models import RuleSet
from assistance.services import RULE_SET_CODE_SHAPE, RULE_SET_DRAFT_FIELDS
from core.forms import DateField


def _label(field: str) -> str:
    return capfirst(RuleSet._meta.get_field(field).verbose_name)


def _whole(field: str, *, required: bool = True, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=_label(field),
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _coefficient(field: str) -> forms.DecimalField:
    field_ = forms.DecimalField(label=_label(field), localize=True, help_text=_("E.g. 1 or 1,5."))
    field_.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
    return field_


class RuleSetDraftForm(forms.Form):
    code = forms.CharField(
        label=_label("code"),
        max_length=20,
        help_text=_("Capital letters and digits, e.g. V6; a new code starts at version 1."),
    )
    name = forms.CharField(label=_label("name"), max_length=200)
    legal_basis = forms.CharField(label=_label("legal_basis"), max_length=300, required=False)
    valid_from = DateField(
        label=_("In force from"),
        required=False,
        help_text=_(
            "dd.mm.yyyy, later than today. Empty: a draft for simulations only, never used for decisions."
        ),
    )
    threshold_need = _whole("threshold_need", help_text=_("From 1; fewer points: no need for the service."))
    threshold_high = _whole("threshold_high", help_text=_("More than the points needed, at most 36."))
    coefficient_base = _coefficient("coefficient_base")
    coefficient_high = _coefficient("coefficient_high")
    hours_work = _whole("hours_work")
    hours_education = _whole("hours_education")
    hours_higher_education = _whole("hours_higher_education")
    hours_volunteering = _whole("hours_volunteering")
    hours_day_centre = _whole("hours_day_centre")
    hours_medical = _whole("hours_medical")
    hours_daily = _whole("hours_daily")
    child_hours = _whole("child_hours")
    weekly_cap = _whole("weekly_cap")
    weekly_cap_vision = _whole("weekly_cap_vision")
    max_years = _whole("max_years")
    adult_max_age = _whole(
        "adult_max_age", required=False, help_text=_("Empty: no upper age. Variant 3 serves adults to 65.")
    )
    purpose_bound = forms.BooleanField(
        label=_label("purpose_bound"),
        required=False,
        help_text=_("The hours of each purpose may be used only for that purpose."),
    )
    timesheet_deadline_day = _whole("timesheet_deadline_day", help_text=_("A day from 1 to 28."))

    GROUPS = (
        (_("Rule set"), ("code", "name", "legal_basis", "valid_from")),
        (
            _("Thresholds and coefficients"),
            ("threshold_need", "threshold_high", "coefficient_base", "coefficient_high"),
        ),
        (_("Base hours a month"), (*rules.RULE_SET_PURPOSE_HOURS.values(), "child_hours")),
        (
            _("Caps and limits"),
            (
                "weekly_cap",
                "weekly_cap_vision",
                "max_years",
                "adult_max_age",
                "timesheet_deadline_day",
                "purpose_bound",
            ),
        ),
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not RULE_SET_CODE_SHAPE.fullmatch(code):
            raise forms.ValidationError(
                _("A code is up to 20 capital letters, digits, hyphens or underscores, e.g. V6.")
            )
        return code

    def clean(self):
        data = super().clean()
        for field, message in rules.check_rule_set_numbers(data, today=self.today):
            if field in self.fields and field not in self.errors and field in data:
                self.add_error(field, message)
        return data

    def groups(self):
        """The fields in fieldsets, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def draft_data(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in RULE_SET_DRAFT_FIELDS}


def _shown(value: Decimal) -> Decimal:
    """2.00 → 2 and 1.50 → 1.5 in the form."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def rule_set_initial(rule_set: RuleSet, *, copy: bool) -> dict:
    """The form's values from a rule set; a copy starts without a valid-from date."""
    initial = {field: getattr(rule_set, field) for field in RULE_SET_DRAFT_FIELDS}
    initial["coefficient_base"] = _shown(rule_set.coefficient_base)
    initial["coefficient_high"] = _shown(rule_set.coefficient_high)
    if copy:
        initial["valid_from"] = None
    return initial
