from __future__ import annotations

import pytest
from django.urls import reverse

from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting
from circles.meetings.record import preparation as case_prep

pytestmark = pytest.mark.django_db

CASE = {
    "kind": "performance",
    "title": "The demo that went sideways",
    "situation": "The client asked about pricing and I froze.",
    "help_wanted": "Questions that help me see what I could prepare.",
}


def test_the_next_case_giver_is_prompted_on_their_home_page(world, login):
    case_prep.case_giver_choose(meeting=world.next_meeting, by=world.facilitator, giver=world.peer)
    home = login(world.peer).get(reverse("home")).content.decode()
    assert "Your case to prepare" in home
    assert reverse("case_prepare", args=[world.next_meeting.pk]) in home
    other = login(world.member).get(reverse("home")).content.decode()
    assert "Your case to prepare" not in other


def test_a_prepared_case_is_visible_to_the_circle_on_the_meeting_page(world, login):
    case_prep.case_giver_choose(meeting=world.next_meeting, by=world.peer, giver=world.peer)
    response = login(world.peer).post(reverse("case_prepare", args=[world.next_meeting.pk]), CASE)
    assert response.status_code == 302
    case = Case.objects.get(meeting=world.next_meeting)
    assert (case.giver, case.kind) == (world.peer, "performance")
    page = login(world.member).get(reverse("meeting_detail", args=[world.next_meeting.pk]))
    text = page.content.decode()
    assert "The demo that went sideways" in text
    assert "Questions that help me see what I could prepare." in text
    assert "ready" in login(world.peer).get(reverse("home")).content.decode()
    outsider = login(world.outsider).get(reverse("home")).content.decode()
    assert "The demo that went sideways" not in outsider


def test_a_case_without_the_help_wanted_is_refused_and_nothing_is_written(world, login):
    data = {**CASE, "help_wanted": ""}
    response = login(world.peer).post(reverse("case_prepare", args=[world.next_meeting.pk]), data)
    assert response.status_code == 400
    assert not Case.objects.filter(meeting=world.next_meeting).exists()


def test_the_case_giver_must_be_a_member_and_the_meeting_ahead(world):
    with pytest.raises(DomainError):
        case_prep.case_giver_choose(
            meeting=world.next_meeting, by=world.member, giver=world.outsider
        )
    with pytest.raises(DomainError):
        case_prep.case_giver_choose(meeting=world.past_meeting, by=world.member, giver=world.peer)
    Meeting.objects.filter(pk=world.past_meeting.pk).update(status="held")
    world.past_meeting.refresh_from_db()
    with pytest.raises(DomainError):
        case_prep.case_giver_choose(meeting=world.past_meeting, by=world.member, giver=world.peer)
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.case_giver is None


def test_the_suggestion_is_whoever_brought_a_case_longest_ago_and_not_the_facilitator(world):
    # The member brought the past case; the facilitator facilitates the next meeting.
    assert case_prep.suggest_case_giver(world.next_meeting) == world.peer.pk


def test_members_choose_the_case_giver_on_the_page(world, login):
    url = reverse("case_giver_set", args=[world.next_meeting.pk])
    assert login(world.member).post(url, {"giver": world.peer.pk}).status_code == 302
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.case_giver == world.peer
    refused = login(world.member).post(url, {"giver": world.outsider.pk})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
)
def test_case_preparation_is_for_the_circles_members_only(world, login, persona):
    client = login(getattr(world, persona))
    member = persona in {"member", "facilitator"}
    url = reverse("case_prepare", args=[world.next_meeting.pk])
    assert client.get(url).status_code == (200 if member else 404)
    assert client.post(url, {}).status_code == (400 if member else 404)
    setter = reverse("case_giver_set", args=[world.next_meeting.pk])
    assert client.post(setter, {}).status_code == (302 if member else 404)


def test_anonymous_visitors_are_sent_to_sign_in_from_case_preparation(world, client):
    assert client.get(reverse("case_prepare", args=[world.next_meeting.pk])).status_code == 302
