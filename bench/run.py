"""`make bench`: page latency and queries per page, in process, on PostgreSQL.

Measures what exists so far (issue 2): the login page, each role's dashboard, the municipality list and
the own municipality page. Later issues add the national-scale generator, locust and the report, PDF,
import and simulation figures (issue 8). Prints one line per page: requests, p50/p95/p99 in ms, queries.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asistents_bench")
os.environ.setdefault("SECRET_KEY", "bench-" + "b" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("HTTPS", "false")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def ensure_database() -> None:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def seed_caseload(caseworker, *, count: int):
    """`count` eligible adults with a submitted application each, made once through the services."""
    import datetime as dt

    from assistance import rules, services
    from assistance.models import Application, Person

    existing = Person.objects.filter(municipality=caseworker.staff_profile.municipality, last_name="Bench")
    for serial in range(existing.count(), count):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=serial * 37)
        first_ten = f"{born:%d%m%y}1{serial % 1000:03d}"
        person = services.person_create(
            municipality=caseworker.staff_profile.municipality,
            personal_code=first_ten + rules.check_digit(first_ten),
            first_name=f"Persona{serial}",
            last_name="Bench",
            by=caseworker,
        )
        services.disability_record_add(person=person, by=caseworker, group="II", limitation_mobility=True)
        application = services.application_create(
            person=person, by=caseworker, received_date=dt.date.today() - dt.timedelta(days=serial % 60)
        )
        services.application_submit(application=application, by=caseworker)
    application = Application.objects.filter(person__in=existing, assessment__isnull=True, status="submitted")
    application = application.select_related("person").first()
    return application.person, application


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assistance import selectors, services
    from core.models import User
    from core.roles import Role

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production storage (manifest)
    users = {}
    for role, municipality in [
        (Role.CASEWORKER, "Rīga"),
        (Role.SUPERVISOR, "Rīga"),
        (Role.ASSISTANT, None),
        (Role.FINANCE, "Rīga"),
        (Role.MINISTRY, None),
    ]:
        user, _ = User.objects.get_or_create(username=f"bench-{role.value}")
        services.staff_member_set(
            user=user,
            roles={role},
            municipality=selectors.municipality_by_name(municipality) if municipality else None,
            by=None,
            reason="bench",
        )
        users[role] = user
    riga = selectors.municipality_by_name("Rīga")
    person, application = seed_caseload(users[Role.CASEWORKER], count=300)

    pages = [
        ("login page (anonymous)", None, "/pieteikties/"),
        *[(f"dashboard ({role.value})", role, "/") for role in Role],
        ("municipality list (caseworker)", Role.CASEWORKER, "/pasvaldibas/"),
        ("municipality list (ministry)", Role.MINISTRY, "/pasvaldibas/"),
        ("own municipality (supervisor)", Role.SUPERVISOR, f"/pasvaldibas/{riga.pk}/"),
        ("person list, 300 persons (caseworker)", Role.CASEWORKER, "/personas/"),
        ("person search by name (caseworker)", Role.CASEWORKER, "/personas/?q=bench"),
        ("application list (caseworker)", Role.CASEWORKER, "/iesniegumi/"),
        ("person page (caseworker)", Role.CASEWORKER, f"/personas/{person.pk}/"),
        ("application page (caseworker)", Role.CASEWORKER, f"/iesniegumi/{application.pk}/"),
        ("questionnaire page (caseworker)", Role.CASEWORKER, f"/iesniegumi/{application.pk}/novertejums/"),
    ]
    print(f"Asistents bench · {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · PostgreSQL")
    print(f"{'page':36} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for label, role, url in pages:
        client = Client()
        if role is not None:
            client.force_login(users[role])
        client.get(url)  # warm-up: templates, session renewal
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        queries = len(captured.captured_queries)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            reset_queries()
        print(
            f"{label:36} {REQUESTS:>5} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} "
            f"{percentile(timings, 0.99):>8.1f} {queries:>8}"
        )
    bench_decision(users[Role.CASEWORKER], users[Role.SUPERVISOR])


def bench_decision(caseworker, supervisor) -> None:
    """Propose and approve one 60-month grant: allocation, decision PDF rendering, the whole approval."""
    import datetime as dt
    import tempfile

    from django.conf import settings
    from django.db import transaction

    from assistance import services
    from assistance.decision_pdf import decision_pdf
    from assistance.models import Application

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="asistents-bench-")
    application = Application.objects.filter(
        municipality=caseworker.staff_profile.municipality, status="submitted", assessment__isnull=True
    ).last()
    with transaction.atomic():
        application = services.application_record_assessment(
            application=application, answers={f"Q{i:02d}": 2 for i in range(1, 13)}, by=caseworker
        )
        started = time.perf_counter()
        services.proposal_grant(application=application, start=dt.date.today(), by=caseworker)
        propose_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        decision = services.proposal_approve(application=application, by=supervisor)
        approve_ms = (time.perf_counter() - started) * 1000
        renders = []
        for _ in range(5):
            started = time.perf_counter()
            size = len(decision_pdf(decision))
            renders.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)  # leave the bench caseload as it was
    print()
    print(f"proposal of a 60-month grant (allocation + 60 months stored): {propose_ms:8.1f} ms")
    print(f"approval incl. decision PDF:                                  {approve_ms:8.1f} ms")
    label = f"decision PDF render, 60 months (median of 5, {size // 1024} KiB):"
    print(f"{label:62}{statistics.median(renders):8.1f} ms")


if __name__ == "__main__":
    main()
