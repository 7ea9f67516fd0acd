"""Reference data: the 43 municipalities of 1 July 2021 (SPEC §4, domain-law §6) and the roles of SPEC §1."""

import datetime as dt

from django.db import migrations

from core.migration_utils import grant_role_permissions

REFORM = dt.date(2021, 7, 1)
VARAKLANI_END = dt.date(2025, 6, 30)

STATE_CITIES = ["Daugavpils", "Jelgava", "Jūrmala", "Liepāja", "Rēzekne", "Rīga", "Ventspils"]
NOVADI = [
    "Aizkraukles", "Alūksnes", "Augšdaugavas", "Ādažu", "Balvu", "Bauskas", "Cēsu", "Dienvidkurzemes",
    "Dobeles", "Gulbenes", "Jelgavas", "Jēkabpils", "Krāslavas", "Kuldīgas", "Ķekavas", "Limbažu",
    "Līvānu", "Ludzas", "Madonas", "Mārupes", "Ogres", "Olaines", "Preiļu", "Rēzeknes", "Ropažu",
    "Salaspils", "Saldus", "Saulkrastu", "Siguldas", "Smiltenes", "Talsu", "Tukuma", "Valkas",
    "Valmieras", "Varakļānu", "Ventspils",
]

ROLE_PERMISSIONS = {
    "caseworker": ["assistance.view_municipality", "assistance.view_municipality_staff"],
    "supervisor": ["assistance.view_municipality", "assistance.view_municipality_staff"],
    "finance": ["assistance.view_municipality", "assistance.view_municipality_staff"],
    "ministry": ["assistance.view_municipality"],
    "assistant": [],
}


def load(apps, schema_editor):
    Municipality = apps.get_model("assistance", "Municipality")
    for name in STATE_CITIES:
        Municipality.objects.update_or_create(
            name=name, defaults={"kind": "state_city", "valid_from": REFORM, "valid_to": None}
        )
    for stem in NOVADI:
        Municipality.objects.update_or_create(
            name=f"{stem} novads", defaults={"kind": "novads", "valid_from": REFORM, "valid_to": None}
        )
    madona = Municipality.objects.get(name="Madonas novads")
    Municipality.objects.filter(name="Varakļānu novads").update(
        valid_to=VARAKLANI_END, merged_into=madona
    )
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
