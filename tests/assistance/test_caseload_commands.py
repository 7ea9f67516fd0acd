"""The caseload import (SPEC §5.1, §6, R-I1) and the allocation export (SPEC §5.4) commands on PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Assessment
from assistance import selectors
from assistance.caseload import COLUMNS, parse_row
from assistance.models import (
    Allocation,
    Application,
    ApplicationPurpose,
    Decision,
    DisabilityRecord,
    Person,
    SpecialCareOpinion,
)
from tests.assistance.factories import personal_code

pytestmark = pytest.mark.django_db

RECEIVED = "2026-06-10"
START = "2026-07-01"
WORKER = personal_code(dt.date(1980, 5, 17), 101)
STUDENT = personal_code(dt.date(2004, 2, 2), 102)
REFUSED = personal_code(dt.date(1970, 1, 15), 103)
CHILD = personal_code(dt.date(2016, 3, 1), 104)  # 10 years old on the received date

ROWS = {
    "worker": dict(
        personal_code=WORKER, first_name="Anna", last_name="Bērziņa", municipality="rīga",
        received_date=RECEIVED, disability_group="I", limitations="mobility", assistant_allowance="no",
        purposes="WORK", answers="111111111111", decision_start=START,
    ),  # 12 points: coefficient 1
    "student": dict(
        personal_code=f"{STUDENT[:6]}-{STUDENT[6:]}", first_name="Jānis", last_name="Ozoliņš",
        birth_date="2004-02-02", municipality="Rīga", received_date=RECEIVED, disability_group="II",
        limitations="vision|mental", assistant_allowance="no", purposes="EDUCATION|DAILY",
        study_start="2026-09-01", study_end="2027-06-30", answers="222222222222", decision_start=START,
    ),  # 24 points: coefficient 2
    "refused": dict(
        personal_code=REFUSED, first_name="Pēteris", last_name="Kalniņš", municipality="Rīga",
        received_date=RECEIVED, disability_group="II", limitations="", assistant_allowance="no",
        decision_start=START,
    ),  # no functional limitation: the gate refuses (R-E1)
    "child": dict(
        personal_code=CHILD, first_name="Līva", last_name="Liepiņa", municipality="Rīga",
        received_date=RECEIVED, special_care_valid_until="2028-12-31", decision_start=START,
    ),
}  # fmt: skip


def line(**values) -> str:
    return ";".join(values.get(column, "") for column in COLUMNS)


HEADER = ";".join(COLUMNS)


def caseload_file(tmp_path, rows, *, header=HEADER, encoding="utf-8", name="caseload.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *(line(**row) for row in rows)]) + "\n").encode(encoding))
    return path


def run(command, *args, **options):
    """(exit status, stdout, stderr) of a command that may end with sys.exit(1)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err, **options)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    models = [Person, Application, Allocation, Decision, DisabilityRecord, SpecialCareOpinion, Assessment]
    numbers = {model.__name__: model.objects.count() for model in models}
    numbers |= {f"{model.__name__} history": model.history.count() for model in [*models, ApplicationPurpose]}
    return numbers


def bad_check_digit(code: str) -> str:
    return code[:10] + str((int(code[10]) + 1) % 10)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def four_rows(tmp_path):
    return caseload_file(tmp_path, ROWS.values())


def application_of(code: str) -> Application:
    return Application.objects.select_related("person", "assessment").get(person__personal_code=code)


# ------------------------------------------------------------------------------------------- import


def test_valid_rows_become_persons_applications_and_proposals_R_I1(four_rows, caseworker, media):
    status, out, err = run("import_caseload", str(four_rows), by="caseworker")

    assert (status, err) == (0, "")
    assert "created 4, unchanged 0, rejected 0" in out
    assert Person.objects.count() == 4 and Application.objects.count() == 4
    assert not Decision.objects.exists()

    worker = application_of(WORKER)
    assert (worker.status, worker.outcome, worker.proposed_by) == ("proposed", "grant", caseworker)
    assert worker.person.birth_date == dt.date(1980, 5, 17)
    assert worker.assessment.total == 12
    allocation = worker.allocations.get(status=Allocation.Status.PROPOSED)
    assert allocation.coefficient == 1 and allocation.start == dt.date(2026, 7, 1)
    july = allocation.months.get(month=dt.date(2026, 7, 1))
    assert {row.purpose: row.hours for row in july.lines.all()} == {"WORK": 80, "DAILY": 15}
    record = worker.person.disability_records.get()
    assert (record.group, record.limitations, record.source) == ("I", frozenset({"mobility"}), "imported")

    student = application_of(STUDENT)
    assert student.assessment.total == 24
    assert student.allocations.get().coefficient == 2
    purpose = student.purposes.get()  # DAILY is implied, never stored as a request (R-A1)
    assert (purpose.purpose, purpose.study_start, purpose.study_end) == (
        "EDUCATION",
        dt.date(2026, 9, 1),
        dt.date(2027, 6, 30),
    )

    refused = application_of(REFUSED)
    assert (refused.status, refused.outcome, refused.refusal_code) == (
        "proposed",
        "refusal",
        "no_qualifying_limitation",
    )
    assert refused.assessment is None and not refused.allocations.exists()

    child = application_of(CHILD)
    assert (child.track, child.outcome, child.assessment) == ("child", "grant", None)
    child_allocation = child.allocations.get()
    assert child_allocation.coefficient is None and child_allocation.end == dt.date(2028, 12, 31)
    assert child.person.special_care_opinions.get().valid_until == dt.date(2028, 12, 31)


