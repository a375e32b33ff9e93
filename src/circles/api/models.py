"""API tokens: a person's own, or an organisation's service token for HR integrations."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.orgs.models import Organisation, Person


class Scope(models.TextChoices):
    """Each scope includes the ones before it."""

    READ = "read", _("Read")
    WRITE = "write", _("Read and write")
    ADMIN = "admin", _("Read, write and administer (people, imports)")


SCOPE_ORDER = [Scope.READ, Scope.WRITE, Scope.ADMIN]


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # A personal token acts as its person, with no more than they may do on the pages; a
    # service token (no person) acts for the organisation: what an admin sees, no circle content.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The secret's first characters, to recognise it in lists; the secret itself is not kept.
    prefix = models.CharField(max_length=24, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "revoked_at"]),
            models.Index(fields=["organisation", "person"]),
        ]

    def __str__(self) -> str:
        # Also the rate limiter's key: one bucket per token.
        return f"API token {self.prefix}"

    @property
    def is_service(self) -> bool:
        return self.person_id is None

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )

    def allows(self, scope: str) -> bool:
        return SCOPE_ORDER.index(Scope(self.scope)) >= SCOPE_ORDER.index(Scope(scope))
