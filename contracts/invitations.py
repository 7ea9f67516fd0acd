"""Invitations (issue 5 §1): an assistant gets a login through a single-use link that sets the password.

No password is ever chosen by staff or sent in clear. The invitation is a random token that only the link
carries; the database keeps its SHA-256, so neither a database dump nor the history reveals a usable link.
A new invitation replaces the previous one; accepting clears it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.services import staff_member_set
from contracts.models import Assistant
from core.models import User
from core.roles import Role, roles_of

DEFAULT_VALID_DAYS = 14
# token_urlsafe(32) gives 43 characters; anything much longer is not ours and is not worth hashing.
MAX_TOKEN_LENGTH = 100


class InvitationError(ValueError):
    """An invitation refused; `errors` maps a field name ("token", "password1", "password2", "" for the
    whole form) to messages."""

    def __init__(self, errors: dict[str, list]) -> None:
        super().__init__("; ".join(f"{field}: {', '.join(map(str, msgs))}" for field, msgs in errors.items()))
        self.errors = errors


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def username_for(assistant: Assistant) -> str:
    return f"a{assistant.personal_code}"


def _may_take_over(user: User) -> bool:
    """An invitation sets the password of an assistant's own account only: never of an administrator's or
    a staff member's, whose password a caseworker must not be able to reset through an assistant record."""
    return not (user.is_superuser or user.is_staff) and roles_of(user) <= {Role.ASSISTANT}


def _account_for(*, assistant: Assistant, by: User | None) -> User:
    user = assistant.user
    if user is None:
        # An account left behind by an earlier record of the same person is taken over; one linked to
        # another assistant is not.
        user = User.objects.select_for_update().filter(username=username_for(assistant)).first()
        if user is not None and Assistant.objects.filter(user=user).exists():
            raise InvitationError(
                {"": [_("The username %(username)s is taken.") % {"username": user.username}]}
            )
    if user is not None and not _may_take_over(user):
        raise InvitationError(
            {"": [_("This account belongs to a staff member; an invitation cannot set its password.")]}
        )
    reason = _("Assistant's account (invitation)")
    if user is None:
        user = User(username=username_for(assistant), is_active=False)
        user.set_unusable_password()
    user.first_name = assistant.first_name
    user.last_name = assistant.last_name
    user.email = assistant.email
    user._history_user = by
    user._change_reason = reason
    user.save()
    staff_member_set(user=user, roles={Role.ASSISTANT}, municipality=None, by=by, reason=reason)
    return user


@transaction.atomic
def assistant_invite(*, assistant: Assistant, by: User | None, valid_days: int = DEFAULT_VALID_DAYS) -> str:
    """Create or reuse the assistant's account and issue a new invitation; return the token (only the
    caller sees it: it shows or e-mails the link). The previous invitation stops working."""
    if valid_days < 1:
        raise ValueError("an invitation is valid for at least one day")
    Assistant.objects.select_for_update().filter(pk=assistant.pk).get()
    assistant.refresh_from_db()
    user = _account_for(assistant=assistant, by=by)
    token = secrets.token_urlsafe(32)
    assistant.user = user
    assistant.invitation_hash = token_digest(token)
    assistant.invitation_expires = timezone.now() + dt.timedelta(days=valid_days)
    until = timezone.localtime(assistant.invitation_expires).strftime("%d.%m.%Y %H:%M")
    assistant.save_with_reason(by=by, reason=_("Invitation issued, valid until %(until)s") % {"until": until})
    return token


def _invited(token: str, *, lock: bool) -> Assistant:
    unknown = InvitationError({"token": [_("The invitation link is not valid or has already been used.")]})
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise unknown
    digest = token_digest(token)
    queryset = Assistant.objects.select_related("user")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    assistant = queryset.filter(invitation_hash=digest).first()
    if (
        assistant is None
        or assistant.user is None
        or not hmac.compare_digest(assistant.invitation_hash, digest)
    ):
        raise unknown
    if assistant.invitation_expires is None or assistant.invitation_expires <= timezone.now():
        raise InvitationError(
            {"token": [_("The invitation link has expired. Ask your caseworker for a new invitation.")]}
        )
    return assistant


def invitation_assistant(*, token: str) -> Assistant:
    """The assistant a valid, unexpired invitation is for (the acceptance page greets them by name)."""
    return _invited(token, lock=False)


@transaction.atomic
def invitation_accept(*, token: str, password1: str, password2: str) -> User:
    """Set the password chosen by the assistant, activate the account and use up the invitation."""
    assistant = _invited(token, lock=True)
    user = assistant.user
    if password1 != password2:
        raise InvitationError({"password2": [_("The two passwords differ.")]})
    try:
        validate_password(password1, user)
    except ValidationError as exc:
        raise InvitationError({"password1": list(exc.messages)}) from exc
    reason = _("Invitation accepted, password set")
    user.set_password(password1)
    user.is_active = True
    user._history_user = user
    user._change_reason = reason
    user.save()
    assistant.invitation_hash = ""
    assistant.invitation_expires = None
    assistant.save_with_reason(
        by=user, reason=reason, update_fields=["invitation_hash", "invitation_expires", "updated_at"]
    )
    return user
