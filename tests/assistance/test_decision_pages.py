"""Proposal and decision pages (R-D1–R-D3, R-A6): who may do what, and what the pages show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assistance import services
from assistance.models import Decision
from tests.assistance.factories import make_application, make_eligible_adult

pytestmark = pytest.mark.django_db
ANSWERS = {f"Q{i:02d}": 2 for i in range(1, 13)}  # 24 points: coefficient 2


@pytest.fixture
def assessed(caseworker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_eligible_adult(caseworker, first_name="Daina", last_name="Grants")
    application = make_application(
        caseworker, person, purposes=[services.PurposeInput("WORK", "SIA Darbs")], submit=True
    )
    return services.application_record_assessment(application=application, answers=ANSWERS, by=caseworker)


def test_proposal_page_shows_the_schedule_and_explanation_R_A6(client, caseworker, assessed):
    client.force_login(caseworker)
    url = reverse("assistance:application_propose", args=[assessed.pk])
    page = client.get(url, {"start": "01.03.2026"})
    body = page.content.decode()
    assert page.status_code == 200
    # V1 × 2: WORK 160, DAILY 30 → 190 > cap 177 in March (31 days)
    row = page.context["schedule"].rows[0]
    assert row["month"] == dt.date(2026, 3, 1) and row["hours"] == [160, 30]
    assert (row["cap"], row["total"], row["capped"]) == (177, 177, True)
    assert 'data-testid="explanation"' in body and "24" in body


def test_bad_start_date_is_named_and_nothing_is_proposed(client, caseworker, assessed):
    client.force_login(caseworker)
    url = reverse("assistance:application_propose", args=[assessed.pk])
    response = client.post(url, {"action": "grant", "start": "31.02.2026"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assessed.refresh_from_db()
    assert assessed.status == "submitted"


def test_full_flow_through_the_pages_R_D1_R_D2(client, caseworker, supervisor, assessed):
    client.force_login(caseworker)
    propose = reverse("assistance:application_propose", args=[assessed.pk])
    decide = reverse("assistance:application_decide", args=[assessed.pk])
    detail = reverse("assistance:application_detail", args=[assessed.pk])
    assert client.post(propose, {"action": "grant", "start": "01.03.2026"}).status_code == 302
    assert client.post(decide, {"action": "approve"}).status_code == 403  # a caseworker never decides

    client.force_login(supervisor)
    assert 'value="approve"' in client.get(detail).content.decode()
    client.post(decide, {"action": "return", "comment": ""})
    assessed.refresh_from_db()
    assert assessed.status == "proposed"  # an empty comment returns nothing
    client.post(decide, {"action": "return", "comment": "Lūdzu sākt no aprīļa"})
    assessed.refresh_from_db()
    assert assessed.status == "returned"

    client.force_login(caseworker)
    assert "Lūdzu sākt no aprīļa" in client.get(detail).content.decode()
    client.post(propose, {"action": "grant", "start": "01.04.2026"})
    client.force_login(supervisor)
    client.post(decide, {"action": "approve"})
    decision = Decision.objects.get(application=assessed)
    assert decision.allocation.start == dt.date(2026, 4, 1)
    for user in (caseworker, supervisor):
        client.force_login(user)
        response = client.get(reverse("assistance:decision_download", args=[decision.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "role, expected",
    [("caseworker_liepaja", 404), ("finance", 403), ("ministry", 404), ("assistant", 403)],
)
def test_others_cannot_propose_decide_or_download(
    client, request, caseworker, supervisor, assessed, role, expected
):
    services.proposal_grant(application=assessed, start=dt.date(2026, 3, 1), by=caseworker)
    decision = services.proposal_approve(application=assessed, by=supervisor)
    client.force_login(request.getfixturevalue(role))
    urls = [
        ("get", reverse("assistance:application_propose", args=[assessed.pk])),
        ("post", reverse("assistance:application_decide", args=[assessed.pk])),
        ("get", reverse("assistance:decision_download", args=[decision.pk])),
    ]
    for method, url in urls:
        # A caseworker of another municipality has no decision permission at all: 403 before any lookup.
        wanted = 403 if role == "caseworker_liepaja" and method == "post" else expected
        assert getattr(client, method)(url).status_code == wanted, url


def test_supervisor_dashboard_lists_proposals_but_not_own(client, caseworker, supervisor, assessed):
    services.proposal_grant(application=assessed, start=dt.date(2026, 3, 1), by=caseworker)
    client.force_login(supervisor)
    panel = next(p for p in client.get("/").context["panels"] if "proposals" in p)
    assert [a.pk for a in panel["proposals"]] == [assessed.pk]


def test_caseworker_sees_only_the_other_municipality_and_period_R_X1(
    client, caseworker, caseworker_liepaja, assessed
):
    from core.roles import Role
    from tests.conftest import make_person as make_staff

    born = assessed.person.birth_date
    other_person = make_eligible_adult(
        caseworker_liepaja, born=born, first_name="Slēpta", last_name="Persona"
    )
    other = make_application(caseworker_liepaja, other_person, submit=True)
    other = services.application_record_assessment(application=other, answers=ANSWERS, by=caseworker_liepaja)
    services.proposal_grant(application=other, start=dt.date(2026, 1, 1), by=caseworker_liepaja)
    services.proposal_approve(application=other, by=make_staff("sup-liepaja", Role.SUPERVISOR, "Liepāja"))
    services.proposal_grant(application=assessed, start=dt.date(2026, 3, 1), by=caseworker)
    client.force_login(caseworker)
    body = client.get(reverse("assistance:application_detail", args=[assessed.pk])).content.decode()
    assert 'data-testid="conflicts"' in body and "Liepāja" in body and "01.03.2026" in body
    assert "Slēpta" not in body
