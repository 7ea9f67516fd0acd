"""Contracts (R-C1–R-C3): the hours rule, the service with its PDF, the import (SPEC §5.3) and the scoping."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from assistance import services as assistance_services
from assistance.models import Allocation
from contracts import selectors, services
from contracts.contract_import import COLUMNS, split_name
from contracts.models import Assistant, Contract, Provider
from core.roles import Role
from tests.assistance.factories import make_application, make_eligible_adult, personal_code

GRANT_START = dt.date(2027, 1, 1)
GRANT_END = dt.date(2031, 12, 31)  # five years (R-A7), the disability is indefinite
ASSISTANT_CODE = personal_code(dt.date(1990, 2, 2), 321)
SECOND_ASSISTANT_CODE = personal_code(dt.date(1985, 7, 9), 222)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ------------------------------------------------------------------------------------------- the rule


def months_of(start: str, end: str, hours: int = 95) -> dict[dt.date, int]:
    """Every first-of-month from `start` to `end` with `hours`."""
    result, month = {}, d(start).replace(day=1)
    while month <= d(end):
        result[month] = hours
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


FULL_YEAR = months_of("2027-01-01", "2027-12-31")
# A grant from 15.01: January is short (the entitlement prorated); a study break lowers July and August.
SHORT_AND_BREAKS = months_of("2027-01-01", "2027-12-31") | {
    d("2027-01-01"): 52,
    d("2027-07-01"): 15,
    d("2027-08-01"): 15,
}

HOURS_CASES = [
    # (id, contract start, end, hours, grant start, grant end, entitlements, running, fields with problems)
    ("inside the grant", "2027-01-01", "2027-06-30", 60, "2027-01-01", "2027-12-31", FULL_YEAR, [], []),
    ("the whole grant", "2027-01-01", "2027-12-31", 95, "2027-01-01", "2027-12-31", FULL_YEAR, [], []),
    ("starts before", "2026-12-15", "2027-06-30", 60, "2027-01-01", "2027-12-31", FULL_YEAR, [], ["start"]),
    ("ends after", "2027-06-01", "2028-01-31", 60, "2027-01-01", "2027-12-31", FULL_YEAR, [], ["end"]),
    ("both outside", "2026-01-01", "2028-12-31", 60, "2027-01-01", "2027-12-31", FULL_YEAR, [],
     ["start", "end"]),
    ("ends before it starts", "2027-06-30", "2027-06-01", 60, "2027-01-01", "2027-12-31", FULL_YEAR, [],
     ["end"]),
    ("no hours", "2027-01-01", "2027-06-30", 0, "2027-01-01", "2027-12-31", FULL_YEAR, [], ["monthly_hours"]),
    ("alone over the entitlement", "2027-01-01", "2027-06-30", 96, "2027-01-01", "2027-12-31", FULL_YEAR, [],
     ["monthly_hours"]),
    ("60 + 35 = 95 fits", "2027-03-01", "2027-09-30", 35, "2027-01-01", "2027-12-31", FULL_YEAR,
     [("2027-01-01", "2027-12-31", 60)], []),
    ("60 + 40 = 100 > 95", "2027-03-01", "2027-09-30", 40, "2027-01-01", "2027-12-31", FULL_YEAR,
     [("2027-01-01", "2027-12-31", 60)], ["monthly_hours"]),
    ("60 + 20 + 20 > 95", "2027-03-01", "2027-03-31", 20, "2027-01-01", "2027-12-31", FULL_YEAR,
     [("2027-01-01", "2027-12-31", 60), ("2027-02-01", "2027-04-30", 20)], ["monthly_hours"]),
    ("sequential contracts never meet", "2027-04-01", "2027-06-30", 60, "2027-01-01", "2027-12-31",
     FULL_YEAR, [("2027-01-01", "2027-03-31", 60), ("2027-07-01", "2027-12-31", 95)], []),
    ("a change of assistant mid-month counts both in that month", "2027-03-16", "2027-06-30", 60,
     "2027-01-01", "2027-12-31", FULL_YEAR, [("2027-01-01", "2027-03-15", 60)], ["monthly_hours"]),
    ("a short first month does not lower the limit", "2027-01-15", "2027-06-30", 95, "2027-01-15",
     "2027-12-31", SHORT_AND_BREAKS, [], []),
    ("a study break does not lower the limit", "2027-06-01", "2027-09-30", 95, "2027-01-15", "2027-12-31",
     SHORT_AND_BREAKS, [], []),
    ("two contracts across a study break", "2027-06-01", "2027-09-30", 35, "2027-01-15", "2027-12-31",
     SHORT_AND_BREAKS, [("2027-05-01", "2027-10-31", 60)], []),
    ("a contract within the break only: the break is its largest month", "2027-07-01", "2027-08-31", 60,
     "2027-01-15", "2027-12-31", SHORT_AND_BREAKS, [], ["monthly_hours"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "hours", "grant_start", "grant_end", "entitlements", "running", "fields"),
    [case[1:] for case in HOURS_CASES],
    ids=[case[0] for case in HOURS_CASES],
)
def test_contract_hours_problems_R_C1_R_C2(
    start, end, hours, grant_start, grant_end, entitlements, running, fields
):
    problems = services.contract_hours_problems(
        start=d(start),
        end=d(end),
        monthly_hours=hours,
        grant_start=d(grant_start),
        grant_end=d(grant_end),
        month_entitlements=entitlements,
        running=[(d(s), d(e), h) for s, e, h in running],
    )
    assert [field for field, _message in problems] == fields
    assert all(message for _field, message in problems)


def test_the_hours_message_says_what_remains_R_C2():
    [(field, message)] = services.contract_hours_problems(
        start=d("2027-03-01"),
        end=d("2027-09-30"),
        monthly_hours=40,
        grant_start=GRANT_START,
        grant_end=GRANT_END,
        month_entitlements=FULL_YEAR,
        running=[(d("2027-01-01"), d("2027-12-31"), 60)],
    )
    assert field == "monthly_hours"
    assert "03.2027" in message and "95" in message and "35" in message


@given(
    hours=st.integers(min_value=1, max_value=300),
    entitlements=st.lists(st.integers(min_value=0, max_value=177), min_size=1, max_size=24),
)
def test_a_lone_contract_fits_exactly_when_within_the_largest_month_R_C2(hours, entitlements):
    months = {dt.date(2027 + i // 12, i % 12 + 1, 1): value for i, value in enumerate(entitlements)}
    end = max(months) + dt.timedelta(days=27)
    problems = services.contract_hours_problems(
        start=min(months), end=end, monthly_hours=hours, grant_start=min(months), grant_end=end,
        month_entitlements=months, running=[],
    )  # fmt: skip
    assert (problems == []) == (hours <= max(entitlements))


def test_the_assistant_name_splits_at_the_last_space():
    assert split_name("Anna Marija  Bērziņa") == ("Anna Marija", "Bērziņa")
    assert split_name("Bērziņa") == ("", "Bērziņa")


# ------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_grant(caseworker, supervisor=None, *, serial=123, born=dt.date(1980, 5, 17), **person):
    """A grant from 01.01.2027 for paid work at coefficient 1: 80 + 15 = 95 hours a month (R-A2)."""
    adult = make_eligible_adult(caseworker, serial=serial, born=born, **person)
    application = make_application(
        caseworker,
        adult,
        purposes=[assistance_services.PurposeInput("WORK", "SIA Darbs, darba līgums Nr. 5")],
        submit=True,
    )
    application = assistance_services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    allocation = assistance_services.proposal_grant(application=application, start=GRANT_START, by=caseworker)
    if supervisor is not None:
        assistance_services.proposal_approve(application=application, by=supervisor)
        allocation.refresh_from_db()
    return allocation


@pytest.fixture
def grant(db, caseworker, supervisor, media):
    return make_grant(caseworker, supervisor)


def make_assistant(code=ASSISTANT_CODE, first="Asta", last="Palīga", tax_status="employee", **extra):
    return Assistant.objects.create(
        personal_code=code, first_name=first, last_name=last, tax_status=tax_status, **extra
    )


def draft(grant, by, *, number="RIG-2027-1", assistant=None, start=GRANT_START, end=dt.date(2027, 12, 31),
          hours=60, **extra):  # fmt: skip
    return services.contract_create(
        allocation=grant, assistant=assistant or make_assistant(), number=number, start=start, end=end,
        monthly_hours=hours, by=by, **extra,
    )  # fmt: skip


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# ------------------------------------------------------------------------------------------- the service


@pytest.mark.django_db
def test_a_contract_stores_its_pdf_with_a_matching_checksum_R_C3(grant, caseworker, media):
    contract = draft(grant, caseworker)

    contract.refresh_from_db()
    assert contract.document.name.startswith("contracts/")
    with contract.document.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF")
    assert contract.sha256 == hashlib.sha256(data).hexdigest()
    assert (contract.municipality, contract.created_by, contract.tax_status) == (
        grant.municipality,
        caseworker,
        "employee",
    )
    record = contract.history.get()
    assert record.history_user == caseworker and record.history_change_reason


@pytest.mark.django_db
def test_the_pdf_states_parties_hours_deadline_and_liability_R_C3(grant, caseworker, media):
    contract = draft(grant, caseworker, hours=60)

    with contract.document.open("rb") as stored:
        reader, text = pdf_text(stored.read())
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4
    assert "Rīgas sociālais dienests" in text
    assert "RIG-2027-1" in text
    assert "Anna Bērziņa" in text and "Asta Palīga" in text
    code = grant.personal_code
    assert f"{code[:6]}-{code[6:]}" in text
    assert f"{ASSISTANT_CODE[:6]}-{ASSISTANT_CODE[6:]}" in text
    assert "60 stundas mēnesī" in text
    assert "01.01.2027" in text and "31.12.2027" in text
    assert "līdz nākamā mēneša 10. datumam" in text
    assert "kriminālprocess" in text
    assert "nepamatoti izmaksātie līdzekļi jāatmaksā" in text
    assert "darba devēja valsts sociālās apdrošināšanas obligātās iemaksas" in text


@pytest.mark.django_db
def test_the_pdf_names_the_representative_the_provider_and_the_deadline_day_of_the_rule_set(
    caseworker, supervisor, media
):
    grant = make_grant(caseworker, supervisor, representative_name="Pēteris Bērziņš")
    grant.rule_set.timesheet_deadline_day = 5
    grant.rule_set.save()
    provider = Provider.objects.create(name="SIA Palīgs", registration_number="40003123456")
    assistant = make_assistant(tax_status="self_employed", provider=provider)

    contract = draft(grant, caseworker, assistant=assistant, hours=21)

    with contract.document.open("rb") as stored:
        _reader, text = pdf_text(stored.read())
    assert "likumiskais pārstāvis Pēteris Bērziņš" in text
    assert "SIA Palīgs" in text and "40003123456" in text and "Asta Palīga" in text
    assert "21 stunda mēnesī" in text
    assert "līdz nākamā mēneša 5. datumam" in text
    assert "pašnodarbināta persona" in text
    assert contract.tax_status == "self_employed"  # the assistant's by default


@pytest.mark.django_db
def test_a_proposed_grant_gets_no_contract_R_C1(caseworker, media):
    proposed = make_grant(caseworker)
    assert proposed.status == Allocation.Status.PROPOSED

    with pytest.raises(services.ContractError) as error:
        draft(proposed, caseworker)
    assert "allocation" in error.value.errors
    assert not Contract.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_a_caseworker_of_another_municipality_cannot_draft_the_contract(grant, caseworker_liepaja, media):
    with pytest.raises(services.ContractError) as error:
        draft(grant, caseworker_liepaja)
    assert list(error.value.errors) == [""]
    assert not Contract.objects.exists()


@pytest.mark.django_db
def test_a_supervisor_does_not_draft_contracts(grant, supervisor, media):
    with pytest.raises(services.ContractError):
        draft(grant, supervisor)


@pytest.mark.django_db
def test_contracts_running_together_stay_within_the_entitlement_R_C2(grant, caseworker, media):
    draft(grant, caseworker, number="RIG-1", hours=60)
    second = make_assistant(SECOND_ASSISTANT_CODE, "Ilze", "Kalna")

    with pytest.raises(services.ContractError) as error:
        draft(grant, caseworker, number="RIG-2", assistant=second, hours=40, start=dt.date(2027, 6, 1))
    assert list(error.value.errors) == ["monthly_hours"]

    draft(grant, caseworker, number="RIG-2", assistant=second, hours=35, start=dt.date(2027, 6, 1))
    draft(grant, caseworker, number="RIG-3", assistant=second, hours=95, start=dt.date(2028, 1, 1),
          end=dt.date(2028, 12, 31))  # fmt: skip
    assert Contract.objects.count() == 3


@pytest.mark.django_db
def test_number_period_and_the_recipient_as_assistant_are_checked_R_C1(grant, caseworker, media):
    draft(grant, caseworker, number="RIG-1", hours=10)
    with pytest.raises(services.ContractError) as error:
        draft(grant, caseworker, number="RIG-1", assistant=make_assistant(SECOND_ASSISTANT_CODE), hours=10,
              start=dt.date(2026, 12, 1), end=dt.date(2032, 1, 31))  # fmt: skip
    assert set(error.value.errors) == {"number", "start", "end"}

    with pytest.raises(services.ContractError) as error:
        first = Assistant.objects.get(personal_code=ASSISTANT_CODE)
        draft(grant, caseworker, number="RIG-2", assistant=first, hours=10)
    assert "assistant" in error.value.errors  # the same assistant twice in the same period

    recipient = make_assistant(grant.personal_code, "Anna", "Bērziņa")
    with pytest.raises(services.ContractError) as error:
        draft(grant, caseworker, number="RIG-3", assistant=recipient, hours=10)
    assert "assistant" in error.value.errors


@pytest.mark.django_db(transaction=True)
def test_two_contracts_drafted_at_once_cannot_both_pass_R_C2(reference_data, media, request):
    caseworker, supervisor = request.getfixturevalue("caseworker"), request.getfixturevalue("supervisor")
    grant = make_grant(caseworker, supervisor)
    assistants = [make_assistant(), make_assistant(SECOND_ASSISTANT_CODE, "Ilze", "Kalna")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create(index: int) -> None:
        try:
            barrier.wait()
            draft(Allocation.objects.get(pk=grant.pk), caseworker, number=f"RIG-{index}",
                  assistant=assistants[index], hours=60)  # fmt: skip
            outcomes.append("created")
        except services.ContractError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["created", "refused"]
    assert Contract.objects.count() == 1


@pytest.mark.django_db
def test_an_assistant_is_registered_and_updated_with_a_valid_personal_code(caseworker):
    assistant = services.assistant_create_or_update(
        personal_code=f"{ASSISTANT_CODE[:6]}-{ASSISTANT_CODE[6:]}", first_name=" Asta ", last_name="Palīga",
        tax_status="employee", by=caseworker,
    )  # fmt: skip
    assert (assistant.personal_code, assistant.first_name, assistant.user) == (ASSISTANT_CODE, "Asta", None)

    same = services.assistant_create_or_update(
        personal_code=ASSISTANT_CODE,
        first_name="Asta",
        last_name="Palīga",
        tax_status="employee",
        by=caseworker,
    )
    assert same.pk == assistant.pk and assistant.history.count() == 1  # nothing changed, nothing saved

    services.assistant_create_or_update(
        personal_code=ASSISTANT_CODE, first_name="Asta", last_name="Ozola", tax_status="self_employed",
        by=caseworker, phone="+371 20000000",
    )  # fmt: skip
    assistant.refresh_from_db()
    assert (assistant.last_name, assistant.tax_status, assistant.phone) == (
        "Ozola",
        "self_employed",
        "+371 20000000",
    )

    with pytest.raises(services.ContractError) as error:
        services.assistant_create_or_update(
            personal_code=ASSISTANT_CODE[:10] + str((int(ASSISTANT_CODE[10]) + 1) % 10), first_name="A",
            last_name="B", tax_status="freelance", by=caseworker,
        )  # fmt: skip
    assert set(error.value.errors) == {"personal_code", "tax_status"}


# ------------------------------------------------------------------------------------------- the import


HEADER = ";".join(COLUMNS)


def row(**values) -> dict[str, str]:
    return {
        "contract": "RIG-2027-1", "assistant_code": ASSISTANT_CODE, "assistant_name": "Asta Palīga",
        "tax_status": "employee", "start": "2027-01-01", "end": "2027-12-31", "monthly_hours": "60",
    } | values  # fmt: skip


def contracts_file(tmp_path, rows, *, header=HEADER, encoding="utf-8", name="contracts.csv"):
    path = tmp_path / name
    lines = [header, *(";".join(values.get(column, "") for column in COLUMNS) for values in rows)]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def run(*args, **options):
    """(exit status, stdout, stderr) of import_contracts, which may end with sys.exit(1)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_contracts", *args, stdout=out, stderr=err, **options)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        "contracts": Contract.objects.count(),
        "assistants": Assistant.objects.count(),
        "contract history": Contract.history.count(),
        "assistant history": Assistant.history.count(),
    }


