"""Many-row INSERT and UPDATE through one ``executemany`` each.

At 100,000 people most of ``bulk_create``'s and ``bulk_update``'s time goes into building a
model instance and compiling SQL for every cell. These helpers take plain dicts and let each
field prepare its own value (``get_db_prep_save``: JSON, dates, times), so what is written is
what the ORM would write, in a fraction of the time. Callers run them inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Field, JSONField, Model, TimeField

CHUNK = 5000


def _preparers(
    fields: list[Field[Any, Any]], connection: BaseDatabaseWrapper
) -> list[Callable[[Any], Any] | None]:
    """Each field's own preparation where it changes the value (dates, times, JSON); text,
    numbers and booleans go to the driver as they are."""

    def preparer(field: Field[Any, Any]) -> Callable[[Any], Any] | None:
        if not isinstance(field, DateField | TimeField | JSONField):
            return None
        # Many rows share a value (the same timestamp, an empty list): prepare each once.
        seen: dict[Any, Any] = {}

        def prepare(value: Any) -> Any:
            try:
                key = ("list", *value) if isinstance(value, list) else value
                return seen[key]
            except KeyError:
                seen[key] = field.get_db_prep_save(value, connection)
                return seen[key]
            except TypeError:  # a dict, or a list of dicts
                return field.get_db_prep_save(value, connection)

        return prepare

    return [preparer(f) for f in fields]


def _fields(model: type[Model], names: Sequence[str] | None = None) -> list[Field[Any, Any]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is not None:
        fields = [f for f in fields if f.attname in names or f.name in names]
    return fields


def insert(model: type[Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert rows given as {attname: value}; missing fields get their defaults."""
    # The real connection, not the proxy: its lookup per cell is costly at this scale.
    connection = connections[DEFAULT_DB_ALIAS]
    fields = _fields(model)
    prepare = _preparers(fields, connection)
    names = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
            batch.append([v if p is None else p(v) for p, v in zip(prepare, values, strict=True)])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update(
    model: type[Model], names: Sequence[str], rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> int:
    """Set the same fields on many rows: each row is (primary key, {attname: value})."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = _fields(model, names)
    prepare = _preparers(fields, connection)
    assignments = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(str(model._meta.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    params = [
        [
            *(
                values[f.attname] if p is None else p(values[f.attname])
                for f, p in zip(fields, prepare, strict=True)
            ),
            key,
        ]
        for key, values in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
    return len(params)
