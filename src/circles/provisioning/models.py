"""SCIM provisioning: the bearer tokens identity providers use, and what they last sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from circles.orgs.models import Organisation, Person


class ScimToken(models.Model):
    """One identity provider's key to one organisation's people.

    Only a SHA-256 digest of the token is kept: the token itself is shown once, when made.
    The prefix is the start of the token, enough to tell tokens apart in a list.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="scim_tokens"
    )
    prefix = models.CharField(max_length=24, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"SCIM token {self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ScimIdentity(models.Model):
    """A person as the identity provider describes them.

    ``attributes`` holds the SCIM User as last written (userName, name parts, displayName and
    so on), so that what the provider sends reads back unchanged; the person's own fields
    (name, email, department...) stay the truth for what they map to. A provider's DELETE
    sets ``deleted_at``: the person is deactivated, and the provider no longer sees them.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="scim_identities"
    )
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim_identity")
    user_name = models.CharField(max_length=255)
    # The userName as SCIM compares it (NFC, lower case): lookups and uniqueness use it.
    user_name_key = models.CharField(max_length=255)
    attributes = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "SCIM identities"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user_name_key"],
                condition=Q(deleted_at__isnull=True),
                name="scim_user_name_per_org",
            )
        ]
        indexes = [models.Index(fields=["organisation", "user_name_key"])]

    def __str__(self) -> str:
        return self.user_name