def stored_files(media) -> list:
    """The contract PDFs on disk (the grant's decision PDF lives beside them)."""
    folder = media / "contracts"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.fixture
def two_rows(grant, tmp_path):
    return contracts_file(
        tmp_path,
        [
            row(personal_code=grant.personal_code),
            row(
                contract="RIG-2027-2",
                personal_code=grant.personal_code,
                assistant_code=SECOND_ASSISTANT_CODE,
                assistant_name="Ilze Marija Kalna",
                tax_status="self_employed",
                start="2027-03-01",
                end="2027-08-31",
                monthly_hours="35",
            ),
        ],  # fmt: skip
    )


@pytest.mark.django_db
def test_import_creates_assistants_without_login_and_contracts_with_pdfs(two_rows, grant, caseworker, media):
    status, out, err = run(str(two_rows), by="caseworker")

    assert (status, err) == (0, "")
    assert "created 2, unchanged 0, rejected 0" in out
    second = Assistant.objects.get(personal_code=SECOND_ASSISTANT_CODE)
    assert (second.first_name, second.last_name, second.tax_status, second.user) == (
        "Ilze Marija",
        "Kalna",
        "self_employed",
        None,
    )
    contract = Contract.objects.get(number="RIG-2027-2")
    assert (contract.allocation, contract.assistant, contract.monthly_hours, contract.created_by) == (
        grant,
        second,
        35,
        caseworker,
    )
    assert (contract.start, contract.end, contract.tax_status) == (
        d("2027-03-01"),
        d("2027-08-31"),
        "self_employed",
    )
    assert all(c.document and c.sha256 for c in Contract.objects.all())
    assert len(stored_files(media)) == 2


