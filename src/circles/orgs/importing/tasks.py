"""Large imports on the task worker: thin adapters over the import services."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from circles.languages.selection import language_of
from circles.ops.priorities import SOMEONE_WAITS
from circles.orgs.models import PeopleImport

from .services import import_apply, import_preview


def _uploaders_language(people_import: PeopleImport) -> str:
    """What the worker writes (row errors, progress) is read by the admin who uploaded it."""
    return language_of(people_import.created_by)


@task(priority=SOMEONE_WAITS)
def preview_people_import(import_id: int) -> str:
    people_import = PeopleImport.objects.select_related("created_by__organisation").get(
        pk=import_id
    )
    with translation.override(_uploaders_language(people_import)):
        return import_preview(people_import=people_import).status


@task(priority=SOMEONE_WAITS)
def apply_people_import(import_id: int) -> str:
    people_import = PeopleImport.objects.select_related("created_by__organisation").get(
        pk=import_id
    )
    with translation.override(_uploaders_language(people_import)):
        return import_apply(people_import=people_import).status
