"""Rule-set drafts of the ministry (R-S1, issue 7 point 2): validation, versions, coming into force on the
valid-from day only, edits refused once in force or used, the pages in Latvian, and who may open them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from assistance import rules, services
from assistance.models import Allocation, RuleSet
from core.roles import Role
from tests.assistance.factories import make_application, make_eligible_adult

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # the pure table tests take "today" as an argument

# The numbers of V1 (SPEC R-S1), typed here, not read from the database.
V1_NUMBERS = {
    "valid_from": None,
    "threshold_need": 12,
    "threshold_high": 24,
    "coefficient_base": Decimal("1"),
    "coefficient_high": Decimal("2"),
    "hours_work": 80,
    "hours_education": 60,
    "hours_higher_education": 60,
    "hours_volunteering": 40,
    "hours_day_centre": 40,
    "hours_medical": 40,
    "hours_daily": 15,
    "child_hours": 80,
    "weekly_cap": 40,
    "weekly_cap_vision": 30,
    "max_years": 5,
    "adult_max_age": None,
    "purpose_bound": False,
    "timesheet_deadline_day": 10,
}
HOURS_FIELDS = (
    "hours_work", "hours_education", "hours_higher_education", "hours_volunteering", "hours_day_centre",
    "hours_medical", "hours_daily", "child_hours",
)  # fmt: skip


CAP_RANGE = "A weekly cap is from 1 to 168 hours (7 days × 24 hours)."
VISION_CAP = "The cap with the assistant-use allowance cannot be more than the weekly cap (%(cap)d h)."
YEARS = "The maximum grant is from 1 to 10 years."
AGE = "The oldest age is from 18 to 120 years; leave it empty for no upper age."
DEADLINE = "The deadline is a day from 1 to 28, so that every month has it."
VALID_FROM = (
    "A rule set comes into force only after today (from %(day)s at the earliest), so that decisions "
    "already taken stay as they are; leave it empty for a draft to simulate."
)
HIGH_ABOVE_NEED = "The points for very large support must be more than the points needed (%(need)d)."


def problems(**changes) -> list[tuple[str, str]]:
    with translation.override("en"):
        found = rules.check_rule_set_numbers({**V1_NUMBERS, **changes}, today=TODAY)
        return [(field, str(message)) for field, message in found]


def lv(message: str, **values) -> str:
    """A message as the Latvian page shows it (translated, formatted, HTML-escaped)."""
    with translation.override("lv"):
        translated = gettext(message)
    return escape(translated % values if values else translated)


def text(response) -> str:
    return response.content.decode()


def today() -> dt.date:
    return timezone.localdate()


def draft_data(**changes) -> dict:
    return {"code": "V1", "name": "Projekts", "legal_basis": "MK noteikumi Nr. 316", **V1_NUMBERS, **changes}


def form_data(**changes) -> dict:
    """What the page posts: V1's numbers as a person types them (decimal comma, dd.mm.yyyy)."""
    data = {
        field: ("" if value is None else str(value))
        for field, value in V1_NUMBERS.items()
        if field != "purpose_bound"
    }
    data.update(code="V1", name="Projekts", legal_basis="MK noteikumi Nr. 316")
    data.update(changes)
    return data


def v1() -> RuleSet:
    return RuleSet.objects.get(code="V1", version=1)


# ------------------------------------------------------------------------------------------ pure checks


@pytest.mark.parametrize("code", ["V1", "V2", "V3", "V4", "V5"])
def test_the_shipped_variants_pass_the_checks_R_S1(code):
    rule_set = RuleSet.objects.get(code=code, version=1)
    values = {field: getattr(rule_set, field) for field in V1_NUMBERS}
    values["valid_from"] = None
    assert rules.check_rule_set_numbers(values, today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"threshold_need": 24, "threshold_high": 24},
            ("threshold_high", HIGH_ABOVE_NEED % {"need": 24}),
        ),
        (
            {"threshold_need": 20, "threshold_high": 15},
            ("threshold_high", HIGH_ABOVE_NEED % {"need": 20}),
        ),
        (
            {"threshold_need": 0},
            ("threshold_need", "The points needed for the service are from 1 to 35 (the maximum is 36)."),
        ),
        (
            {"threshold_high": 37},
            (
                "threshold_high",
                "The points for very large support are at most 36, the questionnaire's total.",
            ),
        ),
    ],
)
def test_thresholds_are_ordered_and_within_the_questionnaire_R_S1(changes, expected):
    assert problems(**changes) == [expected]


