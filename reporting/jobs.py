"""The mechanics every background job row shares (models.BackgroundJob: reports R-F5, simulations R-S2).

A request is recorded on the row first and its task queued after commit (`enqueue`); the task claims the row
(`claim`), reports progress while the claim is its own (`progress`), and ends in FAILED (`fail`) or in its
own last transaction. `stale` finds the rows whose request never reached a worker or whose worker died.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

# A claimed job whose task showed no sign of life for this long is taken over.
STALE_AFTER = dt.timedelta(minutes=5)


def enqueue(task, pk: int, generation: int) -> bool:
    """Queue the task; when the broker is down the request stays queued in the database and the beat job
    `dispatch_stale_reports` queues it again later, so the page answers at once either way."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(pk, generation)
        return True
    try:
        task.delay(pk, generation)
    except Exception:  # kombu's OperationalError and socket errors alike
        logger.warning(
            "job %s %s: the broker is unreachable; the request waits in the database", task.name, pk
        )
        return False
    return True


def claimed_by_another(job, task_id: str, now: dt.datetime) -> bool:
    """Another task holds a live claim on the job (a sign of life within STALE_AFTER)."""
    return bool(
        job.status == job.Status.RUNNING
        and job.claimed_by
        and job.claimed_by != task_id
        and job.heartbeat
        and now - job.heartbeat < STALE_AFTER
    )


def claim(job, *, task_id: str, now: dt.datetime, stage: str, reason: str) -> None:
    """Take the (locked) job for `task_id`: status RUNNING, with its first progress."""
    job.claimed_by = task_id
    job.heartbeat = now
    job.progress = 5
    job.stage = stage
    job.transition_to(
        job.Status.RUNNING, by=None, reason=reason, fields=("claimed_by", "heartbeat", "progress", "stage")
    )


def progress(model, pk: int, task_id: str, percent: int, stage: str) -> bool:
    """Record progress while the claim is the task's own; False when another task took the job over."""
    return bool(
        model.objects.filter(pk=pk, claimed_by=task_id, status=model.Status.RUNNING).update(
            progress=percent, stage=stage, heartbeat=timezone.now()
        )
    )


def fail(model, pk: int, task_id: str, message: str) -> None:
    """End a job the task still holds in FAILED, with a message for the user."""
    with transaction.atomic():
        job = model.objects.select_for_update(of=("self",)).filter(pk=pk, claimed_by=task_id).first()
        if job is None or job.status != model.Status.RUNNING:
            return
        job.error = message
        job.stage = ""
        job.transition_to(model.Status.FAILED, by=None, reason=message, fields=("error", "stage"))


def stale(model, now: dt.datetime) -> QuerySet:
    """Jobs queued for longer than STALE_AFTER, or running without a sign of life for that long."""
    return model.objects.filter(
        Q(status=model.Status.QUEUED, requested_at__lt=now - STALE_AFTER)
        | Q(status=model.Status.RUNNING, heartbeat__lt=now - STALE_AFTER)
    )


def wait(job, *, seconds: float, poll: float):
    """Wait up to `seconds` for a job another process is building; the job as it is then."""
    deadline = time.monotonic() + seconds
    while job.status in job.IN_PROGRESS and time.monotonic() < deadline:
        time.sleep(poll)
        job.refresh_from_db()
    return job
