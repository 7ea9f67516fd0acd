"""An assistant gets a login through a single-use invitation link that sets the password (issue 5 §1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

import pytest
import time_machine
from django.contrib.auth.hashers import is_password_usable
from django.urls import reverse
from django.utils import timezone

from contracts import invitations
from contracts.models import Assistant
from core.models import User
from core.roles import Role, roles_of
from tests.assistance.factories import personal_code

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Saulains-rits-pie-juras-42"
CODE = personal_code(dt.date(1990, 2, 2), 321)


@pytest.fixture
def record(db):
    return Assistant.objects.create(
        personal_code=CODE, first_name="Asta", last_name="Palīga", tax_status="employee",
        email="asta@example.lv",
    )  # fmt: skip


def accept_url(token: str) -> str:
    return reverse("contracts:invitation_accept", args=[token])


def invite_url(assistant: Assistant) -> str:
    return reverse("contracts:assistant_invite", args=[assistant.pk])


def accept(client, token, password1=GOOD_PASSWORD, password2=None):
    return client.post(
        accept_url(token),
        {"password1": password1, "password2": password1 if password2 is None else password2},
    )


# ------------------------------------------------------------------------------------------ service


def test_invite_creates_an_assistant_account_without_a_usable_password(record, caseworker):
    invitations.assistant_invite(assistant=record, by=caseworker)
    record.refresh_from_db()
    user = record.user
    assert user.username == f"a{CODE}"
    assert (user.first_name, user.last_name, user.email) == ("Asta", "Palīga", "asta@example.lv")
    assert roles_of(User.objects.get(pk=user.pk)) == {Role.ASSISTANT}
    assert not user.has_usable_password()
    assert not is_password_usable(User.objects.get(pk=user.pk).password)
    assert record.invitation_expires > timezone.now() + dt.timedelta(days=13, hours=23)
    assert record.invitation_expires <= timezone.now() + dt.timedelta(days=14)


def test_only_the_hash_of_the_token_is_stored_anywhere(record, caseworker):
    token = invitations.assistant_invite(assistant=record, by=caseworker)
    record.refresh_from_db()
    assert record.invitation_hash == hashlib.sha256(token.encode()).hexdigest()
    rows = [
        *Assistant.objects.values(),
        *Assistant.history.values(),
        *User.objects.values(),
        *User.history.values(),
    ]
    assert rows
    assert not any(token in str(value) for row in rows for value in row.values())


def test_the_invitation_is_recorded_in_the_history_with_who_and_why(record, caseworker):
    invitations.assistant_invite(assistant=record, by=caseworker)
    latest = record.history.latest("history_date")
    assert latest.history_user == caseworker
    assert latest.history_change_reason
    assert latest.invitation_hash  # the hash, never the token (test above)


def test_a_new_invitation_invalidates_the_previous_one(record, caseworker, client):
    first = invitations.assistant_invite(assistant=record, by=caseworker)
    second = invitations.assistant_invite(assistant=record, by=caseworker)
    assert first != second
    with pytest.raises(invitations.InvitationError) as exc:
        invitations.invitation_accept(token=first, password1=GOOD_PASSWORD, password2=GOOD_PASSWORD)
    assert "token" in exc.value.errors
    assert client.get(accept_url(first)).status_code == 404
    assert client.get(accept_url(second)).status_code == 200
    record.refresh_from_db()
    assert User.objects.filter(username=f"a{CODE}").count() == 1  # the account is reused


def test_a_new_invitation_keeps_the_current_password_until_accepted(record, caseworker):
    token = invitations.assistant_invite(assistant=record, by=caseworker)
    invitations.invitation_accept(token=token, password1=GOOD_PASSWORD, password2=GOOD_PASSWORD)
    invitations.assistant_invite(assistant=record, by=caseworker)
    user = User.objects.get(username=f"a{CODE}")
    assert user.is_active
    assert user.check_password(GOOD_PASSWORD)


def test_accepting_sets_the_password_activates_and_uses_up_the_invitation(record, caseworker):
    token = invitations.assistant_invite(assistant=record, by=caseworker)
    assert not User.objects.get(username=f"a{CODE}").is_active
    user = invitations.invitation_accept(token=token, password1=GOOD_PASSWORD, password2=GOOD_PASSWORD)
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(GOOD_PASSWORD)
    record.refresh_from_db()
    assert record.invitation_hash == ""
    assert record.invitation_expires is None
    with pytest.raises(invitations.InvitationError):
        invitations.invitation_accept(token=token, password1=GOOD_PASSWORD, password2=GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("password1", "password2", "field"),
    [(GOOD_PASSWORD, GOOD_PASSWORD + "x", "password2"), ("password123", "password123", "password1")],
)
def test_refused_passwords_keep_the_invitation_valid(record, caseworker, password1, password2, field):
    token = invitations.assistant_invite(assistant=record, by=caseworker)
    with pytest.raises(invitations.InvitationError) as exc:
        invitations.invitation_accept(token=token, password1=password1, password2=password2)
    assert list(exc.value.errors) == [field]
    assert invitations.invitation_assistant(token=token) == record


def test_an_expired_invitation_is_refused(record, caseworker):
    token = invitations.assistant_invite(assistant=record, by=caseworker)
    later = timezone.now() + dt.timedelta(days=14, minutes=1)
    with time_machine.travel(later), pytest.raises(invitations.InvitationError) as exc:
        invitations.invitation_accept(token=token, password1=GOOD_PASSWORD, password2=GOOD_PASSWORD)
    assert "token" in exc.value.errors


def test_an_invitation_never_takes_over_a_staff_account(record, caseworker, supervisor):
    record.user = supervisor
    record.save()
    with pytest.raises(invitations.InvitationError):
        invitations.assistant_invite(assistant=record, by=caseworker)
    record.refresh_from_db()
    assert record.invitation_hash == ""
    assert roles_of(User.objects.get(pk=supervisor.pk)) == {Role.SUPERVISOR}


# ------------------------------------------------------------------------------------- invite page


def test_caseworker_invites_and_sees_the_link_once(record, caseworker, client):
    client.force_login(caseworker)
    response = client.post(invite_url(record))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r"http://testserver/uzaicinajums/([A-Za-z0-9_-]{43})/", html)
    assert match, "no absolute invitation link on the page"
    record.refresh_from_db()
    assert record.invitation_hash == hashlib.sha256(match.group(1).encode()).hexdigest()
    assert f"a{CODE}" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_invite_page_takes_no_get(record, caseworker, client):
    client.force_login(caseworker)
    assert client.get(invite_url(record)).status_code == 405
    record.refresh_from_db()
    assert record.invitation_hash == ""


@pytest.mark.parametrize(
    "who, status", [("supervisor", 403), ("finance", 403), ("assistant", 403), ("ministry", 404)]
)
def test_other_roles_may_not_invite(record, who, status, client, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(invite_url(record)).status_code == status
    record.refresh_from_db()
    assert record.user is None and record.invitation_hash == ""


def test_anonymous_invite_goes_to_the_login(record, client):
    response = client.post(invite_url(record))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    record.refresh_from_db()
    assert record.user is None


def test_inviting_an_unknown_assistant_is_404(caseworker, client):
    client.force_login(caseworker)
    assert client.post(reverse("contracts:assistant_invite", args=[999_999])).status_code == 404


# ------------------------------------------------------------------------------------- accept page


@pytest.fixture
def token(record, caseworker):
    return invitations.assistant_invite(assistant=record, by=caseworker)


def test_the_accept_page_greets_the_assistant_and_asks_for_a_new_password(token, client):
    response = client.get(accept_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asta Palīga" in html
    assert html.count('autocomplete="new-password"') == 2
    assert 'name="password1"' in html and 'name="password2"' in html
    assert "12" in html  # Django's password help text (minimum length)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_mismatching_passwords_are_named_and_the_link_still_works(token, english):
    response = accept(english, token, password2=GOOD_PASSWORD + "x")
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]
    assert 'href="#id_password2"' in response.content.decode()
    assert "_auth_user_id" not in english.session
    assert english.get(accept_url(token)).status_code == 200


def test_a_common_password_shows_the_validators_messages(token, english):
    response = accept(english, token, password1="password123")
    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert "This password is too common." in errors
    assert any("too short" in error for error in errors)
    assert "_auth_user_id" not in english.session
    assert english.get(accept_url(token)).status_code == 200


def test_the_validators_speak_latvian_by_default(token, client):
    response = accept(client, token, password1="password123")
    assert response.status_code == 200
    assert "This password is too common." not in response.content.decode()
    assert response.context["form"].errors["password1"]


def test_a_good_password_logs_the_assistant_in_and_uses_up_the_link(token, client):
    response = accept(client, token)
    assert response.status_code == 302
    assert response.url == "/"
    dashboard = client.get("/")
    html = dashboard.content.decode()
    assert dashboard.status_code == 200
    assert 'id="panel-assistant"' in html
    assert f"a{CODE}" in html  # the success message names the username for next time
    assert int(client.session["_auth_user_id"]) == User.objects.get(username=f"a{CODE}").pk
    client.logout()
    assert client.get(accept_url(token)).status_code == 404
    assert accept(client, token, password1="Cits-labs-parole-2026").status_code == 404
    # and the password is the one chosen, usable on the ordinary login page
    login = client.post(reverse("login"), {"username": f"a{CODE}", "password": GOOD_PASSWORD})
    assert login.status_code == 302


def test_an_expired_link_is_a_friendly_404(token, client):
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.get(accept_url(token))
        assert accept(client, token).status_code == 404
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert User.objects.get(username=f"a{CODE}").has_usable_password() is False


def test_expiry_set_in_the_past_is_refused(token, record, client):
    Assistant.objects.filter(pk=record.pk).update(invitation_expires=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(accept_url(token)).status_code == 404


def main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group(0)


def test_an_unknown_link_looks_the_same_as_a_used_one(token, client):
    unknown = client.get(accept_url("x" * 43))
    accept(client, token)
    client.logout()
    used = client.get(accept_url(token))
    assert unknown.status_code == used.status_code == 404
    assert main(unknown) == main(used)  # the rest differs by the address in the language switcher
    assert "Asta" not in unknown.content.decode()


def test_a_dead_link_is_not_written_to_the_log(token, client, caplog):
    invitations.assistant_invite(assistant=Assistant.objects.get(), by=None)  # replaces `token`
    with caplog.at_level(logging.DEBUG):
        assert client.get(accept_url(token)).status_code == 404
    assert token not in caplog.text


def test_a_logged_in_user_opening_the_link_does_not_use_it(token, caseworker, client):
    client.force_login(caseworker)
    response = accept(client, token)
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == caseworker.pk
    assert invitations.invitation_assistant(token=token).user.has_usable_password() is False