def test_thresholds_one_and_thirty_six_are_the_limits_R_S1():
    assert problems(threshold_need=1, threshold_high=36) == []
    assert problems(threshold_need=35, threshold_high=36) == []


@pytest.mark.parametrize("field", HOURS_FIELDS)
def test_hours_are_not_negative_R_S1(field):
    assert problems(**{field: -1}) == [(field, "Hours cannot be negative.")]


@pytest.mark.parametrize("field", HOURS_FIELDS)
def test_every_purpose_and_the_child_need_their_hours_R_S1(field):
    assert problems(**{field: None}) == [
        (field, "Enter the hours a month; every purpose needs them (0 if none).")
    ]


def test_hours_range_from_zero_to_a_month_of_hours_R_S1():
    # 31 days × 24 hours = 744
    assert problems(hours_daily=0, child_hours=744) == []
    assert problems(hours_work=745) == [("hours_work", "At most 744 hours a month (31 days × 24 hours).")]


def test_every_purpose_has_a_field_R_S1():
    assert set(rules.RULE_SET_PURPOSE_HOURS) == set(rules.Purpose)
    assert set(rules.RULE_SET_PURPOSE_HOURS.values()) == set(HOURS_FIELDS) - {"child_hours"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"coefficient_base": Decimal("0")}, ("coefficient_base", "A coefficient must be more than 0.")),
        ({"coefficient_high": Decimal("-1.5")}, ("coefficient_high", "A coefficient must be more than 0.")),
        (
            {"coefficient_base": Decimal("1.255")},
            ("coefficient_base", "A coefficient has at most two decimals, e.g. 1,25."),
        ),
        ({"coefficient_high": Decimal("100")}, ("coefficient_high", "A coefficient is at most 99,99.")),
        (
            {"coefficient_base": Decimal("1.5"), "coefficient_high": Decimal("1.25")},
            ("coefficient_high", "The high coefficient cannot be less than the base coefficient (1,5)."),
        ),
        ({"coefficient_base": None}, ("coefficient_base", "Enter the coefficient, e.g. 1 or 1,5.")),
        ({"coefficient_high": "2"}, ("coefficient_high", "Enter a number.")),
    ],
)
def test_coefficients_are_positive_with_two_decimals_and_high_not_below_base_R_S1(changes, expected):
    assert problems(**changes) == [expected]


def test_equal_coefficients_and_whole_numbers_are_accepted_R_S1():
    assert problems(coefficient_base=Decimal("1.50"), coefficient_high=Decimal("1.5")) == []
    assert problems(coefficient_base=1, coefficient_high=2) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"weekly_cap": 0}, ("weekly_cap", CAP_RANGE)),
        ({"weekly_cap_vision": 169}, ("weekly_cap_vision", CAP_RANGE)),
        ({"weekly_cap": 30, "weekly_cap_vision": 31}, ("weekly_cap_vision", VISION_CAP % {"cap": 30})),
        ({"max_years": 0}, ("max_years", YEARS)),
        ({"max_years": 11}, ("max_years", YEARS)),
        ({"adult_max_age": 17}, ("adult_max_age", AGE)),
        ({"adult_max_age": 121}, ("adult_max_age", AGE)),
        ({"timesheet_deadline_day": 29}, ("timesheet_deadline_day", DEADLINE)),
        ({"timesheet_deadline_day": 0}, ("timesheet_deadline_day", DEADLINE)),
        ({"max_years": 2.5}, ("max_years", "Enter a whole number.")),
    ],
)
def test_caps_years_age_and_deadline_day_R_S1(changes, expected):
    assert problems(**changes) == [expected]


def test_limits_of_caps_years_age_and_deadline_are_accepted_R_S1():
    assert problems(weekly_cap=168, weekly_cap_vision=168, max_years=10, adult_max_age=120) == []
    assert problems(weekly_cap=1, weekly_cap_vision=1, max_years=1, adult_max_age=18) == []
    assert problems(timesheet_deadline_day=1) == [] == problems(timesheet_deadline_day=28)


@pytest.mark.parametrize("day", [TODAY, TODAY - dt.timedelta(days=1), dt.date(2021, 7, 1)])
def test_valid_from_today_or_in_the_past_is_refused_R_S1(day):
    # today 23.11.2026 → the earliest day is 24.11.2026
    assert problems(valid_from=day) == [("valid_from", VALID_FROM % {"day": "24.11.2026"})]


