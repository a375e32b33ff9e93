"""Key rotation while the app writes: shared by the SQLite run (its own process, on a file, since
the suite's in-memory SQLite cannot take two writers) and the PostgreSQL run (in the suite)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from django.db import connection

from circles.meetings.models import Note
from circles.security import keyring
from circles.security.startup_keys import fresh_data_key
from circles.testing import SECRET_NOTE, build_world

SetKeys = Callable[[list[str]], None]


def rotate_while_the_app_writes(set_keys: SetKeys, *, notes: int = 1500) -> dict[str, int]:
    old, new = fresh_data_key(), fresh_data_key()
    set_keys([old])
    world = build_world()
    Note.objects.bulk_create(
        Note(meeting=world.past_meeting, author=world.facilitator, body=f"note {i}")
        for i in range(notes)
    )
    expected = {pk: body for pk, body in Note.objects.values_list("pk", "body")}
    # The new key goes first everywhere before the rotation starts, as the procedure says.
    set_keys([new, old])
    rotation_done = threading.Event()
    writes = 0
    errors: list[BaseException] = []

    def app_writes() -> None:
        nonlocal writes
        rng = random.Random(7)
        pks = [pk for pk, body in expected.items() if body != SECRET_NOTE]
        try:
            while not rotation_done.is_set() or writes < 50:
                pk = rng.choice(pks)
                body = f"the app wrote {writes}"
                Note.objects.filter(pk=pk).update(body=body)
                expected[pk] = body
                if writes % 10 == 0:
                    added = Note.objects.create(
                        meeting=world.past_meeting, author=world.peer, body=f"added {writes}"
                    )
                    expected[added.pk] = added.body
                writes += 1
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=app_writes)
    writer.start()
    try:
        result = keyring.keys_rotate(batch_size=100)
    finally:
        rotation_done.set()
        writer.join(120)
    assert not errors, errors
    assert result.remaining == 0

    # Only the new key from here on: every value of every model still reads, none was lost.
    set_keys([new])
    for columns in keyring.confidential_columns():
        for row in columns.model._base_manager.all():
            for column in columns.fields:
                getattr(row, column.attname)
    assert dict(Note.objects.values_list("pk", "body")) == expected
    assert SECRET_NOTE in expected.values()
    assert keyring.key_usage().under_old_keys == 0
    return {"rewritten": result.rewritten, "app_writes": writes}


def main() -> None:
    """The SQLite run (Django set up by the caller): migrate a fresh file database, then the
    scenario."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = rotate_while_the_app_writes(lambda keys: setattr(settings, "CIRCLES_DATA_KEYS", keys))
    print(figures)
