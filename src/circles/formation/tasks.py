"""Background formation for large programmes, run by the task worker."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from circles.languages.selection import language_of
from circles.ops.priorities import SOMEONE_WAITS

from .execution import formation_execute
from .models import FormationRun


@task(priority=SOMEONE_WAITS)
def form_circles(run_id: int) -> str:
    run = FormationRun.objects.select_related("created_by__organisation").get(pk=run_id)
    # The proposal's refusals and warnings are stored as words: in the language of the lead
    # who started it, as they would be had the run been formed while they waited.
    with translation.override(language_of(run.created_by)):
        return formation_execute(run=run).status