def test_valid_from_tomorrow_or_none_is_accepted_R_S1():
    assert problems(valid_from=TODAY + dt.timedelta(days=1)) == [] == problems(valid_from=None)


def test_every_problem_is_reported_at_once_in_the_order_of_the_form_R_S1():
    found = problems(valid_from=TODAY, threshold_high=10, hours_work=-5, hours_daily=None, max_years=0)
    assert [field for field, _ in found] == [
        "valid_from",
        "threshold_high",
        "hours_work",
        "hours_daily",
        "max_years",
    ]


# ------------------------------------------------------------------------------------------ the service


def test_a_draft_of_an_existing_code_takes_the_next_version_R_S1(ministry):
    first = services.rule_set_draft_save(source=None, data=draft_data(code="V2"), by=ministry)
    second = services.rule_set_draft_save(source=None, data=draft_data(code="v2"), by=ministry)
    assert (first.code, first.version, second.code, second.version) == ("V2", 2, "V2", 3)
    assert RuleSet.objects.get(code="V2", version=1).valid_to is None  # the earlier version is not touched


def test_a_draft_of_a_new_code_is_version_one_R_S1(ministry):
    draft = services.rule_set_draft_save(source=None, data=draft_data(code="V6", name="Sestais"), by=ministry)
    assert (draft.code, draft.version, draft.name, draft.valid_to) == ("V6", 1, "Sestais", None)
    assert draft.coefficient_high == Decimal("2") and draft.hours_work == 80


def test_a_draft_records_who_made_it_and_from_what_R_S1(ministry):
    draft = services.rule_set_draft_save(
        source=None,
        data={**draft_data(code="V6"), "copied_from": RuleSet.objects.get(code="V5")},
        by=ministry,
    )
    record = draft.history.get()
    assert record.history_user == ministry and "V5 v1" in record.history_change_reason


def test_a_draft_with_a_future_valid_from_comes_into_force_on_that_day_only_R_S1(ministry):
    day = today() + dt.timedelta(days=40)
    draft = services.rule_set_draft_save(
        source=None, data=draft_data(valid_from=day, hours_daily=20), by=ministry
    )
    assert draft.version == 2
    assert services.rule_set_in_force(today()) == v1()
    assert services.rule_set_in_force(day - dt.timedelta(days=1)) == v1()
    assert services.rule_set_in_force(day) == draft
    assert services.rule_set_in_force(day + dt.timedelta(days=400)) == draft
    assert v1().valid_to is None


def test_a_draft_without_valid_from_never_comes_into_force_R_S1(ministry):
    services.rule_set_draft_save(source=None, data=draft_data(code="V6"), by=ministry)
    assert services.rule_set_in_force(today() + dt.timedelta(days=3650)) == v1()


def test_two_rule_sets_never_come_into_force_on_the_same_day_R_S1(ministry):
    day = today() + dt.timedelta(days=20)
    first = services.rule_set_draft_save(source=None, data=draft_data(code="V6", valid_from=day), by=ministry)
    with pytest.raises(services.RuleSetError) as caught:
        services.rule_set_draft_save(source=None, data=draft_data(code="V7", valid_from=day), by=ministry)
    assert list(caught.value.errors) == ["valid_from"] and "V6 v1" in caught.value.errors["valid_from"][0]
    # the draft itself keeps its day when edited
    services.rule_set_draft_save(source=first, data=draft_data(code="V6", valid_from=day), by=ministry)


def test_a_version_number_taken_meanwhile_is_followed_by_the_next_one_R_S1(ministry, monkeypatch):
    real = services._next_version
    answers = iter([1])  # V2 v1 exists: the first insert clashes, as when another draft was saved at once

    def racing(code, *, besides=None):
        return next(answers, None) or real(code, besides=besides)

    monkeypatch.setattr(services, "_next_version", racing)
    draft = services.rule_set_draft_save(source=None, data=draft_data(code="V2"), by=ministry)
    assert draft.version == 2 and RuleSet.objects.filter(code="V2").count() == 2


