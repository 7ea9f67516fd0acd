"""Policy simulations (R-S2): load the caseload, run it through two rule sets, keep the aggregates.

The job follows the reports' pattern (services.py): the row is recorded first and the task queued after
commit; the task claims the row (status QUEUED → RUNNING with its task id), computes outside any
transaction, and stores the result only while the claim is its own. A simulation is never changed once
ready; asking again makes a new row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance import services as assistance_services
from assistance.models import Allocation, Application, Municipality, RuleSet
from core.models import User
from reporting import jobs, rules, services, simulation_rules
from reporting.models import Simulation

logger = logging.getLogger(__name__)


class SimulationError(ValueError):
    """A request that cannot be simulated; the message is for the user."""


def numbers_of(rule_set: RuleSet) -> simulation_rules.RuleSetNumbers:
    return simulation_rules.RuleSetNumbers(
        label=f"{rule_set.code} v{rule_set.version}",
        numbers=assistance_services.rule_numbers(rule_set),
        threshold_need=rule_set.threshold_need,
        threshold_high=rule_set.threshold_high,
        coefficient_base=rule_set.coefficient_base,
        coefficient_high=rule_set.coefficient_high,
        adult_max_age=rule_set.adult_max_age,
    )


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _grants_in(first: dt.date, last: dt.date):
    """Approved grants with days between `first` and `last`. A grant superseded from its first day (a new
    decision starting on or before it) has no months left and is no grant at all."""
    grants = Allocation.objects.filter(status=Allocation.Status.APPROVED, start__lte=last, end__gte=first)
    return grants.exclude(superseded_from__lte=F("start"))


def simulation_cases(*, municipality: Municipality | None, month: dt.date) -> Iterator[simulation_rules.Case]:
    """The current caseload (R-S2): each person with approved grants in the twelve simulated months from
    `month` (their stored inputs; a grant superseded by a later decision ends where it was cut, the later
    grant follows it in the same case), and each person whose latest decision refused the service for
    insufficient need (R-Q3; their evidence as on the first day of the month). Pending applications have no
    decision to compare against and are left out. A constant number of queries, whatever the caseload."""
    first = month.replace(day=1)
    last = simulation_rules.month_end(simulation_rules.months_from(first)[-1])
    grants = _grants_in(first, last)
    if municipality is not None:
        grants = grants.filter(municipality=municipality)
    rows = grants.order_by("application__person_id", "start", "pk").values_list(
        "application__person_id",
        "municipality_id",
        "inputs",
        "application__assessment__total",
        "end",
        "superseded_from",
    )
    current: list[simulation_rules.Case] = []
    for person_id, municipality_id, inputs, points, end, superseded_from in rows.iterator(chunk_size=2000):
        if current and current[0].key != person_id:
            yield dataclasses.replace(current[0], later=tuple(current[1:]))
            current = []
        decoded = assistance_services.inputs_from_json(inputs)
        current.append(
            simulation_rules.Case(
                key=person_id,
                municipality_id=municipality_id,
                inputs=decoded,
                points=None if decoded.is_child else points,
                end=end if superseded_from is not None else None,
            )
        )
    if current:
        yield dataclasses.replace(current[0], later=tuple(current[1:]))
    refusals = Application.objects.filter(
        status=Application.Status.APPROVED,
        outcome=Application.Outcome.REFUSAL,
        refusal_code=assistance_services.rules.RefusalCode.NO_NEED.value,
        track=Application.Track.ADULT,
        assessment__isnull=False,
        received_date__lte=_month_end(first),
    )
    if municipality is not None:
        refusals = refusals.filter(municipality=municipality)
    newest = Application.objects.filter(
        person_id=OuterRef("person_id"), status=Application.Status.APPROVED
    ).order_by("-received_date", "-pk")
    served = _grants_in(first, last).filter(application__person_id=OuterRef("person_id"))
    refusals = (
        refusals.filter(pk=Subquery(newest.values("pk")[:1]))
        .exclude(Exists(served))
        .select_related("person", "assessment")
        .prefetch_related("purposes", "person__disability_records", "person__special_care_opinions")
        .order_by("person_id")
    )
    for application in refusals:
        inputs = _inputs_in_memory(application, first)
        if inputs is None:
            continue
        yield simulation_rules.Case(
            key=application.person_id,
            municipality_id=application.municipality_id,
            inputs=inputs,
            points=application.assessment.total,
        )


def _latest(records, first: dt.date):
    """The latest record valid on `first` (as LATEST_FIRST orders them), from prefetched rows."""
    valid = [
        record
        for record in records
        if (record.valid_from is None or record.valid_from <= first)
        and (record.valid_until is None or record.valid_until >= first)
    ]
    return max(valid, key=lambda record: (record.valid_from or dt.date.min, record.pk), default=None)


def _inputs_in_memory(application: Application, first: dt.date):
    """assistance_services.allocation_inputs, from prefetched rows (no query per person); None when the
    person's disability is no longer valid on the first day of the month."""
    person = application.person
    record = _latest(person.disability_records.all(), first)
    if record is None:
        return None
    opinion = _latest(person.special_care_opinions.all(), first)
    return assistance_services.rules.AllocationInput(
        start=first,
        birth_date=person.birth_date,
        is_child=False,
        coefficient=None,
        purposes=tuple(
            assistance_services.rules.PurposeRequest(p.purpose, p.study_start, p.study_end)
            for p in application.purposes.all()
        ),
        disability_group=record.group,
        vision_limitation=record.limitation_vision,
        assistant_allowance=record.assistant_allowance,
        disability_valid_until=record.valid_until,
        special_care_valid_until=opinion.valid_until if opinion else None,
    )


