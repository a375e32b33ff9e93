"""Video rooms: a stable Jitsi room on the configured server, or a pasted meeting link, carried
to the upcoming meetings' pages, the runner, reminders and calendar entries."""

from __future__ import annotations

import pytest

from circles.groups.video.services import circle_video_link_set, circle_video_room_generate
from circles.lib.errors import DomainError
from circles.meetings.calendar.ics import person_feed_ics
from circles.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_a_circle_gets_a_stable_jitsi_room_on_the_configured_server(world, settings):
    settings.CIRCLES_JITSI_BASE_URL = "https://jitsi.acme.example/"
    circle = circle_video_room_generate(circle=world.circle, by=world.member)
    assert circle.video_url.startswith("https://jitsi.acme.example/aspen-")
    again = circle_video_room_generate(circle=world.circle, by=world.facilitator)
    assert again.video_url == circle.video_url
    upcoming = Meeting.objects.get(pk=world.next_meeting.pk)
    assert upcoming.video_url == circle.video_url
    assert upcoming.sequence > world.next_meeting.sequence
    past = Meeting.objects.get(pk=world.past_meeting.pk)
    assert past.video_url != circle.video_url


def test_a_pasted_zoom_teams_or_meet_link_is_used_and_anything_else_refused(world):
    for url in (
        "https://acme.zoom.us/j/123456789",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
        "https://meet.google.com/abc-defg-hij",
    ):
        assert circle_video_link_set(circle=world.circle, by=world.member, url=url).video_url == url
    for bad in ("http://meet.google.com/x", "https://evil.example/zoom.us", "javascript:alert(1)"):
        with pytest.raises(DomainError):
            circle_video_link_set(circle=world.circle, by=world.member, url=bad)


def test_only_members_who_accepted_the_ground_rules_set_it(world):
    for outsider in (world.outsider, world.lead, world.admin):
        with pytest.raises(DomainError):
            circle_video_room_generate(circle=world.circle, by=outsider)


def test_the_link_shows_on_the_meeting_page_runner_and_calendar(world, login):
    circle = circle_video_room_generate(circle=world.circle, by=world.member)
    client = login(world.member)
    for url in (f"/meetings/{world.next_meeting.pk}/", f"/meetings/{world.next_meeting.pk}/run/"):
        page = client.get(url).content.decode()
        assert circle.video_url in page, url
    assert (
        "Join the video call"
        in client.get(f"/meetings/{world.next_meeting.pk}/run/").content.decode()
    )
    meeting = Meeting.objects.get(pk=world.next_meeting.pk)
    feed = person_feed_ics(world.member, [meeting], page_url_for={meeting.pk: "https://x/"})
    assert circle.video_url in feed.decode().replace("\r\n ", "")
    page = client.get(f"/circles/{world.circle.pk}/video/")
    assert page.status_code == 200
    response = client.post(f"/circles/{world.circle.pk}/video/", {"url": "https://nope.example/"})
    assert response.status_code == 400
