"""One mechanism for every form: a submission counts once, errors show at the form, and an
address meant for a form never answers a bare 405."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import SubmittedForm
from circles.accounts.submissions import prune_submissions
from circles.growth.models import Commitment
from circles.meetings.models import Note

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    match = re.search(r'name="_once" value="([0-9a-f]+)"', page)
    assert match, "the form carries no submission token"
    return match.group(1)


def test_a_note_sent_twice_with_the_same_token_is_kept_once(world, login):
    client = login(world.member)
    page = client.get(reverse("meeting_detail", args=[world.next_meeting.pk])).content.decode()
    data = {"_once": _token(page), "body": "Only once, please"}
    url = reverse("note_create", args=[world.next_meeting.pk])
    first = client.post(url, data)
    second = client.post(url, data, HTTP_REFERER="http://testserver/meetings/")
    assert first.status_code == 302
    assert second.status_code == 303
    assert Note.objects.filter(meeting=world.next_meeting).count() == 1
    followed = client.get(second["Location"], follow=True).content.decode()
    assert "already saved" in followed


def test_a_commitment_sent_twice_is_kept_once_and_the_runner_gets_a_409(world, login):
    client = login(world.member)
    url = reverse("commitment_create", args=[world.next_meeting.pk])
    data = {
        "_once": "a" * 32,
        "owner": world.member.pk,
        "action": "Ask for feedback",
        "due_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, HTTP_ACCEPT="application/json")
    assert again.status_code == 409
    assert again.json()["duplicate"] is True
    assert Commitment.objects.filter(made_at=world.next_meeting).count() == 1


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(world, login):
    client = login(world.member)
    url = reverse("note_create", args=[world.next_meeting.pk])
    refused = client.post(url, {"_once": "b" * 32, "body": "   "})
    assert refused.status_code == 400
    assert not SubmittedForm.objects.filter(token="b" * 32).exists()
    assert client.post(url, {"_once": "b" * 32, "body": "Now with text"}).status_code == 302
    assert [n.body for n in Note.objects.filter(meeting=world.next_meeting)] == ["Now with text"]


def test_a_refused_form_shows_an_error_summary_linking_to_the_field(world, login):
    response = login(world.member).post(
        reverse("commitment_create", args=[world.next_meeting.pk]),
        {"owner": world.member.pk, "action": "", "due_on": "not a date"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "data-error-summary" in body
    assert 'href="#id_action"' in body
    assert 'href="#id_due_on"' in body


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("commitment_create", "meeting_detail"),
        ("note_create", "meeting_detail"),
        ("meeting_runner_finish", "meeting_runner"),
    ],
)
def test_opening_a_form_address_goes_to_its_page(world, login, name, page):
    client = login(world.member)
    response = client.get(reverse(name, args=[world.next_meeting.pk]))
    assert response.status_code == 303
    assert response["Location"] == reverse(page, args=[world.next_meeting.pk])


def test_old_tokens_are_pruned():
    SubmittedForm.objects.create(token="old")
    SubmittedForm.objects.filter(token="old").update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    SubmittedForm.objects.create(token="new")
    assert prune_submissions() == 1
    assert list(SubmittedForm.objects.values_list("token", flat=True)) == ["new"]
