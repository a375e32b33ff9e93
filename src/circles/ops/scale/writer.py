"""Rows straight into a table, many at a time: COPY on PostgreSQL, one prepared INSERT run over
many rows on SQLite. Values are prepared by each field as the ORM would (so confidential text is
encrypted, dates and JSON adapted per database); primary keys are given here, not by the
database, so related rows can point at them before anything is written.

For a database nobody else writes to meanwhile: the generated keys continue after the largest
one present, and the sequences are moved past them at the end (`reset_sequences`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from circles.lib.confidential import ConfidentialTextField, encrypter

# Types whose values go to the database as they are, on both databases.
_AS_IS = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.FloatField,
    models.ForeignKey,
    models.OneToOneField,
)


def _prepare(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How one value of ``field`` becomes what the database stores; None: as it is. The common
    types are converted here directly: the field's own preparation costs tens of microseconds
    a value, which millions of rows feel."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, ConfidentialTextField):
        encrypt = encrypter()
        return lambda value: encrypt(value) if value else value
    if isinstance(field, (*_AS_IS, models.CharField, models.TextField)):
        return None
    if isinstance(field, models.DateTimeField):
        if not sqlite:
            return None
        # What Django stores on SQLite: the UTC time without its zone.
        return lambda value: (
            None if value is None else str(value.astimezone(dt.UTC).replace(tzinfo=None))
        )
    if isinstance(field, models.DateField | models.TimeField):
        return (lambda value: None if value is None else str(value)) if sqlite else None

    def prepared(value: Any) -> Any:
        return None if value is None else field.get_db_prep_save(value, connection)

    return prepared


def _always(value: Any) -> Callable[[], Any]:
    return lambda: value


class TableWriter:
    """Buffered rows of one model, given as tuples in the order of ``columns`` (attribute
    names, e.g. ``circle_id``). Fields not named get their default, or ``now`` for
    ``auto_now``/``auto_now_add`` ones."""

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        now: Any = None,
        batch: int = 20_000,
        on_flush: Callable[[type[models.Model], int], None] | None = None,
    ) -> None:
        self.model = model
        self.batch = batch
        self.on_flush = on_flush
        self.written = 0
        self._rows: list[tuple[Any, ...]] = []
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [f for name, f in fields.items() if name not in columns]
        self._given = [fields[name] for name in columns]
        self._fill: list[tuple[models.Field[Any, Any], Callable[[], Any]]] = []
        moment = now or timezone.now()
        for field in missing:
            if field.primary_key:
                raise ValueError(f"{model.__name__}: give the primary key column")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self._fill.append((field, _always(moment)))
            elif field.has_default() and callable(field.default) and field.unique:
                self._fill.append((field, field.get_default))  # a fresh value per row (uuid4)
            else:
                self._fill.append((field, _always(field.get_default())))
        self._all = self._given + [field for field, _ in self._fill]
        self._prepare = [_prepare(f) for f in self._all]
        self._needs_prepare = any(p is not None for p in self._prepare)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(str(f.column)) for f in self._all)
        if connection.vendor == "postgresql":
            self._sql = f"COPY {table} ({names}) FROM STDIN"
        else:
            marks = ", ".join("?" for _ in self._all)
            self._sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"

    def add(self, row: tuple[Any, ...]) -> None:
        self._rows.append(row)
        if len(self._rows) >= self.batch:
            self.flush()

    def extend(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            self.add(row)

    def _complete(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if self._fill:
            row = row + tuple(make() for _, make in self._fill)
        if not self._needs_prepare:
            return row
        return tuple(
            value if prepare is None else prepare(value)
            for value, prepare in zip(row, self._prepare, strict=True)
        )

    def flush(self) -> None:
        if not self._rows:
            return
        rows = [self._complete(row) for row in self._rows]
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(self._sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor = raw.cursor()
            try:
                cursor.executemany(self._sql, rows)
            finally:
                cursor.close()
        self.written += len(rows)
        if self.on_flush:
            self.on_flush(self.model, len(rows))
        self._rows = []


class Keys:
    """Primary keys for new rows of each model, after the largest one present."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """The first of ``count`` consecutive new keys."""
        if model not in self._next:
            largest = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = int(largest) + 1
        first = self._next[model]
        self._next[model] = first + count
        return first


def reset_sequences(models_written: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's sequences past the keys given here (SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