def test_approved_by_a_supervisor_issues_the_decisions_R_D2(four_rows, caseworker, supervisor, media):
    status, out, _ = run("import_caseload", str(four_rows), by="caseworker", approved_by="supervisor")

    assert status == 0 and "created 4" in out
    assert Decision.objects.count() == 4
    assert set(Decision.objects.values_list("outcome", flat=True)) == {"grant", "refusal"}
    for decision in Decision.objects.all():
        assert (decision.proposed_by, decision.approved_by) == (caseworker, supervisor)
        assert decision.document and decision.sha256
    assert set(Application.objects.values_list("status", flat=True)) == {"approved"}
    assert Allocation.objects.filter(status=Allocation.Status.APPROVED).count() == 3


def test_running_the_same_file_twice_changes_nothing_R_I1(four_rows, caseworker, supervisor, media):
    run("import_caseload", str(four_rows), by="caseworker", approved_by="supervisor")
    before = counts()

    status, out, err = run("import_caseload", str(four_rows), by="caseworker", approved_by="supervisor")

    assert (status, err) == (0, "")
    assert "created 0, unchanged 4, rejected 0" in out
    assert counts() == before


def test_a_new_application_reuses_the_person_and_updates_the_name(tmp_path, caseworker, media):
    run("import_caseload", str(caseload_file(tmp_path, [ROWS["worker"]])), by="caseworker")
    later = ROWS["worker"] | {
        "last_name": "Kalniņa",
        "received_date": "2026-10-01",
        "decision_start": "2026-11-01",
    }
    before = counts()

    status, out, _ = run(
        "import_caseload", str(caseload_file(tmp_path, [later], name="later.csv")), by="caseworker"
    )

    assert status == 0 and "created 1" in out
    person = Person.objects.get()
    assert person.last_name == "Kalniņa" and person.applications.count() == 2
    assert DisabilityRecord.objects.count() == before["DisabilityRecord"]  # the same facts: not added again


def test_bad_rows_are_reported_with_row_and_field_and_good_rows_are_kept(tmp_path, caseworker, media):
    rows = [
        ROWS["worker"],  # row 2
        ROWS["refused"] | {"personal_code": bad_check_digit(REFUSED)},  # row 3
        ROWS["student"] | {"study_start": "", "study_end": ""},  # row 4
        ROWS["child"] | {"municipality": "Atlantīda"},  # row 5
        ROWS["worker"] | {"personal_code": personal_code(dt.date(1990, 1, 1), 105), "answers": ""},  # row 6
    ]

    status, out, err = run("import_caseload", str(caseload_file(tmp_path, rows)), by="caseworker")

    assert status == 1
    problems = err.splitlines()
    assert any(problem.startswith("row 3, field personal_code: ") for problem in problems)
    assert any(problem.startswith("row 4, field study_start: ") for problem in problems)
    assert any(problem.startswith("row 4, field study_end: ") for problem in problems)
    assert any(
        problem.startswith("row 5, field municipality: unknown municipality 'Atlantīda'")
        for problem in problems
    )
    assert any(problem.startswith("row 6, field answers: required") for problem in problems)
    assert all(problem.startswith(("row 3,", "row 4,", "row 5,", "row 6,")) for problem in problems)
    assert "created 1, unchanged 0, rejected 4" in out
    assert list(Person.objects.values_list("personal_code", flat=True)) == [WORKER]
    assert Application.objects.get().status == "proposed"


def test_a_wrong_header_changes_nothing(tmp_path, caseworker):
    header = HEADER.replace("received_date", "received")
    path = caseload_file(tmp_path, ROWS.values(), header=header)

    with pytest.raises(
        CommandError, match="header must be exactly.*missing: received_date.*unknown: received"
    ):
        call_command("import_caseload", str(path), by="caseworker", stdout=io.StringIO())
    assert not Person.objects.exists()