def run(
    *, rule_set: RuleSet, municipality: Municipality | None, month: dt.date, progress=None
) -> tuple[simulation_rules.Result, RuleSet]:
    """Simulate in this process: the same computation the task makes (and `simulate_policy` prints)."""
    month = month.replace(day=1)
    baseline = assistance_services.rule_set_in_force(month)
    rates = rules.rates_for_month(services.rates_table(), month)
    result = simulation_rules.simulate(
        simulation_cases(municipality=municipality, month=month),
        baseline=numbers_of(baseline),
        candidate=numbers_of(rule_set),
        months=simulation_rules.months_from(month),
        rates=rates,
        progress=progress,
    )
    return result, baseline


# ------------------------------------------------------------------------------------------ results


def _totals_json(totals: simulation_rules.Totals) -> dict:
    return {
        "recipients": totals.recipients,
        "hours_month": totals.hours_month,
        "cost_month": str(totals.cost_month),
        "cost_year": str(totals.cost_year),
    }


def result_json(result: simulation_rules.Result, *, names: dict[int, str]) -> dict:
    """What is stored and shown: aggregates only, municipalities by name, never a person."""
    return {
        "months": [month.isoformat() for month in result.months],
        "cases": result.cases,
        "baseline": _totals_json(result.baseline),
        "candidate": _totals_json(result.candidate),
        "municipalities": [
            {
                "name": names.get(row.municipality_id, str(row.municipality_id)),
                "baseline": _totals_json(row.baseline),
                "candidate": _totals_json(row.candidate),
            }
            for row in sorted(result.municipalities, key=lambda row: names.get(row.municipality_id, ""))
        ],
        "bands": result.bands,
        "hours_gained": result.hours_gained,
        "hours_lost": result.hours_lost,
    }


# -------------------------------------------------------------------------------------------- job


def simulation_request(
    *, rule_set: RuleSet, municipality: Municipality | None, month: dt.date, by: User | None
) -> Simulation:
    """Record a simulation and queue it after commit (R-S2, like the reports' R-F5)."""
    from reporting import tasks

    month = month.replace(day=1)
    try:
        rules.rates_for_month(services.rates_table(), month)
    except rules.NoRateError:
        raise SimulationError(
            _("No rates were in force on %(day)s.") % {"day": f"{month:%d.%m.%Y}"}
        ) from None
    with transaction.atomic():
        simulation = Simulation(
            rule_set=rule_set,
            municipality=municipality,
            month=month,
            requested_by=by,
            requested_at=timezone.now(),
            stage=_("Queued"),
        )
        simulation.save_with_reason(by=by, reason=_("Simulation requested"))
        pk = simulation.pk
        transaction.on_commit(lambda: jobs.enqueue(tasks.build_simulation, pk, 1))
    return simulation


