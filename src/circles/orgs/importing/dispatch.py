"""Where an import's work runs: in the request for small files, on the worker for large ones."""

from __future__ import annotations

from circles.orgs.models import PeopleImport

from . import services
from .tasks import apply_people_import, preview_people_import


def import_dispatch(*, people_import: PeopleImport) -> None:
    """Check or apply small files while the admin waits; hand large ones to the worker."""
    if people_import.status == PeopleImport.Status.QUEUED:
        if people_import.row_count <= services.INLINE_ROWS:
            services.import_preview(people_import=people_import)
        else:
            preview_people_import.enqueue(people_import.pk)
    elif people_import.status == PeopleImport.Status.APPLYING:
        if people_import.row_count <= services.INLINE_ROWS:
            services.import_apply(people_import=people_import)
        else:
            apply_people_import.enqueue(people_import.pk)
