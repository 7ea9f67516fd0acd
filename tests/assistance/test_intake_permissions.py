"""The permission matrix of the intake pages (SPEC §1): each role, own and other municipality, every URL.

Another municipality's object answers 404 (never 403, never the data); a role without the permission gets
403; finance and ministry never see limitations or answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assistance import services
from tests.assistance.factories import make_application, make_eligible_adult

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = make_eligible_adult(caseworker, first_name="Matrica", last_name="Pārbaude")
    services.person_update(person=person, by=caseworker, first_name="Matrica", last_name="Pārbaude",
                           birth_date=person.birth_date)  # fmt: skip
    submitted = make_application(caseworker, person, submit=True)
    draft = make_application(caseworker, person)
    document = services.document_attach(
        application=submitted,
        upload=SimpleUploadedFile("izziņa.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        description="Izziņa",
        by=caseworker,
    )
    return {"person": person, "submitted": submitted, "draft": draft, "document": document}


def urls(case) -> dict[str, tuple[str, str]]:
    """name → (method, url)"""
    p, s, d = case["person"].pk, case["submitted"].pk, case["draft"].pk
    return {
        "person_list": ("get", reverse("assistance:person_list")),
        "person_create": ("get", reverse("assistance:person_create")),
        "person_detail": ("get", reverse("assistance:person_detail", args=[p])),
        "person_update": ("get", reverse("assistance:person_update", args=[p])),
        "disability_add": ("get", reverse("assistance:disability_add", args=[p])),
        "special_care_add": ("get", reverse("assistance:special_care_add", args=[p])),
        "application_create": ("get", reverse("assistance:application_create", args=[p])),
        "application_list": ("get", reverse("assistance:application_list")),
        "application_detail": ("get", reverse("assistance:application_detail", args=[s])),
        "application_update": ("get", reverse("assistance:application_update", args=[d])),
        "application_submit": ("post", reverse("assistance:application_submit", args=[d])),
        "application_assess": ("get", reverse("assistance:application_assess", args=[s])),
        "document_upload": ("get", reverse("assistance:document_upload", args=[s])),
        "document_download": ("get", reverse("assistance:document_download", args=[s, case["document"].pk])),
    }


LISTS = {"person_list", "application_list", "person_create"}
READS = {"person_list", "person_detail", "application_list", "application_detail", "document_download"}


def expected(role: str, name: str) -> int:
    if role == "caseworker":
        return 302 if name == "application_submit" else 200
    if role == "caseworker_liepaja":
        return 200 if name in LISTS else 404
    if role == "supervisor":
        return 200 if name in READS else 403
    if role == "ministry":
        return 404  # aggregates only: case URLs answer as if nothing were there (SPEC §1, issue 7)
    return 403  # finance, assistant: no intake permission at all


ROLES = ["caseworker", "caseworker_liepaja", "supervisor", "finance", "ministry", "assistant"]
NAMES = [
    "person_list", "person_create", "person_detail", "person_update", "disability_add", "special_care_add",
    "application_create", "application_list", "application_detail", "application_update",
    "application_submit", "application_assess", "document_upload", "document_download",
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, case, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    got = {}
    for name in NAMES:
        method, url = urls(case)[name]
        response = getattr(client, method)(url)
        got[name] = response.status_code
        if response.status_code == 200 and name in LISTS and role == "caseworker_liepaja":
            assert "Pārbaude" not in response.content.decode(), f"{name} shows another municipality's person"
    assert got == {name: expected(role, name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_the_login_page(client, case, name):
    method, url = urls(case)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["finance", "ministry"])
def test_finance_and_ministry_never_see_limitations_or_answers(client, request, case, role):
    client.force_login(request.getfixturevalue(role))
    dashboard = client.get("/").content.decode()
    assert "Matrica" not in dashboard
    for name in ("person_detail", "application_detail", "person_list", "application_list"):
        method, url = urls(case)[name]
        body = getattr(client, method)(url).content.decode()
        assert "Matrica" not in body and "mobility" not in body.lower() and "kustību" not in body


def test_supervisor_sees_the_whole_code_and_health_data_but_cannot_write(client, supervisor, case):
    client.force_login(supervisor)
    page = client.get(urls(case)["person_detail"][1]).content.decode()
    assert case["person"].formatted_code in page
    assert reverse("assistance:disability_add", args=[case["person"].pk]) not in page
    assert client.post(urls(case)["application_submit"][1]).status_code == 403
