"""Organisations (tenants), the people in them, and their circle programmes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"'{value}' is not a known time zone (use a name like Europe/Berlin)."
        )


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # Aggregates over fewer people than this are never shown (never below 3).
    min_group_size_for_aggregates = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(3)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Organisation admin"
    LEAD = "lead", "Programme lead"
    MEMBER = "member", "Member"


class Person(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    department = models.CharField(max_length=120, blank=True)
    job_family = models.CharField("job family / role", max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    location = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Local working hours, in the person's own time zone.
    work_starts_at = models.TimeField(default=dt.time(9, 0))
    work_ends_at = models.TimeField(default=dt.time(17, 0))
    start_date = models.DateField(null=True, blank=True, help_text="First day at the organisation.")
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    languages = models.JSONField(default=list, blank=True)
    development_interests = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="person_email_per_org"),
        ]
        indexes = [
            models.Index(fields=["organisation", "department"]),
            models.Index(fields=["organisation", "location"]),
            models.Index(fields=["organisation", "role"]),
        ]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.manager_id is not None and self.manager_id == self.pk:
            raise ValidationError({"manager": "A person cannot be their own manager."})
        if self.manager is not None and self.manager.organisation_id != self.organisation_id:
            raise ValidationError({"manager": "The manager must work in the same organisation."})
        if self.work_ends_at <= self.work_starts_at:
            raise ValidationError({"work_ends_at": "Working hours must end after they start."})

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ", 1)[0]

    @property
    def tenure_years(self) -> float | None:
        if self.start_date is None:
            return None
        return round((dt.date.today() - self.start_date).days / 365.25, 1)


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Every month"


class Programme(models.Model):
    class Kind(models.TextChoices):
        PILOT = "pilot", "Pilot"
        ROLLING = "rolling", "Rolling programme"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PILOT)
    purpose = models.TextField(help_text="Why the organisation runs these circles.")
    objective = models.CharField(
        max_length=300, blank=True, help_text="The organisational objective the purpose serves."
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    meeting_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    agenda_template = models.ForeignKey(
        "meetings.AgendaTemplate",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="programmes",
    )
    ground_rules = models.TextField(
        blank=True, help_text="One rule per line; every circle starts its charter with these."
    )
    min_circle_size = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    max_circle_size = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    cycle_weeks = models.PositiveSmallIntegerField(
        default=26, validators=[MinValueValidator(4), MaxValueValidator(104)]
    )
    starts_on = models.DateField(null=True, blank=True)
    leads = models.ManyToManyField(Person, related_name="led_programmes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_circle_size > self.max_circle_size:
            raise ValidationError(
                {"max_circle_size": "The largest circle size must be at least the smallest."}
            )

    @property
    def ground_rule_list(self) -> list[str]:
        return [line.strip() for line in self.ground_rules.splitlines() if line.strip()]
