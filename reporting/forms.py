"""Input of the reporting pages: the report request (whose report, which service month) and the rates
(R-F1). Field-level messages only; the rules are in reporting.services."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField

# The first month with rates (R-F1: from 01.07.2021); there is nothing to report before it.
FIRST_MONTH = dt.date(2021, 7, 1)

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_LV_MONTH = re.compile(r"^(\d{1,2})\.(\d{4})\.?$")


def month_value(day: dt.date) -> str:
    """The value of an `<input type="month">`: YYYY-MM."""
    return f"{day:%Y-%m}"


class MonthInput(forms.TextInput):
    """A month picker where the browser has one (`type=month`, value YYYY-MM); elsewhere a text field
    that also takes mm.yyyy."""

    input_type = "month"

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("mm.yyyy"), "autocomplete": "off", "min": month_value(FIRST_MONTH)}
        super().__init__(attrs={**defaults, **(attrs or {})})


class MonthField(forms.Field):
    """A service month: YYYY-MM (what month pickers send) or mm.yyyy; cleaned to the 1st of the month."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter the month as mm.yyyy, for example 01.2026.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        text = str(value).strip()
        match = _ISO_MONTH.match(text)
        if match:
            year, month = int(match[1]), int(match[2])
        elif match := _LV_MONTH.match(text):
            month, year = int(match[1]), int(match[2])
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return month_value(value)
        return value


class ReportRequestForm(forms.Form):
    """Ask for the report of a service month: finance for its municipality, the ministry the national one."""

    target = forms.ChoiceField(label=_("Report"))
    month = MonthField(label=_("Service month"))

    def __init__(self, *args, targets, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target.key: target for target in targets}
        self.today = today
        field = self.fields["target"]
        field.choices = [(target.key, target.label) for target in targets]
        if len(targets) == 1:
            field.widget = forms.HiddenInput()
            field.initial = targets[0].key
        self.fields["month"].widget.attrs["max"] = month_value(today)
        self.fields["month"].help_text = _("The month whose accepted timesheets the report shows.")

    def clean_month(self) -> dt.date:
        month = self.cleaned_data["month"]
        if month > self.today.replace(day=1):
            raise forms.ValidationError(
                _("The month %(month)s has not begun yet; choose this month or an earlier one.")
                % {"month": f"{month:%m.%Y}"},
                code="future",
            )
        if month < FIRST_MONTH:
            raise forms.ValidationError(
                _("Reports start from %(month)s, the first month with rates.") % {"month": "07.2021"},
                code="too_early",
            )
        return month

    def chosen_target(self):
        """The Target chosen (after is_valid)."""
        return self.targets[self.cleaned_data["target"]]


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, localize=True)


class RateForm(forms.Form):
    """Dated rates (R-F1), entered with a decimal comma; the checks that need the database are the
    service's (`rate_save` → RateError)."""

    valid_from = DateField(label=_("In force from"))
    gross_hourly = forms.DecimalField(
        label=_("Gross hourly pay, EUR"), max_digits=7, decimal_places=4, localize=True
    )
    employer_percent = _percent(_("Employer's social contributions, %"))
    admin_he_percent = _percent(_("Administration costs for higher education, %"))
    admin_gen_percent = _percent(_("Administration costs for the other purposes, %"))
    note = forms.CharField(label=_("Legal basis or note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("gross_hourly", "employer_percent", "admin_he_percent", "admin_gen_percent"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.fields["gross_hourly"].help_text = _("Without the employer's contributions, e.g. 4,13.")
        self.helper = FormHelper()
        self.helper.form_tag = False


def shown(value: Decimal | None) -> Decimal | None:
    """A stored rate for the form: 4.1300 → 4.13, but 4.1325 stays."""
    if value is None:
        return None
    cents = value.quantize(Decimal("0.01"))
    return cents if cents == value else value.normalize()


def rate_initial(rate) -> dict:
    return {
        "valid_from": rate.valid_from,
        "gross_hourly": shown(rate.gross_hourly),
        "employer_percent": shown(rate.employer_percent),
        "admin_he_percent": shown(rate.admin_he_percent),
        "admin_gen_percent": shown(rate.admin_gen_percent),
        "note": rate.note,
    }
