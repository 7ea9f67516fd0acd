"""Rule sets as data (R-S1): V1–V5 by migration; an edit of a version in use becomes a new version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import services
from assistance.models import RuleSet
from tests.assistance.factories import make_application, make_eligible_adult

pytestmark = pytest.mark.django_db

TABLE = {  # SPEC R-S1: work, education, volunteering/day centre/medical, daily, child, high coefficient
    "V1": (80, 60, 40, 15, 80, Decimal("2")),
    "V2": (80, 60, 40, 15, 80, Decimal("1.5")),
    "V3": (80, 60, 40, 15, 80, Decimal("2")),
    "V4": (80, 50, 30, 15, 80, Decimal("2")),
    "V5": (55, 35, 15, 10, 65, Decimal("2")),
}


@pytest.mark.parametrize("code", list(TABLE))
def test_migration_loads_the_five_variants_R_S1(code):
    rs = RuleSet.objects.get(code=code, version=1)
    work, education, other, daily, child, high = TABLE[code]
    assert (rs.hours_work, rs.hours_education, rs.hours_higher_education) == (work, education, education)
    assert (rs.hours_volunteering, rs.hours_day_centre, rs.hours_medical) == (other, other, other)
    assert (rs.hours_daily, rs.child_hours, rs.coefficient_base, rs.coefficient_high) == (
        daily,
        child,
        1,
        high,
    )
    assert (rs.threshold_need, rs.threshold_high, rs.weekly_cap, rs.weekly_cap_vision, rs.max_years) == (
        12, 24, 40, 30, 5,
    )  # fmt: skip


def test_unused_rule_set_is_edited_in_place_R_S1(admin_user):
    v5 = RuleSet.objects.get(code="V5")
    v5.hours_daily = 12
    saved = services.rule_set_save(rule_set=v5, by=admin_user)
    assert (saved.pk, saved.version) == (v5.pk, 1)
    assert RuleSet.objects.filter(code="V5").count() == 1


def test_editing_a_rule_set_in_use_creates_a_new_version_R_S1(caseworker, admin_user):
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    v1 = RuleSet.objects.get(code="V1", version=1)
    v1.hours_daily = 20
    v1.valid_from = dt.date(2027, 1, 1)
    saved = services.rule_set_save(rule_set=v1, by=admin_user)
    assert saved.version == 2 and saved.hours_daily == 20
    original = RuleSet.objects.get(code="V1", version=1)
    assert original.hours_daily == 15 and original.valid_to == dt.date(2026, 12, 31)
    assert services.rule_set_in_force(dt.date(2026, 12, 31)).version == 1
    assert services.rule_set_in_force(dt.date(2027, 1, 1)).version == 2


def test_admin_edit_of_a_used_rule_set_saves_a_new_version(client, admin_user, caseworker):
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    v1 = RuleSet.objects.get(code="V1", version=1)
    client.force_login(admin_user)
    url = reverse("admin:assistance_ruleset_change", args=[v1.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else ("on" if v is True else v)) for k, v in data.items() if v is not False}
    data.update(hours_daily="18", valid_from="2027-01-01")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RuleSet.objects.get(code="V1", version=1).hours_daily == 15
    assert RuleSet.objects.get(code="V1", version=2).hours_daily == 18


def test_admin_refuses_thresholds_out_of_order(client, admin_user):
    v4 = RuleSet.objects.get(code="V4")
    client.force_login(admin_user)
    url = reverse("admin:assistance_ruleset_change", args=[v4.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else ("on" if v is True else v)) for k, v in data.items() if v is not False}
    data.update(threshold_need="30", threshold_high="20")
    response = client.post(url, data)
    assert response.status_code == 200 and RuleSet.objects.get(pk=v4.pk).threshold_need == 12
