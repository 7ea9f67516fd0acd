"""The ministry sees aggregates, never a person (SPEC §1, R-S2; issue 7 point 1 and its "Done when").

Walkers over the project's URL patterns, with real data of Rīga: a person with an application, a document,
an assessment, an approved grant and its decision; an assistant with a contract, an accepted and a draft
timesheet; an invited assistant; a violation; a national report and simulations built from them.

1. Every person, application, decision, document, assistant, contract, timesheet and violation URL answers
   the ministry (GET and POST) with the status CASE_URLS gives, the same for a real and an unknown id, with
   no personal data in the answer and nothing changed; every pattern of the namespaces `assistance`,
   `contracts` and `violations` must be classified here, so a new one fails until it is.
2. Every other page (the dashboard, reports, rates, municipalities, the national dashboard, simulations, rule
   sets), every download and every link the ministry can reach carries none of the persons' names, personal
   codes (with or without the hyphen, masked), addresses or phones, and links to no case URL.
3. The ministry reaches no Django admin page.

The case documents (decision, contract, repayment demand and notice) are stubbed: the ministry must never
reach them, and the owners' answers only prove that the ids are right. The national report and the
simulations are rendered for real, because the ministry downloads them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from assistance import services as assistance_services
from assistance.models import Application, Person, RuleSet
from contracts import invitations
from contracts import services as contract_services
from contracts.models import Assistant, Contract, Timesheet
from core.navigation import nav_for
from reporting import services as report_services
from reporting import simulation_services, violation_services
from reporting.models import Rate, Report, Simulation, Violation
from tests.assistance.factories import make_application, make_eligible_adult, municipality, personal_code
from tests.contracts.conftest import make_assistant
from tests.reporting.factories import accepted_sheet

pytestmark = pytest.mark.django_db

# The ministry's pages that must exist and answer it 200 (with a national report's, a simulation's or V5's id
# where they take one). Every other page outside the case namespaces is walked too, whether listed or not;
# this list only makes a missing or renamed page fail here. The lead keeps it up to date.
EXPECTED_MINISTRY_PAGES = (
    "dashboard",
    "assistance:municipality_list",
    "reporting:report_list",
    "reporting:report_detail",
    "reporting:report_status",
    "reporting:report_download",
    "ministry:dashboard",
    "simulations:simulation_list",
    "simulations:simulation_detail",
    "simulations:simulation_status",
    "simulations:simulation_download",
    "assistance:rule_set_list",
    "assistance:rule_set_create",
    "assistance:rule_set_detail",
)

# Namespaces whose every pattern is a case URL (or explicitly classified below).
CASE_NAMESPACES = ("assistance", "contracts", "violations")
# Case namespaces may hold pages of the ministry: the reference list of municipalities and the rule sets
# (issue 7 §2, R-S1), which hold no person. They are walked with the ministry's pages (part 2).
MINISTRY_PAGES_IN_CASE_NAMESPACES = re.compile(r"^assistance:(municipality_list$|rule_?set)")
# Names that are not pages to walk: logging out or changing the language would end or change the walk.
NOT_WALKED = {"logout", "set_language", "login"}

PDF_STUB = b"%PDF-1.7 stub"
PDF_UPLOAD = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
UNKNOWN_ID = 987_654_321
UNKNOWN_TOKEN = "x" * 43

# ------------------------------------------------------------------------------------------- the data


def _previous(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture(autouse=True)
def stubbed_case_documents(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("assistance.decision_pdf.decision_pdf", lambda decision: PDF_STUB)
    monkeypatch.setattr("contracts.contract_pdf.contract_pdf", lambda contract: PDF_STUB)
    monkeypatch.setattr(violation_services, "render_pdf", lambda template, context, language="lv": PDF_STUB)


@pytest.fixture
def world(caseworker, supervisor, finance, ministry, assistant):
    """Real case data in Rīga and the national figures made from it (see the module's docstring)."""
    riga = municipality("Rīga")
    this_month = timezone.localdate().replace(day=1)
    last_month = _previous(this_month)
    start = _previous(last_month)

    person = make_eligible_adult(
        caseworker, born=dt.date(1975, 11, 16), serial=347, first_name="Dzintra", last_name="Ozoliņa",
        address="Ozolu iela 7-13, Rīga", phone="+371 29990011", email="dzintra.ozolina@example.lv",
    )  # fmt: skip
    application = make_application(
        caseworker, person, purposes=[assistance_services.PurposeInput("WORK", "SIA Darbs")], submit=True
    )
    document = assistance_services.document_attach(
        application=application,
        upload=SimpleUploadedFile("izzina.pdf", PDF_UPLOAD, content_type="application/pdf"),
        description="Invaliditātes izziņa",
        by=caseworker,
    )
    application = assistance_services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    allocation = assistance_services.proposal_grant(application=application, start=start, by=caseworker)
    decision = assistance_services.proposal_approve(application=application, by=supervisor)
    allocation.refresh_from_db()

    helper = make_assistant(born=dt.date(1988, 4, 3), first_name="Visvaldis", last_name="Krūmiņš")
    helper.user = assistant
    helper.save()
    contract = contract_services.contract_create(
        allocation=allocation, assistant=helper, number="RIG-2026-77", start=allocation.start,
        end=allocation.end, monthly_hours=40, by=caseworker,
    )  # fmt: skip
    accepted = accepted_sheet(
        contract,
        last_month,
        [
            (last_month.replace(day=5), "09:00", "11:30", "DAILY", "1.20"),
            (last_month.replace(day=6), "10:00", "12:00", "WORK", "0"),
        ],
        by=caseworker,
    )
    draft = Timesheet.objects.create(contract=contract, municipality=riga, month=this_month)
    invited = make_assistant(born=dt.date(1991, 8, 21), first_name="Ilgvars", last_name="Vītoliņš")
    token = invitations.assistant_invite(assistant=invited, by=caseworker)
    violation = violation_services.violation_record(
        contract=contract,
        entries=[accepted.entries.order_by("row").first().pk],
        nature="Uzskaites tabulā norādītas stundas, kurās pakalpojums netika sniegts.",
        period_start=last_month,
        period_end=this_month - dt.timedelta(days=1),
        crime_suspected=True,
        by=caseworker,
    )

    municipal = report_services.report_request(municipality=riga, month=last_month, by=finance)
    municipal = report_services.report_build_now(municipal)
    report_services.report_finalise(report=municipal, by=finance)
    national = report_services.report_build_now(
        report_services.report_request(municipality=None, month=last_month, by=ministry)
    )
    assert national.status == Report.Status.READY, national.error
    v5 = RuleSet.objects.filter(code="V5").order_by("-version").first()
    simulations = [
        simulation_services.simulation_build_now(
            simulation_services.simulation_request(
                rule_set=v5, municipality=scope, month=last_month, by=ministry
            )
        )
        for scope in (None, riga)
    ]
    for simulation in simulations:
        assert simulation.status == Simulation.Status.READY, simulation.error
        assert simulation.cases >= 1  # the person above is in the caseload

    return SimpleNamespace(
        riga=riga, this_month=this_month, last_month=last_month, person=person, application=application,
        document=document, allocation=allocation, decision=decision, assistant=helper, contract=contract,
        accepted=accepted, draft=draft, invited=invited, token=token, violation=violation,
        municipal=municipal, national=national, v5=v5, simulations=simulations,
    )  # fmt: skip


# ------------------------------------------------------------------------------------ personal data


def _folded(text: str) -> str:
    """Lower case without diacritics: "Ozoliņa" and "ozolina" (a slug, a file name) are found alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def personal_data(world) -> dict[str, str]:
    """What identifies the persons of `world`: names, personal codes in every written form, contacts."""
    needles: dict[str, str] = {}
    for label, who in (("person", world.person), ("assistant", world.assistant), ("invited", world.invited)):
        code = who.personal_code
        assert re.fullmatch(r"\d{11}", code), code  # stored without the hyphen (R-P1)
        needles |= {
            f"{label} first name": who.first_name,
            f"{label} last name": who.last_name,
            f"{label} code": code,
            f"{label} code with hyphen": f"{code[:6]}-{code[6:]}",
            f"{label} masked code": f"{code[:6]}-{code[6]}****",
            f"{label} birth code": f"{code[:6]}-",
        }
    needles |= {
        "person address": "Ozolu iela 7-13",
        "person phone": "29990011",
        "person email": "dzintra.ozolina@example.lv",
    }
    # The codes are the ones the module's data meant (R-P1 check digits computed by the factory).
    assert world.person.personal_code == personal_code(dt.date(1975, 11, 16), 347)
    assert needles["person masked code"].startswith("161175-1")
    return needles


def leaks(text: str, needles: dict[str, str]) -> list[str]:
    folded = _folded(text)
    return [label for label, needle in needles.items() if _folded(needle) in folded]


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def zip_text(data: bytes) -> str:
    """Every part of an XLSX (cells, shared strings, document properties) as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def body_text(response) -> str:
    """The readable text of any answer: HTML, JSON, CSV, a PDF's text, an XLSX's parts; and its headers."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"%PDF") and data != PDF_STUB:
        text = pdf_text(data)
    elif data.startswith(b"PK"):
        text = zip_text(data)
    else:
        text = data.decode("utf-8", "replace")
    headers = " ".join(f"{key}: {unquote(value)}" for key, value in response.headers.items())
    return f"{headers}\n{text}"


class Links(HTMLParser):
    """The addresses of a page's href, src, action and formaction attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "data-url", "data-status-url") and value:
                self.found.append(value)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


# ----------------------------------------------------------------------------------- the URL patterns


@dataclass(frozen=True)
class Named:
    name: str
    route: str
    kwargs: tuple[str, ...]


def named_patterns(resolver=None, namespace: tuple[str, ...] = (), prefix: str = "") -> list[Named]:
    """Every named pattern of the project with its full namespace, route and keyword arguments."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            found += named_patterns(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            regex = pattern.pattern.regex
            kwargs = tuple(getattr(pattern.pattern, "converters", {})) or tuple(regex.groupindex)
            found.append(Named(":".join((*namespace, pattern.name)), prefix + str(pattern.pattern), kwargs))
    return found


def in_case_namespace(name: str) -> bool:
    return name.split(":")[0] in CASE_NAMESPACES and not MINISTRY_PAGES_IN_CASE_NAMESPACES.match(name)


# -------------------------------------------------------------------------- part 1: the case URLs

HIDDEN = (
    "case data does not exist for the ministry: the role check refuses before any lookup and "
    "core.middleware.CaseDataHiddenMiddleware answers 404 for every id, real or not (SPEC §1, issue 7)"
)
POST_ONLY = "the view takes POST only; a GET is refused (405) before the role is checked"
TOKEN = (
    "the invitation link is a bearer secret, not an id: an unknown token is 404; a real one shows a "
    "logged-in user only 'log out first' (200), without the assistant's name"
)


@dataclass(frozen=True)
class Case:
    fill: Callable[[SimpleNamespace], dict]
    owner: str  # who may open it: the control that the ids are real ("anonymous" for the invitation)
    get: int  # the ministry's answer
    post: int
    reason: str


def _pk(attribute: str) -> Callable[[SimpleNamespace], dict]:
    return lambda w: {"pk": getattr(w, attribute).pk}


def _no_kwargs(world: SimpleNamespace) -> dict:
    return {}


CASE_URLS: dict[str, Case] = {
    # persons
    "assistance:person_list": Case(_no_kwargs, "caseworker", 404, 404, HIDDEN),
    "assistance:person_create": Case(_no_kwargs, "caseworker", 404, 404, HIDDEN),
    "assistance:person_detail": Case(_pk("person"), "caseworker", 404, 404, HIDDEN),
    "assistance:person_update": Case(_pk("person"), "caseworker", 404, 404, HIDDEN),
    "assistance:disability_add": Case(_pk("person"), "caseworker", 404, 404, HIDDEN),
    "assistance:special_care_add": Case(_pk("person"), "caseworker", 404, 404, HIDDEN),
    # applications, assessment, decisions, documents
    "assistance:application_create": Case(_pk("person"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_list": Case(_no_kwargs, "caseworker", 404, 404, HIDDEN),
    "assistance:application_detail": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_update": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_submit": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_assess": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:document_upload": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_propose": Case(_pk("application"), "caseworker", 404, 404, HIDDEN),
    "assistance:application_decide": Case(_pk("application"), "supervisor", 404, 404, HIDDEN),
    "assistance:decision_download": Case(_pk("decision"), "caseworker", 404, 404, HIDDEN),
    "assistance:document_download": Case(
        lambda w: {"application_pk": w.application.pk, "pk": w.document.pk},
        "caseworker",
        404,
        404,
        HIDDEN,
    ),
    # a municipality's staff list: not an aggregate (docs/decisions.md, 'Ministry scope')
    "assistance:municipality_detail": Case(_pk("riga"), "caseworker", 404, 404, HIDDEN),
    # assistants, contracts, timesheets
    "contracts:assistant_invite": Case(_pk("invited"), "caseworker", 404, 404, HIDDEN),
    "contracts:invitation_accept": Case(lambda w: {"token": w.token}, "anonymous", 200, 200, TOKEN),
    "contracts:contract_create": Case(
        lambda w: {"application_pk": w.application.pk}, "caseworker", 404, 404, HIDDEN
    ),
    "contracts:contract_detail": Case(_pk("contract"), "caseworker", 404, 404, HIDDEN),
    "contracts:contract_download": Case(_pk("contract"), "caseworker", 404, 404, HIDDEN),
    "contracts:my_contracts": Case(_no_kwargs, "assistant", 404, 404, HIDDEN),
    "contracts:timesheet_upload": Case(_no_kwargs, "assistant", 405, 404, f"{POST_ONLY}; {HIDDEN}"),
    "contracts:timesheet_edit": Case(
        lambda w: {"pk": w.contract.pk, "month": f"{w.this_month:%Y-%m}"},
        "assistant",
        404,
        404,
        HIDDEN,
    ),
    "contracts:review_queue": Case(_no_kwargs, "caseworker", 404, 404, HIDDEN),
    "contracts:review_sheet": Case(_pk("accepted"), "caseworker", 404, 404, HIDDEN),
    # violations and repayment
    "violations:violation_list": Case(_no_kwargs, "caseworker", 404, 404, HIDDEN),
    "violations:violation_create": Case(
        lambda w: {"contract_pk": w.contract.pk}, "caseworker", 404, 404, HIDDEN
    ),
    "violations:violation_detail": Case(_pk("violation"), "caseworker", 404, 404, HIDDEN),
    "violations:violation_demand": Case(_pk("violation"), "caseworker", 404, 404, HIDDEN),
    "violations:violation_notice": Case(_pk("violation"), "caseworker", 404, 404, HIDDEN),
}
# The timesheet pages are also walked with the draft sheet and the month of the accepted one.
MORE_KWARGS: dict[str, Callable[[SimpleNamespace], list[dict]]] = {
    "contracts:review_sheet": lambda w: [{"pk": w.draft.pk}],
    "contracts:timesheet_edit": lambda w: [{"pk": w.contract.pk, "month": f"{w.last_month:%Y-%m}"}],
}


def _unknown(kwargs: dict) -> dict:
    """The same address with ids (and a token) that name nothing."""
    return {
        key: UNKNOWN_TOKEN if key == "token" else UNKNOWN_ID if isinstance(value, int) else value
        for key, value in kwargs.items()
    }


def _snapshot() -> dict:
    """What a refused POST must leave as it was."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", *fields))
        for model, fields in (
            (Person, ("first_name", "last_name", "address")),
            (Application, ("status",)),
            (Contract, ("monthly_hours", "end")),
            (Timesheet, ("status", "is_current")),
            (Violation, ("total",)),
            (Assistant, ("invitation_hash", "user_id")),
        )
    }