@pytest.mark.django_db
def test_running_the_same_file_twice_changes_nothing(two_rows, caseworker, media):
    run(str(two_rows), by="caseworker")
    before, files = counts(), stored_files(media)

    status, out, err = run(str(two_rows), by="caseworker")

    assert (status, err) == (0, "")
    assert "created 0, unchanged 2, rejected 0" in out
    assert counts() == before and stored_files(media) == files


@pytest.mark.django_db
def test_a_known_number_with_other_data_is_rejected(two_rows, grant, caseworker, tmp_path, media):
    run(str(two_rows), by="caseworker")
    changed = contracts_file(
        tmp_path, [row(personal_code=grant.personal_code, monthly_hours="50")], name="b.csv"
    )

    status, out, err = run(str(changed), by="caseworker")

    assert status == 1
    assert err.strip() == "row 2, field contract: already exists with other data"
    assert Contract.objects.get(number="RIG-2027-1").monthly_hours == 60


@pytest.mark.django_db
def test_bad_rows_are_reported_with_row_and_field_and_good_rows_are_kept(grant, caseworker, tmp_path, media):
    code = grant.personal_code
    stranger = personal_code(dt.date(1975, 3, 3), 444)  # a valid code without a grant
    rows = [
        row(personal_code=code),  # row 2: good
        row(contract="X-3", personal_code=stranger, assistant_code=SECOND_ASSISTANT_CODE),  # row 3
        row(contract="X-4", personal_code=code, assistant_code=SECOND_ASSISTANT_CODE,
            monthly_hours="40"),  # row 4: 60 + 40 > 95 (R-C2)
        row(contract="X-5", personal_code=code, assistant_code=ASSISTANT_CODE[:10] + "x"),  # row 5
        row(contract="X-6", personal_code=code, assistant_code=SECOND_ASSISTANT_CODE, tax_status="freelance",
            monthly_hours="10"),  # row 6
        row(contract="X-7", personal_code=code, assistant_code=SECOND_ASSISTANT_CODE, start="2026-12-01",
            monthly_hours="10"),  # row 7: before the grant (R-C1)
        row(contract="X-8", personal_code=code, assistant_code=SECOND_ASSISTANT_CODE, assistant_name="Ilze",
            monthly_hours="10"),  # row 8
    ]  # fmt: skip

    status, out, err = run(str(contracts_file(tmp_path, rows)), by="caseworker")

    assert status == 1
    problems = err.splitlines()
    expected = {
        3: "personal_code",
        4: "monthly_hours",
        5: "assistant_code",
        6: "tax_status",
        7: "start",
        8: "assistant_name",
    }
    for number, field in expected.items():
        assert any(problem.startswith(f"row {number}, field {field}: ") for problem in problems), number
    assert len(problems) == len(expected)
    assert "created 1, unchanged 0, rejected 6" in out
    assert list(Contract.objects.values_list("number", flat=True)) == ["RIG-2027-1"]
    assert list(Assistant.objects.values_list("personal_code", flat=True)) == [ASSISTANT_CODE]
    assert len(stored_files(media)) == 1


