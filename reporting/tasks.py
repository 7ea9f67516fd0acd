"""Celery tasks of the reports (R-F5): thin, taking ids; the services make them idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reporting import jobs, services


@shared_task(name="reporting.build_report", bind=True, acks_late=True)
def build_report(self, report_id: int, generation: int) -> str:
    """Build one generation of a report; a duplicate or retried delivery builds nothing twice."""
    task_id = self.request.id or f"eager-{report_id}-{generation}"
    return services.report_build(report_id=report_id, generation=generation, task_id=task_id)


@shared_task(name="reporting.draft_monthly_reports")
def draft_monthly_reports() -> list[int]:
    """Beat, on the 6th: draft the previous month's reports (R-F5)."""
    today = timezone.localdate()
    return [report.pk for report in services.draft_monthly_reports(today=today)]


@shared_task(name="reporting.dispatch_stale_reports")
def dispatch_stale_reports() -> list[int]:
    """Beat, every few minutes: queue again requests that never reached a worker or lost theirs (reports
    and simulations)."""
    from reporting import simulation_services

    queued = services.dispatch_stale_reports()
    for pk in simulation_services.stale_simulations(timezone.now()):
        jobs.enqueue(build_simulation, pk, 1)
    return queued


@shared_task(name="reporting.build_simulation", bind=True, acks_late=True)
def build_simulation(self, simulation_id: int, _generation: int = 1) -> str:
    """Compute one policy simulation (R-S2); a duplicate delivery computes nothing twice."""
    from reporting import simulation_services

    task_id = self.request.id or f"eager-simulation-{simulation_id}"
    return simulation_services.simulation_build(simulation_id=simulation_id, task_id=task_id)
