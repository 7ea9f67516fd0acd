"""Input of the policy simulation page (R-S2): which rule set, for the country or one municipality, from
which month. Field-level messages only; the rules (rates in force, …) are in simulation_services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.forms import FIRST_MONTH, MonthField, month_value

# How far ahead the first simulated month may lie: the caseload is today's.
MONTHS_AHEAD = 12


def months_later(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


class RuleSetChoiceField(forms.ModelChoiceField):
    """A rule set as "V5 v1 – name", the one in force marked."""

    def __init__(self, *args, in_force_pk: int | None = None, **kwargs):
        self.in_force_pk = in_force_pk
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        if obj.pk == self.in_force_pk:
            return _("%(rule_set)s (in force)") % {"rule_set": obj}
        return str(obj)


class SimulationRequestForm(forms.Form):
    rule_set = RuleSetChoiceField(
        queryset=None, label=_("Rule set to simulate"), empty_label=_("— choose a rule set —")
    )
    municipality = forms.ModelChoiceField(
        queryset=None, label=_("Scope"), required=False, empty_label=_("The whole country")
    )
    month = MonthField(label=_("First month"))

    def __init__(self, *args, rule_sets, municipalities, in_force_pk: int | None, today: dt.date, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("month", today.replace(day=1))
        super().__init__(*args, **kwargs)
        self.latest = months_later(today.replace(day=1), MONTHS_AHEAD)
        field = self.fields["rule_set"]
        field.queryset = rule_sets
        field.in_force_pk = in_force_pk
        field.help_text = _("Compared with the rule set in force in the first month.")
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].help_text = _("The whole country or one municipality's caseload.")
        month = self.fields["month"]
        month.widget.attrs["max"] = month_value(self.latest)
        month.help_text = _("Twelve months from this one are simulated; the cost of the year is their sum.")

    def clean_month(self) -> dt.date:
        month = self.cleaned_data["month"]
        if month < FIRST_MONTH:
            raise forms.ValidationError(
                _("Simulations start from %(month)s, the first month with rates.") % {"month": "07.2021"},
                code="too_early",
            )
        if month > self.latest:
            raise forms.ValidationError(
                _("Choose a month no later than %(month)s: the caseload is today's.")
                % {"month": f"{self.latest:%m.%Y}"},
                code="too_late",
            )
        return month
