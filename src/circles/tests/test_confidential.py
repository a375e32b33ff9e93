from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from circles.lib import confidential
from circles.meetings.models import Note
from circles.testing import SECRET_NOTE

pytestmark = pytest.mark.django_db


def raw_note_bodies() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {Note._meta.db_table}")
        return [row[0] for row in cursor.fetchall()]


def test_confidential_text_is_unreadable_in_the_database(world):
    bodies = raw_note_bodies()
    assert bodies
    assert all(
        body.startswith(confidential.prefix_for(settings.CIRCLES_DATA_KEYS[0])) for body in bodies
    )
    assert not any(SECRET_NOTE in body for body in bodies)


def test_confidential_text_reads_back_as_written(world):
    assert Note.objects.get().body == SECRET_NOTE


def test_the_same_text_encrypts_differently_each_time():
    assert confidential.encrypt("same") != confidential.encrypt("same")


def test_an_old_key_still_decrypts_after_rotation(settings):
    old_key = Fernet.generate_key().decode()
    settings.CIRCLES_DATA_KEYS = [old_key]
    stored = confidential.encrypt("written with the old key")
    settings.CIRCLES_DATA_KEYS = [Fernet.generate_key().decode(), old_key]
    assert confidential.decrypt(stored) == "written with the old key"


def test_a_lost_key_fails_loudly_instead_of_returning_garbage(settings):
    settings.CIRCLES_DATA_KEYS = [Fernet.generate_key().decode()]
    stored = confidential.encrypt("secret")
    settings.CIRCLES_DATA_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="cannot be decrypted"):
        confidential.decrypt(stored)


def test_filtering_on_confidential_text_is_refused(world):
    with pytest.raises(TypeError, match="cannot be filtered"):
        list(Note.objects.filter(**{"body__icontains": "Sam"}))


def test_empty_text_stays_empty(world):
    from circles.meetings.models import Case

    case = Case.objects.get()
    assert case.help_wanted == ""


def test_comparing_confidential_text_in_sql_is_refused_instead_of_matching_nothing(world):
    # Each value is encrypted with its own nonce: `body = 'text'` in SQL can never be true.
    for query in (
        lambda: Note.objects.filter(body=SECRET_NOTE),
        lambda: Note.objects.filter(body__exact=SECRET_NOTE),
        lambda: Note.objects.exclude(body=SECRET_NOTE),
        lambda: Note.objects.get(body=SECRET_NOTE),
        lambda: Note.objects.get_or_create(body=SECRET_NOTE, meeting=world.past_meeting),
    ):
        with pytest.raises(TypeError, match="cannot be filtered with 'exact'"):
            query()


def test_empty_and_null_text_can_still_be_asked_about_in_sql(world):
    from circles.meetings.models import Case

    # Empty text is stored as it is, so "has no help wanted" is a real question.
    assert Case.objects.filter(help_wanted="").count() == 1
    assert Case.objects.exclude(title="").count() == 1
    assert Note.objects.filter(body__isnull=True).count() == 0
