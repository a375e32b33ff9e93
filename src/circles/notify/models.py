"""Who wants which reminders, and a ledger of every reminder, claimed before it is sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.lib.confidential import ConfidentialTextField
from circles.orgs.models import Person


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitation to a circle")
    MEETING = "meeting", _("Meeting reminder")
    DUE_SOON = "due_soon", _("Commitment due soon")
    OVERDUE = "overdue", _("Commitment overdue")
    TRANSFER = "transfer", _("Learning-transfer check")
    DIGEST = "digest", _("Weekly digest for leads")
    ENROLMENT = "enrolment", _("Invitation to enrol in a programme")
    ENROL_PLACE = "enrol_place", _("A place from the waiting list")
    CONSENT = "consent", _("A success story that names you")
    LIBRARY = "library", _("Monthly library digest")


class Preference(models.Model):
    """Which reminders a person gets; without a row, every reminder is on."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    invitations = models.BooleanField(_("Invitations to a circle"), default=True)
    meeting_reminders = models.BooleanField(_("Reminders before a meeting"), default=True)
    commitment_reminders = models.BooleanField(
        _("Reminders when a commitment is due or overdue"), default=True
    )
    transfer_checks = models.BooleanField(
        _("A question some weeks after a commitment: did you apply what you learned?"),
        default=True,
    )
    weekly_digest = models.BooleanField(_("Weekly digest (programme leads)"), default=True)
    enrolment_invitations = models.BooleanField(
        _("Invitations to enrol in a programme, one reminder, and a place from its waiting list"),
        default=True,
    )
    story_consents = models.BooleanField(
        _("A request for consent when a colleague's success story names you"), default=True
    )
    # The one email people ask for rather than get: off until they switch it on.
    library_digest = models.BooleanField(
        _("A monthly digest of new library items and featured stories in my networks"),
        default=False,
    )
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
    Kind.ENROLMENT: "enrolment_invitations",
    Kind.ENROL_PLACE: "enrolment_invitations",
    Kind.CONSENT: "story_consents",
    Kind.LIBRARY: "library_digest",
}


class Reminder(models.Model):
    """One message to one person for one occasion, sent at most once.

    The unique key (kind, object, person, occasion) makes the sweep idempotent: a second sweep
    inserts nothing new. The state machine pending -> sending -> sent, with a lease on
    "sending", makes delivery idempotent: see ``circles.notify.delivery``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Claimed by a worker")
        SENT = "sent", pgettext_lazy("message state", "Sent")
        SKIPPED = "skipped", _("No longer due, or switched off")
        FAILED = "failed", _("Gave up after repeated errors")

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


# Reminders a chat channel may carry: nothing that is not also in its email.
CHAT_KINDS = (Kind.MEETING, Kind.DUE_SOON, Kind.OVERDUE, Kind.DIGEST)
# A circle's channel is read by the whole circle: only meeting reminders go there.
CIRCLE_CHAT_KINDS = (Kind.MEETING,)


class ChatChannel(models.Model):
    """A Slack or Microsoft Teams incoming webhook an admin connected, for one person (their
    own reminders) or one circle (its meeting reminders)."""

    class Service(models.TextChoices):
        SLACK = "slack", "Slack"
        TEAMS = "teams", "Microsoft Teams"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="chat_channels"
    )
    service = models.CharField(max_length=5, choices=Service.choices)
    label = models.CharField(max_length=100, help_text=_("How the page names it (“#aspen”)."))
    # Anyone with an incoming-webhook address can post to the channel: kept encrypted.
    webhook_url = ConfidentialTextField()
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="chat_channels"
    )
    circle = models.ForeignKey(
        "circle_groups.Circle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_channels",
    )
    kinds = models.JSONField(default=list)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(circle__isnull=True))
                | (Q(person__isnull=True) & Q(circle__isnull=False)),
                name="chat_channel_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.label}"


class ChatPost(models.Model):
    """One nudge to one channel, posted at most once per occasion (a circle's channel gets one
    meeting reminder, however many members are reminded)."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("message state", "Waiting")
        SENT = "sent", pgettext_lazy("message state", "Sent")
        FAILED = "failed", pgettext_lazy("message state", "Gave up")

    channel = models.ForeignKey(ChatChannel, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    occasion = models.CharField(max_length=40)
    # What the post says: the email's subject and links, never confidential text.
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    video_url = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "kind", "object_id", "occasion"], name="chat_post_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} to {self.channel_id}"
