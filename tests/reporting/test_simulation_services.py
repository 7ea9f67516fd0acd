"""Policy simulation through reporting.simulation_services on PostgreSQL (R-S2): the caseload loader, the
simulation of the rule set in force against the stored allocations, hand-computed V2 and V5 figures, the
scope, and the job (request, build, failure, idempotence). Money by hand in the comments: 1 h costs
4.13 × 1.2359 × 1.08 = 5.51260836 EUR (GEN) or × 1.05 = 5.35948035 EUR (HE), rounded half up to cents."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from assistance import services
from assistance.models import Allocation, AllocationLine, AllocationMonth, Application, RuleSet
from core.roles import Role
from reporting import simulation_rules, simulation_services
from reporting.models import Simulation
from tests.assistance.factories import make_application, make_eligible_adult, make_person
from tests.conftest import make_person as make_staff
from tests.contracts.conftest import approved_allocation

pytestmark = pytest.mark.django_db

D = Decimal
JAN = dt.date(2026, 1, 1)
RECEIVED = dt.date(2025, 12, 15)
YEAR = simulation_rules.months_from(JAN)
_serials = itertools.count(100)


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch, media):
    """Decision and simulation documents are rendered from their templates, not converted to PDF (seconds
    each); the checksums are checked against whatever bytes are stored."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 stub")


@pytest.fixture
def supervisor_liepaja(db):
    return make_staff("supervisor-liepaja", Role.SUPERVISOR, "Liepāja")


def rule_set(code: str) -> RuleSet:
    return RuleSet.objects.filter(code=code).order_by("-version").first()


def answers_for(points: int) -> dict[str, int]:
    """Twelve answers adding up to `points` (0–36)."""
    values = [min(3, max(0, points - 3 * i)) for i in range(12)]
    assert sum(values) == points
    return {f"Q{i:02d}": value for i, value in enumerate(values, start=1)}


def purpose(code, start=None, end=None):
    return services.PurposeInput(code, "" if code == "DAILY" else "Apliecinājums", start, end)


