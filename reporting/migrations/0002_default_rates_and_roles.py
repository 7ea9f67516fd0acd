"""Reference data (SPEC §4): the default rates of R-F1 and the reporting permissions of the roles."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

from core.migration_utils import grant_role_permissions

# R-F1: gross hourly pay from the ministry's 4.50 and 5.11 EUR per hour including the employer's 23.59 %.
DEFAULT_RATES = (
    (dt.date(2021, 7, 1), Decimal("3.64"), "MK noteikumi Nr. 316 (2021): 4,50 EUR/h ar darba devēja VSAOI"),
    (dt.date(2023, 4, 1), Decimal("4.13"), "Grozījumi MK noteikumos Nr. 316 (2023): 5,11 EUR/h ar darba devēja VSAOI"),
)

ROLE_PERMISSIONS = {
    "finance": [
        "reporting.view_report", "reporting.add_report", "reporting.finalise_report",
        "reporting.view_rate", "reporting.add_rate", "reporting.change_rate",
    ],
    "ministry": ["reporting.view_report", "reporting.add_report", "reporting.view_rate"],
    "caseworker": ["reporting.view_violation", "reporting.add_violation"],
    "supervisor": ["reporting.view_violation"],
}  # fmt: skip


def load(apps, schema_editor):
    """Idempotent; re-run by tests after a flush (tests/conftest.py)."""
    Rate = apps.get_model("reporting", "Rate")
    for valid_from, gross, note in DEFAULT_RATES:
        Rate.objects.get_or_create(
            valid_from=valid_from,
            defaults={
                "gross_hourly": gross,
                "employer_percent": Decimal("23.59"),
                "admin_he_percent": Decimal("5.00"),
                "admin_gen_percent": Decimal("8.00"),
                "note": note,
            },
        )
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_reports_rates_violations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
