from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
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
