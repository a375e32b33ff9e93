"""Stored dashboard figures of large programmes, so that their pages answer at once."""

from __future__ import annotations

from django.db import models


class ProgrammeFigures(models.Model):
    """One programme's figures as one kind of viewer may see them, already suppressed.

    Viewers who know the same circles from inside (none, for most admins and leads) see the
    same figures, so they share one row. Suppressed cells are stored without their values.
    """

    programme = models.ForeignKey(
        "orgs.Programme", on_delete=models.CASCADE, related_name="stored_figures"
    )
    # A digest of the circles the viewer reads as a member (sorted ids), "" for none.
    viewer_key = models.CharField(max_length=64, blank=True)
    as_of = models.DateField(null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    computed_seconds = models.FloatField(default=0.0)
    # Set while a worker computes the figures: a second request does not queue them again.
    refreshing_since = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "viewer_key"], name="insights_figures_one_per_viewer_kind"
            )
        ]

    def __str__(self) -> str:
        return f"figures of programme {self.programme_id} ({self.viewer_key or 'no circles'})"
