"""Who is calling: a bearer API token, its scope, and the person (or organisation) it acts for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from circles.api.models import ApiToken, Scope
from circles.api.tokens import api_token_authenticate, token_actor
from circles.audit.context import acting_from_here, client_ip
from circles.orgs.models import Organisation, Person, Role

from .errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ccapi_…``; a write needs at least the write scope."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(secret=token.strip())
        if found is None:
            return None
        # Whatever the services record from here on is recorded as done with this token.
        acting_from_here(token_actor(found, client_ip(request)))
        if request.method not in SAFE_METHODS and not found.allows(Scope.WRITE):
            raise ApiError(403, "This token may only read: make one with the write scope.")
        return found


@dataclass(frozen=True)
class Caller:
    token: ApiToken

    @property
    def organisation(self) -> Organisation:
        return self.token.organisation

    @property
    def person(self) -> Person | None:
        """The person a personal token acts as; None for a service token."""
        return self.token.person

    @property
    def viewer(self) -> Person:
        """Whom the selectors ask about. A service token is seen as an organisation admin who
        belongs to no circle: the directory, programmes and suppressed figures, no content.
        The stand-in is never saved, and operations that act as someone refuse it."""
        if self.token.person is not None:
            return self.token.person
        return Person(
            organisation=self.token.organisation,
            role=Role.ADMIN,
            is_active=True,
            full_name=str(self.token),
        )

    def require_person(self) -> Person:
        if self.token.person is None:
            raise ApiError(403, "This operation acts as a person: use a personal token.")
        return self.token.person

    def require_scope(self, scope: str) -> None:
        if not self.token.allows(scope):
            raise ApiError(403, f"This operation needs a token with the {scope} scope.")


def caller(request: HttpRequest, *, scope: str | None = None) -> Caller:
    token: Any = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):  # every operation is authenticated; a safety net
        raise ApiError(401, "A valid API token is required.")
    found = Caller(token)
    if scope is not None:
        found.require_scope(scope)
    return found


class TokenRateThrottle(AuthRateThrottle):
    """One bucket per token (its ``str`` names its prefix), at ``CIRCLES_API_RATE``, read at
    each request so that a changed setting applies without rebuilding the API."""

    def __init__(self) -> None:
        super().__init__(settings.CIRCLES_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.CIRCLES_API_RATE)
        return super().allow_request(request)
