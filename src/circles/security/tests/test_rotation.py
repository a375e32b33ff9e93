from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from circles.lib import confidential
from circles.meetings.models import Case, Note
from circles.security import keyring
from circles.security.startup_keys import fresh_data_key
from circles.security.tests.rotation_scenario import rotate_while_the_app_writes
from circles.testing import SECRET_CASE, SECRET_NOTE, build_world


def stored(model, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table}")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def old_and_new(settings):
    old, new = fresh_data_key(), fresh_data_key()
    settings.CIRCLES_DATA_KEYS = [old]
    build_world()
    settings.CIRCLES_DATA_KEYS = [new, old]
    return old, new


@pytest.mark.django_db
def test_every_confidential_model_is_found_by_field_type():
    labels = {columns.label for columns in keyring.confidential_columns()}
    assert {
        "meetings.Case",
        "meetings.Note",
        "growth.Commitment",
        "feedback.FeedbackRating",
    } <= labels


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_first_key(settings, old_and_new):
    old, new = old_and_new
    before = keyring.key_usage()
    assert before.under_old_keys > 0
    assert set(before.total) == {confidential.key_id(old)}
    rows_to_rotate = sum(keyring.rows_under_old_keys().values())

    result = keyring.keys_rotate()

    assert result.rewritten == rows_to_rotate > 0
    assert result.remaining == 0
    assert set(keyring.key_usage().total) == {confidential.key_id(new)}
    settings.CIRCLES_DATA_KEYS = [new]
    assert Note.objects.get().body == SECRET_NOTE
    assert Case.objects.get().title == SECRET_CASE


@pytest.mark.django_db
def test_a_second_run_reads_no_row_again(old_and_new, django_assert_max_num_queries):
    keyring.keys_rotate()
    # Per model: one locked read (in its savepoint) and one count; nothing per row.
    with django_assert_max_num_queries(4 * len(keyring.confidential_columns())):
        again = keyring.keys_rotate()
    assert again.rewritten == 0


@pytest.mark.django_db
def test_progress_is_reported_per_model(old_and_new):
    seen: dict[str, int] = {}
    keyring.keys_rotate(
        progress=lambda label, rows: seen.update({label: seen.get(label, 0) + rows})
    )
    assert seen["meetings.Note"] == 1
    assert seen["meetings.Case"] == 1


@pytest.mark.django_db
def test_values_from_before_key_ids_are_read_and_rotated(settings):
    old = fresh_data_key()
    settings.CIRCLES_DATA_KEYS = [old]
    build_world()
    legacy = confidential.LEGACY_PREFIX + Fernet(old.encode()).encrypt(b"legacy note").decode()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Note._meta.db_table} SET body = %s", [legacy])
    assert Note.objects.get().body == "legacy note"
    assert keyring.key_usage().by_field["meetings.Note.body"] == {keyring.LEGACY: 1}

    new = fresh_data_key()
    settings.CIRCLES_DATA_KEYS = [new, old]
    keyring.keys_rotate()
    settings.CIRCLES_DATA_KEYS = [new]
    assert Note.objects.get().body == "legacy note"
    assert stored(Note, "body")[0].startswith(confidential.prefix_for(new))


@pytest.mark.django_db
def test_values_under_a_key_no_longer_configured_are_reported(settings, old_and_new):
    old, new = old_and_new
    settings.CIRCLES_DATA_KEYS = [new]
    assert keyring.key_usage().unreadable_key_ids == [confidential.key_id(old)]


@pytest.mark.django_db(transaction=True)
def test_rotation_while_the_app_writes_on_postgresql(settings):
    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite takes one writer: the SQLite run is its own process")
    figures = rotate_while_the_app_writes(lambda keys: setattr(settings, "CIRCLES_DATA_KEYS", keys))
    assert figures["app_writes"] >= 50


RUN = "from circles.security.tests.rotation_scenario import main; main()"


def test_rotation_while_the_app_writes_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "circles.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rotation.sqlite3'}",
        "CIRCLES_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + RUN],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "app_writes" in done.stdout


@pytest.mark.django_db
def test_the_check_fails_while_values_are_under_an_old_key_then_says_it_can_go(old_and_new):
    old, _ = old_and_new
    with pytest.raises(CommandError, match=r"under old keys, in .*meetings\.Note\.body"):
        call_command("rotate_keys", "--check", stdout=StringIO())
    out = StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    assert "Every value is under the current key" in out.getvalue()
    out = StringIO()
    call_command("rotate_keys", "--check", stdout=out)
    assert f"Nothing is under {confidential.key_id(old)} any more" in out.getvalue()


@pytest.mark.django_db
def test_the_check_names_keys_missing_from_the_configuration(settings, old_and_new):
    old, new = old_and_new
    settings.CIRCLES_DATA_KEYS = [new]
    with pytest.raises(CommandError, match=f"under keys {confidential.key_id(old)} cannot be read"):
        call_command("rotate_keys", "--check", stdout=StringIO())


@pytest.mark.django_db
def test_rotation_without_a_key_the_data_needs_rewrites_nothing(settings, old_and_new):
    old, new = old_and_new
    settings.CIRCLES_DATA_KEYS = [fresh_data_key(), new]
    with pytest.raises(CommandError, match=f"under keys {confidential.key_id(old)}"):
        call_command("rotate_keys", stdout=StringIO())
    assert set(keyring.key_usage().total) == {confidential.key_id(old)}
