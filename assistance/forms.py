"""Input shapes of the intake pages: persons, disability data, applications with their purposes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance import rules
from assistance.models import Application, ApplicationPurpose, DisabilityRecord, Municipality, Person
from assistance.services import PurposeInput
from core.forms import DateField


class PersonForm(forms.ModelForm):
    personal_code = forms.CharField(
        label=_("Personal code"),
        max_length=14,
        help_text=_("11 digits, the hyphen after the sixth is optional: 161175-19997."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    birth_date = DateField(
        label=_("Birth date"),
        required=False,
        help_text=_("Taken from the personal code; enter it only for a code issued from 2017 (starting 32)."),
    )
    additional_from = DateField(label=_("Additional address from"), required=False)
    additional_to = DateField(label=_("Additional address until"), required=False)
    additional_municipality = forms.ModelChoiceField(
        label=_("Municipality of the additional address"),
        queryset=Municipality.objects.filter(valid_to__isnull=True),
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "personal_code", "first_name", "last_name", "birth_date", "phone", "email", "address",
            "additional_address", "additional_municipality", "additional_from", "additional_to",
            "representative_name", "representative_code", "representative_contact", "representative_basis",
        ]  # fmt: skip

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["personal_code"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identity"),
                *([] if editing else ["personal_code"]),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                "birth_date",
            ),
            Fieldset(_("Contact and residence"), "phone", "email", "address"),
            Fieldset(
                _("Additional address (R-X1)"),
                "additional_address",
                "additional_municipality",
                Div(
                    Div("additional_from", css_class="col-md-6"),
                    Div("additional_to", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Legal representative"),
                "representative_name",
                "representative_code",
                "representative_contact",
                "representative_basis",
            ),
        )

    def clean_personal_code(self) -> str:
        try:
            return rules.parse_personal_code(
                self.cleaned_data["personal_code"], today=timezone.localdate()
            ).digits
        except rules.PersonalCodeError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_representative_code(self) -> str:
        raw = self.cleaned_data.get("representative_code", "")
        if not raw:
            return ""
        try:
            return rules.parse_personal_code(raw).digits
        except rules.PersonalCodeError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self):
        data = super().clean()
        start, end = data.get("additional_from"), data.get("additional_to")
        if start and end and end < start:
            self.add_error("additional_to", _("The period ends before it starts."))
        if (start or end or data.get("additional_municipality")) and not data.get("additional_address"):
            self.add_error("additional_address", _("Enter the additional address."))
        return data

    def _post_clean(self):
        # The service validates the model and the uniqueness (with the municipality the form does not hold).
        pass

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("personal_code", None)
        return data


class DisabilityRecordForm(forms.ModelForm):
    valid_from = DateField(label=_("Valid from"), required=False)
    valid_until = DateField(label=_("Valid until"), required=False, help_text=_("Empty: indefinite."))

    class Meta:
        model = DisabilityRecord
        fields = [
            "group", "limitation_vision", "limitation_mobility", "limitation_mental", "valid_from",
            "valid_until", "assistant_allowance", "decision_reference", "source",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "group",
            Fieldset(
                _("Functional limitations recorded in the disability decision"),
                "limitation_vision",
                "limitation_mobility",
                "limitation_mental",
            ),
            Div(
                Div("valid_from", css_class="col-md-6"),
                Div("valid_until", css_class="col-md-6"),
                css_class="row",
            ),
            "assistant_allowance",
            "decision_reference",
            "source",
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The validity ends before it starts."))
        return data

    def _post_clean(self):
        pass


class SpecialCareOpinionForm(forms.Form):
    valid_from = DateField(label=_("Valid from"), required=False)
    valid_until = DateField(
        label=_("Valid until"), required=False, help_text=_("Empty: until the child turns 18.")
    )
    decision_reference = forms.CharField(label=_("Opinion number and date"), max_length=100, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=DisabilityRecord._meta.get_field("source").choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The validity ends before it starts."))
        return data


REQUESTABLE = [choice for choice in ApplicationPurpose.Purpose.choices if choice[0] != "DAILY"]


class ApplicationForm(forms.Form):
    """The application with one block per purpose (R-A1); DAILY is implied for every adult."""

    received_date = DateField(label=_("Received"), help_text=_("The date the social service received it."))
    applicant = forms.ChoiceField(label=_("Applicant"), choices=Application.Applicant.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in REQUESTABLE:
            self.fields[f"{code}-requested"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{code}-evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=250,
                help_text=_("Employer, education institution, volunteering contract or prescription."),
            )
            if code in rules.EDUCATION_PURPOSES:
                self.fields[f"{code}-study_start"] = DateField(label=_("Study period from"), required=False)
                self.fields[f"{code}-study_end"] = DateField(label=_("Study period until"), required=False)

    @property
    def purpose_blocks(self):
        for code, label in REQUESTABLE:
            yield {
                "code": code,
                "label": label,
                "requested": self[f"{code}-requested"],
                "evidence": self[f"{code}-evidence"],
                "study_start": self[f"{code}-study_start"] if code in rules.EDUCATION_PURPOSES else None,
                "study_end": self[f"{code}-study_end"] if code in rules.EDUCATION_PURPOSES else None,
            }

    def clean(self):
        data = super().clean()
        for code, _label in REQUESTABLE:
            if not data.get(f"{code}-requested"):
                continue
            for problem in rules.check_purpose_evidence(
                purpose=code,
                evidence=data.get(f"{code}-evidence") or "",
                study_start=data.get(f"{code}-study_start"),
                study_end=data.get(f"{code}-study_end"),
            ):
                field = f"{code}-{problem.field}"
                if field in self.fields and field not in self.errors:
                    self.add_error(field, problem.message)
        received = data.get("received_date")
        if received and received > timezone.localdate():
            self.add_error("received_date", _("The received date cannot be in the future."))
        return data

    def purposes(self) -> list[PurposeInput]:
        data = self.cleaned_data
        return [
            PurposeInput(
                purpose=code,
                evidence=data.get(f"{code}-evidence") or "",
                study_start=data.get(f"{code}-study_start"),
                study_end=data.get(f"{code}-study_end"),
            )
            for code, _label in REQUESTABLE
            if data.get(f"{code}-requested")
        ]

    @classmethod
    def initial_from(cls, application: Application) -> dict:
        initial = {
            "received_date": application.received_date,
            "applicant": application.applicant,
            "notes": application.notes,
        }
        for purpose in application.purposes.all():
            initial[f"{purpose.purpose}-requested"] = True
            initial[f"{purpose.purpose}-evidence"] = purpose.evidence
            initial[f"{purpose.purpose}-study_start"] = purpose.study_start
            initial[f"{purpose.purpose}-study_end"] = purpose.study_end
        return initial


def submit_button(label) -> Submit:
    return Submit("submit", label)
