"""Meetings of a circle, the agenda they follow, and what was shared in them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from circles.groups.models import Circle
from circles.lib.confidential import ConfidentialTextField
from circles.orgs.models import Organisation, Person, validate_time_zone


class AgendaTemplate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="template_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    CHECK_IN = "check_in", "Check-in"
    CASE = "case", "Case share"
    QUESTIONS = "questions", "Question storm"
    COMMITMENT = "commitment", "Action commitment"
    FOLLOW_UP = "follow_up", "Follow-up and close"
    OTHER = "other", "Other"


class AgendaStep(models.Model):
    template = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=StepKind.choices, default=StepKind.OTHER)
    title = models.CharField(max_length=120)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    prompt = models.TextField(blank=True, help_text="What the facilitator says or asks.")

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min)"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meetings"
    )
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(help_text="Stored in UTC; shown in the time zone below.")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    agenda_template = models.ForeignKey(
        AgendaTemplate, on_delete=models.RESTRICT, null=True, blank=True, related_name="meetings"
    )
    facilitator = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note_taker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["circle", "starts_at"]),
            models.Index(fields=["organisation", "status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.circle} on {self.local_start:%Y-%m-%d %H:%M}"

    @property
    def local_start(self) -> dt.datetime:
        """The start in the circle's own time zone, as its members agreed it."""
        return timezone.localtime(self.starts_at, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def roles_of(self, person: Person) -> list[str]:
        roles = []
        if self.facilitator_id == person.pk:
            roles.append("Facilitator")
        if self.host_id == person.pk:
            roles.append("Host")
        if self.note_taker_id == person.pk:
            roles.append("Note taker")
        return roles


class Attendance(models.Model):
    class Status(models.TextChoices):
        EXPECTED = "expected", "Expected"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Absent"
        DECLINED = "declined", "Declined in advance"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPECTED)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Case(models.Model):
    class Kind(models.TextChoices):
        SITUATION = "situation", "A situation I am facing"
        SKILL = "skill", "A skill I want to develop"
        PERFORMANCE = "performance", "A recent performance moment"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cases")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SITUATION)
    title = ConfidentialTextField(help_text="A few words the circle will recognise.")
    situation = ConfidentialTextField(help_text="What happened, or what is at stake.")
    help_wanted = ConfidentialTextField(blank=True, help_text="What help you want from the circle.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Case by {self.giver}"


class Question(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = ConfidentialTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Question on {self.case_id}"


class Note(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = ConfidentialTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note on {self.meeting_id}"
