"""A secret word planted in every kind of confidential text is nowhere in a database dump."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile

import pytest
from django.db import connection

from circles.security.backup import Location, backup_create
from circles.security.tests.planted import WORD, fields_without_the_word, plant_the_word_everywhere

transactional = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planted():
    world = plant_the_word_everywhere()
    # Every confidential field there is holds the word (as the app reads it back).
    assert fields_without_the_word() == []
    return world


def forms_of_the_word() -> list[bytes]:
    return [
        form.encode(encoding)
        for form in (WORD, WORD.lower(), WORD.upper())
        for encoding in ("utf-8", "utf-16-le")
    ]


@transactional
def test_the_word_is_nowhere_in_the_sqlite_file_or_its_sql_dump(planted, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite file")
    backup = backup_create(path=tmp_path / "circles.backup").path
    with tarfile.open(backup) as archive:
        archive.extract("database.sqlite3", tmp_path, filter="data")
    database = tmp_path / "database.sqlite3"
    raw = database.read_bytes()
    with sqlite3.connect(database) as copy:
        dump = "\n".join(copy.iterdump())
    assert planted.member.email in dump  # the dump holds the data, only not the secret
    assert "enc2:" in dump
    for form in forms_of_the_word():
        assert form not in raw
        assert form not in backup.read_bytes()
    assert WORD.lower() not in dump.lower()


@transactional
def test_the_word_is_nowhere_in_a_pg_dump(planted):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump")
    dump = Location.of().pg_tool("pg_dump", "--format=plain").stdout
    assert planted.member.email in dump
    assert "enc2:" in dump
    assert WORD.lower() not in dump.lower()


def test_the_word_is_nowhere_in_a_live_sqlite_file_and_its_write_ahead_log(tmp_path):
    """The app's own files on disk, as the web server leaves them (WAL not yet checkpointed)."""
    database = tmp_path / "live.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "circles.settings_test",
        "DATABASE_URL": f"sqlite:///{database}",
        "CIRCLES_VAR_DIR": str(tmp_path),
    }
    code = "import django; django.setup(); from circles.security.tests.planted import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = sorted(tmp_path.glob("live.sqlite3*"))
    assert database in files
    everything = b"".join(path.read_bytes() for path in files)
    assert b"enc2:" in everything
    for form in forms_of_the_word():
        assert form not in everything
