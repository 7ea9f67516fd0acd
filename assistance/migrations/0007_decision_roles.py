"""The roles' permissions for allocations and decisions (SPEC §1): caseworkers propose, supervisors decide."""

from django.db import migrations

from core.migration_utils import grant_role_permissions

ROLE_PERMISSIONS = {
    "caseworker": ["assistance.add_allocation", "assistance.view_allocation", "assistance.view_decision"],
    "supervisor": ["assistance.view_allocation", "assistance.view_decision", "assistance.add_decision"],
}


def load(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0006_allocations_decisions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
