"""`make bench`, after bench/run.py: a policy simulation (R-S2) of a national caseload.

Writes 15,000 persons with approved grants covering the current month across the 43 municipalities straight
into the bench database (bulk inserts of only the rows the simulation's loader reads: person, assessment,
application, allocation with its stored inputs; no allocation months), plus 3 % refused for insufficient need
(with their disability record and purposes, which the loader reads for them). Mixes: 70 % coefficient 1,
25 % coefficient 2, 5 % children; WORK 30 %, EDUCATION or HIGHER_EDUCATION 15 % (with a study period),
DAY_CENTRE 10 %, MEDICAL 10 %; grants started up to 4½ years ago, some disabilities ending within the year.

Then times `simulation_services.run` of V5 against the rule set in force for the whole country, as the
Celery task and `simulate_policy` run it, and prints the figures. The data is made afresh on every run and
removed at the end (so bench/run.py's pages keep measuring their own caseload); `--keep` leaves it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asistents_bench .venv/bin/python bench/simulate.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asistents_bench")
os.environ.setdefault("SECRET_KEY", "bench-" + "b" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("HTTPS", "false")

from run import ensure_database  # noqa: E402  (bench/run.py: creates the bench database when missing)

PERSONS = int(os.environ.get("BENCH_SIMULATION_PERSONS", "15000"))
REFUSED_SHARE = 0.03
MARKER = "Simulācija-bench"  # last name of every generated person: what the clean-up deletes
BATCH = 2000


def peak_rss_mib() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def personal_code(serial: int) -> str:
    """A new-format code (32…, R-P1) with its check digit; old-format codes of bench/run.py never collide."""
    from assistance import rules

    first_ten = f"32{50_000_000 + serial:08d}"
    return first_ten + rules.check_digit(first_ten)


def answers_for(points: int) -> dict[str, int]:
    values = [min(3, max(0, points - 3 * i)) for i in range(12)]
    return {f"Q{i:02d}": value for i, value in enumerate(values, start=1)}


def clean() -> None:
    """Remove the generated caseload with plain SQL (no per-row signals or history rows: the bulk inserts
    made none either)."""
    from django.db import connection

    from assessments.models import Assessment
    from assistance.models import Allocation, Application, ApplicationPurpose, DisabilityRecord, Person

    person, application = Person._meta.db_table, Application._meta.db_table
    ours = f"SELECT id FROM {person} WHERE last_name = %s"
    applications = f"SELECT id FROM {application} WHERE person_id IN ({ours})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Allocation._meta.db_table} WHERE application_id IN ({applications})", [MARKER]
        )
        cursor.execute(
            f"DELETE FROM {ApplicationPurpose._meta.db_table} WHERE application_id IN ({applications})",
            [MARKER],
        )
        cursor.execute(
            f"WITH gone AS (DELETE FROM {application} WHERE person_id IN ({ours}) RETURNING assessment_id) "
            f"DELETE FROM {Assessment._meta.db_table} WHERE id IN (SELECT assessment_id FROM gone)",
            [MARKER],
        )
        cursor.execute(f"DELETE FROM {DisabilityRecord._meta.db_table} WHERE person_id IN ({ours})", [MARKER])
        cursor.execute(f"DELETE FROM {person} WHERE last_name = %s", [MARKER])


def study_period(month: dt.date) -> tuple[dt.date, dt.date]:
    """The academic year around `month`: 01.09–30.06."""
    year = month.year if month.month >= 9 else month.year - 1
    return dt.date(year, 9, 1), dt.date(year + 1, 6, 30)


def generate(month: dt.date, *, user, count: int, seed: int = 7) -> tuple[int, int]:
    """Bulk-insert `count` granted persons and 3 % refused ones; return (granted, refused)."""
    from django.utils import timezone

    from assessments.models import Assessment, Questionnaire
    from assistance import rules
    from assistance import services as assistance_services
    from assistance.models import (
        Allocation,
        Application,
        ApplicationPurpose,
        DisabilityRecord,
        Municipality,
        Person,
        RuleSet,
    )

    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("name"))
    weights = [30.0 if m.name == "Rīga" else 4.0 if m.kind != "novads" else 1.5 for m in municipalities]
    questionnaire = Questionnaire.objects.filter(is_active=True).order_by("-valid_from").first()
    rule_set = RuleSet.objects.get(code="V1", version=1)
    numbers = assistance_services.rule_numbers(rule_set)
    study = study_period(month)
    now = timezone.now()
    refused_count = round(count * REFUSED_SHARE)

    persons, kinds = [], []
    for serial in range(count + refused_count):
        kind = "refused" if serial >= count else rng.choices(["base", "high", "child"], [70, 25, 5])[0]
        if kind == "child":
            born = month - dt.timedelta(days=rng.randint(6 * 365, 17 * 365))
        else:
            born = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randint(0, 62 * 365))
        persons.append(
            Person(
                municipality=rng.choices(municipalities, weights)[0],
                personal_code=personal_code(serial),
                first_name=f"Persona{serial}",
                last_name=MARKER,
                birth_date=born,
            )
        )
        kinds.append(kind)
    Person.objects.bulk_create(persons, batch_size=BATCH)

    assessments, applications, grants, purposes_of, starts = [], [], [], [], []
    for person, kind in zip(persons, kinds, strict=True):
        start = month - dt.timedelta(days=rng.randint(-14, 4 * 365 + 180))
        starts.append(start)
        purposes: list[rules.PurposeRequest] = []
        if kind != "child":
            for code, share in (("WORK", 30), ("DAY_CENTRE", 10), ("MEDICAL", 10)):
                if rng.random() * 100 < share:
                    purposes.append(rules.PurposeRequest(code))
            if rng.random() < 0.15:
                purposes.append(rules.PurposeRequest(rng.choice(["EDUCATION", "HIGHER_EDUCATION"]), *study))
        purposes_of.append(purposes)
        points = {
            "base": rng.randint(12, 23), "high": rng.randint(24, 36), "refused": rng.randint(0, 11)
        }.get(kind)  # fmt: skip
        assessment = None
        if points is not None:
            result = "no_need" if points < 12 else "base" if points < 24 else "high"
            assessment = Assessment(
                municipality=person.municipality,
                questionnaire=questionnaire,
                answers=answers_for(points),
                total=points,
                result=result,
                coefficient={"base": Decimal("1"), "high": Decimal("2")}.get(result),
                rule_set_code="V1",
                rule_set_version=1,
                threshold_need=12,
                threshold_high=24,
                assessed_on=start - dt.timedelta(days=10),
                assessed_by=user,
            )
            assessments.append(assessment)
        applications.append(
            Application(
                person=person,
                municipality=person.municipality,
                received_date=start - dt.timedelta(days=20),
                status=Application.Status.APPROVED,
                track=Application.Track.CHILD if kind == "child" else Application.Track.ADULT,
                outcome=Application.Outcome.REFUSAL if kind == "refused" else Application.Outcome.GRANT,
                refusal_code=rules.RefusalCode.NO_NEED.value if kind == "refused" else "",
                assessment=assessment,
                created_by=user,
                proposed_by=user,
                proposed_at=now,
                status_changed_at=now,
            )
        )
    Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    Application.objects.bulk_create(applications, batch_size=BATCH)  # takes the assessments' new ids

    records, requested = [], []
    for person, kind, application, purposes, start in zip(
        persons, kinds, applications, purposes_of, starts, strict=True
    ):
        group = "I" if rng.random() < 0.4 else "II"
        vision = rng.random() < 0.2
        allowance = group == "I" and vision and rng.random() < 0.5
        valid_until = None if rng.random() < 0.6 else month + dt.timedelta(days=rng.randint(1, 4 * 365))
        if kind == "refused":
            records.append(
                DisabilityRecord(
                    person=person, group=group, limitation_vision=vision, limitation_mobility=not vision,
                    assistant_allowance=allowance, valid_from=dt.date(2020, 1, 1), valid_until=valid_until,
                )
            )  # fmt: skip
            requested += [
                ApplicationPurpose(
                    application=application,
                    purpose=p.purpose,
                    evidence="Bench",
                    study_start=p.study_start,
                    study_end=p.study_end,
                )
                for p in purposes
            ]
            continue
        child = kind == "child"
        coefficient = None if child else application.assessment.coefficient
        inputs = rules.AllocationInput(
            start=start,
            birth_date=person.birth_date,
            is_child=child,
            coefficient=coefficient,
            purposes=tuple(purposes),
            disability_group="" if child else group,
            vision_limitation=not child and vision,
            assistant_allowance=not child and allowance,
            disability_valid_until=None if child else valid_until,
        )
        end, reason = rules.grant_end(inputs, numbers.max_years)
        grants.append(
            Allocation(
                application=application,
                municipality=person.municipality,
                personal_code=person.personal_code,
                rule_set=rule_set,
                status=Allocation.Status.APPROVED,
                start=inputs.start,
                end=max(end, inputs.start),
                natural_end=max(end, inputs.start),
                end_reason=reason.value,
                weekly_cap=rules.weekly_cap(
                    numbers,
                    group=inputs.disability_group,
                    vision=vision,
                    allowance=inputs.assistant_allowance,
                ),
                coefficient=coefficient,
                inputs=assistance_services.inputs_to_json(inputs),
                explanation="",
            )
        )
    DisabilityRecord.objects.bulk_create(records, batch_size=BATCH)
    ApplicationPurpose.objects.bulk_create(requested, batch_size=BATCH)
    Allocation.objects.bulk_create(grants, batch_size=BATCH)
    return len(grants), refused_count


def write_caseload(month: dt.date) -> None:
    """The child process: replace the generated caseload and print how many were granted and refused."""
    import django

    django.setup()
    from django.db import connection

    from core.models import User

    user, _ = User.objects.get_or_create(username="bench-simulation")
    clean()
    granted, refused = generate(month, user=user, count=PERSONS)
    with connection.cursor() as cursor:
        # A database in use has its planner statistics from autovacuum; right after a bulk insert of this
        # size it has none yet, and the loader's streaming cursor then gets a nested-loop plan of minutes.
        cursor.execute("ANALYZE")
    print(granted, refused)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the generated caseload in the database")
    parser.add_argument("--write-only", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_only:
        write_caseload(dt.date.fromisoformat(args.write_only))
        return
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from assistance import services as assistance_services
    from assistance.models import RuleSet
    from reporting import simulation_services

    call_command("migrate", verbosity=0)
    month = dt.date.today().replace(day=1)

    # The caseload is written by a child process, so that this process's peak memory is the simulation's.
    started = time.perf_counter()
    written = subprocess.run(
        [sys.executable, __file__, "--write-only", month.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    )
    granted, refused = (int(n) for n in written.stdout.split()[-2:])
    generate_s = time.perf_counter() - started

    v5 = RuleSet.objects.filter(code="V5").order_by("-version").first()
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    result, baseline = simulation_services.run(rule_set=v5, municipality=None, month=month)
    run_s = time.perf_counter() - started
    rss_after = peak_rss_mib()  # the run streams the caseload; nothing else has been held yet
    started = time.perf_counter()
    for _case in simulation_services.simulation_cases(municipality=None, month=month):
        pass
    load_s = time.perf_counter() - started
    if not args.keep:
        clean()

    in_force = assistance_services.rule_set_in_force(month)
    assert baseline == in_force and result.cases == granted + refused, (result.cases, granted, refused)
    print()
    print(
        f"policy simulation · {v5.code} against {baseline.code} · whole country · {month:%m.%Y} + 11 months"
    )
    print(
        f"{'persons simulated (granted + refused for no need)':52} {result.cases:>10,} "
        f"({granted:,} + {refused:,})"
    )
    print(f"{'municipalities':52} {len(result.municipalities):>10}")
    print(f"{'caseload written (bulk inserts + ANALYZE, child)':52} {generate_s:>10.1f} s")
    print(f"{'loading the caseload alone':52} {load_s:>10.1f} s")
    print(f"{'loading + simulating (simulation_services.run)':52} {run_s:>10.1f} s")
    print(
        f"{'peak memory of the process (max RSS)':52} {rss_after:>10.0f} MiB "
        f"(Django loaded, before the simulation: {rss_before:.0f} MiB)"
    )
    for label, totals in ((baseline.code, result.baseline), (v5.code, result.candidate)):
        print(
            f"{label + ': recipients / hours a month / cost a month / a year':52} {totals.recipients:>10,} "
            f"/ {totals.hours_month:,} h / {totals.cost_month:,} EUR / {totals.cost_year:,} EUR"
        )
    bands = ", ".join(f"{band} {count:,}" for band, count in result.bands.items() if count)
    print(f"{'bands (first month)':52} {bands}")
    print(f"{'hours gained / lost (first month)':52} {result.hours_gained:>10,} / {result.hours_lost:,}")


if __name__ == "__main__":
    main()
