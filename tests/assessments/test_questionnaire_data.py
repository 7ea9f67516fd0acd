"""The questionnaire is versioned data loaded by a migration (SPEC R-Q1, R-Q4)."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments import selectors, services
from assessments.models import Questionnaire

pytestmark = pytest.mark.django_db

# Written out from SPEC R-Q1, not taken from the migration.
SPEC_ITEMS_EN = {
    "Q01": "leaving and entering the dwelling (doors, stairs, lift)",
    "Q02": "moving on level ground outdoors",
    "Q03": "kerbs, slopes, uneven, snowy or icy surfaces",
    "Q04": "crossing streets, traffic safety",
    "Q05": "orientation in familiar places",
    "Q06": "orientation and route-finding in unfamiliar places",
    "Q07": "using public transport (boarding, alighting, tickets)",
    "Q08": "getting in and out of a car or taxi",
    "Q09": "carrying personal items and purchases while moving",
    "Q10": "communicating with strangers to get help or information",
    "Q11": "safe behaviour in public places (risk awareness, self-regulation)",
    "Q12": "coping with unexpected situations (changed route, delay, emergency)",
}
CODES = list(SPEC_ITEMS_EN)


@pytest.fixture
def questionnaire():
    return Questionnaire.objects.get(version="2021-1")


def test_version_2021_1_is_loaded_and_current_R_Q4(questionnaire):
    assert questionnaire.is_active
    assert questionnaire.title_lv and questionnaire.title_en
    assert questionnaire.instructions_lv and questionnaire.instructions_en
    assert services.current_questionnaire() == questionnaire


def test_twelve_items_Q01_to_Q12_in_order_R_Q1_R_Q4(questionnaire):
    items = list(questionnaire.items.order_by("position"))
    assert [item.code for item in items] == CODES
    assert [item.position for item in items] == list(range(1, 13))


def test_every_item_has_latvian_and_english_text_R_Q4(questionnaire):
    for item in questionnaire.items.all():
        assert item.text_lv.strip(), item.code
        assert item.text_en.strip(), item.code
        assert item.text_lv != item.text_en, item.code


def test_item_wording_matches_the_spec_in_english_R_Q1(questionnaire):
    texts = {item.code: item.text_en for item in questionnaire.items.all()}
    assert {code: text.lower() for code, text in texts.items()} == SPEC_ITEMS_EN


def test_scale_0_to_3_with_both_texts_R_Q1_R_Q4(questionnaire):
    scale = list(questionnaire.scale.order_by("value"))
    assert [level.value for level in scale] == [0, 1, 2, 3]
    for level in scale:
        assert level.text_lv.strip() and level.text_en.strip()
    english = [level.text_en.lower() for level in scale]
    assert english[0] == "manages independently"
    assert english[1] == "needs occasional help or supervision"
    assert english[2] == "needs help most of the time"
    assert english[3].startswith("cannot do it even with") and english[3].endswith("needs full assistance")
    assert scale[0].text_lv == "Tiek galā patstāvīgi"


def test_texts_follow_the_active_language_R_Q4(questionnaire):
    item = questionnaire.items.get(code="Q02")
    with translation.override("lv"):
        assert item.text == "Pārvietošanās pa līdzenu virsmu ārpus telpām"
    with translation.override("en"):
        assert item.text == "Moving on level ground outdoors"


def test_selector_loads_items_and_scale_in_three_queries_R_Q4(questionnaire, django_assert_num_queries):
    with django_assert_num_queries(3):
        loaded = selectors.questionnaire_with_items()
        codes = [item.code for item in loaded.items.all()]
        values = [level.value for level in loaded.scale.all()]
    assert loaded == questionnaire
    assert codes == CODES
    assert values == [0, 1, 2, 3]
