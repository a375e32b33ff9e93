"""Development plans and goals, commitments made in circles, and how they were followed up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.groups.models import Circle
from circles.lib.bounds import within_bounds
from circles.lib.confidential import ConfidentialTextField
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Organisation, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Outcome(models.TextChoices):
    DONE = "done", pgettext_lazy("commitment outcome", "Done")
    PARTLY = "partly", pgettext_lazy("commitment outcome", "Partly done")
    NOT_DONE = "not_done", pgettext_lazy("commitment outcome", "Not done")
    DROPPED = "dropped", pgettext_lazy("commitment outcome", "Dropped")


class Commitment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("commitment status", "Open")
        DONE = Outcome.DONE.value, Outcome.DONE.label
        PARTLY = Outcome.PARTLY.value, Outcome.PARTLY.label
        NOT_DONE = Outcome.NOT_DONE.value, Outcome.NOT_DONE.label
        DROPPED = Outcome.DROPPED.value, Outcome.DROPPED.label

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commitments"
    )
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="commitments")
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="commitments")
    made_at = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="commitments")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    # A commitment serves a case brought to the circle, a goal of the owner's plan, or both.
    goal = models.ForeignKey(
        "Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    action = ConfidentialTextField(help_text=_("A concrete next step."))
    due_on = models.DateField()
    # The outcome of the latest follow-up, kept here so open and overdue lists are one query.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["circle", "status", "due_on"]),
            models.Index(fields=["organisation", "due_on"]),
        ]
        constraints = [within_bounds("due_on", name="commitment_due_in_range")]

    def __str__(self) -> str:
        return f"Commitment of {self.owner} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    def status_in_sentence(self) -> str:
        """The status inside a sentence ("due 4 Dec 2026, partly done")."""
        return str(STATUS_IN_SENTENCE.get(self.status, self.get_status_display()))


class FollowUp(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reflection = ConfidentialTextField(blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.commitment_id}"


class DevelopmentPlan(models.Model):
    """A person's own plan: private to them, except what they share goal by goal."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="development_plans"
    )
    owner = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="development_plan")
    summary = ConfidentialTextField(
        blank=True, help_text=_("Where you want to grow, in a few sentences.")
    )
    # Career conversations: the summary reaches this manager only, and only while they are
    # the owner's manager; empty unless the owner chose to share it.
    summary_shared_with = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Development plan of {self.owner}"


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("goal status", "Working on it")
        ACHIEVED = "achieved", pgettext_lazy("goal status", "Achieved")
        PAUSED = "paused", pgettext_lazy("goal status", "Set aside for now")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    title = ConfidentialTextField(help_text=_("What you want to be able to do."))
    skills = ConfidentialTextField(blank=True, help_text=_("The skills behind the goal."))
    evidence = ConfidentialTextField(
        blank=True,
        help_text=_("How you will know you progressed: what you will see or hear."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Each goal stays private unless the owner shares it with the circles they are in now.
    shared_with_circle = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["plan", "shared_with_circle"])]

    def __str__(self) -> str:
        return f"Goal {self.pk} of plan {self.plan_id}"


class CommitmentCheckIn(models.Model):
    """Progress between meetings: a short update with a percentage, a state, or both."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("check-in state", "Not started")
        ON_TRACK = "on_track", pgettext_lazy("check-in state", "On track")
        STUCK = "stuck", pgettext_lazy("check-in state", "Stuck")
        DONE = "done", pgettext_lazy("check-in state", "Done, ready for the follow-up")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    update = ConfidentialTextField(blank=True)
    percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    state = models.CharField(max_length=12, choices=State.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["commitment", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="check_in_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in on {self.commitment_id}"

    def state_in_sentence(self) -> str:
        """The state inside a sentence ("Open, 40%, on track")."""
        return str(STATE_IN_SENTENCE.get(self.state, self.get_state_display()))


# Statuses and states inside a sentence. Languages differ in whether such a word is written in
# lower case there (German nouns are not), so the translators give this form themselves.
STATUS_IN_SENTENCE: dict[str, StrOrPromise] = {
    Commitment.Status.OPEN: pgettext_lazy("commitment status, inside a sentence", "open"),
    Commitment.Status.DONE: pgettext_lazy("commitment status, inside a sentence", "done"),
    Commitment.Status.PARTLY: pgettext_lazy("commitment status, inside a sentence", "partly done"),
    Commitment.Status.NOT_DONE: pgettext_lazy("commitment status, inside a sentence", "not done"),
    Commitment.Status.DROPPED: pgettext_lazy("commitment status, inside a sentence", "dropped"),
}
STATE_IN_SENTENCE: dict[str, StrOrPromise] = {
    CommitmentCheckIn.State.NOT_STARTED: pgettext_lazy(
        "check-in state, inside a sentence", "not started"
    ),
    CommitmentCheckIn.State.ON_TRACK: pgettext_lazy(
        "check-in state, inside a sentence", "on track"
    ),
    CommitmentCheckIn.State.STUCK: pgettext_lazy("check-in state, inside a sentence", "stuck"),
    CommitmentCheckIn.State.DONE: pgettext_lazy(
        "check-in state, inside a sentence", "done, ready for the follow-up"
    ),
}


class LearningTransferCheck(models.Model):
    """Some weeks after a commitment closes, its owner says whether the learning was applied.

    The learning-transfer metric is the share of answered checks with ``applied`` true.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="transfer_checks"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="transfer_checks"
    )
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfer_checks")
    due_on = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)
    applied = models.BooleanField(null=True, blank=True)
    how = ConfidentialTextField(blank=True)
    effect = ConfidentialTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "answered_at", "due_on"]),
            models.Index(fields=["organisation", "answered_at"]),
        ]
        # One check per commitment, even if its follow-up is recorded again.
        constraints = [
            models.UniqueConstraint(fields=["commitment"], name="transfer_check_once"),
        ]

    def __str__(self) -> str:
        return f"Learning-transfer check on {self.commitment_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ManagerShare(models.Model):
    """One item a person chose to share with their manager for a career conversation.

    Shared with the manager of that moment only: a new manager sees nothing until the person
    shares again. Nothing is shared by default.
    """

    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="manager_shares")
    manager = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shared_with_me")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="manager_shares"
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manager_shares",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(commitment__isnull=True))
                | (Q(goal__isnull=True) & Q(commitment__isnull=False)),
                name="manager_share_one_item",
            ),
            models.UniqueConstraint(
                fields=["owner", "manager", "goal"],
                condition=Q(goal__isnull=False),
                name="manager_share_goal_once",
            ),
            models.UniqueConstraint(
                fields=["owner", "manager", "commitment"],
                condition=Q(commitment__isnull=False),
                name="manager_share_commitment_once",
            ),
        ]
        indexes = [models.Index(fields=["manager", "owner"])]

    def __str__(self) -> str:
        return f"Shared by {self.owner_id} with {self.manager_id}"
