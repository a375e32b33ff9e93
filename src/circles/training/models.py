"""A person's progress through the facilitator training path."""

from __future__ import annotations

from django.db import models

from circles.orgs.models import Person

from .path import STEPS


class TrainingProgress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    step = models.CharField(max_length=20, choices=[(s.key, s.title) for s in STEPS])
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "step"], name="training_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} completed {self.step}"
