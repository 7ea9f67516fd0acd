"""Eligibility (SPEC R-E1–R-E3), the decision deadline (R-D1) and purpose evidence (R-A1, R-A3).

Table tests for the pure rules in assistance.rules; every date boundary is checked the day before, on and
after the received date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from assistance.rules import (
    DisabilityFacts,
    RefusalCode,
    SpecialCareOpinion,
    Track,
    age_on,
    check_eligibility,
    check_purpose_evidence,
    decision_due,
    is_overdue,
)

RECEIVED = dt.date(2025, 3, 15)
DAY_BEFORE = dt.date(2025, 3, 14)
DAY_AFTER = dt.date(2025, 3, 16)

ADULT_BORN = dt.date(1980, 6, 1)
CHILD_BORN = dt.date(2015, 6, 1)

GROUP_I_MOBILITY = DisabilityFacts(
    group="I", limitations=frozenset({"mobility"}), valid_from=dt.date(2020, 1, 1), valid_until=None
)
OPINION = SpecialCareOpinion(valid_from=dt.date(2020, 1, 1), valid_until=None)


def disability(**changes) -> DisabilityFacts:
    fields = {
        "group": "II",
        "limitations": frozenset({"vision"}),
        "valid_from": dt.date(2020, 1, 1),
        "valid_until": dt.date(2030, 1, 1),
    }
    fields.update(changes)
    return DisabilityFacts(**fields)


def adult(facts: DisabilityFacts | None, received: dt.date = RECEIVED):
    return check_eligibility(birth_date=ADULT_BORN, received=received, disability=facts, special_care=None)


def child(opinion: SpecialCareOpinion | None, received: dt.date = RECEIVED):
    return check_eligibility(birth_date=CHILD_BORN, received=received, disability=None, special_care=opinion)


# -------------------------------------------------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2007, 3, 15), dt.date(2025, 3, 14), 17),
        (dt.date(2007, 3, 15), dt.date(2025, 3, 15), 18),
        (dt.date(2007, 3, 15), dt.date(2025, 3, 16), 18),
        (dt.date(2020, 3, 15), dt.date(2025, 3, 14), 4),
        (dt.date(2020, 3, 15), dt.date(2025, 3, 15), 5),
        (dt.date(2000, 12, 31), dt.date(2001, 1, 1), 0),
        (dt.date(2000, 1, 1), dt.date(2000, 12, 31), 0),
        (dt.date(2000, 1, 1), dt.date(2001, 1, 1), 1),
        # 29 February: a year older on 1 March in a common year, on 29 February in a leap year
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
        (dt.date(2008, 2, 29), dt.date(2028, 2, 28), 19),
        (dt.date(2008, 2, 29), dt.date(2028, 2, 29), 20),
    ],
)
def test_age_is_full_years_on_the_day_R_E1(born, day, age):
    assert age_on(born, day) == age


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)),
    years=st.integers(min_value=0, max_value=110),
)
def test_age_on_a_birthday_is_the_years_since_birth_R_E1(born, years):
    if born.month == 2 and born.day == 29:
        born = born.replace(day=28)
    assert age_on(born, born.replace(year=born.year + years)) == years
    assert age_on(born, born.replace(year=born.year + years) - dt.timedelta(days=1)) == years - 1


# --------------------------------------------------------------------------------------------- age boundaries


@pytest.mark.parametrize(
    ("born", "age", "track", "refusal"),
    [
        # 5th birthday the day before, on and after the received date (R-E2 / R-E3)
        (dt.date(2020, 3, 14), 5, Track.CHILD, None),
        (dt.date(2020, 3, 15), 5, Track.CHILD, None),
        (dt.date(2020, 3, 16), 4, Track.REFUSED, RefusalCode.UNDER_FIVE),
        # 18th birthday the day before, on and after the received date (R-E1 / R-E2)
        (dt.date(2007, 3, 14), 18, Track.ADULT, None),
        (dt.date(2007, 3, 15), 18, Track.ADULT, None),
        (dt.date(2007, 3, 16), 17, Track.CHILD, None),
        # far from the boundaries
        (dt.date(2025, 3, 15), 0, Track.REFUSED, RefusalCode.UNDER_FIVE),
        (dt.date(2021, 1, 1), 4, Track.REFUSED, RefusalCode.UNDER_FIVE),
        (dt.date(2012, 7, 1), 12, Track.CHILD, None),
        (dt.date(1940, 1, 1), 85, Track.ADULT, None),
    ],
)
def test_age_on_received_date_chooses_the_track_R_E1_R_E2_R_E3(born, age, track, refusal):
    # both documents present and valid, so only the age decides
    result = check_eligibility(
        birth_date=born, received=RECEIVED, disability=GROUP_I_MOBILITY, special_care=OPINION
    )
    assert (result.age, result.track, result.refusal) == (age, track, refusal)


@pytest.mark.parametrize(
    ("born", "received", "age", "track"),
    [
        # born 29.02.2008: still 17 on 28.02.2026, 18 on 01.03.2026
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17, Track.CHILD),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18, Track.ADULT),
        # born 29.02.2020: still 4 on 28.02.2025, 5 on 01.03.2025
        (dt.date(2020, 2, 29), dt.date(2025, 2, 28), 4, Track.REFUSED),
        (dt.date(2020, 2, 29), dt.date(2025, 3, 1), 5, Track.CHILD),
        # in a leap year the birthday itself exists
        (dt.date(2004, 2, 29), dt.date(2022, 2, 28), 17, Track.CHILD),
        (dt.date(2004, 2, 29), dt.date(2022, 3, 1), 18, Track.ADULT),
        (dt.date(2020, 2, 29), dt.date(2028, 2, 29), 8, Track.CHILD),
    ],
)
def test_person_born_29_february_changes_track_on_1_march_in_a_common_year_R_E1_R_E2(
    born, received, age, track
):
    result = check_eligibility(
        birth_date=born, received=received, disability=GROUP_I_MOBILITY, special_care=OPINION
    )
    assert (result.age, result.track) == (age, track)


# ------------------------------------------------------------------------------------------------ R-E1 adults


@pytest.mark.parametrize(
    ("facts", "track", "refusal"),
    [
        (disability(group="I", limitations=frozenset({"mobility"})), Track.ADULT, None),
        (disability(group="II", limitations=frozenset({"vision"})), Track.ADULT, None),
        (disability(group="II", limitations=frozenset({"mental"})), Track.ADULT, None),
        (disability(group="I", limitations=frozenset({"vision", "mobility", "mental"})), Track.ADULT, None),
        (disability(group="I", limitations=frozenset({"hearing", "vision"})), Track.ADULT, None),
        (disability(group="III"), Track.REFUSED, RefusalCode.GROUP_NOT_ELIGIBLE),
        (
            disability(group="III", limitations=frozenset({"mobility"})),
            Track.REFUSED,
            RefusalCode.GROUP_NOT_ELIGIBLE,
        ),
        (None, Track.REFUSED, RefusalCode.NO_VALID_DISABILITY),
        (DisabilityFacts(), Track.REFUSED, RefusalCode.NO_VALID_DISABILITY),
        (disability(group=""), Track.REFUSED, RefusalCode.NO_VALID_DISABILITY),
        (disability(limitations=frozenset()), Track.REFUSED, RefusalCode.NO_QUALIFYING_LIMITATION),
        (
            disability(limitations=frozenset({"hearing", "speech"})),
            Track.REFUSED,
            RefusalCode.NO_QUALIFYING_LIMITATION,
        ),
    ],
    ids=[
        "I-mobility",
        "II-vision",
        "II-mental",
        "I-all-three",
        "I-hearing-and-vision",
        "III",
        "III-mobility",
        "no-record",
        "empty-record",
        "no-group",
        "no-limitation",
        "only-other-limitations",
    ],
)
def test_adult_needs_group_I_or_II_and_a_qualifying_limitation_R_E1(facts, track, refusal):
    result = adult(facts)
    assert (result.track, result.refusal) == (track, refusal)
    assert result.eligible is (track is not Track.REFUSED)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "eligible"),
    [
        (dt.date(2020, 1, 1), DAY_BEFORE, False),  # ended the day before the received date
        (dt.date(2020, 1, 1), RECEIVED, True),  # ends on the received date
        (dt.date(2020, 1, 1), DAY_AFTER, True),
        (dt.date(2020, 1, 1), None, True),  # indefinite
        (None, None, True),  # no dates recorded: indefinite
        (DAY_AFTER, None, False),  # starts after the received date
        (DAY_AFTER, dt.date(2030, 1, 1), False),
        (RECEIVED, None, True),  # starts on the received date
        (DAY_BEFORE, RECEIVED, True),
        (RECEIVED, RECEIVED, True),  # valid for exactly that one day
        (dt.date(2010, 1, 1), dt.date(2015, 1, 1), False),  # long expired
    ],
)
def test_disability_must_be_valid_on_the_received_date_R_E1(valid_from, valid_until, eligible):
    result = adult(disability(valid_from=valid_from, valid_until=valid_until))
    if eligible:
        assert (result.track, result.refusal) == (Track.ADULT, None)
    else:
        assert (result.track, result.refusal) == (Track.REFUSED, RefusalCode.NO_VALID_DISABILITY)


def test_special_care_opinion_does_not_make_an_adult_eligible_R_E1():
    result = check_eligibility(
        birth_date=ADULT_BORN, received=RECEIVED, disability=None, special_care=OPINION
    )
    assert result.track is Track.REFUSED
    assert result.refusal is RefusalCode.NO_VALID_DISABILITY


@pytest.mark.parametrize("group", ["I", "II"])
def test_assistant_allowance_flag_does_not_affect_eligibility_R_E1(group):
    for allowance in (False, True):
        assert adult(disability(group=group, assistant_allowance=allowance)).track is Track.ADULT


# ---------------------------------------------------------------------------------------------- R-E2 children


@pytest.mark.parametrize(
    ("opinion", "eligible"),
    [
        (SpecialCareOpinion(valid_from=dt.date(2020, 1, 1), valid_until=DAY_BEFORE), False),
        (SpecialCareOpinion(valid_from=dt.date(2020, 1, 1), valid_until=RECEIVED), True),
        (SpecialCareOpinion(valid_from=dt.date(2020, 1, 1), valid_until=DAY_AFTER), True),
        (SpecialCareOpinion(valid_from=dt.date(2020, 1, 1), valid_until=None), True),  # until 18
        (SpecialCareOpinion(valid_from=None, valid_until=None), True),
        (SpecialCareOpinion(valid_from=DAY_AFTER, valid_until=None), False),
        (SpecialCareOpinion(valid_from=RECEIVED, valid_until=None), True),
        (SpecialCareOpinion(valid_from=DAY_BEFORE, valid_until=RECEIVED), True),
        (None, False),
    ],
    ids=[
        "ended-day-before",
        "ends-on-received",
        "ends-day-after",
        "until-18",
        "no-dates",
        "starts-day-after",
        "starts-on-received",
        "two-days",
        "no-opinion",
    ],
)
def test_child_needs_a_special_care_opinion_valid_on_the_received_date_R_E2(opinion, eligible):
    result = child(opinion)
    assert result.age == 9
    if eligible:
        assert (result.track, result.refusal, result.eligible) == (Track.CHILD, None, True)
    else:
        assert (result.track, result.refusal, result.eligible) == (
            Track.REFUSED,
            RefusalCode.NO_SPECIAL_CARE_OPINION,
            False,
        )


def test_disability_group_does_not_replace_the_opinion_for_a_child_R_E2():
    result = check_eligibility(
        birth_date=CHILD_BORN, received=RECEIVED, disability=GROUP_I_MOBILITY, special_care=None
    )
    assert result.track is Track.REFUSED
    assert result.refusal is RefusalCode.NO_SPECIAL_CARE_OPINION


def test_child_needs_no_disability_record_R_E2():
    assert child(OPINION).track is Track.CHILD


# -------------------------------------------------------------------------------------------- R-E3 under five


def test_under_five_is_refused_whatever_the_documents_R_E3():
    for facts, opinion in [
        (None, None),
        (GROUP_I_MOBILITY, OPINION),
        (None, OPINION),
        (GROUP_I_MOBILITY, None),
    ]:
        result = check_eligibility(
            birth_date=dt.date(2022, 1, 1), received=RECEIVED, disability=facts, special_care=opinion
        )
        assert (result.track, result.refusal, result.age) == (Track.REFUSED, RefusalCode.UNDER_FIVE, 3)


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 3, 15)),
)
def test_track_follows_age_alone_when_documents_are_valid_R_E1_R_E2_R_E3(born):
    result = check_eligibility(
        birth_date=born, received=RECEIVED, disability=GROUP_I_MOBILITY, special_care=OPINION
    )
    # independent age: whole years, subtracting one when the birthday has not come yet this year
    age = RECEIVED.year - born.year - ((RECEIVED.month, RECEIVED.day) < (born.month, born.day))
    expected = Track.REFUSED if age < 5 else Track.CHILD if age < 18 else Track.ADULT
    assert (result.age, result.track) == (age, expected)


# ---------------------------------------------------------------------------------------------------- reasons


REFUSALS = [
    pytest.param(
        dict(birth_date=dt.date(2022, 1, 1), disability=None, special_care=None), "R-E3", id="under-five"
    ),
    pytest.param(dict(birth_date=ADULT_BORN, disability=None, special_care=None), "R-E1", id="no-disability"),
    pytest.param(
        dict(birth_date=ADULT_BORN, disability=disability(group="III"), special_care=None),
        "R-E1",
        id="group-III",
    ),
    pytest.param(
        dict(birth_date=ADULT_BORN, disability=disability(limitations=frozenset()), special_care=None),
        "R-E1",
        id="no-limitation",
    ),
    pytest.param(
        dict(birth_date=ADULT_BORN, disability=disability(valid_until=DAY_BEFORE), special_care=None),
        "R-E1",
        id="expired",
    ),
    pytest.param(dict(birth_date=CHILD_BORN, disability=None, special_care=None), "R-E2", id="no-opinion"),
]


@pytest.mark.parametrize(("facts", "rule"), REFUSALS)
def test_refusal_states_its_reason_in_latvian_with_the_rule_id_R_E1_R_E2_R_E3(facts, rule):
    result = check_eligibility(received=RECEIVED, **facts)
    assert result.track is Track.REFUSED
    with translation.override("lv"):
        reason = str(result.reason)
    # The Latvian catalogue may not carry these strings yet, so the text itself is not asserted; the rule id
    # is part of the sentence in every language.
    assert len(reason.split()) >= 5, reason
    assert f"({rule})" in reason


def test_each_refusal_has_its_own_reason_R_E1_R_E2_R_E3():
    with translation.override("lv"):
        reasons = [str(check_eligibility(received=RECEIVED, **param.values[0]).reason) for param in REFUSALS]
    # expired and missing disability share NO_VALID_DISABILITY; every other refusal reads differently
    assert len(set(reasons)) == len(REFUSALS) - 1


@pytest.mark.parametrize(
    "result",
    [adult(GROUP_I_MOBILITY), child(OPINION)],
    ids=["adult", "child"],
)
def test_eligible_result_has_no_refusal_and_no_reason_R_E1_R_E2(result):
    assert result.eligible is True
    assert result.refusal is None
    assert str(result.reason) == ""


# ------------------------------------------------------------------------------------------------------- R-D1


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2025, 3, 15), dt.date(2025, 4, 15)),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),  # leap year
        (dt.date(2025, 1, 29), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 29), dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 28), dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2026, 1, 31)),  # across the year end
        (dt.date(2025, 12, 1), dt.date(2026, 1, 1)),
        (dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        (dt.date(2025, 8, 31), dt.date(2025, 9, 30)),
        (dt.date(2025, 2, 28), dt.date(2025, 3, 28)),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 29)),
        (dt.date(2025, 4, 30), dt.date(2025, 5, 30)),
    ],
)
def test_decision_is_due_one_calendar_month_after_receipt_R_D1(received, due):
    assert decision_due(received) == due


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_decision_due_is_in_the_next_month_and_never_later_than_the_same_day_R_D1(received):
    due = decision_due(received)
    assert (due.year * 12 + due.month) - (received.year * 12 + received.month) == 1
    assert due.day <= received.day
    assert due.day == received.day or (due + dt.timedelta(days=1)).day == 1  # clipped to the month's end


@pytest.mark.parametrize(
    ("today", "decided", "overdue"),
    [
        (dt.date(2025, 3, 15), False, False),  # received today
        (dt.date(2025, 4, 14), False, False),
        (dt.date(2025, 4, 15), False, False),  # the due date itself
        (dt.date(2025, 4, 16), False, True),  # the day after
        (dt.date(2026, 1, 1), False, True),
        (dt.date(2025, 4, 16), True, False),  # decided: never overdue
        (dt.date(2026, 1, 1), True, False),
        (dt.date(2025, 4, 15), True, False),
    ],
)
def test_application_is_overdue_only_after_the_due_date_without_a_decision_R_D1(today, decided, overdue):
    assert is_overdue(received=dt.date(2025, 3, 15), today=today, decided=decided) is overdue


def test_end_of_january_application_is_overdue_from_1_march_R_D1():
    assert is_overdue(received=dt.date(2025, 1, 31), today=dt.date(2025, 2, 28), decided=False) is False
    assert is_overdue(received=dt.date(2025, 1, 31), today=dt.date(2025, 3, 1), decided=False) is True
    assert is_overdue(received=dt.date(2024, 1, 31), today=dt.date(2024, 2, 29), decided=False) is False
    assert is_overdue(received=dt.date(2024, 1, 31), today=dt.date(2024, 3, 1), decided=False) is True


# ------------------------------------------------------------------------------------------------ R-A1 / R-A3

STUDY_START = dt.date(2025, 9, 1)
STUDY_END = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("purpose", "evidence", "start", "end", "fields"),
    [
        # R-A3: an education purpose needs a study period, and it must not end before it starts
        ("EDUCATION", "Rīgas 1. vidusskola", None, None, ["study_start"]),
        ("EDUCATION", "Rīgas 1. vidusskola", STUDY_START, None, ["study_start"]),
        ("EDUCATION", "Rīgas 1. vidusskola", None, STUDY_END, ["study_start"]),
        ("HIGHER_EDUCATION", "Latvijas Universitāte", None, None, ["study_start"]),
        ("EDUCATION", "Rīgas 1. vidusskola", STUDY_END, STUDY_START, ["study_end"]),
        ("HIGHER_EDUCATION", "LU", dt.date(2025, 9, 2), dt.date(2025, 9, 1), ["study_end"]),
        ("EDUCATION", "Rīgas 1. vidusskola", STUDY_START, STUDY_START, []),  # a one-day period
        ("EDUCATION", "Rīgas 1. vidusskola", STUDY_START, STUDY_END, []),
        ("HIGHER_EDUCATION", "Latvijas Universitāte", STUDY_START, STUDY_END, []),
        ("EDUCATION", "", None, None, ["evidence", "study_start"]),
        # R-A1: DAILY needs no evidence; every other purpose does
        ("DAILY", "", None, None, []),
        ("DAILY", "   ", None, None, []),
        ("WORK", "", None, None, ["evidence"]),
        ("WORK", "   \t", None, None, ["evidence"]),
        ("WORK", "SIA Darbs, darba līgums Nr. 12", None, None, []),
        ("VOLUNTEERING", "", None, None, ["evidence"]),
        ("DAY_CENTRE", "", None, None, ["evidence"]),
        ("MEDICAL", "", None, None, ["evidence"]),
        ("MEDICAL", "Dialīze, ārsta nosūtījums", None, None, []),
        # a study period belongs only to an education purpose
        ("WORK", "SIA Darbs", STUDY_START, STUDY_END, ["study_start"]),
        ("WORK", "SIA Darbs", STUDY_START, None, ["study_start"]),
        ("WORK", "SIA Darbs", None, STUDY_END, ["study_start"]),
        ("DAILY", "", STUDY_START, STUDY_END, ["study_start"]),
        ("WORK", "", STUDY_START, STUDY_END, ["evidence", "study_start"]),
    ],
)
def test_purpose_needs_its_evidence_and_education_its_study_period_R_A1_R_A3(
    purpose, evidence, start, end, fields
):
    problems = check_purpose_evidence(purpose=purpose, evidence=evidence, study_start=start, study_end=end)
    assert [problem.field for problem in problems] == fields
    for problem in problems:
        assert len(str(problem.message).split()) >= 4, problem.message


@given(
    today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
    back=st.integers(min_value=0, max_value=70),
)
def test_overdue_is_exactly_before_the_cutoff_R_D1(today, back):
    from assistance.rules import overdue_cutoff

    received = today - dt.timedelta(days=back)
    assert is_overdue(received=received, today=today, decided=False) == (received < overdue_cutoff(today))
