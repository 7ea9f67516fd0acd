"""The questionnaire as a form: one required radio group per item, named by its code (R-Q1, R-Q2)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Questionnaire, QuestionnaireItem


class QuestionnaireForm(forms.Form):
    """Built from a questionnaire version (R-Q4): its items in order and its scale in the user's language.

    Pass a questionnaire from `selectors.questionnaire_with_items` so items and scale are already loaded.
    """

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: anything that explains the answers."),
    )

    def __init__(self, questionnaire: Questionnaire, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.items: list[QuestionnaireItem] = list(questionnaire.items.all())
        choices = [(str(level.value), f"{level.value} – {level.text}") for level in questionnaire.scale.all()]
        fields = {}
        for item in self.items:
            fields[item.code] = forms.ChoiceField(
                label=f"{item.code}. {item.text}",
                help_text=item.hint,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("%(code)s: choose an answer.") % {"code": item.code},
                    "invalid_choice": gettext("%(code)s: the answer must be one of the scale values.")
                    % {"code": item.code},
                },
            )
        # The items first, in questionnaire order, then the notes.
        fields["notes"] = self.fields.pop("notes")
        self.fields = fields

    def item_fields(self) -> list[tuple[QuestionnaireItem, forms.BoundField]]:
        """(item, bound field) pairs in questionnaire order, for templates."""
        return [(item, self[item.code]) for item in self.items]

    def answers(self) -> dict[str, int]:
        """The cleaned answers as {code: points}; call after `is_valid()`."""
        return {item.code: int(self.cleaned_data[item.code]) for item in self.items}

    def chosen(self) -> dict[str, int]:
        """The answers chosen so far in the submitted data, valid values only (also for an invalid form)."""
        if not self.is_bound:
            return {}
        values = {str(level.value): level.value for level in self.questionnaire.scale.all()}
        chosen = {}
        for item in self.items:
            raw = self.data.get(self.add_prefix(item.code))
            if raw in values:
                chosen[item.code] = values[raw]
        return chosen
