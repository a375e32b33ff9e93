"""Large imports on the task worker: thin adapters over the import services."""

from __future__ import annotations

from django_tasks import task

from circles.orgs.models import PeopleImport

from .services import import_apply, import_preview


@task()
def preview_people_import(import_id: int) -> str:
    people_import = PeopleImport.objects.get(pk=import_id)
    return import_preview(people_import=people_import).status


@task()
def apply_people_import(import_id: int) -> str:
    people_import = PeopleImport.objects.get(pk=import_id)
    return import_apply(people_import=people_import).status