@pytest.mark.django_db
def test_a_grant_of_another_municipality_or_not_approved_is_not_found(
    grant, caseworker, caseworker_liepaja, tmp_path, media
):
    proposed = make_grant(caseworker, serial=456)
    rows = [row(personal_code=proposed.personal_code)]

    status, _out, err = run(str(contracts_file(tmp_path, rows)), by="caseworker")
    assert status == 1 and err.startswith("row 2, field personal_code: no approved grant")

    status, _out, err = run(str(contracts_file(tmp_path, [row(personal_code=grant.personal_code)])),
                            by="caseworker-liepaja")  # fmt: skip
    assert status == 1 and err.startswith("row 2, field personal_code: no approved grant")
    assert not Contract.objects.exists()


@pytest.mark.django_db
def test_dry_run_checks_everything_and_saves_nothing(two_rows, caseworker, media):
    before = counts()

    status, out, err = run(str(two_rows), by="caseworker", dry_run=True)

    assert (status, err) == (0, "")
    assert "created 2, unchanged 0, rejected 0 (dry run: nothing was saved)" in out
    assert counts() == before
    assert stored_files(media) == []


@pytest.mark.django_db
def test_a_wrong_header_changes_nothing(grant, caseworker, tmp_path, media):
    path = contracts_file(
        tmp_path, [row(personal_code=grant.personal_code)], header=HEADER.replace("end", "until")
    )
    with pytest.raises(CommandError, match="header must be exactly.*missing: end.*unknown: until"):
        call_command("import_contracts", str(path), by="caseworker", stdout=io.StringIO())
    assert not Contract.objects.exists()


