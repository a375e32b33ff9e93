"""What the running installation knows about itself: when a task worker last took work."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last time a process of one kind proved it works; `/readyz` reads it."""

    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()
    # Who sent it (host and process), to tell several workers apart when reading the table.
    source = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
