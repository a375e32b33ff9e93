"""Background scheduling, run by the task worker: thin adapters over the schedule services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .services import rhythms_plan


@task()
def plan_circle_rhythms(circle_ids: list[int], starting: str) -> dict[str, int]:
    return rhythms_plan(circle_ids=circle_ids, starting=dt.date.fromisoformat(starting))
