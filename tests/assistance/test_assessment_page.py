"""The questionnaire page of an application (SPEC R-Q1–R-Q4, after the eligibility gate R-E1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.rules import AnswerProblem, IncompleteAnswers
from assistance import selectors, services
from assistance.models import Application
from assistance.views.assessment import assessment_context
from tests.assistance.factories import municipality

pytestmark = pytest.mark.django_db

CODES = [f"Q{n:02d}" for n in range(1, 13)]
WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def personal_code(first_ten: str) -> str:
    """An old-format personal code with the check digit of SPEC R-P1: Z = (1101 − Σ wᵢ·dᵢ) mod 11 mod 10."""
    total = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, first_ten, strict=True))
    return f"{first_ten[:6]}-{first_ten[6:]}{(1101 - total) % 11 % 10}"


def answers_totalling(total: int) -> dict[str, int]:
    """Twelve answers 0–3 that add up to `total` (3s first, then the remainder, then 0s)."""
    values = []
    for _code in CODES:
        value = min(3, total)
        values.append(value)
        total -= value
    return dict(zip(CODES, values, strict=True))


def post_data(answers: dict[str, int], notes: str = "") -> dict[str, str]:
    return {code: str(value) for code, value in answers.items()} | {"notes": notes}


def make_application(by, *, group: str = "I", submit: bool = True, town: str = "Rīga") -> Application:
    """An adult born 1980 with group I and a mobility limitation, entered and submitted via the services."""
    person = services.person_create(
        municipality=municipality(town),
        personal_code=personal_code("1503801234"),
        first_name="Anna",
        last_name="Bērziņa",
        by=by,
    )
    received = timezone.localdate() - dt.timedelta(days=3)
    services.disability_record_add(
        person=person,
        by=by,
        group=group,
        limitation_mobility=True,
        valid_from=received - dt.timedelta(days=365),
        valid_until=None,
    )
    application = services.application_create(person=person, by=by, received_date=received)
    if submit:
        application = services.application_submit(application=application, by=by)
    return application


def url(application: Application) -> str:
    return reverse("assistance:application_assess", args=[application.pk])


def detail_url(application: Application) -> str:
    return reverse("assistance:application_detail", args=[application.pk])


class Radios(HTMLParser):
    """Collects the fieldsets, legends and radio inputs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fieldsets = 0
        self.legends: list[str] = []
        self.radios: list[dict[str, str | None]] = []
        self.labels: dict[str, str] = {}
        self._in_legend = False
        self._label_for: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self._in_legend = True
            self.legends.append("")
        elif tag == "label":
            self._label_for = attributes.get("for")
            if self._label_for:
                self.labels[self._label_for] = ""
        elif tag == "input" and attributes.get("type") == "radio":
            self.radios.append(attributes)

    def handle_endtag(self, tag):
        if tag == "legend":
            self._in_legend = False
        elif tag == "label":
            self._label_for = None

    def handle_data(self, data):
        if self._in_legend:
            self.legends[-1] += data
        if self._label_for:
            self.labels[self._label_for] += data

    def checked(self) -> dict[str, str]:
        return {radio["name"]: radio["value"] for radio in self.radios if "checked" in radio}


def parse(response) -> Radios:
    parser = Radios()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def application(caseworker):
    application = make_application(caseworker)
    assert application.status == Application.Status.SUBMITTED
    assert application.track == Application.Track.ADULT
    return application


# ------------------------------------------------------------------------------------------- the page


def test_get_shows_twelve_fieldsets_with_legends_and_48_radios_R_Q1(client, caseworker, application):
    client.force_login(caseworker)
    response = client.get(url(application))
    assert response.status_code == 200
    page = parse(response)
    assert page.fieldsets == 12
    assert [legend.strip()[:4] for legend in page.legends] == [f"{code}." for code in CODES]
    assert page.legends[0].strip() == "Q01. Iziešana no mājokļa un atgriešanās tajā (durvis, kāpnes, lifts)"
    assert len(page.radios) == 48
    assert page.checked() == {}
    # Every radio is a native input with its own label (keyboard and screen readers).
    for radio in page.radios:
        assert page.labels[radio["id"]].strip()
    assert page.labels["id_Q03_0"].strip() == "0 – Tiek galā patstāvīgi"
    content = response.content.decode()
    assert "Anna Bērziņa" in content
    assert 'aria-live="polite"' in content
    assert 'data-threshold-need="12"' in content and 'data-threshold-high="24"' in content
    assert "js/questionnaire.js" in content
    assert "<script>" not in content  # CSP: no inline scripts


