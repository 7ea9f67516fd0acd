"""The questionnaire form (SPEC R-Q1, R-Q2): one required radio group per item, scale texts localised."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from assessments.forms import QuestionnaireForm
from assessments.selectors import questionnaire_with_items

pytestmark = pytest.mark.django_db

CODES = [f"Q{n:02d}" for n in range(1, 13)]


@pytest.fixture
def questionnaire():
    return questionnaire_with_items()


def test_one_radio_field_per_item_in_order_then_notes_R_Q1(questionnaire):
    form = QuestionnaireForm(questionnaire)
    assert list(form.fields) == [*CODES, "notes"]
    for code in CODES:
        assert isinstance(form.fields[code].widget, forms.RadioSelect)
        assert form.fields[code].required
    assert not form.fields["notes"].required


def test_choices_carry_the_scale_text_in_the_users_language_R_Q1(questionnaire):
    with translation.override("lv"):
        form = QuestionnaireForm(questionnaire)
        assert form.fields["Q01"].choices[0] == ("0", "0 – Tiek galā patstāvīgi")
        assert form.fields["Q01"].label.startswith("Q01. Iziešana no mājokļa")
    with translation.override("en"):
        form = QuestionnaireForm(questionnaire)
        assert form.fields["Q01"].choices[0] == ("0", "0 – Manages independently")
        assert form.fields["Q12"].label.startswith("Q12. Coping with unexpected situations")


def test_a_missing_answer_names_its_item_R_Q2(questionnaire):
    data = {code: "1" for code in CODES[:-1]}
    with translation.override("en"):
        form = QuestionnaireForm(questionnaire, data)
        assert not form.is_valid()
    assert list(form.errors) == ["Q12"]
    assert "Q12" in form.errors["Q12"][0]


def test_an_answer_outside_the_scale_is_rejected_R_Q1(questionnaire):
    data = {code: "1" for code in CODES} | {"Q05": "4"}
    form = QuestionnaireForm(questionnaire, data)
    assert not form.is_valid()
    assert list(form.errors) == ["Q05"]
    assert "Q05" in form.errors["Q05"][0]


def test_answers_are_integers_by_code_R_Q2(questionnaire):
    data = {code: str(index % 4) for index, code in enumerate(CODES)} | {"notes": "Ar spieķi."}
    form = QuestionnaireForm(questionnaire, data)
    assert form.is_valid(), form.errors
    assert form.answers() == {code: index % 4 for index, code in enumerate(CODES)}
    assert form.cleaned_data["notes"] == "Ar spieķi."


def test_chosen_keeps_the_valid_answers_of_an_incomplete_form_R_Q2(questionnaire):
    form = QuestionnaireForm(questionnaire, {"Q01": "3", "Q02": "2", "Q03": "x"})
    assert form.chosen() == {"Q01": 3, "Q02": 2}
    assert QuestionnaireForm(questionnaire).chosen() == {}