def test_a_file_not_in_utf8_changes_nothing(tmp_path, caseworker):
    path = caseload_file(tmp_path, ROWS.values(), encoding="cp1257")

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_caseload", str(path), by="caseworker", stdout=io.StringIO())
    assert not Person.objects.exists()


def test_a_byte_order_mark_is_tolerated(tmp_path, caseworker, media):
    path = caseload_file(tmp_path, [ROWS["worker"]], encoding="utf-8-sig")

    status, out, _ = run("import_caseload", str(path), by="caseworker")

    assert status == 0 and "created 1" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"by": "nobody"}, "--by: there is no user 'nobody'"),
        ({"by": "supervisor"}, "--by: the user 'supervisor' does not have the caseworker role"),
        ({"by": "caseworker", "approved_by": "caseworker"}, "four eyes"),
        ({"by": "caseworker", "approved_by": "caseworker-liepaja"}, "does not have the supervisor role"),
    ],
)
def test_bad_users_stop_the_import_before_anything_changes(
    four_rows, caseworker, supervisor, caseworker_liepaja, options, message
):
    with pytest.raises(CommandError, match=message):
        call_command("import_caseload", str(four_rows), stdout=io.StringIO(), **options)
    assert not Person.objects.exists()


def test_a_row_of_another_municipality_is_rejected_R_X1_scope(
    tmp_path, caseworker, caseworker_liepaja, media
):
    rows = [ROWS["worker"] | {"municipality": "LIEPĀJA"}, ROWS["child"]]

    status, out, err = run("import_caseload", str(caseload_file(tmp_path, rows)), by="caseworker")

    assert status == 1
    assert err.strip() == "row 2, field municipality: caseworker (--by) may not act in Liepāja"
    assert "created 1, unchanged 0, rejected 1" in out
    assert not Person.objects.filter(municipality__name="Liepāja").exists()


def test_a_supervisor_of_another_municipality_cannot_approve_the_row(tmp_path, caseworker, media):
    from core.roles import Role
    from tests.conftest import make_person as make_staff

    make_staff("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")
    path = caseload_file(tmp_path, [ROWS["worker"]])

    status, _, err = run("import_caseload", str(path), by="caseworker", approved_by="supervisor-liepaja")

    assert status == 1
    assert err.startswith("row 2, field municipality: supervisor-liepaja (--approved-by) may not act in Rīga")
    assert not Person.objects.exists()


def test_dry_run_checks_everything_and_saves_nothing(four_rows, caseworker, supervisor, media):
    before = counts()

    status, out, err = run(
        "import_caseload", str(four_rows), by="caseworker", approved_by="supervisor", dry_run=True
    )

    assert (status, err) == (0, "")
    assert "created 4, unchanged 0, rejected 0 (dry run: nothing was saved)" in out
    assert counts() == before
    assert not [path for path in media.rglob("*") if path.is_file()]  # no decision PDF left behind


@pytest.mark.parametrize(
    ("row", "changes", "field"),
    [
        ("worker", {"personal_code": "17058011"}, "personal_code"),
        ("worker", {"birth_date": "1980-05-18"}, "birth_date"),
        ("worker", {"first_name": ""}, "first_name"),
        ("worker", {"received_date": "10.06.2026"}, "received_date"),
        ("worker", {"received_date": "2999-01-01", "decision_start": "2999-02-01"}, "received_date"),
        ("worker", {"disability_group": "IV"}, "disability_group"),
        ("worker", {"limitations": "vision|hearing"}, "limitations"),
        ("worker", {"assistant_allowance": "maybe"}, "assistant_allowance"),
        ("worker", {"special_care_valid_until": "2030-01-01"}, "special_care_valid_until"),
        ("worker", {"purposes": "WORK|SPORT"}, "purposes"),
        ("worker", {"study_start": "2026-09-01", "study_end": "2027-06-30"}, "study_start"),
        ("worker", {"answers": "11111111111"}, "answers"),
        ("worker", {"answers": "111111111114"}, "answers"),
        ("worker", {"decision_start": ""}, "decision_start"),
        ("worker", {"decision_start": "2026-06-09"}, "decision_start"),
        ("student", {"study_end": "2026-08-31"}, "study_end"),
        ("child", {"answers": "000000000000"}, "answers"),
        ("child", {"purposes": "EDUCATION"}, "purposes"),
        ("child", {"limitations": "mobility"}, "limitations"),
    ],
)
def test_each_problem_of_a_row_names_its_field(row, changes, field):
    problems = parse_row(ROWS[row] | changes)

    assert isinstance(problems, list) and field in {name for name, _problem in problems}


