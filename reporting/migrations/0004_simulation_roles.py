"""The ministry runs policy simulations and drafts rule sets (R-S1, R-S2)."""

from django.db import migrations

from core.migration_utils import grant_role_permissions

ROLE_PERMISSIONS = {
    "ministry": [
        "reporting.view_simulation", "reporting.add_simulation",
        "assistance.view_ruleset", "assistance.add_ruleset", "assistance.change_ruleset",
    ],
}  # fmt: skip


def load(apps, schema_editor):
    """Idempotent; re-run by tests after a flush (tests/conftest.py)."""
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_policy_simulations"), ("assistance", "0009_municipality_transport_limit")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
