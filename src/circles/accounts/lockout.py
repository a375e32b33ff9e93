"""Sign-in throttling with django-axes: what it counts, what it answers, who is locked out.

Axes counts failed password sign-ins per address and client (settings ``AXES_*``). This module
gives it the address in the one spelling the sign-in backend uses, keeps sign-ins that carry no
password (single sign-on callbacks) out of its count, and answers a lock-out with the product's
sign-in page instead of axes' bare one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from .models import normalise_email


class LockoutBackend(AxesStandaloneBackend):
    """Axes' gate in front of the password backend.

    An ``authenticate()`` without a request (the test client's ``login()``) cannot be tied to a
    client, so it is not counted; every sign-in page passes its request.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None


def attempted_email(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The address a sign-in tried, lower-cased: Ana@X and ana@x share one count."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None and request.method == "POST":
        raw = request.POST.get("username")
    if not isinstance(raw, str) or not raw.strip():
        return None
    return normalise_email(raw)


def not_a_password_sign_in(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """Single sign-on callbacks authenticate without an address: axes neither counts nor
    blocks them (the identity provider throttles its own sign-in)."""
    return attempted_email(request, credentials) is None


def cool_off() -> dt.timedelta:
    return dt.timedelta(minutes=settings.CIRCLES_SIGNIN_COOLOFF_MINUTES)


def _recent_attempts(email: str) -> Any:
    return AccessAttempt.objects.filter(
        username=normalise_email(email), attempt_time__gte=timezone.now() - cool_off()
    )


def locked_until(email: str, ip_address: str | None = None) -> dt.datetime | None:
    """When the lock-out of this address ends (from this client, or from any), or None."""
    attempts = _recent_attempts(email).filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if ip_address is not None:
        attempts = attempts.filter(ip_address=ip_address)
    last = attempts.aggregate(last=Max("attempt_time"))["last"]
    return None if last is None else last + cool_off()


def minutes_left(until: dt.datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed sign-ins for this address. Try again in %(minutes)s minute "
        "or reset your password.",
        "Too many failed sign-ins for this address. Try again in %(minutes)s minutes "
        "or reset your password.",
        minutes,
    ) % {"minutes": minutes}


def locked_out_page(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """Axes' lock-out answer: the sign-in page with the message, status 429."""
    from .forms import SignInForm
    from .oidc import single_sign_on_enabled

    email = attempted_email(request, credentials) or ""
    until = locked_until(email, getattr(request, "axes_ip_address", None)) if email else None
    minutes = minutes_left(until) if until else settings.CIRCLES_SIGNIN_COOLOFF_MINUTES
    response = TemplateResponse(
        request,
        "registration/login.html",
        {
            "form": SignInForm(request, initial={"username": email}),
            "lockout": lockout_message(minutes),
            "next": request.POST.get("next", ""),
            "sso": single_sign_on_enabled(),
        },
        status=429,
    )
    return response.render()