def test_the_service_refuses_bad_numbers_on_their_fields_R_S1(ministry):
    with pytest.raises(services.RuleSetError) as caught:
        services.rule_set_draft_save(
            source=None,
            data=draft_data(code="V 6", name=" ", threshold_need=30, hours_medical=-2, valid_from=today()),
            by=ministry,
        )
    assert set(caught.value.errors) == {"code", "name", "threshold_high", "hours_medical", "valid_from"}
    assert RuleSet.objects.count() == 5


def test_an_unused_draft_is_edited_in_place_R_S1(ministry):
    draft = services.rule_set_draft_save(source=None, data=draft_data(code="V6"), by=ministry)
    day = today() + dt.timedelta(days=10)
    edited = services.rule_set_draft_save(
        source=draft, data=draft_data(code="V6", valid_from=day, hours_work=90), by=ministry
    )
    assert (edited.pk, edited.version, edited.hours_work, edited.valid_from) == (draft.pk, 1, 90, day)
    assert [record.history_type for record in edited.history.all()] == ["~", "+"]


def test_a_draft_moved_to_another_code_takes_that_codes_next_version_R_S1(ministry):
    draft = services.rule_set_draft_save(source=None, data=draft_data(code="V6"), by=ministry)
    moved = services.rule_set_draft_save(source=draft, data=draft_data(code="V4"), by=ministry)
    assert (moved.pk, moved.code, moved.version) == (draft.pk, "V4", 2)


def test_the_rule_set_in_force_cannot_be_edited_R_S1(ministry):
    with pytest.raises(services.RuleSetError) as caught:
        services.rule_set_draft_save(source=v1(), data=draft_data(hours_work=99), by=ministry)
    assert list(caught.value.errors) == [""]
    assert "V1 v1" in caught.value.errors[""][0] and "01.07.2021" in caught.value.errors[""][0]
    assert v1().hours_work == 80


def test_a_draft_used_by_an_allocation_cannot_be_edited_R_S1(ministry, caseworker):
    day = (today() + dt.timedelta(days=40)).replace(day=1)
    if day <= today():
        day = (day + dt.timedelta(days=31)).replace(day=1)
    draft = services.rule_set_draft_save(source=None, data=draft_data(valid_from=day), by=ministry)
    application = make_application(caseworker, make_eligible_adult(caseworker), submit=True)
    services.application_record_assessment(
        application=application, answers={f"Q{i:02d}": 1 for i in range(1, 13)}, by=caseworker
    )
    allocation = services.proposal_grant(application=application, start=day, by=caseworker)
    assert allocation.rule_set == draft  # the grant starts on the day the draft comes into force
    with pytest.raises(services.RuleSetError) as caught:
        services.rule_set_draft_save(source=draft, data=draft_data(valid_from=day, hours_work=1), by=ministry)
    assert "izmantota novērtējumā vai piešķīrumā" in caught.value.errors[""][0]  # Latvian by default
    draft.refresh_from_db()
    assert draft.hours_work == 80 and Allocation.objects.get().rule_set_id == draft.pk


# ------------------------------------------------------------------------------------------ the pages


URLS = ("list", "detail", "create", "update")


def url_of(which: str, rule_set: RuleSet) -> str:
    return {
        "list": reverse("assistance:rule_set_list"),
        "detail": reverse("assistance:rule_set_detail", args=[rule_set.pk]),
        "create": reverse("assistance:rule_set_create") + f"?from={rule_set.pk}",
        "update": reverse("assistance:rule_set_update", args=[rule_set.pk]),
    }[which]


@pytest.mark.parametrize("which", URLS)
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.FINANCE, Role.ASSISTANT])
def test_other_roles_get_403_on_the_rule_set_pages_R_S1(client, personas, role, which):
    client.force_login(personas[role])
    assert client.get(url_of(which, v1())).status_code == 403
    assert client.post(url_of(which, v1()), form_data(code="V9")).status_code == 403
    assert not RuleSet.objects.filter(code="V9").exists()