@pytest.mark.django_db
def test_a_file_not_in_utf8_changes_nothing(grant, caseworker, tmp_path, media):
    path = contracts_file(tmp_path, [row(personal_code=grant.personal_code)], encoding="cp1257")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_contracts", str(path), by="caseworker", stdout=io.StringIO())
    assert not Contract.objects.exists() and not Assistant.objects.exists()


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody", "--by: there is no user 'nobody'"),
        ("supervisor", "--by: the user 'supervisor' does not have the caseworker role"),
    ],
)
@pytest.mark.django_db
def test_a_bad_user_stops_the_import_before_anything_changes(two_rows, username, message, media):
    with pytest.raises(CommandError, match=message):
        call_command("import_contracts", str(two_rows), by=username, stdout=io.StringIO())
    assert not Contract.objects.exists() and not Assistant.objects.exists()


# ------------------------------------------------------------------------------------------- scoping


@pytest.fixture
def two_contracts(grant, caseworker, supervisor, assistant, media):
    """Two contracts in Rīga; the first assistant is the `assistant` persona's."""
    own = draft(grant, caseworker, number="RIG-1", assistant=make_assistant(user=assistant), hours=60)
    second = make_assistant(SECOND_ASSISTANT_CODE, "Ilze", "Kalna")
    other = draft(grant, caseworker, number="RIG-2", assistant=second, hours=35)
    return own, other


