"""What people say after meetings and about the pilot: pulses, feedback ratings, questionnaires.

Answers are only ever shown as aggregates over enough people (see insights/suppression.py).
Questionnaire answers are anonymous: no column links an answer to a person, and the separate
"has answered" table holds no answer.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from circles.lib.confidential import ConfidentialTextField
from circles.meetings.models import Meeting
from circles.orgs.models import Organisation, Person, Programme

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Pulse(models.Model):
    """One attendee's 30-second answer after a meeting."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pulses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pulses")
    # 1-5: "I could say what I really thought here."
    safety = models.PositiveSmallIntegerField(validators=SCALE)
    # 1-5: "This meeting was worth my time."
    usefulness = models.PositiveSmallIntegerField(validators=SCALE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="pulse_once_per_meeting"),
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self) -> str:
        return f"Pulse on meeting {self.meeting_id}"


class FeedbackRating(models.Model):
    """The case giver's rating of the feedback they received, on the four criteria."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback_ratings")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_ratings")
    specific = models.PositiveSmallIntegerField(validators=SCALE)
    observable = models.PositiveSmallIntegerField(validators=SCALE)
    impact = models.PositiveSmallIntegerField(validators=SCALE)
    actionable = models.PositiveSmallIntegerField(validators=SCALE)
    # Readable by the circle's current members only, never by leads or admins.
    comment = ConfidentialTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "giver"], name="rating_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"Feedback rating on meeting {self.meeting_id}"

    @property
    def score(self) -> float:
        return (self.specific + self.observable + self.impact + self.actionable) / 4


class FeedbackPrompt(models.Model):
    """Whether a person set a meeting's pulse aside or was already reminded of it: once only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    dismissed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="prompt_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"Prompt for {self.person_id} on {self.meeting_id}"


class Barrier(models.TextChoices):
    TIME = "time", _("Finding the time")
    SCHEDULING = "scheduling", _("Meeting times across time zones or shifts")
    PURPOSE = "purpose", _("Not sure what the circle is for")
    SAFETY = "safety", _("Not feeling safe to share")
    FACILITATION = "facilitation", _("How the meetings are run")
    FIT = "fit", _("The mix of people in my circle")
    MANAGER = "manager", _("Support from my manager")


class Questionnaire(models.Model):
    """One round of the programme's pilot questionnaire, opened and closed by a lead."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="questionnaires"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(closed_at__isnull=True),
                name="one_open_questionnaire_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire of {self.programme_id} opened {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class QuestionnaireAnswer(models.Model):
    """An anonymous answer: no person, no time stamp, and a random key instead of a sequence,
    so neither a column nor the order of keys ties it to the "has answered" row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answers"
    )
    usefulness = models.PositiveSmallIntegerField(validators=SCALE)
    barriers = models.JSONField(default=list, blank=True)
    what_to_change = ConfidentialTextField(blank=True)
    anything_else = ConfidentialTextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Answer to questionnaire {self.questionnaire_id}"


class QuestionnaireRespondent(models.Model):
    """Who has answered a round, to refuse a second answer; holds nothing of the answer."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="respondents"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "person"], name="answer_questionnaire_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} answered {self.questionnaire_id}"