@pytest.mark.parametrize("which", URLS)
def test_the_ministry_and_a_superuser_open_the_rule_set_pages_R_S1(client, ministry, admin_user, which):
    draft = RuleSet.objects.get(code="V3")
    for user in (ministry, admin_user):
        client.force_login(user)
        assert client.get(url_of(which, draft)).status_code == 200


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("assistance:rule_set_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_ministry_menu_has_rule_sets_and_the_caseworkers_not(latvian, ministry, caseworker):
    link = f'href="{reverse("assistance:rule_set_list")}"'
    latvian.force_login(ministry)
    assert link in text(latvian.get(reverse("assistance:rule_set_list")))
    latvian.force_login(caseworker)
    assert link not in text(latvian.get(reverse("assistance:person_list")))


def test_the_list_shows_every_variant_with_decimal_commas_and_marks_the_one_in_force_R_S1(latvian, ministry):
    day = today() + dt.timedelta(days=30)
    coming = services.rule_set_draft_save(source=None, data=draft_data(valid_from=day), by=ministry)
    latvian.force_login(ministry)
    page = text(latvian.get(reverse("assistance:rule_set_list")))
    assert '<html lang="lv">' in page
    rows = {
        rule_set.pk: page.split(f'id="rule-set-{rule_set.pk}"')[1].split("</tr>")[0]
        for rule_set in RuleSet.objects.all()
    }
    assert lv("In force") in rows[v1().pk] and f'class="table-success" id="rule-set-{v1().pk}"' in page
    assert page.count('class="table-success"') == 1
    v2 = RuleSet.objects.get(code="V2")
    assert ">1 / 1,5<" in rows[v2.pk] and lv("Draft for simulations") in rows[v2.pk]
    assert "1 / 2<" in rows[v1().pk] and "12 / 24" in rows[v1().pk] and "40 / 30" in rows[v1().pk]
    # V5: work 55, education 35, volunteering/day centre/medical 15, daily 10, child 65 (SPEC R-S1)
    v5 = RuleSet.objects.get(code="V5")
    cells = [cell.split("<")[0] for cell in rows[v5.pk].split('<td class="text-end">')[1:]]
    assert cells == ["55", "35", "35", "15", "15", "15", "10", "65", "5"]
    assert lv("Draft, comes into force") in rows[coming.pk] and f"{day:%d.%m.%Y}" in rows[coming.pk]
    assert reverse("assistance:rule_set_update", args=[coming.pk]) in page
    assert reverse("assistance:rule_set_update", args=[v1().pk]) not in page


def test_the_list_runs_a_constant_number_of_queries(client, ministry, django_assert_max_num_queries):
    client.force_login(ministry)
    client.get(reverse("assistance:rule_set_list"))  # sessions and permissions warm
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("assistance:rule_set_list"))
    for number in range(6, 16):
        services.rule_set_draft_save(source=None, data=draft_data(code=f"V{number}"), by=ministry)
    with CaptureQueriesContext(connection) as fifteen:
        assert client.get(reverse("assistance:rule_set_list")).status_code == 200
    assert len(fifteen) == len(five)
    # session, user, roles, permissions, the rule set in force, the list
    with django_assert_max_num_queries(6):
        client.get(reverse("assistance:rule_set_list"))


def test_the_detail_shows_the_numbers_and_the_history_R_S1(latvian, ministry, django_assert_max_num_queries):
    draft = services.rule_set_draft_save(
        source=None, data=draft_data(code="V6", coefficient_high=Decimal("1.75")), by=ministry
    )
    services.rule_set_draft_save(
        source=draft,
        data=draft_data(code="V6", coefficient_high=Decimal("1.75"), hours_daily=12),
        by=ministry,
    )
    latvian.force_login(ministry)
    latvian.get(reverse("assistance:rule_set_detail", args=[draft.pk]))
    with django_assert_max_num_queries(7):
        page = text(latvian.get(reverse("assistance:rule_set_detail", args=[draft.pk])))
    assert ">1,75<" in page and "MK noteikumi Nr. 316" in page
    history = page.split('id="history-heading"')[1]
    assert lv("Draft changed") in history and lv("Draft made") in history
    assert "<td>15</td><td>12</td>" in history.replace("\n", "").replace(" ", "")


def test_the_new_draft_page_is_prefilled_from_the_chosen_set_with_decimal_commas(latvian, ministry):
    v2 = RuleSet.objects.get(code="V2")
    latvian.force_login(ministry)
    page = text(latvian.get(reverse("assistance:rule_set_create") + f"?from={v2.pk}"))
    assert 'name="coefficient_high" value="1,5"' in page and 'name="code" value="V2"' in page
    assert 'name="valid_from"' in page and 'name="valid_from" value=' not in page  # a copy starts undated
    default = text(latvian.get(reverse("assistance:rule_set_create")))
    assert 'name="code" value="V1"' in default  # without a choice: the set in force


