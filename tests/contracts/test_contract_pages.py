"""Contract pages (R-C1–R-C3): the caseworker drafts a contract on an approved grant, the PDF downloads, the
assistant is invited from the contract's page; other roles and municipalities are kept out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from contracts.models import Contract
from tests.assistance.factories import personal_code
from tests.contracts.conftest import approved_allocation

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "number": "RIG-2026-77",
        "personal_code": personal_code(dt.date(1988, 8, 8), 808),
        "first_name": "Inga",
        "last_name": "Palīdze",
        "tax_status": "employee",
        "start": "01.01.2026",
        "end": "31.12.2026",
        "monthly_hours": "20",
    }
    data.update(overrides)
    return data


def test_caseworker_drafts_downloads_and_invites(client, caseworker, supervisor, media):
    allocation = approved_allocation(caseworker, supervisor)
    client.force_login(caseworker)
    url = reverse("contracts:contract_create", args=[allocation.application_id])
    response = client.post(url, form_data(monthly_hours="12"))  # within DAILY 15 h (coefficient 1)
    contract = Contract.objects.get()
    assert response.status_code == 302 and contract.monthly_hours == 12
    detail = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert "RIG-2026-77" in detail and "Inga Palīdze" in detail
    pdf = client.get(reverse("contracts:contract_download", args=[contract.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    invite = client.post(reverse("contracts:assistant_invite", args=[contract.assistant_id]))
    assert invite.status_code == 200 and "/uzaicinajums/" in invite.content.decode()


def test_too_many_hours_are_named_and_nothing_is_stored_R_C2(client, caseworker, supervisor, media):
    allocation = approved_allocation(caseworker, supervisor)  # coefficient 1: DAILY 15 h a month
    client.force_login(caseworker)
    response = client.post(
        reverse("contracts:contract_create", args=[allocation.application_id]), form_data(monthly_hours="40")
    )
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "role, expected", [("caseworker_liepaja", 404), ("finance", 403), ("assistant", 403)]
)
def test_others_cannot_draft_or_open(client, request, caseworker, supervisor, media, role, expected):
    allocation = approved_allocation(caseworker, supervisor)
    client.force_login(caseworker)
    client.post(
        reverse("contracts:contract_create", args=[allocation.application_id]), form_data(monthly_hours="10")
    )
    contract = Contract.objects.get()
    client.force_login(request.getfixturevalue(role))
    assert (
        client.get(reverse("contracts:contract_create", args=[allocation.application_id])).status_code
        == expected
    )
    wanted = 404 if role in ("caseworker_liepaja", "assistant") else 403
    assert client.get(reverse("contracts:contract_detail", args=[contract.pk])).status_code == wanted
