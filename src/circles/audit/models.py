"""The audit log: who read or changed whose personal data, and when.

The log is append-only from the application's side: an event cannot be saved again, deleted
or bulk-updated through the ORM. The two sanctioned exceptions live in ``services.py`` and
write SQL explicitly: the retention purge, and the redaction of an erased person's name.
Events hold no confidential text and no values of personal data, only what happened to whom.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AuditLogIsAppendOnly("Audit events are never changed or deleted by the application.")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class Action(models.TextChoices):
    # Reads of someone's personal data by an admin, a lead or a manager.
    PERSON_VIEWED = "person.viewed", _("Opened a person's page")
    ENROLMENT_PROFILES_VIEWED = "enrolment.profiles_viewed", _("Read enrolment profiles")
    # Translators: a report is a person who reports to the manager who read it.
    SHARED_PLAN_VIEWED = "plan.shared_viewed", _("Read what a report shared")
    # Who someone is and what they may do.
    PERSON_CREATED = "person.created", _("Added a person")
    PERSON_UPDATED = "person.updated", _("Changed a person's attributes")
    ROLE_CHANGED = "person.role_changed", _("Changed a role")
    LEAD_ADDED = "programme.lead_added", _("Made a programme lead")
    LEAD_REMOVED = "programme.lead_removed", _("Took away a programme lead")
    PERSON_DEACTIVATED = "person.deactivated", _("Marked as left")
    PERSON_REACTIVATED = "person.reactivated", _("Marked as active again")
    INVITATION_SENT = "invitation.sent", _("Sent an invitation")
    SIGN_IN_SETTINGS_CHANGED = "organisation.sign_in_changed", _("Changed sign-in settings")
    SIGN_IN_UNLOCKED = "person.sign_in_unlocked", _("Lifted a sign-in lock-out")
    TWO_FACTOR_RESET = "person.two_factor_reset", _("Turned off someone's two-factor sign-in")
    # Bulk movements of personal data.
    PEOPLE_IMPORT_APPLIED = "import.applied", _("Applied a people import")
    IMPORT_ERRORS_EXPORTED = "import.errors_exported", _("Downloaded an import's rejected rows")
    DASHBOARD_EXPORTED = "insights.exported", _("Exported a programme's outcomes")
    CAREER_EXPORTED = "plan.exported", _("Exported a career-conversation summary")
    AUDIT_EXPORTED = "audit.exported", _("Exported the audit log")
    # Provisioning by an identity provider.
    SCIM_TOKEN_CREATED = "scim.token_created", _("Made a SCIM token")
    SCIM_TOKEN_REVOKED = "scim.token_revoked", _("Revoked a SCIM token")
    SCIM_TOKEN_USED = "scim.token_used", _("Used a SCIM token")
    # Integrations: API tokens, webhooks and chat channels.
    API_TOKEN_CREATED = "api.token_created", _("Made an API token")
    API_TOKEN_REVOKED = "api.token_revoked", _("Revoked an API token")
    WEBHOOK_CREATED = "webhook.created", _("Registered a webhook")
    WEBHOOK_CHANGED = "webhook.changed", _("Changed a webhook")
    WEBHOOK_DELETED = "webhook.deleted", _("Removed a webhook")
    CHAT_CHANNEL_CREATED = "chat.channel_created", _("Connected a chat channel")
    CHAT_CHANNEL_DELETED = "chat.channel_deleted", _("Disconnected a chat channel")
    # Privacy rights.
    DATA_DOWNLOADED = "privacy.downloaded", _("Downloaded their own data")
    PERSON_ERASED = "privacy.erased", _("Erased a person")


class ActorKind(models.TextChoices):
    PERSON = "person", _("A person")
    SCIM = "scim", _("An identity provider (SCIM token)")
    API = "api", _("An integration (API service token)")
    COMMAND = "command", _("The command line")
    SYSTEM = "system", _("The system")


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="audit_events"
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Snapshots, so the log still reads after a person is renamed or a token revoked.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=40, choices=Action.choices)
    target_person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_label = models.CharField(max_length=200, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    # Ids, field names, counts: never confidential text, never values of personal data.
    details = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"]),
            models.Index(fields=["organisation", "action", "-created_at"]),
            models.Index(fields=["target_person", "-created_at"]),
            # The retention purge looks across organisations by age.
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
