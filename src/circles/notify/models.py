"""Who wants which reminders, and a ledger of every reminder, claimed before it is sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from circles.orgs.models import Person


class Kind(models.TextChoices):
    INVITATION = "invitation", "Invitation to a circle"
    MEETING = "meeting", "Meeting reminder"
    DUE_SOON = "due_soon", "Commitment due soon"
    OVERDUE = "overdue", "Commitment overdue"
    TRANSFER = "transfer", "Learning-transfer check"
    DIGEST = "digest", "Weekly digest for leads"


class Preference(models.Model):
    """Which reminders a person gets; without a row, every reminder is on."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    invitations = models.BooleanField("Invitations to a circle", default=True)
    meeting_reminders = models.BooleanField("Reminders before a meeting", default=True)
    commitment_reminders = models.BooleanField(
        "Reminders when a commitment is due or overdue", default=True
    )
    transfer_checks = models.BooleanField(
        "A question some weeks after a commitment: did you apply what you learned?", default=True
    )
    weekly_digest = models.BooleanField("Weekly digest (programme leads)", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder preferences of {self.person_id}"


# The preference that switches each kind of reminder off.
PREFERENCE_OF_KIND: dict[str, str] = {
    Kind.INVITATION: "invitations",
    Kind.MEETING: "meeting_reminders",
    Kind.DUE_SOON: "commitment_reminders",
    Kind.OVERDUE: "commitment_reminders",
    Kind.TRANSFER: "transfer_checks",
    Kind.DIGEST: "weekly_digest",
}


class Reminder(models.Model):
    """One message to one person for one occasion, sent at most once.

    The unique key (kind, object, person, occasion) makes the sweep idempotent: a second sweep
    inserts nothing new. The state machine pending -> sending -> sent, with a lease on
    "sending", makes delivery idempotent: see ``circles.notify.delivery``.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Claimed by a worker"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "No longer due, or switched off"
        FAILED = "failed", "Gave up after repeated errors"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    # What makes this reminder distinct from an earlier one about the same object: a meeting's
    # start (a moved meeting is reminded again), a due date, an ISO week.
    occasion = models.CharField(max_length=40)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "person", "occasion"], name="reminder_once"
            ),
        ]
        indexes = [
            # The sweep looks for work that is waiting or whose worker went away.
            models.Index(
                fields=["state", "enqueued_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="reminder_open_work",
            ),
            models.Index(fields=["person", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} to {self.person_id} ({self.occasion})"
