"""Backup and restore of the whole database, checked row by row.

A backup is one tar file: the database (SQLite: a copy made with SQLite's online backup API;
PostgreSQL: `pg_dump --format=custom`) and `manifest.json`, which holds the copy's SHA-256 and,
per table, its row count and a SHA-256 of its rows in primary-key order. Both come from the same
moment: SQLite's copy is itself a snapshot and is fingerprinted after it is made; on PostgreSQL
pg_dump runs on a snapshot exported by the transaction that fingerprints the tables. A restore
checks the file against the manifest before touching the database, and the restored tables
against the manifest after.

Confidential text stays encrypted in a backup: the data keys are not in it and must be kept
apart (the manifest lists the ids of the keys the text is under, so a restore can say which
ones it needs).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from circles.lib import confidential
from circles.lib.errors import DomainError
from circles.security import keyring

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# SQLite copies this many pages (4 KiB each) per step, between progress reports.
SQLITE_PAGES_PER_STEP = 1024
CHUNK = 1 << 20

# (what is happening, done, total or None)
Progress = Callable[[str, int, int | None], None]


def _quiet(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Location:
    """A database to back up or restore into, described as Django's settings describe it."""

    vendor: str
    settings: dict[str, Any]

    @classmethod
    def of(cls, alias: str = "default") -> Location:
        connection = connections[alias]
        if connection.vendor not in DATABASE_FILE:
            raise DomainError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
        return cls(connection.vendor, dict(connection.settings_dict))

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    def sqlite(self) -> sqlite3.Connection:
        return sqlite3.connect(self.name, uri=self.name.startswith("file:"), timeout=20)

    def pg_params(self) -> dict[str, str]:
        given = {
            "host": self.settings.get("HOST"),
            "port": self.settings.get("PORT"),
            "user": self.settings.get("USER"),
            "password": self.settings.get("PASSWORD"),
            "dbname": self.name,
        }
        return {key: str(value) for key, value in given.items() if value}

    def postgresql(self) -> Any:
        import psycopg

        return psycopg.connect(psycopg.conninfo.make_conninfo(**self.pg_params()))

    def pg_tool(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run pg_dump or pg_restore on this database; the password goes by the environment."""
        if shutil.which(tool) is None:
            raise DomainError(
                f"{tool} was not found: install PostgreSQL's client tools "
                "(Debian: apt-get install postgresql-client), the same major version as the server."
            )
        params = self.pg_params()
        env = {**os.environ}
        if "password" in params:
            env["PGPASSWORD"] = params.pop("password")
        flags = {"host": "--host", "port": "--port", "user": "--username", "dbname": "--dbname"}
        command = [tool, *(f"{flags[k]}={v}" for k, v in params.items()), *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise DomainError(f"{tool} failed: {done.stderr.strip()[-2000:]}")
        return done


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def _order_by(cursor: Any, vendor: str, table: str) -> str:
    """The table's primary key columns, or all of its columns when it has none."""
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        columns = cursor.fetchall()
        keys = [row[1] for row in sorted(columns, key=lambda row: row[5]) if row[5]]
        return ", ".join(_quote(k) for k in keys) or ", ".join(
            str(i + 1) for i in range(len(columns))
        )
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)",
        [_quote(table)],
    )
    keys = [row[0] for row in cursor.fetchall()]
    if keys:
        return ", ".join(_quote(k) for k in keys)
    cursor.execute(f"SELECT * FROM {_quote(table)} LIMIT 0")
    return ", ".join(str(i + 1) for i in range(len(cursor.description)))


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)  # dates, decimals, UUIDs: their text form is exact


def fingerprints(connection: Any, vendor: str, progress: Progress = _quiet) -> dict[str, Any]:
    """Per table, its row count and a SHA-256 of its rows in primary-key order."""
    cursor = connection.cursor()
    tables = _tables(cursor, vendor)
    found = {}
    for done, table in enumerate(tables):
        progress("Counting and hashing tables", done, len(tables))
        digest, rows = hashlib.sha256(), 0
        cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {_order_by(cursor, vendor, table)}")
        while batch := cursor.fetchmany(1000):
            for row in batch:
                digest.update(json.dumps(list(row), default=_plain, sort_keys=True).encode())
                digest.update(b"\n")
            rows += len(batch)
        found[table] = {"rows": rows, "sha256": digest.hexdigest()}
    progress("Counting and hashing tables", len(tables), len(tables))
    return found


def data_key_ids(connection: Any, vendor: str) -> list[str]:
    """Ids of the data keys the confidential text in this database is under (not the keys)."""
    cursor = connection.cursor()
    present = set(_tables(cursor, vendor))
    found: set[str] = set()
    start = len(confidential.PREFIX) + 1
    for columns in keyring.confidential_columns():
        table = columns.model._meta.db_table
        if table not in present:
            continue
        for column in columns.fields:
            name = _quote(str(column.column))
            cursor.execute(
                f"SELECT DISTINCT substr({name}, {start}, 8) FROM {_quote(table)} "
                f"WHERE {name} LIKE '{confidential.PREFIX}%'"
            )
            found.update(row[0] for row in cursor.fetchall())
    return sorted(found)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.manifest["tables"].values())


def _sqlite_copy(
    source: Location, copy: Path, progress: Progress
) -> tuple[dict[str, Any], list[str]]:
    live = source.sqlite()
    target = sqlite3.connect(copy)
    try:
        # One read transaction for the whole copy: every step reads the same snapshot, so writes
        # the app commits meanwhile (WAL) neither block it nor make it start over.
        live.execute("BEGIN DEFERRED")
        live.execute("SELECT count(*) FROM sqlite_master").fetchone()
        live.backup(
            target,
            pages=SQLITE_PAGES_PER_STEP,
            progress=lambda _, remaining, total: progress(
                "Copying the database (pages)", total - remaining, total
            ),
        )
        live.rollback()
        return fingerprints(target, "sqlite", progress), data_key_ids(target, "sqlite")
    finally:
        target.close()
        live.close()


