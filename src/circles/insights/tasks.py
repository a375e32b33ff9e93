"""Background tasks, run by `circles db_worker`: thin adapters over the insights services."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from circles.ops.priorities import WHEN_IDLE
from circles.orgs.models import Programme

from . import snapshots


@task(priority=WHEN_IDLE)
def refresh_programme_figures(programme_id: int, circle_ids: list[int]) -> str:
    """Compute and store a large programme's dashboard figures for one kind of viewer."""
    programme = Programme.objects.select_related("organisation").filter(pk=programme_id).first()
    if programme is None:
        return "programme gone"
    row = snapshots.refresh(programme, circle_ids, now=timezone.now())
    return f"computed in {row.computed_seconds:.1f} s"
