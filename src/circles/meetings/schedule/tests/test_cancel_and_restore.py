"""Who may cancel and restore a meeting for the whole circle, with a confirmation and a way back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.lib.errors import DomainError
from circles.meetings.models import Meeting
from circles.meetings.runner import services as runner
from circles.meetings.schedule.services import meeting_cancel, meeting_restore, meeting_stewards

pytestmark = pytest.mark.django_db


def test_only_role_holders_may_cancel_for_the_circle(world):
    meeting = world.next_meeting  # Fred facilitates; no host or note taker yet
    assert meeting_stewards(meeting) == {world.facilitator.pk}
    with pytest.raises(DomainError, match="facilitator, host or note taker"):
        meeting_cancel(meeting=meeting, cancelled_by=world.member)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_without_role_holders_any_member_may_cancel(world):
    Meeting.objects.filter(pk=world.next_meeting.pk).update(facilitator=None)
    world.next_meeting.refresh_from_db()
    assert meeting_stewards(world.next_meeting) == {
        world.member.pk,
        world.facilitator.pk,
        world.peer.pk,
    }
    meeting_cancel(meeting=world.next_meeting, cancelled_by=world.peer)


def test_a_cancelled_meeting_shows_who_cancelled_and_can_be_restored(world, login):
    meeting = world.next_meeting
    client = login(world.facilitator)
    refused = client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Offsite"})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    client.post(
        reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Offsite", "confirm": "on"}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancelled_by == world.facilitator
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "by Fred Facilitator" in page
    assert "Restore this meeting" in page
    assert "Restore this meeting" not in (
        login(world.member).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    )
    sequence = meeting.sequence
    response = login(world.facilitator).post(reverse("meeting_restore", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.cancelled_by is None
    assert meeting.cancel_reason == ""
    assert meeting.sequence > sequence  # calendars pick the restored meeting up again


def test_a_meeting_whose_time_passed_is_not_restored(world):
    meeting = world.next_meeting
    meeting_cancel(meeting=meeting, cancelled_by=world.facilitator)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    meeting.refresh_from_db()
    with pytest.raises(DomainError, match="time has passed"):
        meeting_restore(meeting=meeting, restored_by=world.facilitator)


def test_a_meeting_under_way_cannot_be_cancelled(world):
    runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)
    with pytest.raises(DomainError, match="has started"):
        meeting_cancel(meeting=world.next_meeting, cancelled_by=world.facilitator)


@pytest.mark.parametrize("persona", ["member", "outsider", "lead", "admin", "other_admin"])
def test_others_cannot_restore(world, login, persona):
    meeting_cancel(meeting=world.next_meeting, cancelled_by=world.facilitator)
    response = login(getattr(world, persona)).post(
        reverse("meeting_restore", args=[world.next_meeting.pk])
    )
    assert response.status_code == (302 if persona == "member" else 404)
    world.next_meeting.refresh_from_db()
    assert world.next_meeting.status == Meeting.Status.CANCELLED
