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


def test_seed_demo_gives_finance_accepted_sheets_of_the_last_two_months_to_report(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Issue 6: demo-finance can generate a report with figures straight after `make run`."""
    import datetime as dt

    from django.utils import timezone

    from contracts.models import Timesheet
    from reporting import services

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    accepted = Timesheet.objects.filter(status="accepted", municipality__name="Rīga")
    assert accepted.filter(month=last_month).count() == 4
    assert accepted.count() == 8
    assert {"employee", "self_employed"} == set(accepted.values_list("contract__tax_status", flat=True))
    finance = User.objects.get(username="demo-finance")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            municipality=finance.staff_profile.municipality, month=last_month, by=finance
        )
    report.refresh_from_db()
    assert report.status == "ready"
    main, adjustment = report.rows.order_by("position")
    assert (main.month, main.recipients, adjustment.recipients) == (last_month, 4, 4)
    assert main.admin_he > 0 and main.admin_gen > 0  # the student's HIGHER_EDUCATION hours and the others
