from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is incorrect. After 5 failed attempts the account is locked "
            "for 30 minutes."
        ),
        "inactive": _("This account is inactive. Contact your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.helper = FormHelper()
        self.helper.form_id = "login-form"
        self.helper.add_input(Submit("submit", _("Log in"), css_class="w-100"))


class DateInput(forms.DateInput):
    """A text field for dd.mm.yyyy dates (SPEC: dates dd.mm.yyyy), the same in every browser."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd.mm.yyyy"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d.%m.%Y")


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d.%m.%Y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter the date as dd.mm.yyyy, for example 05.03.2026.")}
        )
        super().__init__(**kwargs)


def add_service_errors(form: forms.Form, errors: dict) -> None:
    """Show a service's errors (field → messages) on the form; unknown fields go to the top."""
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
