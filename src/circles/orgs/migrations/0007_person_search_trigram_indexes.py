"""Trigram indexes for the directory's name and email search on PostgreSQL (a search for part
of a name otherwise reads every person of the organisation). SQLite has no such index; its
search stays a scan."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

INDEXES = {
    "orgs_person_name_trgm": "full_name",
    "orgs_person_email_trgm": "email",
}


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        # The expression the ORM writes for icontains: UPPER("column"::text) LIKE UPPER(...).
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "orgs_person" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_two_factor_for_managers")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