def _pg_dump(source: Location, copy: Path, progress: Progress) -> tuple[dict[str, Any], list[str]]:
    import psycopg

    with source.postgresql() as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction():
            # pg_dump reads the snapshot this transaction exported, the hashes read it too.
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            progress("Dumping the database (pg_dump)", 0, None)
            source.pg_tool("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={copy}")
            found = fingerprints(connection, "postgresql", progress)
            return found, data_key_ids(connection, "postgresql")


def backup_create(
    *, path: Path, source: Location | None = None, progress: Progress = _quiet
) -> BackupResult:
    """Write a backup of the database to `path` (a new file), safe while the app writes."""
    source = source or Location.of()
    if path.exists():
        raise DomainError(f"{path} exists already: choose a new file name.")
    if not path.parent.is_dir():
        raise DomainError(f"{path.parent} is not a folder.")
    member = DATABASE_FILE[source.vendor]
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".circles-backup-") as work:
        copy = Path(work) / member
        if source.vendor == "sqlite":
            tables, key_ids = _sqlite_copy(source, copy, progress)
        else:
            tables, key_ids = _pg_dump(source, copy, progress)
        manifest = {
            "format": FORMAT,
            "vendor": source.vendor,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {
                "file": member,
                "bytes": copy.stat().st_size,
                "sha256": _file_sha256(copy),
            },
            "tables": tables,
            # Not the keys: only which ones the confidential text needs.
            "data_key_ids": key_ids,
        }
        progress("Writing the backup file", 0, None)
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(copy, arcname=member)
            encoded = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(encoded)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(encoded))
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    return BackupResult(path, manifest)


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise DomainError(f"{path} is not a Coaching Circles backup ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise DomainError(f"{path} is a backup format this version does not read.")
    return manifest


@contextmanager
def _extracted(path: Path, manifest: dict[str, Any], progress: Progress) -> Iterator[Path]:
    """The backup's database file, in a temporary folder, once its SHA-256 matches."""
    expected = manifest["database"]
    with tempfile.TemporaryDirectory(prefix=".circles-restore-") as work:
        copy = Path(work) / "database"
        digest, done = hashlib.sha256(), 0
        with tarfile.open(path, "r") as archive:
            source = archive.extractfile(expected["file"])
            if source is None:
                raise DomainError(f"{path} has no {expected['file']}.")
            with copy.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    done += len(chunk)
                    progress("Checking the backup file", done, expected["bytes"])
        if digest.hexdigest() != expected["sha256"]:
            raise DomainError(
                f"{path} is damaged: its database does not match the checksum in its manifest. "
                "Nothing was restored."
            )
        yield copy


def _table_names(target: Location) -> list[str]:
    if target.vendor == "sqlite":
        if not target.name.startswith("file:") and not Path(target.name).exists():
            return []
        with _closing(target.sqlite()) as connection:
            return _tables(connection.cursor(), "sqlite")
    with target.postgresql() as connection:
        return _tables(connection.cursor(), "postgresql")


@contextmanager
def _closing(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield connection
    finally:
        connection.close()


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    differences = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want is None:
            continue  # a table of the target that the backup does not hold (restore --force)
        if got is None:
            differences.append(f"{table}: missing")
        elif want["rows"] != got["rows"]:
            differences.append(f"{table}: {got['rows']} rows instead of {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            differences.append(f"{table}: rows differ")
    return differences


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    # Keys the backup's text is under that CIRCLES_DATA_KEYS does not hold.
    missing_key_ids: list[str]

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.manifest["tables"].values())


def backup_restore(
    *,
    path: Path,
    target: Location | None = None,
    force: bool = False,
    progress: Progress = _quiet,
) -> RestoreResult:
    """Restore a backup into an empty database (any database with `force`), then check every
    table against the manifest. The app should be stopped while it runs."""
    target = target or Location.of()
    manifest = read_manifest(path)
    if manifest["vendor"] != target.vendor:
        raise DomainError(
            f"This backup is of a {manifest['vendor']} database; the target is {target.vendor}."
        )
    existing = _table_names(target)
    if existing and not force:
        raise DomainError(
            f"The target database is not empty ({len(existing)} tables): restore into a new, "
            "empty database, or add --force to replace what it holds."
        )
    with _extracted(path, manifest, progress) as copy:
        if target.vendor == "sqlite":
            with _closing(sqlite3.connect(copy)) as source, _closing(target.sqlite()) as into:
                source.backup(
                    into,
                    pages=SQLITE_PAGES_PER_STEP,
                    progress=lambda _, remaining, total: progress(
                        "Restoring the database (pages)", total - remaining, total
                    ),
                )
        else:
            progress("Restoring the database (pg_restore)", 0, None)
            clean = ["--clean", "--if-exists"] if existing else []
            target.pg_tool(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                str(copy),
            )
    if target.vendor == "sqlite":
        with _closing(target.sqlite()) as connection:
            found = fingerprints(connection, "sqlite", progress)
    else:
        with target.postgresql() as connection:
            found = fingerprints(connection, "postgresql", progress)
    differences = _differences(manifest["tables"], found)
    if differences:
        raise DomainError(
            "The restored database does not match the backup's manifest: " + "; ".join(differences)
        )
    configured = set(keyring.configured_key_ids())
    return RestoreResult(
        manifest, sorted(kid for kid in manifest["data_key_ids"] if kid not in configured)
    )