def test_page_follows_the_english_language_R_Q4(english, caseworker, application):
    english.force_login(caseworker)
    page = parse(english.get(url(application)))
    assert page.legends[0].strip() == "Q01. Leaving and entering the dwelling (doors, stairs, lift)"
    assert page.labels["id_Q01_3"].strip() == "3 – Cannot do it even with aids, needs full assistance"


def test_eleven_answers_rerender_with_an_error_naming_Q12_and_keep_choices_R_Q2(
    client, caseworker, application
):
    client.force_login(caseworker)
    answers = {code: index % 4 for index, code in enumerate(CODES[:-1])}
    response = client.post(url(application), post_data(answers))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["Q12"]
    assert "Q12" in response.context["form"].errors["Q12"][0]
    content = response.content.decode()
    assert 'role="alert"' in content and 'href="#id_Q12_0"' in content
    assert 'aria-describedby="id_Q12_error"' in content
    page = parse(response)
    assert page.checked() == {code: str(value) for code, value in answers.items()}
    assert not Assessment.objects.exists()
    application.refresh_from_db()
    assert application.assessment_id is None and application.status == Application.Status.SUBMITTED


def test_total_18_is_stored_with_base_coefficient_1_R_Q2_R_Q3_R_Q4(client, caseworker, application):
    client.force_login(caseworker)
    answers = answers_totalling(18)
    response = client.post(url(application), post_data(answers, notes="Pārvietojas ar ratiņkrēslu."))
    assert response.status_code == 302
    assert response.url == detail_url(application)
    application.refresh_from_db()
    assessment = application.assessment
    assert assessment.answers == answers
    assert assessment.total == 18
    assert assessment.result == Assessment.Result.BASE
    assert assessment.coefficient == Decimal("1")
    assert assessment.questionnaire.version == "2021-1"
    assert assessment.rule_set_code == "V1"
    assert assessment.threshold_need == 12 and assessment.threshold_high == 24
    assert assessment.assessed_by == caseworker
    assert assessment.notes == "Pārvietojas ar ratiņkrēslu."
    assert application.status == Application.Status.SUBMITTED
    assert application.outcome == ""
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    assert "18" in message.message and "1" in message.message


def test_detail_page_after_saving_shows_the_message_and_the_answers_R_Q4(client, caseworker, application):
    client.force_login(caseworker)
    response = client.post(url(application), post_data(answers_totalling(18)), follow=True)
    assert response.redirect_chain == [(detail_url(application), 302)]
    content = response.content.decode()
    assert "alert-success" in content
    assert "Nespēj to izdarīt pat ar palīglīdzekļiem" in content  # Q01 answered 3


def test_total_11_proposes_refusal_R_Q3(client, caseworker, application):
    client.force_login(caseworker)
    response = client.post(url(application), post_data(answers_totalling(11)))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assessment.total == 11
    assert application.assessment.result == Assessment.Result.NO_NEED
    assert application.assessment.coefficient is None
    assert application.status == Application.Status.PROPOSED
    assert application.outcome == Application.Outcome.REFUSAL
    assert "11" in application.refusal_reason
    [message] = get_messages(response.wsgi_request)
    assert "11" in message.message


@pytest.mark.parametrize(
    ("total", "result", "coefficient"),
    [
        (12, Assessment.Result.BASE, Decimal("1")),
        (23, Assessment.Result.BASE, Decimal("1")),
        (24, Assessment.Result.HIGH, Decimal("2")),
        (36, Assessment.Result.HIGH, Decimal("2")),
    ],
)
def test_boundaries_12_23_24_R_Q3(client, caseworker, application, total, result, coefficient):
    client.force_login(caseworker)
    assert client.post(url(application), post_data(answers_totalling(total))).status_code == 302
    application.refresh_from_db()
    assert application.assessment.total == total
    assert application.assessment.result == result
    assert application.assessment.coefficient == coefficient
    assert application.status == Application.Status.SUBMITTED


def test_second_assessment_redirects_with_a_message_R_Q4(client, caseworker, application):
    client.force_login(caseworker)
    client.post(url(application), post_data(answers_totalling(18)))
    first = Assessment.objects.get()
    for response in (
        client.get(url(application)),
        client.post(url(application), post_data(answers_totalling(30))),
    ):
        assert response.status_code == 302
        assert response.url == detail_url(application)
        assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))
    assert Assessment.objects.get() == first
    assert first.total == 18


