import os

from celery import shared_task
from django.db import connection


@shared_task(name="core.ping")
def ping() -> dict:
    """A health probe for the worker: answers with its process id and the database it reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pid": os.getpid(), "database": connection.settings_dict["NAME"], "db_ok": one == 1}
