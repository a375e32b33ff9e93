"""Making, revoking and checking API tokens: shown once, kept as a SHA-256 digest."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from circles.audit.context import Actor
from circles.audit.models import Action, ActorKind
from circles.audit.services import audit_record
from circles.lib.errors import DomainError
from circles.lib.secrets import last_used_touch, looks_like, secret_digest, secret_new
from circles.orgs.models import Person, Role
from circles.orgs.selectors import can_manage_organisation

from .models import ApiToken, Scope

# Recognisable in logs and secret scanners; the random part carries 256 bits.
TOKEN_MARK = "ccapi_"
PREFIX_LENGTH = len(TOKEN_MARK) + 8
# Lifetimes offered; a personal token always expires, a service token may run until revoked.
LIFETIMES_DAYS = (7, 30, 90, 365)
MAX_LIVE_TOKENS = 20


def token_actor(token: ApiToken, ip: str | None = None) -> Actor:
    """How the audit log names whoever acts with this token."""
    if token.person is not None:
        return Actor.of_person(token.person, ip)
    return Actor(ActorKind.API, f"API service token {token.prefix}…", None, ip)


def _audit(token: ApiToken, action: str, summary: str) -> None:
    audit_record(
        organisation_id=token.organisation_id,
        action=action,
        target=token.person,
        object_type="api_token",
        object_id=token.prefix,
        summary=summary,
        details={
            "scope": token.scope,
            "kind": "service" if token.is_service else "personal",
            "expires": token.expires_at.date().isoformat() if token.expires_at else None,
        },
    )


def live_tokens() -> Q:
    return Q(revoked_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


@transaction.atomic
def api_token_create(
    *,
    created_by: Person,
    name: str,
    scope: str,
    expires_in_days: int | None,
    service: bool = False,
) -> tuple[ApiToken, str]:
    """Make a token for ``created_by`` (or, with ``service``, for their organisation); returns
    it with its secret, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name that says what uses it."), field="name")
    if len(name) > 100:
        raise DomainError(_("Keep the name under 100 characters."), field="name")
    if scope not in Scope.values:
        raise DomainError(_("Choose read, write or admin."), field="scope")
    if not created_by.is_active:
        raise DomainError(_("Only current members of the organisation make tokens."))
    if service and not can_manage_organisation(created_by):
        raise DomainError(_("Only organisation admins make service tokens."))
    if scope == Scope.ADMIN and not service and created_by.role != Role.ADMIN:
        raise DomainError(
            _("Only organisation admins make tokens with the admin scope."), field="scope"
        )
    if expires_in_days is None and not service:
        raise DomainError(_("A personal token needs an expiry."), field="expires_in_days")
    if expires_in_days is not None and expires_in_days not in LIFETIMES_DAYS:
        raise DomainError(_("Choose one of the lifetimes offered."), field="expires_in_days")
    owner = None if service else created_by
    live = ApiToken.objects.filter(live_tokens(), organisation_id=created_by.organisation_id)
    live = live.filter(person__isnull=True) if service else live.filter(person=owner)
    if live.count() >= MAX_LIVE_TOKENS:
        raise DomainError(
            _("At most %(count)s live tokens: revoke one you no longer use.")
            % {"count": MAX_LIVE_TOKENS}
        )
    secret = secret_new(TOKEN_MARK)
    token = ApiToken.objects.create(
        organisation_id=created_by.organisation_id,
        person=owner,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=secret_digest(secret),
        scope=scope,
        created_by=created_by,
        expires_at=(
            timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
        ),
    )
    # The audit log keeps its own (English) words, whatever language the admin reads.
    with translation.override("en"):
        scope_label = str(Scope(token.scope).label).lower()
    _audit(token, Action.API_TOKEN_CREATED, f"Made {scope_label} token")
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Person) -> ApiToken:
    """Stop a token working at once: its owner, or an admin of its organisation, may."""
    token = (
        ApiToken.objects.select_for_update(of=("self",)).select_related("person").get(pk=token.pk)
    )
    is_owner = token.person_id is not None and token.person_id == by.pk
    is_admin = can_manage_organisation(by) and by.organisation_id == token.organisation_id
    if not (is_owner or is_admin):
        raise DomainError(_("Only the token's owner or an organisation admin can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit(token, Action.API_TOKEN_REVOKED, "Revoked an API token")
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token with this secret, its use recorded; None for anything else, including
    the token of someone who left the organisation."""
    if not looks_like(secret, TOKEN_MARK):
        return None
    token = (
        ApiToken.objects.select_related("organisation", "person", "person__organisation")
        .filter(live_tokens(), digest=secret_digest(secret))
        .first()
    )
    if token is None:
        return None
    if token.person is not None and not token.person.is_active:
        return None
    last_used_touch(ApiToken, token.pk)
    return token


def tokens_of(person: Person) -> QuerySet[ApiToken]:
    """A person's own tokens, newest first (revoked ones stay listed, marked)."""
    return ApiToken.objects.filter(person=person)


def service_tokens(viewer: Person) -> QuerySet[ApiToken]:
    if not can_manage_organisation(viewer):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(
        organisation_id=viewer.organisation_id, person__isnull=True
    ).select_related("created_by")


def token_of(viewer: Person, token_id: int) -> ApiToken | None:
    """A token the viewer may revoke: their own, or any of their organisation's as its admin."""
    tokens = ApiToken.objects.filter(pk=token_id, organisation_id=viewer.organisation_id)
    if not can_manage_organisation(viewer):
        tokens = tokens.filter(person=viewer)
    return tokens.first()
