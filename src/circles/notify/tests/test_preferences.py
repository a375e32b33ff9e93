from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from circles.notify.emails import read_unsubscribe_token, unsubscribe_token
from circles.notify.models import Kind, Preference

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_edits_their_own_reminder_settings_only(world, login, persona):
    person = getattr(world, persona)
    client = login(person)
    assert client.get(reverse("notify_preferences")).status_code == 200
    response = client.post(reverse("notify_preferences"), {"meeting_reminders": "on"})
    assert response.status_code == 302
    assert Preference.objects.get().person == person
    assert Preference.objects.get().meeting_reminders is True
    assert Preference.objects.get().transfer_checks is False


def test_an_unsubscribe_link_switches_off_one_kind_only_and_get_changes_nothing(world, client):
    url = reverse("notify_unsubscribe", args=[unsubscribe_token(world.member.pk, Kind.MEETING)])
    assert client.get(url).status_code == 200
    assert not Preference.objects.exists()
    assert client.post(url).status_code == 200
    preference = Preference.objects.get(person=world.member)
    assert preference.meeting_reminders is False
    assert preference.commitment_reminders is True


def test_a_tampered_unsubscribe_link_is_refused_and_writes_nothing(world, client):
    token = unsubscribe_token(world.member.pk, "all")
    for bad in [token[:-2] + "xx", "nonsense", signing.dumps({"p": world.member.pk, "k": "all"})]:
        url = reverse("notify_unsubscribe", args=[bad])
        assert client.post(url).status_code == 400
    assert not Preference.objects.exists()


@given(st.integers(min_value=1, max_value=2**40), st.sampled_from([*Kind.values, "all"]))
def test_unsubscribe_tokens_round_trip(person_id, kind):
    assert read_unsubscribe_token(unsubscribe_token(person_id, kind)) == (person_id, kind)
