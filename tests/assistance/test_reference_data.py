"""Reference data loaded by migrations (SPEC §4) and the roles of SPEC §1."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from assistance.models import Municipality
from assistance.selectors import municipality_by_name
from core.roles import Role


def test_43_municipalities_of_the_2021_reform(db):
    assert Municipality.objects.count() == 43
    assert Municipality.objects.filter(kind=Municipality.Kind.STATE_CITY).count() == 7
    assert Municipality.objects.filter(kind=Municipality.Kind.NOVADS).count() == 36
    assert not Municipality.objects.exclude(valid_from=dt.date(2021, 7, 1)).exists()


def test_varaklani_merged_into_madona_on_1_july_2025(db):
    varaklani = Municipality.objects.get(name="Varakļānu novads")
    madona = Municipality.objects.get(name="Madonas novads")
    assert varaklani.valid_to == dt.date(2025, 6, 30)
    assert varaklani.merged_into == madona
    assert varaklani.is_valid_on(dt.date(2025, 6, 30))
    assert not varaklani.is_valid_on(dt.date(2025, 7, 1))
    assert madona.is_valid_on(dt.date(2025, 7, 1))
    in_force = [m for m in Municipality.objects.all() if m.is_valid_on(dt.date(2026, 1, 1))]
    assert len(in_force) == 42


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("rīga", "Rīga"),
        ("LIEPĀJA", "Liepāja"),
        ("cēsu novads", "Cēsu novads"),
        (" Ķekavas Novads ", "Ķekavas novads"),
    ],
)
def test_names_match_ignoring_case(typed, canonical, db):
    assert municipality_by_name(typed).name == canonical


def test_unknown_name_matches_nothing(db):
    assert municipality_by_name("Cēsis") is None


def test_names_are_unique_ignoring_case(db):
    with pytest.raises(IntegrityError):
        Municipality.objects.create(name="RĪGA", kind="state_city", valid_from=dt.date(2021, 7, 1))


def test_roles_are_groups_with_their_permissions(db):
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {role.value for role in Role}

    def codes(role):
        return {p.codename for p in groups[role].permissions.all()}

    for role in ("caseworker", "supervisor", "finance"):
        assert "view_municipality_staff" in codes(role)
    assert "view_municipality_staff" not in codes("ministry")
    # An assistant sees own contracts and sheets only (scoped in contracts.timesheet_selectors).
    assert codes("assistant") == {"view_contract", "view_timesheet", "add_timesheet"}
    for role in ("finance", "ministry", "assistant"):
        assert not codes(role) & {"view_person", "view_health_data", "view_assessment", "view_application"}
