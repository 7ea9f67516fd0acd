"""Intake pages: persons and applications through the browser's requests (R-P1, R-E, R-D1), the caseworker
dashboard, history on pages, constant query counts on lists."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from assistance import services
from assistance.models import Application, Person
from tests.assistance.factories import make_application, make_eligible_adult, make_person, personal_code

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def board_of(response):
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return next(panel["board"] for panel in response.context["panels"] if "board" in panel)


def person_post(**overrides):
    data = {
        "personal_code": personal_code(dt.date(1975, 11, 16), 999),
        "first_name": "Jānis",
        "last_name": "Ozoliņš",
        "birth_date": "",
        "phone": "+371 20000000",
        "email": "",
        "address": "Brīvības iela 1, Rīga",
    }
    data.update(overrides)
    return data


def test_caseworker_registers_a_person_with_a_hyphenated_code_R_P1(client, caseworker):
    client.force_login(caseworker)
    code = personal_code(dt.date(1975, 11, 16), 999)
    response = client.post(
        reverse("assistance:person_create"), person_post(personal_code=f"{code[:6]}-{code[6:]}")
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:person_detail", args=[person.pk])
    assert person.personal_code == code and person.birth_date == dt.date(1975, 11, 16)
    assert person.municipality == caseworker.staff_profile.municipality


def test_wrong_check_digit_is_named_in_latvian_and_nothing_typed_is_lost_R_P1(client, caseworker):
    client.force_login(caseworker)
    code = personal_code(dt.date(1975, 11, 16), 999)
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    response = client.post(reverse("assistance:person_create"), person_post(personal_code=wrong))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert 'id="error-summary"' in page
    assert "Personas kods" in page  # the field named, in Latvian
    assert f'value="{wrong}"' in page and 'value="Ozoliņš"' in page and "Brīvības iela 1, Rīga" in page


def test_list_masks_codes_and_the_page_shows_it_whole_to_the_caseworker_R_P1(client, caseworker):
    person = make_person(caseworker)
    client.force_login(caseworker)
    listing = client.get(reverse("assistance:person_list")).content.decode()
    assert person.masked_code in listing and person.personal_code not in listing
    detail = client.get(reverse("assistance:person_detail", args=[person.pk])).content.decode()
    assert person.formatted_code in detail


def test_search_by_name_or_code_stays_in_the_municipality(client, caseworker, caseworker_liepaja):
    anna = make_person(caseworker, first_name="Anna", last_name="Liepa", serial=1)
    make_person(caseworker, first_name="Pēteris", last_name="Kalns", born=dt.date(1990, 2, 3), serial=2)
    other = make_person(caseworker_liepaja, first_name="Anna", last_name="Liepa", serial=1)
    client.force_login(caseworker)
    by_name = client.get(reverse("assistance:person_list"), {"q": "anna liepa"}).context["page"].object_list
    assert list(by_name) == [anna]
    by_code = client.get(reverse("assistance:person_list"), {"q": anna.formatted_code[:8]}).context["page"]
    assert list(by_code.object_list) == [anna]
    assert other not in by_code.object_list


def test_application_with_bad_purposes_keeps_the_input_and_names_the_fields_R_A3(client, caseworker):
    person = make_eligible_adult(caseworker)
    client.force_login(caseworker)
    url = reverse("assistance:application_create", args=[person.pk])
    response = client.post(
        url,
        {
            "received_date": TODAY.strftime("%d.%m.%Y"),
            "applicant": "person",
            "EDUCATION-requested": "on",
            "EDUCATION-evidence": "Rīgas 1. vidusskola",
            "WORK-requested": "on",
            "WORK-evidence": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Rīgas 1. vidusskola" in page
    assert page.count("is-invalid") >= 2


def test_application_is_entered_submitted_and_refused_by_the_gate_R_E1_R_D1(client, caseworker):
    person = make_person(caseworker)  # no disability data recorded
    client.force_login(caseworker)
    response = client.post(
        reverse("assistance:application_create", args=[person.pk]),
        {
            "received_date": TODAY.strftime("%d.%m.%Y"),
            "applicant": "person",
            "WORK-requested": "on",
            "WORK-evidence": "SIA Darbs",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.status == "draft"
    detail = client.get(reverse("assistance:application_detail", args=[application.pk])).content.decode()
    assert "SIA Darbs" in detail
    client.post(reverse("assistance:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert (application.status, application.outcome, application.refusal_code) == (
        "proposed",
        "refusal",
        "no_valid_disability",
    )
    assert (
        reverse("assistance:application_assess", args=[application.pk])
        not in client.get(reverse("assistance:application_detail", args=[application.pk])).content.decode()
    )


def test_submit_is_post_only(client, caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker))
    client.force_login(caseworker)
    assert client.get(reverse("assistance:application_submit", args=[application.pk])).status_code == 405


def test_history_on_the_application_page_shows_who_when_what(client, caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker))
    services.application_update(
        application=application,
        by=caseworker,
        received_date=application.received_date - dt.timedelta(days=1),
        applicant="person",
        purposes=[],
        notes="Pieņemts klātienē",
    )
    client.force_login(caseworker)
    page = client.get(reverse("assistance:application_detail", args=[application.pk])).content.decode()
    old = application.received_date.strftime("%d.%m.%Y")
    new = (application.received_date - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    assert old in page and new in page and "Pieņemts klātienē" in page
    assert caseworker.username in page or caseworker.get_full_name() in page


def test_dashboard_highlights_applications_past_the_one_month_deadline_R_D1(client, caseworker):
    on_time = make_application(
        caseworker, make_eligible_adult(caseworker, serial=1), received=dt.date(2026, 1, 31)
    )
    late = make_application(
        caseworker,
        make_eligible_adult(caseworker, serial=2, first_name="Ilze"),
        received=dt.date(2026, 1, 20),
    )
    client.force_login(caseworker)
    # Due dates: 20.01 → 20.02, 31.01 → 28.02 (2026 is not a leap year).
    with time_machine.travel(dt.datetime(2026, 2, 21, 12, 0), tick=False):
        board = board_of(client.get("/"))
    assert board.overdue == [late] and on_time not in board.overdue
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0), tick=False):
        client.force_login(caseworker)  # a week later the 30-minute session has ended
        page = client.get("/")
    assert board_of(page).overdue_total == 2
    assert 'data-testid="overdue-total">2<' in page.content.decode()


def test_dashboard_lists_what_waits_for_me(client, caseworker):
    draft = make_application(caseworker, make_eligible_adult(caseworker, serial=1))
    submitted = make_application(caseworker, make_eligible_adult(caseworker, serial=2), submit=True)
    refused = make_application(caseworker, make_person(caseworker, serial=3), submit=True)
    client.force_login(caseworker)
    board = board_of(client.get("/"))
    assert set(board.waiting) == {draft, submitted}
    assert refused not in board.waiting
    assert board.counts["draft"] == 1 and board.counts["submitted"] == 1 and board.counts["proposed"] == 1


@pytest.mark.parametrize("url_name", ["assistance:person_list", "assistance:application_list"])
def test_lists_use_a_constant_number_of_queries(client, caseworker, url_name, django_assert_max_num_queries):
    client.force_login(caseworker)
    for serial in range(3):
        make_application(caseworker, make_eligible_adult(caseworker, serial=serial), submit=True)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse(url_name))
    for serial in range(3, 30):
        make_application(caseworker, make_eligible_adult(caseworker, serial=serial), submit=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 25


def test_dashboard_uses_a_constant_number_of_queries(client, caseworker, django_assert_max_num_queries):
    client.force_login(caseworker)
    make_application(
        caseworker, make_eligible_adult(caseworker, serial=1), received=TODAY - dt.timedelta(days=60)
    )
    with django_assert_max_num_queries(18) as few:
        client.get("/")
    for serial in range(2, 20):
        make_application(
            caseworker, make_eligible_adult(caseworker, serial=serial), received=TODAY - dt.timedelta(days=60)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
