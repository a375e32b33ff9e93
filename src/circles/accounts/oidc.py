"""Single sign-on with OpenID Connect: mozilla-django-oidc, configured from the issuer alone.

The provider's endpoints come from ``<issuer>/.well-known/openid-configuration``, fetched at the
first sign-on and kept for an hour, never at start-up: the app starts, and password sign-in
works, while the identity provider is down. Which login a sign-on opens is decided by
``circles.accounts.sign_on``; this module only speaks the protocol and shows the outcome.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from circles.lib.errors import DomainError

from .backends import signed_in_user
from .models import User
from .sign_on import SignOnRefused, sign_on

logger = logging.getLogger(__name__)

DISCOVERY_SECONDS = 3600


def single_sign_on_enabled() -> bool:
    """The one switch: single sign-on is offered once an issuer and a client are configured."""
    return bool(
        getattr(settings, "CIRCLES_OIDC_ISSUER", "") and getattr(settings, "OIDC_RP_CLIENT_ID", "")
    )


class ProviderUnavailable(Exception):
    """The identity provider did not answer, or answered something unusable."""


@dataclass(frozen=True)
class ProviderEndpoints:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


_discovered: dict[str, tuple[float, ProviderEndpoints]] = {}
_discovery_lock = threading.Lock()


def provider_endpoints() -> ProviderEndpoints:
    """The configured issuer's endpoints, from its discovery document (cached per process)."""
    issuer = settings.CIRCLES_OIDC_ISSUER.rstrip("/")
    with _discovery_lock:
        cached = _discovered.get(issuer)
        if cached is not None and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery failed: {error}") from error
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ProviderUnavailable("the discovery document names another issuer")
    try:
        endpoints = ProviderEndpoints(
            issuer=str(document["issuer"]),
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            userinfo_endpoint=str(document["userinfo_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
        )
    except KeyError as error:
        raise ProviderUnavailable(f"the discovery document lacks {error}") from error
    with _discovery_lock:
        _discovered[issuer] = (time.monotonic(), endpoints)
    return endpoints


def provider_forget() -> None:
    """Drop cached discovery documents (a changed issuer, or a test)."""
    with _discovery_lock:
        _discovered.clear()


def _refusal_on(request: HttpRequest, refusal: SignOnRefused) -> None:
    request.sign_on_refusal = refusal  # type: ignore[attr-defined]


# The refusals of the protocol itself, made when they happen: in the language of the request.
def provider_trouble() -> SignOnRefused:
    return SignOnRefused(
        "provider",
        _("The identity provider did not answer as expected, so we could not check who you are."),
        advice=_("Try again in a few minutes. If it keeps happening, tell your IT team."),
    )


def incomplete() -> SignOnRefused:
    return SignOnRefused(
        "incomplete",
        _(
            "This sign-in did not complete: it may have been cancelled, have expired, or have "
            "been started in another browser."
        ),
        advice=_("Start again from the sign-in page."),
    )


def not_configured() -> SignOnRefused:
    return SignOnRefused(
        "not_configured",
        _("Single sign-on is not set up on this installation."),
        advice=_(
            "Sign in with your email and password, or ask the people who run Coaching Circles "
            "to connect your identity provider."
        ),
    )


class SignOnBackend(OIDCAuthenticationBackend):
    """Answers the callback of a sign-on; other sign-ins pass it by."""

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds a backend on every request to load the session's user: nothing here
        # may need the identity provider, so the library's eager settings read is skipped.
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # the library's attribute names
        return provider_endpoints().token_endpoint

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return provider_endpoints().userinfo_endpoint

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return provider_endpoints().jwks_uri

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return str(settings.OIDC_RP_CLIENT_SECRET)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not single_sign_on_enabled() or "nonce" not in kwargs:
            return None  # a password sign-in, or single sign-on is off
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            logger.warning("single sign-on: a token was refused: %s", error)
            _refusal_on(request, incomplete())
        except (requests.RequestException, ProviderUnavailable, ValueError, KeyError) as error:
            logger.warning("single sign-on: the identity provider failed: %s", error)
            _refusal_on(request, provider_trouble())
        return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        # The library checks the signature (RS256 from the provider's JWKS), expiry and nonce;
        # an ID token must also come from our issuer and be meant for this client.
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        issuer = settings.CIRCLES_OIDC_ISSUER.rstrip("/")
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token meant for another client")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(claims, dict) or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about someone else than the ID token")
        try:
            return sign_on(claims=claims, allowed_domains=settings.CIRCLES_OIDC_EMAIL_DOMAINS)
        except SignOnRefused as refusal:
            logger.info("single sign-on refused: %s", refusal.reason)
            _refusal_on(self.request, refusal)
        except DomainError as error:
            _refusal_on(
                self.request,
                SignOnRefused(
                    "directory", error.message, advice=_("Ask your organisation's admin for help.")
                ),
            )
        return None

    def get_user(self, user_id: int) -> User | None:
        # Django's own lookup, which also refuses logins that were switched off.
        return signed_in_user(user_id)


def refused(request: HttpRequest, refusal: SignOnRefused, *, status: int = 403) -> HttpResponse:
    return render(
        request,
        "registration/sign_on_refused.html",
        {"refusal": refusal, "sso": single_sign_on_enabled()},
        status=status,
    )


class SignOnStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider, with a state, a nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # endpoints are looked up in get(), not on every build

    def get(self, request: HttpRequest) -> HttpResponse:
        if not single_sign_on_enabled():
            return refused(request, not_configured(), status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization_endpoint
        except ProviderUnavailable as error:
            logger.warning("single sign-on: %s", error)
            return refused(request, provider_trouble(), status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the identity provider sends people back: signed in, or a page that says why not."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not single_sign_on_enabled():
            return refused(request, not_configured(), status=404)
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A state this browser never started, or one already used.
            logger.warning("single sign-on: %s", error)
            return refused(request, incomplete(), status=400)

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "sign_on_refusal", None) or incomplete()
        return refused(self.request, refusal)
