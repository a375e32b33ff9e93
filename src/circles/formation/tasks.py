"""Background formation for large programmes, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from .models import FormationRun
from .services import formation_execute


@task()
def form_circles(run_id: int) -> str:
    run = FormationRun.objects.get(pk=run_id)
    return formation_execute(run=run).status
