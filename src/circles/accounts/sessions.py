"""How long a session lasts, and ending all of a login's sessions at once.

Django ends a session after ``SESSION_COOKIE_AGE`` without a request (the idle limit). A request
moves that expiry on by saving the session, at most once a minute
(``CIRCLES_SESSION_REFRESH_SECONDS``): saving on every request would make every page view a
database write. On top of that, each session remembers when it signed in and which *session
generation* of its login it belongs to; this middleware ends a session older than
``CIRCLES_SESSION_MAX_DAYS`` and one whose generation the login has moved past ("sign out
everywhere" moves it). A changed password ends other sessions through Django's own session
hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "circles_signed_in_at"
GENERATION = "circles_session_generation"
SEEN_AT = "circles_seen_at"


def session_stamp(request: HttpRequest | None, user: Any) -> None:
    """Called at every sign-in, whichever way: when, and for which generation of the login."""
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    # Signing in saves the session, with a fresh expiry.
    request.session[SEEN_AT] = now
    request.session[GENERATION] = getattr(user, "session_generation", 0)


def stamp_on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    session_stamp(request, user)


def _expired_reason(request: HttpRequest) -> str | None:
    session = request.session
    # Sessions from before these stamps existed count as generation 0, signed in now.
    if session.get(GENERATION, 0) != getattr(request.user, "session_generation", 0):
        return _("You were signed out everywhere: sign in again.")
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        session[SIGNED_IN_AT] = timezone.now().timestamp()
        return None
    age = timezone.now() - dt.datetime.fromtimestamp(signed_in_at, tz=dt.UTC)
    if age > dt.timedelta(days=settings.CIRCLES_SESSION_MAX_DAYS):
        return _("Your sign-in has expired: sign in again.")
    return None


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = _expired_reason(request)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
            else:
                _refresh(request)
        return self.get_response(request)


def _refresh(request: HttpRequest) -> None:
    """Mark the session changed when it was last saved a minute or more ago, so that Django's
    session middleware saves it with a new expiry."""
    now = timezone.now().timestamp()
    seen = request.session.get(SEEN_AT)
    if seen is None or not 0 <= now - seen < settings.CIRCLES_SESSION_REFRESH_SECONDS:
        request.session[SEEN_AT] = now
