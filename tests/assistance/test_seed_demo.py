"""`manage.py seed_demo`: the demo users of SPEC §6, only with DEBUG on."""

import pytest
from django.core.management import CommandError, call_command

from core.models import User
from core.roles import Role, roles_of

EXPECTED = {
    "demo-caseworker": (Role.CASEWORKER, "Rīga"),
    "demo-supervisor": (Role.SUPERVISOR, "Rīga"),
    "demo-assistant": (Role.ASSISTANT, None),
    "demo-finance": (Role.FINANCE, "Rīga"),
    "demo-ministry": (Role.MINISTRY, None),
    "demo-caseworker-liepaja": (Role.CASEWORKER, "Liepāja"),
}


def test_seed_demo_creates_one_user_per_role_and_is_repeatable(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(username__startswith="demo-").count() == len(EXPECTED)
    for username, (role, municipality) in EXPECTED.items():
        user = User.objects.get(username=username)
        assert roles_of(user) == {role}
        profile_municipality = user.staff_profile.municipality
        assert (profile_municipality.name if profile_municipality else None) == municipality
        assert user.check_password("demo")


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_seed_demo_adds_a_small_caseload_once_in_every_intake_state(db, settings):
    from assistance.models import Application, Person

    settings.DEBUG = True
    call_command("seed_demo")
    persons = Person.objects.count()
    call_command("seed_demo")
    assert Person.objects.count() == persons >= 7
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "proposed"} <= statuses
    assert Application.objects.filter(assessment__isnull=False).exists()
    assert Person.objects.filter(municipality__name="Liepāja").exists()
    from contracts.models import Contract

    assert Contract.objects.filter(assistant__user__username="demo-assistant").count() == 1
