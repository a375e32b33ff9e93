"""Data key rotation: which values are under which key, and moving them all to the current one.

Every stored confidential value starts with the id of the key that encrypted it
(`circles.lib.confidential`), so the values still under an old key are found in SQL without
decrypting anything, and a rotation that was stopped continues where it was.

Rotation runs while the app runs. Each batch is one transaction that locks its rows (PostgreSQL:
`SELECT … FOR UPDATE SKIP LOCKED`, rows an app write holds are left for the next pass; SQLite:
the transaction holds the database's write lock), and each row is rewritten only if it still
holds what was read, so a value written by the app meanwhile is never overwritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.functions import Cast, Substr

from circles.lib import confidential
from circles.lib.confidential import ConfidentialTextField

# Values written before key ids existed: readable by trying every key, always rotated.
LEGACY = "legacy"
BATCH_SIZE = 500
# Rows an app write held during a pass are picked up by the next one.
MAX_PASSES = 5


@dataclass(frozen=True)
class ConfidentialColumns:
    """The confidential fields of one model."""

    model: type[models.Model]
    fields: tuple[ConfidentialTextField, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    def raw(self, column: ConfidentialTextField) -> Cast:
        """The stored text itself (ciphertext), read without decrypting."""
        return Cast(column.attname, output_field=models.TextField())

    def rows(self) -> models.QuerySet[Any]:
        return self.model._base_manager.annotate(
            **{_alias(column): self.raw(column) for column in self.fields}
        )

    def under_old_keys(self, current_prefix: str) -> models.Q:
        """Rows with at least one value not encrypted with the current key."""
        stale = models.Q()
        for column in self.fields:
            alias = _alias(column)
            stale |= models.Q(**{f"{alias}__isnull": False}) & ~models.Q(
                models.Q(**{alias: ""}) | models.Q(**{f"{alias}__startswith": current_prefix})
            )
        return stale


def _alias(column: ConfidentialTextField) -> str:
    return f"stored_{column.attname}"


def confidential_columns() -> list[ConfidentialColumns]:
    """Every model with confidential text, found by field type in the app registry."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = tuple(
            f for f in model._meta.concrete_fields if isinstance(f, ConfidentialTextField)
        )
        if fields:
            found.append(ConfidentialColumns(model, fields))
    return found


def configured_key_ids() -> list[str]:
    return list(confidential.ciphers())


@dataclass
class KeyUsage:
    """How many stored values each key encrypted, per model field and in all."""

    by_field: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def total(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.by_field.values():
            total.update(counts)
        return total

    @property
    def under_old_keys(self) -> int:
        current = confidential.current_key_id()
        return sum(n for kid, n in self.total.items() if kid != current)

    @property
    def unreadable_key_ids(self) -> list[str]:
        """Key ids in the data but not in CIRCLES_DATA_KEYS: those values cannot be read."""
        configured = set(configured_key_ids())
        return sorted(kid for kid in self.total if kid != LEGACY and kid not in configured)


def key_usage() -> KeyUsage:
    """Count values per key id, in SQL (nothing is decrypted)."""
    usage = KeyUsage()
    for columns in confidential_columns():
        for column in columns.fields:
            stored = columns.raw(column)
            kid = models.Case(
                models.When(
                    models.Q(**{"stored__startswith": confidential.PREFIX}),
                    then=Substr("stored", len(confidential.PREFIX) + 1, 8),
                ),
                default=models.Value(LEGACY),
                output_field=models.TextField(),
            )
            counts = (
                columns.model._base_manager.annotate(stored=stored)
                .filter(stored__isnull=False)
                .exclude(stored="")
                .annotate(kid=kid)
                .values("kid")
                .annotate(n=models.Count("pk"))
                .order_by()
            )
            usage.by_field[f"{columns.label}.{column.name}"] = Counter(
                {row["kid"]: row["n"] for row in counts}
            )
    return usage


@dataclass
class RotationResult:
    rewritten: int = 0
    # Rows the app changed between the read and the write: it wrote them itself.
    changed_meanwhile: int = 0
    # Values still under an old key at the end (rows held by the app through every pass).
    remaining: int = 0


Progress = Callable[[str, int], None]


def rows_under_old_keys() -> dict[str, int]:
    """Rows per model with a value to rotate: what a rotation has left to do."""
    prefix = confidential.prefix_for(settings.CIRCLES_DATA_KEYS[0])
    return {
        columns.label: columns.rows().filter(columns.under_old_keys(prefix)).count()
        for columns in confidential_columns()
    }


def _rotate_batch(
    columns: ConfidentialColumns, prefix: str, after: Any, batch_size: int
) -> tuple[Any, int, int]:
    """Lock the next rows to rotate after primary key `after` and rewrite them, in one
    transaction; returns the last primary key seen, the rows read and the rows rewritten."""
    aliases = [_alias(column) for column in columns.fields]
    with transaction.atomic():
        rows = columns.rows().filter(columns.under_old_keys(prefix))
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(
            rows.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", *aliases)[:batch_size]
        )
        done = _rewrite(columns, batch, prefix) if batch else 0
    return (batch[-1][0] if batch else None), len(batch), done


def _rewrite(columns: ConfidentialColumns, batch: list[Any], prefix: str) -> int:
    """Re-encrypt the rows' values under the current key, each row only if it still holds what
    was read; returns how many rows were rewritten.

    One statement for the batch: the ORM would build a query per row, and rotation exists for
    tables of any size. Confidential columns are never NULL, so `=` compares them exactly.
    """
    quote = connection.ops.quote_name
    meta = columns.model._meta
    names = [quote(str(column.column)) for column in columns.fields]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{n} = %s' for n in names)} "
        f"WHERE {quote(str(meta.pk.column))} = %s AND {' AND '.join(f'{n} = %s' for n in names)}"
    )
    params = []
    for pk, *stored in batch:
        fresh = [
            confidential.encrypt(confidential.decrypt(value))
            if value and not value.startswith(prefix)
            else value
            for value in stored
        ]
        params.append([*fresh, pk, *stored])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        return int(cursor.rowcount)


def keys_rotate(
    *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> RotationResult:
    """Re-encrypt every confidential value that is not under the first key of CIRCLES_DATA_KEYS.

    Safe to stop and run again: rows already under the current key are not read again.
    `progress(model_label, rows_done)` is called after every batch.
    """
    prefix = confidential.prefix_for(settings.CIRCLES_DATA_KEYS[0])
    result = RotationResult()
    for _ in range(MAX_PASSES):
        rewritten_in_pass = 0
        for columns in confidential_columns():
            after = None
            while True:
                after, read, done = _rotate_batch(columns, prefix, after, batch_size)
                if not read:
                    break
                rewritten_in_pass += done
                result.changed_meanwhile += read - done
                if progress:
                    progress(columns.label, read)
        result.rewritten += rewritten_in_pass
        result.remaining = sum(rows_under_old_keys().values())
        if not result.remaining or not rewritten_in_pass:
            break
    return result