def test_refused_application_redirects_after_a_refusal_proposed_R_Q3(client, caseworker, application):
    client.force_login(caseworker)
    client.post(url(application), post_data(answers_totalling(5)))
    response = client.get(url(application))
    assert response.status_code == 302


def test_draft_application_redirects_with_a_message_R_Q2(client, caseworker):
    draft = make_application(caseworker, submit=False)
    client.force_login(caseworker)
    response = client.get(url(draft))
    assert response.status_code == 302 and response.url == detail_url(draft)
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"


def test_application_failing_the_gate_gets_no_questionnaire_R_E1(client, caseworker):
    refused = make_application(caseworker, group="III")
    assert refused.track == Application.Track.REFUSED
    client.force_login(caseworker)
    response = client.post(url(refused), post_data(answers_totalling(18)))
    assert response.status_code == 302 and response.url == detail_url(refused)
    assert not Assessment.objects.exists()


def test_service_refusal_is_shown_at_the_top_with_choices_kept_R_Q2(
    client, caseworker, application, monkeypatch
):
    def refuse(**kwargs):
        raise services.IntakeError({"": ["Iesniegums jau ir izskatīts."]})

    monkeypatch.setattr(services, "application_record_assessment", refuse)
    client.force_login(caseworker)
    answers = answers_totalling(18)
    response = client.post(url(application), post_data(answers))
    assert response.status_code == 200
    assert "Iesniegums jau ir izskatīts." in response.content.decode()
    assert parse(response).checked() == {code: str(value) for code, value in answers.items()}


def test_incomplete_answers_from_the_service_are_shown_next_to_the_item_R_Q2(
    client, caseworker, application, monkeypatch
):
    def incomplete(**kwargs):
        raise IncompleteAnswers([AnswerProblem("Q07", "Choose an answer.")])

    monkeypatch.setattr(services, "application_record_assessment", incomplete)
    client.force_login(caseworker)
    response = client.post(url(application), post_data(answers_totalling(18)))
    assert response.status_code == 200
    assert response.context["form"].errors["Q07"] == ["Q07: Choose an answer."]
    assert 'id="id_Q07_error"' in response.content.decode()


# ------------------------------------------------------------------------------------------- who may


def test_caseworker_of_another_municipality_gets_404(client, caseworker_liepaja, application):
    client.force_login(caseworker_liepaja)
    assert client.get(url(application)).status_code == 404
    assert client.post(url(application), post_data(answers_totalling(18))).status_code == 404
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "persona, status", [("finance", 403), ("ministry", 404), ("assistant", 403), ("supervisor", 403)]
)
def test_roles_without_the_add_permission_get_403(client, request, application, persona, status):
    """The ministry gets 404: case data does not exist for it (SPEC §1)."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(application)).status_code == status
    assert client.post(url(application), post_data(answers_totalling(18))).status_code == status
    assert not Assessment.objects.exists()


def test_anonymous_is_sent_to_the_login(client, application):
    response = client.get(url(application))
    assert response.status_code == 302
    assert reverse("login") in response.url


# ------------------------------------------------------------------------------------------- detail include


def render_include(application: Application, user) -> str:
    application = selectors.application_for_detail(user=user, pk=application.pk)
    return render_to_string(
        "assistance/includes/assessment_result.html",
        {"application": application, **assessment_context(application, user)},
    )


def test_detail_include_shows_the_answers_to_health_data_viewers_R_Q4(caseworker, supervisor, application):
    application = services.application_record_assessment(
        application=application, answers=answers_totalling(18), by=caseworker
    )
    for user in (caseworker, supervisor):
        html = render_include(application, user)
        assert "2021-1" in html and "V1" in html
        assert "Q01" in html and "Q12" in html
        assert "Nespēj to izdarīt pat ar palīglīdzekļiem" in html  # the answer 3 of Q01
        assert "Tiek galā patstāvīgi" in html  # the answer 0 of Q12
    rows = assessment_context(application, caseworker)["assessment_rows"]
    assert [row[0] for row in rows] == CODES
    assert rows[0][2] == 3 and rows[-1][2] == 0


def test_detail_include_hides_answers_without_view_health_data(caseworker, finance, application):
    services.application_record_assessment(
        application=application, answers=answers_totalling(18), by=caseworker
    )
    context = assessment_context(application, finance)
    assert context == {"assessment_rows": [], "can_see_health": False}
    html = render_include(application, finance)
    assert timezone.localdate().strftime("%d.%m.%Y") in html
    for hidden in ("Q01", "Tiek galā patstāvīgi", "Nespēj", "V1", "2021-1", "<table", "<dl"):
        assert hidden not in html