def _claim(simulation_id: int, task_id: str) -> Simulation | None:
    now = timezone.now()
    with transaction.atomic():
        simulation = (
            Simulation.objects.select_for_update(of=("self",))
            .select_related("rule_set", "municipality")
            .filter(pk=simulation_id)
            .first()
        )
        if simulation is None or simulation.status not in Simulation.IN_PROGRESS:
            return None
        if jobs.claimed_by_another(simulation, task_id, now):
            return None
        jobs.claim(
            simulation,
            task_id=task_id,
            now=now,
            stage=_("Loading the caseload"),
            reason=_("Simulation started"),
        )
        return simulation


def _progress(simulation_id: int, task_id: str, percent: int, stage: str) -> None:
    jobs.progress(Simulation, simulation_id, task_id, percent, stage)


def simulation_build(*, simulation_id: int, task_id: str) -> str:
    """The task's body: compute, render the files, store; "built", "skipped" or "failed"."""
    from reporting import simulation_exports

    simulation = _claim(simulation_id, task_id)
    if simulation is None:
        return "skipped"
    scope = simulation.municipality
    expected = max(1, _expected_cases(scope, simulation.month))

    def progress(done: int) -> None:
        _progress(simulation_id, task_id, min(85, 5 + 80 * done // expected), _("Computing"))

    try:
        result, baseline = run(
            rule_set=simulation.rule_set, municipality=scope, month=simulation.month, progress=progress
        )
        names = dict(Municipality.objects.values_list("pk", "name"))
        data = result_json(result, names=names)
        _progress(simulation_id, task_id, 90, _("Writing the files"))
        simulation.baseline = baseline
        simulation.results = data
        simulation.cases = result.cases
        files = {
            "pdf": simulation_exports.pdf_bytes(simulation),
            "xlsx": simulation_exports.xlsx_bytes(simulation),
        }
    except Exception:
        logger.exception("simulation %s failed", simulation_id)
        _fail(
            simulation_id,
            task_id,
            _("The simulation could not be computed; try again or tell the administrator."),
        )
        return "failed"
    with transaction.atomic():
        stored = Simulation.objects.select_for_update(of=("self",)).get(pk=simulation_id)
        if stored.claimed_by != task_id or stored.status != Simulation.Status.RUNNING:
            return "skipped"
        stored.baseline = baseline
        stored.results = data
        stored.cases = result.cases
        stem = f"simulacija-{stored.pk}-{simulation.rule_set.code}-{stored.month:%Y-%m}"
        for extension, content in files.items():
            getattr(stored, extension).save(f"{stem}.{extension}", ContentFile(content), save=False)
            setattr(stored, f"{extension}_sha256", hashlib.sha256(content).hexdigest())
        stored.built_at = timezone.now()
        stored.progress = 100
        stored.stage = ""
        stored.transition_to(
            Simulation.Status.READY,
            by=None,
            reason=_("Simulation ready"),
            fields=("baseline", "results", "cases", "pdf", "pdf_sha256", "xlsx", "xlsx_sha256", "built_at",
                    "progress", "stage"),
        )  # fmt: skip
    return "built"


def _expected_cases(municipality: Municipality | None, month: dt.date) -> int:
    last = simulation_rules.month_end(simulation_rules.months_from(month)[-1])
    grants = _grants_in(month, last)
    if municipality is not None:
        grants = grants.filter(municipality=municipality)
    return grants.values("application__person_id").distinct().count()


def _fail(simulation_id: int, task_id: str, message: str) -> None:
    jobs.fail(Simulation, simulation_id, task_id, message)


def simulation_build_now(simulation: Simulation) -> Simulation:
    """Compute a queued simulation in this process (the `simulate_policy` command)."""
    simulation_build(simulation_id=simulation.pk, task_id=f"local-simulation-{simulation.pk}")
    simulation.refresh_from_db()
    return simulation


def stale_simulations(now: dt.datetime) -> list[int]:
    return list(jobs.stale(Simulation, now).values_list("pk", flat=True))
