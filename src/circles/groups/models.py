"""Circles, who belongs to them, and the charter they agreed."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.lib.bounds import within_bounds
from circles.lib.confidential import ConfidentialTextField
from circles.meetings.schedule.recurrence import WEEKDAYS, Rhythm
from circles.orgs.models import (
    Cadence,
    Organisation,
    Person,
    Programme,
    cadence_in_sentence,
    validate_time_zone,
)

WEEKDAY_CHOICES = [(number, name) for number, name in enumerate(WEEKDAYS)]


class Circle(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", pgettext_lazy("circle status", "Forming")
        ACTIVE = "active", pgettext_lazy("circle status", "Active")
        CLOSED = "closed", pgettext_lazy("circle status", "Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="circles")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    purpose = models.TextField(max_length=2000, blank=True)
    ground_rules = models.TextField(
        max_length=5000,
        blank=True,
        help_text=_("The circle's charter: one rule per line, agreed at the first meeting."),
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    meeting_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    # The rhythm: the cadence (or an explicit RFC 5545 rule, which wins) on a weekday at a
    # local time in the circle's time zone, from the first meeting date on.
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        blank=True,
        help_text=_("Optional RFC 5545 rule, e.g. FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1."),
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=WEEKDAY_CHOICES
    )
    meeting_time = models.TimeField(null=True, blank=True)
    first_meeting_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["programme", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="circle_name_per_programme"),
            models.UniqueConstraint(
                "organisation", Lower("name"), name="circle_name_per_organisation"
            ),
            within_bounds("first_meeting_on", name="circle_first_meeting_in_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cadence_in_sentence(self) -> str:
        return cadence_in_sentence(self.cadence)

    @property
    def ground_rule_list(self) -> list[str]:
        return [line.strip() for line in self.ground_rules.splitlines() if line.strip()]

    @property
    def rhythm(self) -> Rhythm | None:
        """The meeting rhythm, once a start date and time are set."""
        if self.meeting_time is None or self.first_meeting_on is None:
            return None
        return Rhythm(
            cadence=self.cadence,
            time_zone=self.time_zone,
            meeting_time=self.meeting_time,
            first_meeting_on=self.first_meeting_on,
            weekday=self.meeting_weekday,
            rule=self.rrule,
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CONVENER = "convener", _("Convener")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField()
    # Set when the person leaves: from then on they see none of the circle's content.
    left_on = models.DateField(null=True, blank=True)
    ground_rules_accepted_at = models.DateTimeField(null=True, blank=True)
    # What the member hopes for from the circle, written at the first meeting: members only.
    expectations = ConfidentialTextField(blank=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_circle",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "left_on"]),
            models.Index(fields=["circle", "left_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.circle}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
