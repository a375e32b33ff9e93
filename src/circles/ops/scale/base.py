"""What every part of the scale seeder shares: its random source, clock, keys, and one bulk
writer per table, counted as rows are written."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.db import models
from django.utils import timezone

from circles.orgs.models import Organisation

from .writer import Keys, TableWriter


class Progress:
    """What the command shows: a phase with its expected size, and rows as they are written."""

    def phase(self, name: str, total: int | None) -> None:  # pragma: no cover - display only
        pass

    def advance(self, amount: int) -> None:  # pragma: no cover - display only
        pass

    def rows(self, table: str, amount: int) -> None:  # pragma: no cover - display only
        pass


class SeedState:
    # Set as the organisation and the plans are written, before the circles' history.
    org: Organisation
    domain: str
    template: Any
    goal_of: dict[int, int]

    def __init__(self, *, people: int, years: float, seed: int, progress: Progress) -> None:
        self.n = people
        self.years = years
        self.rng = random.Random(seed)
        self.progress = progress
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.today = self.now.date()
        self.start = self.now - dt.timedelta(days=round(365.25 * years))
        self.keys = Keys()
        self.rows: Counter[str] = Counter()
        self.writers: dict[type[models.Model], TableWriter] = {}

    def writer(self, model: type[models.Model], columns: list[str]) -> TableWriter:
        if model not in self.writers:
            self.writers[model] = TableWriter(model, columns, now=self.now, on_flush=self._flushed)
        return self.writers[model]

    def _flushed(self, model: type[models.Model], amount: int) -> None:
        self.rows[model._meta.db_table] += amount
        self.progress.rows(model._meta.db_table, amount)

    def flush_all(self) -> None:
        for writer in self.writers.values():
            writer.flush()