def grant(caseworker, supervisor, *, points=12, start=JAN, purposes=(), valid_until=None, born=None):
    """An adult's approved grant through the services (R-D1), applied for on 15.12.2025."""
    person = make_eligible_adult(caseworker, serial=next(_serials), born=born or dt.date(1980, 5, 17))
    if valid_until is not None:
        record = person.disability_records.get()
        record.valid_until = valid_until
        record.save()
    application = make_application(
        caseworker, person, received=RECEIVED, purposes=list(purposes), submit=True
    )
    application = services.application_record_assessment(
        application=application, answers=answers_for(points), by=caseworker
    )
    services.proposal_grant(application=application, start=start, by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    return application.person


def child_grant(caseworker, supervisor, *, start=JAN, born=dt.date(2016, 3, 1)):
    person = make_person(caseworker, born=born, serial=next(_serials), first_name="Jānis")
    services.special_care_opinion_add(person=person, by=caseworker, valid_from=dt.date(2025, 1, 1))
    application = make_application(caseworker, person, received=RECEIVED, submit=True)
    assert application.track == Application.Track.CHILD
    services.proposal_grant(application=application, start=start, by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    return person


def refused(caseworker, supervisor, *, points=6, purposes=()):
    """An assessed adult below the threshold (R-Q3) whose refusal was approved."""
    person = make_eligible_adult(caseworker, serial=next(_serials), born=dt.date(1975, 2, 3))
    application = make_application(
        caseworker, person, received=RECEIVED, purposes=list(purposes), submit=True
    )
    application = services.application_record_assessment(
        application=application, answers=answers_for(points), by=caseworker
    )
    assert application.refusal_code == "no_need"
    services.proposal_approve(application=application, by=supervisor)
    return person


def reassessed(caseworker, supervisor):
    """Granted at 12 points from 01.01.2026, re-assessed at 24 points from 16.04.2026 (the first is cut)."""
    person = grant(caseworker, supervisor, points=12)
    application = make_application(caseworker, person, received=RECEIVED, submit=True)
    application = services.application_record_assessment(
        application=application, answers=answers_for(24), by=caseworker
    )
    services.proposal_grant(application=application, start=dt.date(2026, 4, 16), by=caseworker)
    services.proposal_approve(application=application, by=supervisor)
    return person


def stored_hours(person_ids) -> dict[int, list[int]]:
    """Per person, the stored month totals of the approved allocations in the simulated year."""
    hours = {pk: [0] * 12 for pk in person_ids}
    months = (
        AllocationMonth.objects.filter(
            allocation__status=Allocation.Status.APPROVED, month__gte=YEAR[0], month__lte=YEAR[-1]
        )
        .values("allocation__application__person_id", "month")
        .annotate(total=Sum("total"))
    )
    for row in months:
        hours.setdefault(row["allocation__application__person_id"], [0] * 12)
        hours[row["allocation__application__person_id"]][YEAR.index(row["month"])] += row["total"]
    return hours


def cost(gen_hours: int, he_hours: int) -> Decimal:
    """R-F2/R-F3 planned cost, written out here: 4.13 EUR × 1.2359 × (1.08 GEN | 1.05 HE), half up."""
    hourly = D("4.13") * D("1.2359")
    cent = D("0.01")
    return (gen_hours * hourly * D("1.08")).quantize(cent, ROUND_HALF_UP) + (
        he_hours * hourly * D("1.05")
    ).quantize(cent, ROUND_HALF_UP)


def stored_year_cost() -> Decimal:
    """The cost of the stored approved allocations, month by month, higher education apart."""
    he = defaultdict(int)
    for row in AllocationLine.objects.filter(
        purpose="HIGHER_EDUCATION",
        month__allocation__status=Allocation.Status.APPROVED,
        month__month__gte=YEAR[0],
        month__month__lte=YEAR[-1],
    ).values("month_id", "hours", "month__total"):
        he[row["month_id"]] = min(row["hours"], row["month__total"])
    total = D("0.00")
    for month in AllocationMonth.objects.filter(
        allocation__status=Allocation.Status.APPROVED, month__gte=YEAR[0], month__lte=YEAR[-1]
    ):
        total += cost(month.total - he[month.pk], he[month.pk])
    return total


# ------------------------------------------------------------------------------------ in force = actual


def test_the_rule_set_in_force_reproduces_the_actual_allocations_exactly_R_S2(
    caseworker, supervisor, caseworker_liepaja, supervisor_liepaja
):
    persons = [
        grant(caseworker, supervisor, points=12),
        grant(caseworker, supervisor, points=24, start=dt.date(2026, 1, 16), purposes=[purpose("WORK")]),
        grant(
            caseworker,
            supervisor,
            points=18,
            purposes=[
                purpose("HIGHER_EDUCATION", dt.date(2025, 9, 1), dt.date(2026, 6, 15)),
                purpose("WORK"),
            ],
        ),
        grant(
            caseworker,
            supervisor,
            points=30,
            start=dt.date(2025, 3, 10),
            purposes=[purpose("EDUCATION", dt.date(2025, 9, 1), dt.date(2026, 5, 31)), purpose("DAY_CENTRE")],
        ),
        grant(
            caseworker, supervisor, points=13, valid_until=dt.date(2026, 8, 20), purposes=[purpose("MEDICAL")]
        ),
        grant(caseworker, supervisor, points=36, purposes=[purpose("WORK"), purpose("VOLUNTEERING")]),
        approved_allocation(caseworker, supervisor, start=dt.date(2026, 2, 14), answers=2).application.person,
        child_grant(caseworker, supervisor),
        child_grant(caseworker, supervisor, start=dt.date(2026, 1, 20), born=dt.date(2008, 9, 5)),
        reassessed(caseworker, supervisor),
        grant(caseworker_liepaja, supervisor_liepaja, points=20, purposes=[purpose("WORK")]),
    ]
    refusal = refused(caseworker, supervisor)
    v1 = services.rule_set_in_force(JAN)
    assert v1.code == "V1"

    cases = list(simulation_services.simulation_cases(municipality=None, month=JAN))
    assert sorted(case.key for case in cases) == sorted(p.pk for p in [*persons, refusal])
    numbers = simulation_services.numbers_of(v1)
    expected = stored_hours([p.pk for p in persons])
    simulated = {case.key: list(simulation_rules.outcome(case, numbers, YEAR).hours) for case in cases}
    for person in persons:
        assert simulated[person.pk] == expected[person.pk], person
    assert simulated[refusal.pk] == [0] * 12
    assert sum(map(sum, simulated.values())) == sum(map(sum, expected.values())) > 0

    result, baseline = simulation_services.run(rule_set=v1, municipality=None, month=JAN)
    assert baseline == v1
    january = sum(hours[0] for hours in expected.values())
    assert result.baseline.hours_month == result.candidate.hours_month == january
    # Everyone but the refused person and the grant from 14.02 has January hours.
    assert result.baseline.recipients == len(persons) - 1
    assert result.baseline.cost_year == result.candidate.cost_year == stored_year_cost()
    assert result.bands["unchanged"] == sum(result.bands.values()) == len(persons) - 1
    assert result.cases == len(persons) + 1


def test_a_lower_threshold_draft_makes_the_refused_gain_the_service_R_S2_R_Q3(caseworker, supervisor):
    grant(caseworker, supervisor, points=12)
    refused(caseworker, supervisor, points=6, purposes=[purpose("WORK")])
    refused(caseworker, supervisor, points=3)
    # Withdrawn: refused by the caseworker at 20 points, not for insufficient need; not in the caseload.
    withdrawn = make_application(
        caseworker, make_eligible_adult(caseworker, serial=next(_serials)), received=RECEIVED, submit=True
    )
    services.application_record_assessment(application=withdrawn, answers=answers_for(20), by=caseworker)
    services.proposal_refuse(application=withdrawn, reason="Persona atsauca iesniegumu.", by=caseworker)
    services.proposal_approve(application=withdrawn, by=supervisor)
    v1 = rule_set("V1")
    fields = {
        f.name: getattr(v1, f.name)
        for f in RuleSet._meta.concrete_fields
        if f.name not in ("id", "code", "version", "name", "valid_from", "valid_to")
    }
    draft = RuleSet.objects.create(code="P1", version=1, name="Projekts", **fields | {"threshold_need": 5})
    result, _ = simulation_services.run(rule_set=draft, municipality=None, month=JAN)
    # Under V1 nothing for 6 and 3 points; the draft's threshold 5: the 6-point person gets WORK 80 + DAILY 15
    assert (result.baseline.recipients, result.baseline.hours_month) == (1, 15)
    assert (result.candidate.recipients, result.candidate.hours_month) == (2, 110)
    assert result.bands["gain_service"] == 1 and result.bands["unchanged"] == 1
    assert result.hours_gained == 95 and result.cases == 3


# ------------------------------------------------------------------------------------ V2 and V5 by hand


def small_caseload(caseworker, supervisor):
    grant(caseworker, supervisor, points=12)  # coefficient 1, DAILY only
    grant(caseworker, supervisor, points=24, purposes=[purpose("WORK")])  # coefficient 2 (V2: 1.5)
    child_grant(caseworker, supervisor)  # born 01.03.2016: a child all year


def test_v2_hand_computed_hours_and_costs_R_S2(caseworker, supervisor):
    small_caseload(caseworker, supervisor)
    result, _ = simulation_services.run(rule_set=rule_set("V2"), municipality=None, month=JAN)
    # V1 in January (31 days): 15 + min(160 + 30, 177) + 80 = 272 h;
    # 82.69 (15 h) + 975.73 (177 h: 975.7316797) + 441.01 (80 h: 441.0086688) = 1499.43
    assert (result.baseline.recipients, result.baseline.hours_month) == (3, 272)
    assert result.baseline.cost_month == D("1499.43")
    # V1's year: the capped person has 177 h in the 7 months of 31 days, 171 in the 4 of 30 (942.66 =
    # 942.6560296), 160 in February (882.02 = 882.0173376): 7 × 975.73 + 4 × 942.66 + 882.02 = 11482.77;
    # + 12 × 82.69 + 12 × 441.01 = 17767.17
    assert result.baseline.cost_year == D("17767.17")
    # V2: 15 + (WORK 80 × 1.5 = 120, DAILY 15 × 1.5 = 22.5 → 23) 143 + 80 = 238 h;
    # 82.69 + 788.30 (143 h: 788.3029955) + 441.01 = 1312.00, the same in every month: × 12 = 15744.00
    assert (result.candidate.recipients, result.candidate.hours_month) == (3, 238)
    assert (result.candidate.cost_month, result.candidate.cost_year) == (D("1312.00"), D("15744.00"))
    # 143 − 177 = −34
    assert result.bands["minus_20"] == 1 and result.bands["unchanged"] == 2
    assert (result.hours_gained, result.hours_lost) == (0, 34)


def test_v5_hand_computed_hours_and_costs_R_S2(caseworker, supervisor):
    small_caseload(caseworker, supervisor)
    result, _ = simulation_services.run(rule_set=rule_set("V5"), municipality=None, month=JAN)
    # V5: DAILY 10 + (WORK 55 × 2 + DAILY 10 × 2 = 130) + child 65 = 205 h;
    # 55.13 (55.1260836) + 716.64 (716.6390868) + 358.32 (358.3195434) = 1130.09; × 12 = 13561.08
    assert (result.candidate.recipients, result.candidate.hours_month) == (3, 205)
    assert (result.candidate.cost_month, result.candidate.cost_year) == (D("1130.09"), D("13561.08"))
    # −5, 130 − 177 = −47, −15
    assert result.bands["minus_1"] == 2 and result.bands["minus_40"] == 1
    assert (result.hours_gained, result.hours_lost) == (0, 67)


# ------------------------------------------------------------------------------------ scope and queries


def test_one_municipality_or_the_country_R_S2(
    caseworker, supervisor, caseworker_liepaja, supervisor_liepaja, riga, liepaja
):
    grant(caseworker, supervisor, points=12)  # Rīga 15 h
    grant(caseworker, supervisor, points=12, purposes=[purpose("WORK")])  # Rīga 95 h
    grant(caseworker_liepaja, supervisor_liepaja, points=24)  # Liepāja 30 h
    refused(caseworker_liepaja, supervisor_liepaja)
    v5 = rule_set("V5")
    in_riga, _ = simulation_services.run(rule_set=v5, municipality=riga, month=JAN)
    country, _ = simulation_services.run(rule_set=v5, municipality=None, month=JAN)
    assert (in_riga.cases, in_riga.baseline.hours_month) == (2, 110)
    assert [row.municipality_id for row in in_riga.municipalities] == [riga.pk]
    assert (country.cases, country.baseline.hours_month) == (4, 140)
    assert {row.municipality_id for row in country.municipalities} == {riga.pk, liepaja.pk}
    data = simulation_services.result_json(country, names={riga.pk: "Rīga", liepaja.pk: "Liepāja"})
    assert [row["name"] for row in data["municipalities"]] == ["Liepāja", "Rīga"]
    assert data["baseline"]["hours_month"] == 140 and data["candidate"]["hours_month"] == 95  # 10 + 65 + 20


def test_the_loader_reads_a_constant_number_of_queries_R_S2(
    caseworker, supervisor, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            if n % 3 == 2:
                refused(caseworker, supervisor, purposes=[purpose("MEDICAL")])
            else:
                grant(caseworker, supervisor, points=12 + n, purposes=[purpose("WORK")])

    add(3)
    with CaptureQueriesContext(connection) as three:
        assert len(list(simulation_services.simulation_cases(municipality=None, month=JAN))) == 3
    add(9)
    reassessed(caseworker, supervisor)
    with django_assert_max_num_queries(len(three.captured_queries)):
        assert len(list(simulation_services.simulation_cases(municipality=None, month=JAN))) == 13
    assert len(three.captured_queries) <= 6


# ------------------------------------------------------------------------------------ the job


def test_a_requested_simulation_is_built_after_commit_with_checksummed_files_R_S2(
    caseworker, supervisor, ministry, django_capture_on_commit_callbacks
):
    small_caseload(caseworker, supervisor)
    v5 = rule_set("V5")
    with django_capture_on_commit_callbacks(execute=True):
        simulation = simulation_services.simulation_request(
            rule_set=v5, municipality=None, month=JAN, by=ministry
        )
    simulation.refresh_from_db()
    assert simulation.status == Simulation.Status.READY and simulation.progress == 100
    assert simulation.baseline.code == "V1" and simulation.cases == 3 and simulation.built_at
    assert simulation.results["candidate"] == {
        "recipients": 3,
        "hours_month": 205,
        "cost_month": "1130.09",
        "cost_year": "13561.08",
    }
    assert simulation.results["baseline"]["hours_month"] == 272
    assert simulation.results["months"][0] == "2026-01-01" and len(simulation.results["months"]) == 12
    assert simulation.results["bands"]["minus_40"] == 1
    assert "personal_code" not in str(simulation.results) and "Jānis" not in str(simulation.results)
    for field in ("pdf", "xlsx"):
        stored = getattr(simulation, field)
        assert stored.name
        with stored.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == getattr(simulation, f"{field}_sha256")
    assert simulation.history.filter(status="ready").exists()
    # A second delivery of the task builds nothing.
    assert simulation_services.simulation_build(simulation_id=simulation.pk, task_id="again") == "skipped"
    simulation.refresh_from_db()
    assert (
        simulation.status == Simulation.Status.READY and simulation.results["candidate"]["hours_month"] == 205
    )


def test_a_failed_simulation_says_so_and_keeps_no_results_R_S2(caseworker, supervisor, ministry, monkeypatch):
    grant(caseworker, supervisor)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(simulation_rules, "simulate", broken)
    simulation = simulation_services.simulation_request(
        rule_set=rule_set("V5"), municipality=None, month=JAN, by=ministry
    )
    assert simulation_services.simulation_build_now(simulation).status == Simulation.Status.FAILED
    assert simulation.error == gettext(
        "The simulation could not be computed; try again or tell the administrator."
    )
    assert simulation.results == {} and not simulation.pdf and not simulation.pdf_sha256
    assert simulation_services.simulation_build(simulation_id=simulation.pk, task_id="again") == "skipped"


def test_no_rates_in_force_refuses_the_request(ministry):
    with pytest.raises(simulation_services.SimulationError, match="01.01.2020"):
        simulation_services.simulation_request(
            rule_set=rule_set("V5"), municipality=None, month=dt.date(2020, 1, 1), by=ministry
        )
    assert not Simulation.objects.exists()
