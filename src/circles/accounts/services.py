"""Writes about logins: lifting a sign-in lock-out, forgetting an address's sign-in records,
ending every session of a login."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import F

from .models import User, normalise_email


@transaction.atomic
def sign_in_unlock(*, email: str) -> int:
    """Lift the lock-out of an address, from every client; returns the records cleared."""
    return int(axes_reset(username=normalise_email(email)))


def sign_in_records_erase(*, email: str) -> int:
    """Every record axes keeps of an address (failed attempts, lock-outs, the sign-in log with
    client addresses and browsers): personal data that goes when the person is erased."""
    username = normalise_email(email)
    return sum(
        model.objects.filter(username=username).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


@transaction.atomic
def user_sessions_end(*, user: User) -> int:
    """Move the login to a new session generation: every session signed in before ends at its
    next request. Returns the new generation (a caller that keeps its own session stamps it)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    return user.session_generation
