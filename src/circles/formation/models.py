"""A formation run: the proposal of circles for a programme, its adjustments and publication."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.orgs.models import Organisation, Person, Programme


class FormationRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("formation status", "Queued")
        RUNNING = "running", _("Forming circles")
        DONE = "done", _("Proposal ready")
        FAILED = "failed", _("Could not form circles")
        PUBLISHED = "published", pgettext_lazy("formation status", "Published")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="formation_runs"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="formation_runs"
    )
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Everything the lead chose: participants, attribute weights, size bounds, rules, time.
    options = models.JSONField(default=dict)
    # Hard rules added while adjusting: people fixed to a proposed circle, kept together or apart.
    locks = models.JSONField(default=dict, blank=True)
    # The proposal: a list of circles, each a list of person ids.
    groups = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    progress = models.FloatField(default=0.0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["programme", "created_at"])]

    def __str__(self) -> str:
        return f"Formation for {self.programme} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.PUBLISHED}

    @property
    def participant_ids(self) -> list[int]:
        ids: list[Any] = self.options.get("participants", [])
        return [int(i) for i in ids]
