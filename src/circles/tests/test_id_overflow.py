"""Ids beyond the database's integer range in any multiple choice are a 400, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.meetings.runner import services as runner

pytestmark = pytest.mark.django_db
HUGE = str(2**64 + 7)


def test_huge_ids_in_the_share_and_export_pages_are_refused(world, login):
    client = login(world.member)
    share = client.post(reverse("career_share"), {"goals": [HUGE], "commitments": [HUGE]})
    assert share.status_code == 400
    for fmt in ("md", "pdf"):
        response = client.get(reverse("career_export", args=[fmt]), {"commitments": HUGE})
        assert response.status_code == 400


def test_huge_ids_in_attendance_and_clients_are_refused(world, login):
    runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)
    client = login(world.facilitator)
    pk = world.next_meeting.pk
    for name, data in (
        ("attendance_update", {"attended": [HUGE]}),
        ("meeting_runner_attendance", {"attended": [HUGE, "-3"]}),
        ("meeting_runner_clients", {"clients": [HUGE]}),
    ):
        response = client.post(reverse(name, args=[pk]), data)
        assert response.status_code == 400, name
