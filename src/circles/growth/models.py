"""Commitments made in circles, and how they were followed up."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from circles.groups.models import Circle
from circles.lib.confidential import ConfidentialTextField
from circles.meetings.models import Case, Meeting
from circles.orgs.models import Organisation, Person


class Outcome(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    NOT_DONE = "not_done", "Not done"
    DROPPED = "dropped", "Dropped"


class Commitment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
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
    action = ConfidentialTextField(help_text="A concrete next step.")
    due_on = models.DateField()
    # The outcome of the latest follow-up, kept here so open and overdue lists are one query.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["circle", "status", "due_on"]),
            models.Index(fields=["organisation", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"Commitment of {self.owner} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


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
