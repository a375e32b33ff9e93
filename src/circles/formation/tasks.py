"""Background formation for large programmes, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from .execution import formation_execute
from .models import FormationRun


@task()
def form_circles(run_id: int) -> str:
    run = FormationRun.objects.get(pk=run_id)
    return formation_execute(run=run).status
