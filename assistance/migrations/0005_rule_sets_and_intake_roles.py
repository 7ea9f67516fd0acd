"""Reference data: the rule sets V1–V5 (R-S1) and the intake permissions of the roles (SPEC §1)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

from core.migration_utils import grant_role_permissions

# code: (name, coefficient high, work, education, volunteering/day centre/medical, daily, child, max age)
VARIANTS = {
    "V1": ("1. variants: spēkā esošais", "2", 80, 60, 40, 15, 80, None),
    "V2": ("2. variants: koeficients 1 / 1,5", "1.5", 80, 60, 40, 15, 80, None),
    "V3": ("3. variants: darbspējas vecuma pieaugušie un bērni", "2", 80, 60, 40, 15, 80, 65),
    "V4": ("4. variants: samazinātas izglītības un brīvprātīgā darba stundas", "2", 80, 50, 30, 15, 80, None),
    "V5": ("5. variants: samazinātas stundas", "2", 55, 35, 15, 10, 65, None),
}
LEGAL_BASIS = "MK 18.05.2021. noteikumi Nr. 316; LM konceptuālais ziņojums (MK rīkojums Nr. 592, 09.10.2020)"

ROLE_PERMISSIONS = {
    "caseworker": [
        "assistance.view_person", "assistance.add_person", "assistance.change_person",
        "assistance.view_personal_code", "assistance.view_health_data",
        "assistance.view_application", "assistance.add_application", "assistance.change_application",
        "assistance.view_disabilityrecord", "assistance.add_disabilityrecord",
        "assistance.view_specialcareopinion", "assistance.add_specialcareopinion",
        "assistance.view_applicationdocument", "assistance.add_applicationdocument",
        "assistance.view_ruleset",
        "assessments.view_assessment", "assessments.add_assessment",
    ],
    "supervisor": [
        "assistance.view_person", "assistance.view_personal_code", "assistance.view_health_data",
        "assistance.view_application", "assistance.view_disabilityrecord",
        "assistance.view_specialcareopinion", "assistance.view_applicationdocument",
        "assistance.view_ruleset", "assessments.view_assessment",
    ],
    "finance": ["assistance.view_ruleset"],
    "ministry": ["assistance.view_ruleset"],
    "assistant": [],
}


def load(apps, schema_editor):
    RuleSet = apps.get_model("assistance", "RuleSet")
    for code, (name, high, work, education, other, daily, child, max_age) in VARIANTS.items():
        if RuleSet.objects.filter(code=code).exists():
            continue
        RuleSet.objects.create(
            code=code,
            version=1,
            name=name,
            legal_basis=LEGAL_BASIS,
            valid_from=dt.date(2021, 7, 1) if code == "V1" else None,
            threshold_need=12,
            threshold_high=24,
            coefficient_base=Decimal("1"),
            coefficient_high=Decimal(high),
            hours_work=work,
            hours_education=education,
            hours_higher_education=education,
            hours_volunteering=other,
            hours_day_centre=other,
            hours_medical=other,
            hours_daily=daily,
            child_hours=child,
            weekly_cap=40,
            weekly_cap_vision=30,
            max_years=5,
            adult_max_age=max_age,
            purpose_bound=False,
            timesheet_deadline_day=10,
        )
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0004_intake"), ("assessments", "0002_questionnaire_2021")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
