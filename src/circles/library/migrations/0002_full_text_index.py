"""The full-text index over search documents' terms, in each database's own way.

SQLite: an FTS5 table keyed by the document's item id, kept in step by triggers. PostgreSQL: a
stored tsvector column over the same terms (the 'simple' configuration: the terms are already
folded and stemmed in Python) with a GIN index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE library_search_fts USING fts5(terms, tokenize='unicode61')",
    """CREATE TRIGGER library_search_fts_insert AFTER INSERT ON library_searchdocument BEGIN
        INSERT INTO library_search_fts(rowid, terms) VALUES (new.item_id, new.terms);
    END""",
    """CREATE TRIGGER library_search_fts_delete AFTER DELETE ON library_searchdocument BEGIN
        DELETE FROM library_search_fts WHERE rowid = old.item_id;
    END""",
    """CREATE TRIGGER library_search_fts_update AFTER UPDATE ON library_searchdocument BEGIN
        DELETE FROM library_search_fts WHERE rowid = old.item_id;
        INSERT INTO library_search_fts(rowid, terms) VALUES (new.item_id, new.terms);
    END""",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS library_search_fts_update",
    "DROP TRIGGER IF EXISTS library_search_fts_delete",
    "DROP TRIGGER IF EXISTS library_search_fts_insert",
    "DROP TABLE IF EXISTS library_search_fts",
]
POSTGRES = [
    """ALTER TABLE library_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    "CREATE INDEX library_search_vector_gin ON library_searchdocument USING gin (vector)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS library_search_vector_gin",
    "ALTER TABLE library_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        )
    ]
