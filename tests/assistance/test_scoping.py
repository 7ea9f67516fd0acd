"""One scoping mechanism: another municipality's data is 404, never 403 and never the data (SPEC §1)."""

import pytest
from django.urls import reverse

from assistance import selectors
from assistance.models import Municipality, StaffProfile
from core.roles import Role


def test_municipal_roles_see_only_their_municipality(caseworker, finance, supervisor, riga):
    for user in (caseworker, finance, supervisor):
        assert list(selectors.municipalities_for(user=user)) == [riga]


def test_ministry_sees_no_case_data_but_all_aggregates(ministry):
    assert not selectors.municipalities_for(user=ministry).exists()
    assert selectors.municipalities_for(user=ministry, for_aggregates=True).count() == 43


def test_assistant_and_anonymous_have_no_municipality_scope(assistant):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.municipalities_for(user=assistant).exists()
    assert not selectors.municipalities_for(user=AnonymousUser()).exists()


def test_inactive_user_sees_nothing(caseworker):
    caseworker.is_active = False
    assert not selectors.municipalities_for(user=caseworker).exists()


def test_scope_to_user_filters_any_queryset_by_path(caseworker, caseworker_liepaja, riga):
    visible = selectors.scope_to_user(StaffProfile.objects.all(), user=caseworker)
    assert {profile.user.username for profile in visible} == {"caseworker"}
    assert selectors.scope_to_user(Municipality.objects.all(), user=caseworker, path="pk").get() == riga


def test_superuser_sees_everything(admin_user):
    assert selectors.municipalities_for(user=admin_user).count() == 43


def detail_url(municipality):
    return reverse("assistance:municipality_detail", args=[municipality.pk])


# Permission matrix: every role, own and other municipality, every URL of this issue.
# Expected status: own municipality / another municipality.
MATRIX = {
    Role.CASEWORKER: {"list": 200, "own": 200, "other": 404},
    Role.SUPERVISOR: {"list": 200, "own": 200, "other": 404},
    Role.FINANCE: {"list": 200, "own": 200, "other": 404},
    Role.MINISTRY: {"list": 200, "own": 404, "other": 404},  # staff lists are not aggregates: hidden
    Role.ASSISTANT: {"list": 403, "own": 403, "other": 403},
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(role, personas, client, riga, liepaja):
    client.force_login(personas[role])
    expected = MATRIX[role]
    assert client.get(reverse("assistance:municipality_list")).status_code == expected["list"]
    assert client.get(detail_url(riga)).status_code == expected["own"]
    other = client.get(detail_url(liepaja))
    assert other.status_code == expected["other"]
    assert b"caseworker-liepaja" not in other.content


def test_other_municipality_gets_404_not_the_data(client, caseworker_liepaja, caseworker, riga):
    client.force_login(caseworker_liepaja)
    response = client.get(detail_url(riga))
    assert response.status_code == 404
    assert "caseworker" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def test_own_municipality_page_lists_its_staff(client, caseworker, supervisor, caseworker_liepaja, riga):
    client.force_login(supervisor)
    html = client.get(detail_url(riga)).content.decode()
    assert caseworker.get_full_name() in html
    assert supervisor.get_full_name() in html
    assert caseworker_liepaja.get_full_name() not in html
    assert "Sociālais darbinieks" in html  # role names translated


def test_anonymous_is_sent_to_login(client, riga, db):
    response = client.get(detail_url(riga))
    assert response.status_code == 302
    assert response.url.startswith("/pieteikties/")


def test_list_page_queries_stay_constant(client, caseworker, django_assert_max_num_queries):
    client.force_login(caseworker)
    client.get("/")  # the first request after login renews the session once
    with django_assert_max_num_queries(8):
        assert client.get(reverse("assistance:municipality_list")).status_code == 200


def test_detail_page_queries_do_not_grow_with_staff(client, supervisor, riga, django_assert_max_num_queries):
    from tests.conftest import make_person

    for n in range(10):
        make_person(f"extra-{n}", Role.CASEWORKER, "Rīga")
    client.force_login(supervisor)
    client.get("/")
    with django_assert_max_num_queries(8):
        assert client.get(detail_url(riga)).status_code == 200