def test_every_case_url_pattern_is_classified_SPEC_1():
    """A new person, application, contract, timesheet or violation URL fails here until CASE_URLS says
    what the ministry gets there (and so it is walked below)."""
    case_names = {named.name for named in named_patterns() if in_case_namespace(named.name)}
    assert case_names, "no case URL found: the namespaces changed?"
    unclassified = sorted(case_names - set(CASE_URLS))
    assert not unclassified, f"classify these case URLs in CASE_URLS (what the ministry gets): {unclassified}"
    stale = sorted(set(CASE_URLS) - case_names)
    assert not stale, f"CASE_URLS names URLs that no longer exist: {stale}"


def test_ministry_is_refused_every_person_application_contract_and_timesheet_url_SPEC_1_R_S2(
    client, world, ministry, request
):
    needles = personal_data(world)
    patterns = {named.name: named for named in named_patterns()}
    before = _snapshot()
    answers = []
    for name, case in CASE_URLS.items():
        variants = [case.fill(world), *MORE_KWARGS.get(name, lambda w: [])(world)]
        for kwargs in variants:
            assert set(kwargs) == set(patterns[name].kwargs), (name, kwargs, patterns[name].kwargs)
            url = reverse(name, kwargs=kwargs)
            unknown_url = reverse(name, kwargs=_unknown(kwargs))

            # The control: the owner of the case reaches the address, so the ids are real ones.
            if case.owner == "anonymous":
                client.logout()
            else:
                client.force_login(request.getfixturevalue(case.owner))
            owner_status = client.get(url).status_code
            assert owner_status in (200, 302, 405), (name, url, case.owner, owner_status)

            client.force_login(ministry)
            for method, expected in (("get", case.get), ("post", case.post)):
                response = getattr(client, method)(url)
                answers.append((name, method, response.status_code))
                assert response.status_code == expected, (name, method.upper(), url, case.reason)
                found = leaks(body_text(response), needles)
                assert not found, (name, method.upper(), url, found)
                if name != "contracts:invitation_accept":  # a real token is not an id (see TOKEN)
                    same = getattr(client, method)(unknown_url).status_code
                    assert same == response.status_code, (name, method.upper(), "an unknown id answers", same)
    assert _snapshot() == before  # nothing the ministry posted changed anything
    # The invitation was not used either, and an unknown token is the same 404 for everybody.
    assert invitations.invitation_assistant(token=world.token).pk == world.invited.pk
    assert client.get(reverse("contracts:invitation_accept", args=[UNKNOWN_TOKEN])).status_code == 404
    # Each pattern of the case namespaces was asked both ways.
    assert {name for name, _method, _status in answers} == set(CASE_URLS)
    # Nothing answered the ministry 200 except the invitation's "log out first" page (see TOKEN).
    assert {name for name, _method, status in answers if status == 200} == {"contracts:invitation_accept"}


