"""Intake services on PostgreSQL: persons (R-P1), disability data (R-E4), applications (R-A1, R-A3) and the
eligibility gate on submission (R-E1–R-E3, R-D1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from assistance import services
from assistance.models import Application, Person, Source
from tests.assistance.factories import (
    make_application,
    make_eligible_adult,
    make_person,
    new_format_code,
    personal_code,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_old_format_code_is_stored_without_hyphen_and_gives_the_birth_date_R_P1(caseworker):
    code = personal_code(dt.date(1975, 11, 16), 999)
    person = services.person_create(
        municipality=caseworker.staff_profile.municipality,
        personal_code=f"{code[:6]}-{code[6:]}",
        first_name="Jānis",
        last_name="Ozoliņš",
        by=caseworker,
    )
    person.refresh_from_db()
    assert person.personal_code == code
    assert person.birth_date == dt.date(1975, 11, 16)
    assert person.masked_code == f"{code[:6]}-{code[6]}****"


def test_new_format_code_needs_an_entered_birth_date_R_P1(caseworker):
    with pytest.raises(services.IntakeError) as caught:
        services.person_create(
            municipality=caseworker.staff_profile.municipality,
            personal_code=new_format_code(),
            first_name="Līga",
            last_name="Kalniņa",
            by=caseworker,
        )
    assert "birth_date" in caught.value.errors
    person = services.person_create(
        municipality=caseworker.staff_profile.municipality,
        personal_code=new_format_code(),
        first_name="Līga",
        last_name="Kalniņa",
        birth_date=dt.date(2001, 3, 4),
        by=caseworker,
    )
    assert person.birth_date == dt.date(2001, 3, 4)


def test_birth_date_contradicting_the_code_is_refused_R_P1(caseworker):
    with pytest.raises(services.IntakeError) as caught:
        make_person(caseworker, born=dt.date(1980, 5, 17), birth_date=dt.date(1980, 5, 18))
    assert "17.05.1980" in str(caught.value.errors["birth_date"][0])


def test_bad_check_digit_names_the_personal_code_field_R_P1(caseworker):
    code = personal_code(dt.date(1980, 5, 17))
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    with pytest.raises(services.IntakeError) as caught:
        services.person_create(
            municipality=caseworker.staff_profile.municipality,
            personal_code=wrong,
            first_name="A",
            last_name="B",
            by=caseworker,
        )
    assert list(caught.value.errors) == ["personal_code"]
    assert not Person.objects.exists()


def test_same_code_twice_in_one_municipality_is_refused_but_another_municipality_may_register_it(
    caseworker, caseworker_liepaja
):
    make_person(caseworker)
    with pytest.raises(services.IntakeError):
        make_person(caseworker)
    other = make_person(caseworker_liepaja)
    assert other.municipality.name == "Liepāja"
    assert Person.objects.filter(personal_code=other.personal_code).count() == 2


def test_disability_record_keeps_its_source_R_E4(caseworker):
    person = make_person(caseworker)
    record = services.disability_record_add(
        person=person, by=caseworker, group="II", limitation_vision=True, source=Source.IMPORTED
    )
    assert record.source == "imported"
    assert record.limitations == frozenset({"vision"})


def test_education_purpose_without_study_period_is_an_input_error_R_A3(caseworker):
    person = make_eligible_adult(caseworker)
    with pytest.raises(services.IntakeError) as caught:
        make_application(caseworker, person, purposes=[services.PurposeInput("EDUCATION", "RTU")])
    assert "purposes-0-study_start" in caught.value.errors
    assert not Application.objects.exists()


def test_purpose_without_evidence_is_refused_and_daily_is_implied_R_A1(caseworker):
    person = make_eligible_adult(caseworker)
    with pytest.raises(services.IntakeError) as caught:
        make_application(caseworker, person, purposes=[services.PurposeInput("WORK", " ")])
    assert "purposes-0-evidence" in caught.value.errors
    application = make_application(
        caseworker,
        person,
        purposes=[services.PurposeInput("DAILY"), services.PurposeInput("WORK", "SIA Darbs, līgums Nr. 5")],
    )
    assert [p.purpose for p in application.purposes.all()] == ["WORK"]


def test_received_date_in_the_future_is_refused(caseworker):
    person = make_eligible_adult(caseworker)
    with pytest.raises(services.IntakeError) as caught:
        make_application(caseworker, person, received=TODAY + dt.timedelta(days=1))
    assert "received_date" in caught.value.errors


def test_eligible_adult_is_submitted_for_the_questionnaire_R_E1_R_D1(caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    assert application.status == Application.Status.SUBMITTED
    assert application.track == Application.Track.ADULT
    assert application.outcome == ""


def test_adult_without_qualifying_limitation_gets_a_proposed_refusal_in_latvian_R_E1(caseworker):
    person = make_person(caseworker)
    services.disability_record_add(person=person, by=caseworker, group="I", valid_until=None)
    with translation.override("en"):
        application = make_application(caseworker, person, submit=True)
    assert application.status == Application.Status.PROPOSED
    assert application.outcome == Application.Outcome.REFUSAL
    assert application.refusal_code == "no_qualifying_limitation"
    # Stored for the decision in Latvian, whatever the caseworker's language.
    assert "funkcionāl" in application.refusal_reason
    assert application.assessment is None


def test_disability_expired_the_day_before_received_is_refused_R_E1(caseworker):
    received = TODAY - dt.timedelta(days=3)
    person = make_person(caseworker)
    services.disability_record_add(
        person=person,
        by=caseworker,
        group="II",
        limitation_mental=True,
        valid_until=received - dt.timedelta(days=1),
    )
    application = make_application(caseworker, person, received=received, submit=True)
    assert application.refusal_code == "no_valid_disability"


def test_child_under_five_is_refused_and_child_with_opinion_goes_to_fixed_hours_R_E2_R_E3(caseworker):
    toddler = make_person(
        caseworker, born=TODAY.replace(year=TODAY.year - 4) - dt.timedelta(days=10), serial=1
    )
    refused = make_application(caseworker, toddler, received=TODAY - dt.timedelta(days=1), submit=True)
    assert refused.refusal_code == "under_five"

    child = make_person(caseworker, born=dt.date(TODAY.year - 10, 1, 15), serial=2)
    services.special_care_opinion_add(person=child, by=caseworker, valid_from=dt.date(TODAY.year - 1, 1, 1))
    granted = make_application(caseworker, child, submit=True)
    assert granted.status == Application.Status.SUBMITTED
    assert granted.track == Application.Track.CHILD


def test_only_a_draft_can_be_changed_or_submitted_R_D1(caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    with pytest.raises(services.IntakeError):
        services.application_submit(application=application, by=caseworker)
    with pytest.raises(services.IntakeError):
        services.application_update(
            application=application, by=caseworker, received_date=TODAY, applicant="person", purposes=[]
        )


def test_representative_as_applicant_needs_a_representative(caseworker):
    person = make_eligible_adult(caseworker)
    with pytest.raises(services.IntakeError) as caught:
        services.application_create(
            person=person, by=caseworker, received_date=TODAY, applicant=Application.Applicant.REPRESENTATIVE
        )
    assert "applicant" in caught.value.errors


def test_every_step_leaves_history_with_who_and_why(caseworker):
    application = make_application(caseworker, make_person(caseworker), submit=True)
    records = list(application.history.order_by("history_date", "history_id"))
    assert {r.history_user_id for r in records} == {caseworker.pk}
    reasons = [r.history_change_reason for r in records if r.history_change_reason]
    assert reasons[0] == "Application entered" or reasons[0].startswith("Iesniegums")
    assert any("submitted" in r or "iesniegts" in r.lower() for r in reasons)
    assert application.history.filter(status="proposed").exists()


def test_rule_set_in_force_is_v1_R_S1(db):
    rule_set = services.rule_set_in_force(TODAY)
    assert (rule_set.code, rule_set.threshold_need, rule_set.threshold_high) == ("V1", 12, 24)
