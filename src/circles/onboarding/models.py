"""Onboarding circles: a programme for new hires, and the experienced people who host them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from circles.orgs.models import Organisation, Person, Programme


class OnboardingProgramme(models.Model):
    """A programme whose circles are formed, on a schedule, from people who started recently,
    each circle with at least one experienced volunteer."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, primary_key=True, related_name="onboarding"
    )
    # New hires: people whose start date lies within this many days before the proposal.
    window_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    # A new proposal is made this many days after the last one (the lead still publishes).
    every_days = models.PositiveSmallIntegerField(
        default=28, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    last_proposed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Onboarding for {self.programme_id}"


class Volunteer(models.Model):
    """Someone who opted in to host new hires in an onboarding circle."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="volunteer")
    opted_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "opted_in_at"])]

    def __str__(self) -> str:
        return f"Volunteer {self.person_id}"