def test_a_valid_row_is_converted():
    row = parse_row(ROWS["student"])

    assert row.personal_code == STUDENT and row.municipality.name == "Rīga"
    assert row.purposes == ("EDUCATION",) and row.limitations == {"vision", "mental"}
    assert row.answers_by_code["Q12"] == 2 and not row.is_child
    assert parse_row(ROWS["child"]).is_child


# ------------------------------------------------------------------------------------------- export


def export(**options) -> list[list[str]]:
    out = io.StringIO()
    call_command("export_allocations", stdout=out, **options)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


EXPORT_HEADER = [
    "personal_code",
    "municipality",
    "month",
    "coefficient",
    "purpose",
    "hours",
    "month_total",
    "cap",
]


def expected_rows(month: dt.date) -> list[list[str]]:
    """The figures the application page shows (selectors.schedule_table of the stored allocation)."""
    rows = []
    for application in Application.objects.filter(outcome="grant").select_related("person"):
        allocation = selectors.current_allocation(application)
        table = selectors.schedule_table(allocation.months.all())
        coefficient = "" if allocation.coefficient is None else f"{allocation.coefficient.normalize():f}"
        for row in table.rows:
            if row["month"] == month:
                for (code, _label), hours in zip(table.purposes, row["hours"], strict=True):
                    rows.append(
                        [
                            application.person.personal_code,
                            "Rīga",
                            f"{month:%Y-%m}",
                            coefficient,
                            code,
                            str(hours),
                            str(row["total"]),
                            str(row["cap"]),
                        ]
                    )
    return rows


@pytest.fixture
def approved(four_rows, caseworker, supervisor, media):
    status, _, _ = run("import_caseload", str(four_rows), by="caseworker", approved_by="supervisor")
    assert status == 0


def test_export_lists_every_granted_purpose_as_stored_R_A6(approved, django_assert_num_queries):
    with django_assert_num_queries(2):  # the months with their allocations, then the lines
        rows = export(month="2026-07")

    assert rows[0] == EXPORT_HEADER
    assert sorted(rows[1:]) == sorted(expected_rows(dt.date(2026, 7, 1)))
    by_person = {(row[0], row[4]): row for row in rows[1:]}
    assert by_person[WORKER, "WORK"][3:] == ["1", "WORK", "80", "95", "177"]
    assert by_person[STUDENT, "EDUCATION"][3:] == ["2", "EDUCATION", "0", "30", "177"]  # before the studies
    assert by_person[STUDENT, "DAILY"][3:] == ["2", "DAILY", "30", "30", "177"]
    assert by_person[CHILD, "CHILD"][3:] == ["", "CHILD", "80", "80", "177"]  # no coefficient (R-A5)
    assert REFUSED not in {row[0] for row in rows}
    assert len(rows) == 1 + 2 + 2 + 1


def test_export_during_the_studies_matches_the_schedule(approved):
    rows = export(month="2026-09", municipality="rīga")

    assert sorted(rows[1:]) == sorted(expected_rows(dt.date(2026, 9, 1)))
    assert [row[5] for row in rows if row[0] == STUDENT and row[4] == "EDUCATION"] == ["120"]


def test_a_month_outside_every_grant_gives_only_the_header(approved):
    assert export(month="2026-06") == [EXPORT_HEADER]
    assert export(month="2026-07", municipality="Liepāja") == [EXPORT_HEADER]


def test_proposed_grants_only_with_include_proposed(four_rows, caseworker, media, tmp_path):
    run("import_caseload", str(four_rows), by="caseworker")

    assert export(month="2026-07") == [EXPORT_HEADER]
    output = tmp_path / "export.csv"
    call_command(
        "export_allocations", month="2026-07", include_proposed=True, output=str(output), stderr=io.StringIO()
    )
    rows = list(csv.reader(output.read_text(encoding="utf-8").splitlines(), delimiter=";"))
    assert rows[0] == EXPORT_HEADER and sorted(rows[1:]) == sorted(expected_rows(dt.date(2026, 7, 1)))


def test_a_withdrawn_allocation_is_never_exported(four_rows, caseworker, media):
    run("import_caseload", str(four_rows), by="caseworker")
    Allocation.objects.update(status=Allocation.Status.WITHDRAWN)

    assert export(month="2026-07", include_proposed=True) == [EXPORT_HEADER]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"month": "2026-13"}, "not a month YYYY-MM"),
        ({"month": "07.2026"}, "not a month YYYY-MM"),
        ({"month": "2026-07", "municipality": "Atlantīda"}, "no municipality 'Atlantīda'"),
    ],
)
def test_bad_export_arguments_are_refused(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_allocations", stdout=io.StringIO(), **options)
