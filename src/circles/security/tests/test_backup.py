"""Backup and restore: an empty database gets back every row, checked against the manifest."""

from __future__ import annotations

import sqlite3
import threading
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from circles.lib import confidential
from circles.lib.errors import DomainError
from circles.security.backup import (
    Location,
    backup_create,
    backup_restore,
    fingerprints,
    read_manifest,
)
from circles.security.startup_keys import fresh_data_key
from circles.testing import SECRET_NOTE, build_world

transactional = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the kind the suite runs on; dropped afterwards."""
    source = Location.of()
    if source.vendor == "sqlite":
        yield Location("sqlite", {"NAME": str(tmp_path / "restored.sqlite3")})
        return
    name = f"{source.name}_restored"[:63]
    admin = Location("postgresql", {**source.settings, "NAME": "postgres"})
    with psycopg.connect(psycopg.conninfo.make_conninfo(**admin.pg_params()), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    yield Location("postgresql", {**source.settings, "NAME": name})
    with psycopg.connect(psycopg.conninfo.make_conninfo(**admin.pg_params()), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fingerprints_of(location: Location) -> dict:
    if location.vendor == "sqlite":
        live = location.sqlite()
        try:
            return fingerprints(live, "sqlite")
        finally:
            live.close()
    with location.postgresql() as live:
        return fingerprints(live, "postgresql")


def stored_note(location: Location) -> str:
    query = "SELECT body FROM meetings_note"
    if location.vendor == "sqlite":
        live = location.sqlite()
        try:
            return live.execute(query).fetchone()[0]
        finally:
            live.close()
    with location.postgresql() as live:
        return live.execute(query).fetchone()[0]


@transactional
def test_a_restore_into_an_empty_database_has_every_row_of_the_backup(tmp_path, empty_database):
    build_world()
    source = Location.of()
    backup = backup_create(path=tmp_path / "circles.backup")
    manifest = read_manifest(backup.path)
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["meetings_note"]["rows"] == 1
    assert manifest["data_key_ids"] == [confidential.current_key_id()]
    assert manifest["tables"] == fingerprints_of(source)

    restored = backup_restore(path=backup.path, target=empty_database)

    assert fingerprints_of(empty_database) == fingerprints_of(source) == manifest["tables"]
    assert restored.rows == backup.rows > 0
    assert restored.missing_key_ids == []
    # Still encrypted, and readable with the installation's keys.
    assert confidential.decrypt(stored_note(empty_database)) == SECRET_NOTE


@transactional
def test_a_database_that_holds_data_is_replaced_only_with_force(tmp_path, empty_database):
    build_world()
    backup = backup_create(path=tmp_path / "circles.backup").path
    backup_restore(path=backup, target=empty_database)
    with pytest.raises(DomainError, match="not empty"):
        backup_restore(path=backup, target=empty_database)
    backup_restore(path=backup, target=empty_database, force=True)
    assert fingerprints_of(empty_database) == read_manifest(backup)["tables"]


@transactional
def test_a_damaged_backup_restores_nothing(tmp_path, empty_database):
    build_world()
    backup = backup_create(path=tmp_path / "circles.backup").path
    data = bytearray(backup.read_bytes())
    data[len(data) // 3] ^= 0xFF  # inside the database member, before the manifest
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DomainError, match="damaged"):
        backup_restore(path=damaged, target=empty_database)
    assert fingerprints_of(empty_database) == {}


@transactional
def test_a_file_that_is_not_a_backup_and_an_existing_target_file_are_refused(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(DomainError, match="not a Coaching Circles backup"):
        backup_restore(path=other)
    with pytest.raises(DomainError, match="exists already"):
        backup_create(path=other)


@transactional
def test_the_keys_a_backup_needs_are_named_on_restore(tmp_path, empty_database, settings):
    build_world()
    backup = backup_create(path=tmp_path / "circles.backup").path
    needed = read_manifest(backup)["data_key_ids"]
    settings.CIRCLES_DATA_KEYS = [fresh_data_key()]
    assert backup_restore(path=backup, target=empty_database).missing_key_ids == needed


@transactional
def test_the_commands_report_what_they_did(tmp_path):
    build_world()
    out = StringIO()
    call_command("backup", str(tmp_path / "circles.backup"), stdout=out)
    assert "Backed up" in out.getvalue()
    assert confidential.current_key_id() in out.getvalue()
    # The suite's own database is not empty: restore refuses it.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "circles.backup"), stdout=StringIO())


def test_an_sqlite_backup_is_one_moment_while_the_app_writes(tmp_path):
    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)")
        # About 24 MB: several steps of the backup.
        db.executemany("INSERT INTO t (payload) VALUES (?)", ([b"x" * 4000] for _ in range(6000)))
    stop, written = threading.Event(), []

    def app_writes() -> None:
        db = sqlite3.connect(live, timeout=20)
        while not stop.is_set():
            with db:
                db.execute("INSERT INTO t (payload) VALUES (?)", [b"y" * 4000])
            written.append(1)
        db.close()

    writer = threading.Thread(target=app_writes)
    writer.start()
    try:
        backup = backup_create(
            path=tmp_path / "live.backup", source=Location("sqlite", {"NAME": str(live)})
        )
    finally:
        stop.set()
        writer.join(30)
    assert written, "the app could not write during the backup"
    rows = backup.manifest["tables"]["t"]["rows"]
    assert 6000 <= rows <= 6000 + len(written)
    restored = Location("sqlite", {"NAME": str(tmp_path / "restored.sqlite3")})
    backup_restore(path=backup.path, target=restored)
    assert fingerprints_of(restored)["t"]["rows"] == rows