# ------------------------------------------------------------------------------- part 3: the admin


def _admin_url(named: Named, world, ids: dict[str, int]) -> str | None:
    """The address of an admin pattern with real ids of its model (any id where the model has no row)."""
    model_key = named.name.removeprefix("admin:").rsplit("_", 1)[0]
    for suffix in ("_simple_history", "_password_change"):
        if named.name.endswith(suffix):
            model_key = named.name.removeprefix("admin:").removesuffix(suffix)
    object_id = ids.get(model_key, 1)
    if named.name.endswith("_simple_history"):
        return reverse(named.name, args=[object_id, 1])
    if named.name == "admin:auth_user_password_change":
        return reverse(named.name, kwargs={"id": ids["core_user"]})
    if named.name == "admin:app_list":
        return reverse(named.name, kwargs={"app_label": "assistance"})
    if named.name == "admin:view_on_site":
        return reverse(named.name, kwargs={"content_type_id": 1, "object_id": object_id})
    kwargs = {"object_id": object_id} if "object_id" in named.kwargs else {}
    try:
        return reverse(named.name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_ministry_reaches_no_admin_page_SPEC_1(client, world, ministry):
    ids = {
        "assistance_person": world.person.pk,
        "assistance_application": world.application.pk,
        "contracts_assistant": world.assistant.pk,
        "contracts_contract": world.contract.pk,
        "contracts_timesheet": world.accepted.pk,
        "core_user": world.assistant.user_id,
        "reporting_report": world.municipal.pk,
    }
    assert admin.site.is_registered(Person) and admin.site.is_registered(Contract)
    needles = personal_data(world)
    client.force_login(ministry)
    login_urls = ("/admin/login/", reverse("login"))
    walked = []
    for named in named_patterns():
        if not named.name.startswith("admin:") or named.name == "admin:logout":
            continue
        url = _admin_url(named, world, ids)
        assert url is not None, f"cannot build the admin address {named.name} {named.route}"
        response = client.get(url)
        walked.append(named.name)
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith(login_urls), (url, response.url)
        assert not leaks(body_text(response), needles), url
    assert "admin:assistance_person_change" in walked and "admin:contracts_timesheet_change" in walked


# ------------------------------------------------------------------ part 2: the ministry's own pages


def _fillers(world) -> dict[str, Callable[[str], list]]:
    """Values for the keyword arguments of the ministry's pages, by the keyword's name and the page's name:
    a national report, the simulations, V5, the formats, the month and Rīga."""
    simulations = [simulation.pk for simulation in world.simulations]

    def pk(name: str) -> list:
        if "simulation" in name:
            return simulations
        if "rule" in name:
            return [world.v5.pk]
        if "rate" in name:
            return list(Rate.objects.order_by("pk").values_list("pk", flat=True)[:1])
        if "report" in name:
            return [world.national.pk]
        if "municipalit" in name:
            return [world.riga.pk]
        raise LookupError

    return {
        "pk": pk,
        "id": pk,
        "simulation_pk": lambda name: simulations,
        "simulation_id": lambda name: simulations,
        "report_pk": lambda name: [world.national.pk],
        "rule_set_pk": lambda name: [world.v5.pk],
        "municipality_pk": lambda name: [world.riga.pk],
        "fmt": lambda name: ["pdf", "xlsx", "csv"],
        "format": lambda name: ["pdf", "xlsx", "csv"],
        "kind": lambda name: ["pdf", "xlsx", "csv"],
        "code": lambda name: ["V5"],
        "version": lambda name: [world.v5.version],
        "month": lambda name: [f"{world.last_month:%Y-%m}"],
        "year": lambda name: [world.last_month.year],
    }


def ministry_page_urls(world) -> dict[str, list[str]]:
    """Every page of the project that is neither a case URL nor the admin, with its keywords filled."""
    fillers = _fillers(world)
    pages: dict[str, list[str]] = {}
    for named in named_patterns():
        if named.name.startswith("admin:") or named.name in NOT_WALKED or in_case_namespace(named.name):
            continue
        combos: list[dict] = [{}]
        for keyword in named.kwargs:
            try:
                values = fillers[keyword](named.name)
            except (KeyError, LookupError):
                pytest.fail(
                    f"{named.name} ({named.route}) takes '{keyword}': tell _fillers() which national report, "
                    "simulation or rule set the ministry opens there"
                )
            combos = [combo | {keyword: value} for combo in combos for value in values]
        pages[named.name] = [reverse(named.name, kwargs=combo) for combo in combos]
    return pages


def _internal(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_expected_ministry_pages_exist_R_S2():
    names = {named.name for named in named_patterns()}
    missing = [name for name in EXPECTED_MINISTRY_PAGES if name not in names]
    assert not missing, f"the ministry's pages {missing} are not in the URLconf (EXPECTED_MINISTRY_PAGES)"


def test_ministry_pages_downloads_and_links_hold_no_personal_data_SPEC_1_R_S2(
    client, world, ministry, caseworker, settings
):
    needles = personal_data(world)
    # The data is there to leak: the caseworker's pages show it, and the national figures count the person.
    client.force_login(caseworker)
    detail = client.get(reverse("assistance:person_detail", args=[world.person.pk])).content.decode()
    listed = client.get(reverse("assistance:person_list")).content.decode()
    assert {"person first name", "person last name", "person code with hyphen", "person address"} <= set(
        leaks(detail, needles)
    )
    assert "person masked code" in leaks(listed, needles)
    assert world.national.rows.filter(municipality=world.riga).exists()

    # The stored files and results of the national report and the simulations, whether offered or not.
    for report in (world.national,):
        for field in (report.pdf, report.xlsx, report.csv):
            with field.open("rb") as handle:
                data = handle.read()
            text = (
                pdf_text(data)
                if data.startswith(b"%PDF")
                else zip_text(data)
                if data.startswith(b"PK")
                else (data.decode("utf-8"))
            )
            assert not leaks(text, needles), field.name
    for simulation in world.simulations:
        assert not leaks(json.dumps(simulation.results, ensure_ascii=False), needles)
        for field in (simulation.pdf, simulation.xlsx):
            assert field, f"simulation {simulation.pk} has no {field.field.name}"
            with field.open("rb") as handle:
                data = handle.read()
            text = pdf_text(data) if data.startswith(b"%PDF") else zip_text(data)
            assert not leaks(text, needles), field.name

    client.force_login(ministry)
    pages = ministry_page_urls(world)
    start = [reverse("dashboard")] + [reverse(item.url_name) for item in nav_for(ministry)]
    start += [url for urls in pages.values() for url in urls]
    queue, seen, answers = list(dict.fromkeys(start)), set(), {}
    files = settings.STATIC_URL  # stored files are served only through the permission-checked views
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        assert len(seen) < 400, "the walk does not end: too many distinct addresses"
        response = client.get(url)
        answers[url] = response.status_code
        assert response.status_code != 500, url
        text = body_text(response)
        found = leaks(text, needles)
        assert not found, (url, found)
        if response.status_code == 302:
            queue.append(_internal(response.url) or url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(text):
            address = unquote(link)
            assert not leaks(address, needles), (url, link)
            path = _internal(link)
            if path is None or path.startswith(files):
                continue
            try:
                match = resolve(urlsplit(path).path)
            except Resolver404:
                continue
            assert not in_case_namespace(match.view_name), f"{url} links to the case URL {link}"
            if match.view_name not in NOT_WALKED and not match.view_name.startswith("admin:"):
                queue.append(path)

    assert set(answers) - set(start), "no link was followed: the walk found nothing beyond its start"
    for name in EXPECTED_MINISTRY_PAGES:
        statuses = [
            answers.get(url) for url in pages.get(name, [reverse(name)] if name == "dashboard" else [])
        ]
        assert 200 in statuses, f"the ministry's page {name} answered {statuses}"
    for item in nav_for(ministry):
        assert answers[reverse(item.url_name)] == 200, item.url_name
    # The national report's three files and the simulations' two were downloaded (and read) on the way.
    for fmt in ("pdf", "xlsx", "csv"):
        assert answers[reverse("reporting:report_download", args=[world.national.pk, fmt])] == 200, fmt
    for simulation in world.simulations:
        for fmt in ("pdf", "xlsx"):
            url = reverse("simulations:simulation_download", kwargs={"pk": simulation.pk, "fmt": fmt})
            assert answers[url] == 200, url
