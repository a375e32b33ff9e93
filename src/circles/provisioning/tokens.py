"""Bearer tokens for SCIM: made per organisation, shown once, kept as a SHA-256 digest."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from circles.audit.context import Actor
from circles.audit.models import Action, ActorKind
from circles.audit.services import audit_record
from circles.lib.errors import DomainError
from circles.lib.secrets import last_used_touch, looks_like, secret_digest, secret_new
from circles.orgs.models import Organisation, Person

from .models import ScimToken

# Recognisable in logs and secret scanners; the random part carries 256 bits.
TOKEN_MARK = "ccscim_"
PREFIX_LENGTH = len(TOKEN_MARK) + 8


def token_actor(token: ScimToken, ip: str | None = None) -> Actor:
    """How the audit log names an identity provider acting with this token."""
    return Actor(ActorKind.SCIM, f"SCIM token {token.prefix}…", None, ip)


def _audit(token: ScimToken, action: str, summary: str, actor: Actor | None = None) -> None:
    audit_record(
        organisation_id=token.organisation_id,
        action=action,
        object_type="scim_token",
        object_id=token.prefix,
        summary=summary,
        details={"description": token.description} if token.description else None,
        actor=actor,
    )


def scim_token_create(
    *, organisation: Organisation, created_by: Person | None = None, description: str = ""
) -> tuple[ScimToken, str]:
    """Make a token; returns it with its secret, which is never stored or shown again."""
    if created_by is not None and created_by.organisation_id != organisation.pk:
        raise DomainError("Tokens are made by someone in the organisation.", field="created_by")
    secret = secret_new(TOKEN_MARK)
    token = ScimToken.objects.create(
        organisation=organisation,
        prefix=secret[:PREFIX_LENGTH],
        digest=secret_digest(secret),
        description=description.strip()[:200],
        created_by=created_by,
    )
    _audit(token, Action.SCIM_TOKEN_CREATED, f"Made SCIM token {token.prefix}…")
    return token, secret


def scim_token_revoke(*, organisation: Organisation, prefix: str) -> ScimToken:
    """Stop a token working at once."""
    token = ScimToken.objects.filter(organisation=organisation, prefix=prefix.strip()).first()
    if token is None:
        raise DomainError(f"{organisation.name} has no SCIM token starting {prefix!r}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit(token, Action.SCIM_TOKEN_REVOKED, f"Revoked SCIM token {token.prefix}…")
    return token


def scim_token_authenticate(*, secret: str, ip: str | None = None) -> ScimToken | None:
    """The live token with this secret, its use recorded; None for anything else.

    Use goes into the audit log as often as ``last_used_at`` moves (once a minute at most);
    what the provider changed is recorded by the person services it reaches.
    """
    if not looks_like(secret, TOKEN_MARK):
        return None
    token = (
        ScimToken.objects.select_related("organisation")
        .filter(digest=secret_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    if last_used_touch(ScimToken, token.pk):
        _audit(
            token,
            Action.SCIM_TOKEN_USED,
            f"SCIM token {token.prefix}… in use",
            actor=token_actor(token, ip),
        )
    return token


def scim_tokens(*, organisation: Organisation) -> QuerySet[ScimToken]:
    return ScimToken.objects.filter(organisation=organisation).select_related("created_by")