@pytest.mark.django_db
def test_contracts_are_scoped_to_the_municipality_and_to_the_assistant(
    two_contracts, caseworker, supervisor, caseworker_liepaja, assistant, finance, ministry
):
    own, other = two_contracts
    assert set(selectors.contracts_for(user=caseworker)) == {own, other}
    assert set(selectors.contracts_for(user=supervisor)) == {own, other}
    assert list(selectors.contracts_for(user=assistant)) == [own]
    assert not selectors.contracts_for(user=caseworker_liepaja).exists()
    assert not selectors.contracts_for(user=finance).exists()
    assert not selectors.contracts_for(user=ministry).exists()

    assert selectors.contract_for_detail(user=assistant, pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.contract_for_detail(user=assistant, pk=other.pk)
    with pytest.raises(Http404):
        selectors.contract_for_detail(user=caseworker_liepaja, pk=own.pk)


@pytest.mark.django_db
def test_a_caseworker_who_is_also_an_assistant_sees_own_contracts_elsewhere(
    two_contracts, caseworker_liepaja
):
    own, _other = two_contracts
    own.assistant.user = caseworker_liepaja
    own.assistant.save()
    assert list(selectors.contracts_for(user=caseworker_liepaja)) == []  # no assistant role yet
    assistance_services.staff_member_set(
        user=caseworker_liepaja, roles={Role.CASEWORKER, Role.ASSISTANT},
        municipality=caseworker_liepaja.staff_profile.municipality, by=None, reason="test",
    )  # fmt: skip
    assert list(selectors.contracts_for(user=caseworker_liepaja)) == [own]


@pytest.mark.django_db
def test_the_list_reads_recipients_and_assistants_in_one_query(
    two_contracts, caseworker, django_assert_num_queries
):
    selectors.contracts_for(user=caseworker)  # the roles are read once per request
    with django_assert_num_queries(1):
        names = [
            (c.allocation.application.person.full_name, str(c.assistant))
            for c in selectors.contracts_for(user=caseworker)
        ]
    assert len(names) == 2
