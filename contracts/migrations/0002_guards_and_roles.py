"""PostgreSQL guard: no two entries of one sheet overlap in time (R-T2); the roles' permissions (SPEC §1).

SQLite (the embedded default of `make run`) has no exclusion constraints; there the service's validation
(R-T2, contracts.rules) is the guard."""

from django.db import migrations

from core.migration_utils import grant_role_permissions

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE contracts_timesheetentry ADD CONSTRAINT entry_no_overlap_in_sheet
    EXCLUDE USING gist (timesheet_id WITH =, tsrange(day + start, day + "end") WITH &&);
"""
DROP = "ALTER TABLE contracts_timesheetentry DROP CONSTRAINT IF EXISTS entry_no_overlap_in_sheet;"

ROLE_PERMISSIONS = {
    "caseworker": [
        "contracts.view_contract", "contracts.add_contract", "contracts.view_assistant",
        "contracts.add_assistant", "contracts.change_assistant", "contracts.view_provider",
        "contracts.add_provider", "contracts.view_timesheet", "contracts.change_timesheet",
    ],
    "supervisor": ["contracts.view_contract", "contracts.view_assistant", "contracts.view_timesheet"],
    "assistant": ["contracts.view_contract", "contracts.view_timesheet", "contracts.add_timesheet"],
}  # fmt: skip


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


def load(apps, schema_editor):
    """Reference data part, re-run by tests after a flush (tests/conftest.py)."""
    grant(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