def test_a_draft_typed_with_a_decimal_comma_is_saved_R_S1(latvian, ministry):
    v2 = RuleSet.objects.get(code="V2")
    latvian.force_login(ministry)
    day = today() + dt.timedelta(days=60)
    response = latvian.post(
        reverse("assistance:rule_set_create") + f"?from={v2.pk}",
        form_data(code="V2", coefficient_base="1", coefficient_high="1,25", valid_from=f"{day:%d.%m.%Y}"),
    )
    draft = RuleSet.objects.get(code="V2", version=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assistance:rule_set_detail", args=[draft.pk]
    )
    assert (draft.coefficient_high, draft.valid_from, draft.valid_to) == (Decimal("1.25"), day, None)
    assert "V2 v1" in draft.history.get().history_change_reason
    assert "1,25" in text(latvian.get(response["Location"]))


def test_the_form_shows_every_problem_on_its_field_in_latvian_and_keeps_the_input_R_S1(latvian, ministry):
    latvian.force_login(ministry)
    yesterday = today() - dt.timedelta(days=1)
    response = latvian.post(
        reverse("assistance:rule_set_create") + f"?from={v1().pk}",
        form_data(
            code="V7",
            valid_from=f"{yesterday:%d.%m.%Y}",
            threshold_high="10",
            coefficient_high="divi",
            coefficient_base="1,255",
            hours_work="-5",
            hours_daily="",
            weekly_cap_vision="45",
        ),
    )
    page = text(response)
    assert response.status_code == 200 and '<html lang="lv">' in page
    tomorrow = (today() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    for field, message in [
        ("valid_from", lv(VALID_FROM, day=tomorrow)),
        ("threshold_high", lv(HIGH_ABOVE_NEED, need=12)),
        ("coefficient_high", "Jāievada skaitlis."),
        ("coefficient_base", lv("A coefficient has at most two decimals, e.g. 1,25.")),
        ("hours_work", lv("Hours cannot be negative.")),
        ("hours_daily", "Šis lauks ir obligāts."),
        ("weekly_cap_vision", lv(VISION_CAP, cap=40)),
    ]:
        field_block = page.split(f'id="div_id_{field}"')[1].split('id="div_id_')[0]
        assert message in field_block, field
    assert (
        'value="-5"' in page and 'value="divi"' in page and 'value="1,255"' in page and 'value="V7"' in page
    )
    assert not RuleSet.objects.filter(code="V7").exists()


def test_the_rule_set_in_force_offers_a_new_draft_instead_of_editing_R_S1(latvian, ministry):
    latvian.force_login(ministry)
    page = text(latvian.get(reverse("assistance:rule_set_update", args=[v1().pk])))
    assert 'id="rule-set-refusal"' in page and 'id="rule-set-form"' not in page
    assert (
        lv(
            "%(rule_set)s has been in force since %(day)s; make a new draft from it instead.",
            rule_set="V1 v1",
            day="01.07.2021",
        )
        in page
    )
    refused = latvian.post(reverse("assistance:rule_set_update", args=[v1().pk]), form_data(hours_work="99"))
    assert refused.status_code == 200 and 'id="error-summary"' in text(refused)
    assert lv(
        "%(rule_set)s has been in force since %(day)s; make a new draft from it instead.",
        rule_set="V1 v1",
        day="01.07.2021",
    ) in text(refused)
    assert v1().hours_work == 80 and RuleSet.objects.filter(code="V1").count() == 1


def test_a_draft_is_edited_on_its_page_R_S1(latvian, ministry):
    draft = RuleSet.objects.get(code="V4")
    latvian.force_login(ministry)
    form = text(latvian.get(reverse("assistance:rule_set_update", args=[draft.pk])))
    assert 'name="hours_education" value="50"' in form
    response = latvian.post(
        reverse("assistance:rule_set_update", args=[draft.pk]),
        form_data(
            code="V4", name=draft.name, hours_education="45", hours_higher_education="45", purpose_bound="on"
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.version, draft.hours_education, draft.purpose_bound) == (1, 45, True)
    assert draft.history.first().history_user == ministry


def test_the_form_speaks_english_to_an_english_user_R_S1(english, ministry):
    english.force_login(ministry)
    response = english.post(reverse("assistance:rule_set_create"), form_data(code="V8", hours_medical="-1"))
    page = text(response)
    assert '<html lang="en">' in page and "Hours cannot be negative." in page
    assert not RuleSet.objects.filter(code="V8").exists()
