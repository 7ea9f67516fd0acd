"""Login, lockout, idle timeout and password rules (issue 2 §6)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/pieteikties/"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_latvian_by_default(client, db):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="lv">' in html
    assert "Pieteikties" in html
    assert "Lietotājvārds" in html


def test_successful_login_lands_on_the_dashboard(client, caseworker):
    response = attempt(client, "caseworker", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_says_so_in_latvian(client, caseworker):
    response = attempt(client, "caseworker", "wrong-password")
    assert response.status_code == 200
    assert "Lietotājvārds vai parole nav pareiza" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(client, caseworker):
    for _ in range(4):
        assert attempt(client, "caseworker", "wrong").status_code == 200
    fifth = attempt(client, "caseworker", "wrong")
    assert fifth.status_code == 429
    # Even the right password is refused now, with a clear message.
    locked = attempt(client, "caseworker", PASSWORD)
    assert locked.status_code == 429
    assert "Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, caseworker):
    for _ in range(4):
        attempt(client, "caseworker", "wrong")
    assert attempt(client, "caseworker", PASSWORD).status_code == 302


def test_lockout_is_per_username_and_address(client, caseworker, supervisor):
    for _ in range(5):
        attempt(client, "caseworker", "wrong", ip="10.0.0.1")
    # Same user from another address, and another user from the same address, still get in.
    assert attempt(client, "caseworker", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "supervisor", PASSWORD, ip="10.0.0.1").status_code == 302


def test_idle_session_expires_after_30_minutes(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(caseworker)
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the session
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.parametrize("weak", ["demo", "parole123", "12345678901234", "password1234"])
def test_django_password_validators_reject_weak_passwords(weak, db):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_logout_needs_post_and_ends_the_session(client, caseworker):
    client.force_login(caseworker)
    assert client.get("/iziet/").status_code == 405
    response = client.post("/iziet/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
