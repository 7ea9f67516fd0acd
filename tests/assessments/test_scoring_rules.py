"""The questionnaire's scoring (SPEC R-Q1–R-Q3): table tests and properties for assessments.rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.rules import (
    ITEM_CODES,
    IncompleteAnswers,
    Result,
    Thresholds,
    check_answers,
    score,
)

# Written out from SPEC R-Q1, not taken from the module.
CODES = ["Q01", "Q02", "Q03", "Q04", "Q05", "Q06", "Q07", "Q08", "Q09", "Q10", "Q11", "Q12"]
DEFAULT = Thresholds()
V2 = Thresholds(need=12, high=24, coefficient_base=Decimal("1"), coefficient_high=Decimal("1.5"))
RANK = {Result.NO_NEED: 0, Result.BASE: 1, Result.HIGH: 2}


def answers_totalling(total: int) -> dict[str, int]:
    """Twelve answers 0–3 that add up to `total` (3s first, then the remainder, then 0s)."""
    assert 0 <= total <= 36
    values = []
    for _code in CODES:
        value = min(3, total)
        values.append(value)
        total -= value
    return dict(zip(CODES, values, strict=True))


def all_answered(value: object = 1) -> dict[str, object]:
    return dict.fromkeys(CODES, value)


def problem_codes(answers) -> list[str]:
    with pytest.raises(IncompleteAnswers) as caught:
        check_answers(answers)
    for problem in caught.value.problems:
        assert str(problem.message).strip()
    return [problem.code for problem in caught.value.problems]


# ------------------------------------------------------------------------------------------------------- R-Q1


def test_questionnaire_has_the_twelve_items_Q01_to_Q12_R_Q1():
    assert list(ITEM_CODES) == CODES


def test_helper_builds_the_intended_totals():
    # the test's own helper, checked so the boundary tables below mean what they say
    assert answers_totalling(11) == {**all_answered(0), "Q01": 3, "Q02": 3, "Q03": 3, "Q04": 2}
    assert all(sum(answers_totalling(total).values()) == total for total in range(37))


# ------------------------------------------------------------------------------------------------------- R-Q2


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        pytest.param({"Q05": ...}, ["Q05"], id="missing"),
        pytest.param({"Q05": None}, ["Q05"], id="none"),
        pytest.param({"Q05": ""}, ["Q05"], id="empty"),
        pytest.param({"Q05": 4}, ["Q05"], id="four"),
        pytest.param({"Q05": -1}, ["Q05"], id="minus-one"),
        pytest.param({"Q05": "x"}, ["Q05"], id="letter"),
        pytest.param({"Q05": "4"}, ["Q05"], id="four-as-text"),
        pytest.param({"Q05": "-1"}, ["Q05"], id="minus-one-as-text"),
        pytest.param({"Q05": 1.5}, ["Q05"], id="fraction"),
        pytest.param({"Q05": "1.5"}, ["Q05"], id="fraction-as-text"),
        pytest.param({"Q05": 2.0}, ["Q05"], id="float"),
        pytest.param({"Q05": True}, ["Q05"], id="boolean"),
        pytest.param({"Q05": [1]}, ["Q05"], id="list"),
        pytest.param({"Q13": 1}, ["Q13"], id="unknown-item"),
        pytest.param({"q05": 1}, ["q05"], id="lower-case-code-is-unknown"),
        pytest.param({"Q01": ...}, ["Q01"], id="first-missing"),
        pytest.param({"Q12": ...}, ["Q12"], id="last-missing"),
    ],
)
def test_each_missing_or_bad_answer_is_reported_by_its_code_R_Q2(change, codes):
    answers = all_answered(1)
    for code, value in change.items():
        if value is ...:
            del answers[code]
        else:
            answers[code] = value
    assert problem_codes(answers) == codes


def test_every_problem_is_listed_at_once_R_Q2():
    answers = {
        # Q01 missing
        "Q02": None,
        "Q03": "",
        "Q04": 4,
        "Q05": -1,
        "Q06": "x",
        "Q07": 0,
        "Q08": 1,
        "Q09": 2,
        "Q10": 3,
        "Q11": "3",
        "Q12": 0,
        "Q13": 2,
    }
    assert problem_codes(answers) == ["Q01", "Q02", "Q03", "Q04", "Q05", "Q06", "Q13"]


def test_no_answers_lists_all_twelve_R_Q2():
    assert problem_codes({}) == CODES


def test_incomplete_answers_is_a_value_error_naming_the_codes_R_Q2():
    with pytest.raises(IncompleteAnswers) as caught:
        check_answers({**all_answered(1), "Q03": None, "Q09": 7})
    assert isinstance(caught.value, ValueError)
    assert "Q03" in str(caught.value)
    assert "Q09" in str(caught.value)


def test_score_refuses_incomplete_answers_R_Q2():
    answers = all_answered(3)
    del answers["Q12"]
    with pytest.raises(IncompleteAnswers) as caught:
        score(answers, DEFAULT)
    assert [problem.code for problem in caught.value.problems] == ["Q12"]


@pytest.mark.parametrize(
    ("value", "number"),
    [(0, 0), (1, 1), (2, 2), (3, 3), ("0", 0), ("1", 1), ("2", 2), ("3", 3), (" 2 ", 2)],
)
def test_answers_0_to_3_are_accepted_as_numbers_or_form_text_R_Q1_R_Q2(value, number):
    clean = check_answers(all_answered(value))
    assert clean == dict.fromkeys(CODES, number)
    assert all(type(answer) is int for answer in clean.values())


# ------------------------------------------------------------------------------------------------ R-Q2 totals


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        (all_answered(0), 0),
        (all_answered(3), 36),
        (all_answered(1), 12),
        (all_answered("2"), 24),
        ({**all_answered(0), "Q07": 3}, 3),
        (dict(zip(CODES, [0, 1, 2, 3] * 3, strict=True)), 18),
    ],
)
def test_total_is_the_sum_of_the_twelve_answers_R_Q2(answers, total):
    assert score(answers, DEFAULT).total == total


# ------------------------------------------------------------------------------------------------------- R-Q3


@pytest.mark.parametrize(
    ("total", "result", "coefficient"),
    [
        (0, Result.NO_NEED, None),
        (1, Result.NO_NEED, None),
        (11, Result.NO_NEED, None),
        (12, Result.BASE, Decimal("1")),
        (13, Result.BASE, Decimal("1")),
        (23, Result.BASE, Decimal("1")),
        (24, Result.HIGH, Decimal("2")),
        (25, Result.HIGH, Decimal("2")),
        (36, Result.HIGH, Decimal("2")),
    ],
)
def test_default_thresholds_map_total_to_result_and_coefficient_R_Q3(total, result, coefficient):
    outcome = score(answers_totalling(total), DEFAULT)
    assert (outcome.total, outcome.result, outcome.coefficient) == (total, result, coefficient)


def test_score_11_is_no_need_R_Q3():
    assert score(answers_totalling(11), DEFAULT).result is Result.NO_NEED
    assert score(answers_totalling(11), DEFAULT).coefficient is None


def test_score_12_is_base_with_coefficient_1_R_Q3():
    outcome = score(answers_totalling(12), DEFAULT)
    assert (outcome.result, outcome.coefficient) == (Result.BASE, Decimal("1"))


def test_score_23_is_base_R_Q3():
    assert score(answers_totalling(23), DEFAULT).result is Result.BASE


def test_score_24_is_high_with_coefficient_2_R_Q3():
    outcome = score(answers_totalling(24), DEFAULT)
    assert (outcome.result, outcome.coefficient) == (Result.HIGH, Decimal("2"))


def test_default_thresholds_are_12_and_24_with_coefficients_1_and_2_R_Q3():
    assert (DEFAULT.need, DEFAULT.high) == (12, 24)
    assert (DEFAULT.coefficient_base, DEFAULT.coefficient_high) == (Decimal("1"), Decimal("2"))


@pytest.mark.parametrize(
    ("total", "result", "coefficient"),
    [
        (11, Result.NO_NEED, None),
        (12, Result.BASE, Decimal("1")),
        (23, Result.BASE, Decimal("1")),
        (24, Result.HIGH, Decimal("1.5")),
        (36, Result.HIGH, Decimal("1.5")),
    ],
)
def test_variant_2_gives_coefficient_1_5_for_very_large_support_R_Q3(total, result, coefficient):
    outcome = score(answers_totalling(total), V2)
    assert (outcome.result, outcome.coefficient) == (result, coefficient)
    assert isinstance(outcome.coefficient, Decimal | None)


@pytest.mark.parametrize(
    ("total", "result"),
    [(9, Result.NO_NEED), (10, Result.BASE), (19, Result.BASE), (20, Result.HIGH)],
)
def test_thresholds_come_from_the_rule_set_R_Q3(total, result):
    assert score(answers_totalling(total), Thresholds(need=10, high=20)).result is result


@pytest.mark.parametrize(
    ("need", "high"),
    [(12, 12), (13, 12), (24, 12), (0, 24), (-1, 24), (12, 37), (36, 36), (1, 1)],
)
def test_thresholds_out_of_order_or_range_are_rejected_R_Q3(need, high):
    with pytest.raises(ValueError):
        Thresholds(need=need, high=high)


@pytest.mark.parametrize(("need", "high"), [(1, 2), (12, 24), (35, 36), (1, 36)])
def test_thresholds_in_order_and_range_are_accepted_R_Q3(need, high):
    assert (Thresholds(need=need, high=high).need, Thresholds(need=need, high=high).high) == (need, high)


@pytest.mark.parametrize("result", list(Result))
def test_each_result_has_a_label_R_Q3(result):
    outcome = score(answers_totalling({Result.NO_NEED: 0, Result.BASE: 12, Result.HIGH: 24}[result]), DEFAULT)
    assert outcome.result is result
    assert str(outcome.label).strip()


# ------------------------------------------------------------------------------------------------- properties

ANSWERS = st.fixed_dictionaries({code: st.sampled_from([0, 1, 2, 3]) for code in CODES})


@st.composite
def thresholds(draw) -> Thresholds:
    need = draw(st.integers(min_value=1, max_value=35))
    high = draw(st.integers(min_value=need + 1, max_value=36))
    base = draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("3"), places=2))
    extra = draw(st.decimals(min_value=Decimal("0"), max_value=Decimal("2"), places=2))
    return Thresholds(need=need, high=high, coefficient_base=base, coefficient_high=base + extra)


RULE_SETS = st.one_of(st.just(DEFAULT), st.just(V2), thresholds())


@given(answers=ANSWERS, rules=RULE_SETS)
def test_total_is_the_sum_and_lies_in_0_to_36_R_Q2(answers, rules):
    outcome = score(answers, rules)
    assert outcome.total == sum(answers.values())
    assert 0 <= outcome.total <= 36


@given(answers=ANSWERS, rules=RULE_SETS, code=st.sampled_from(CODES), data=st.data())
def test_raising_one_answer_never_lowers_the_result_R_Q3(answers, rules, code, data):
    raised = {**answers, code: data.draw(st.integers(min_value=answers[code], max_value=3))}
    before, after = score(answers, rules), score(raised, rules)
    assert after.total - before.total == raised[code] - answers[code]
    assert RANK[after.result] >= RANK[before.result]


@given(answers=ANSWERS, rules=RULE_SETS)
def test_coefficient_is_none_exactly_when_there_is_no_need_R_Q3(answers, rules):
    outcome = score(answers, rules)
    assert (outcome.coefficient is None) == (outcome.result is Result.NO_NEED)


@given(answers=ANSWERS, rules=RULE_SETS)
def test_result_and_coefficient_follow_the_rule_sets_thresholds_R_Q3(answers, rules):
    total = sum(answers.values())
    outcome = score(answers, rules)
    if total < rules.need:
        assert (outcome.result, outcome.coefficient) == (Result.NO_NEED, None)
    elif total < rules.high:
        assert (outcome.result, outcome.coefficient) == (Result.BASE, rules.coefficient_base)
    else:
        assert (outcome.result, outcome.coefficient) == (Result.HIGH, rules.coefficient_high)


@given(answers=ANSWERS, code=st.sampled_from(CODES), bad=st.sampled_from([None, "", 4, -1, "x", 1.5, "9"]))
def test_one_bad_answer_among_good_ones_is_the_only_problem_R_Q2(answers, code, bad):
    with pytest.raises(IncompleteAnswers) as caught:
        check_answers({**answers, code: bad})
    assert [problem.code for problem in caught.value.problems] == [code]
