"""What an outside probe found: content read after leaving or before accepting the ground
rules. Each test fails if one path around the boundary comes back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.feedback.services import pulse_record, rating_record
from circles.groups.models import Membership
from circles.groups.services import membership_end
from circles.growth.plans.services import manager_share_set
from circles.meetings.record.services import attendance_record
from circles.orgs.people.services import person_update
from circles.testing import SECRET_ACTION, World

pytestmark = pytest.mark.django_db


def test_a_member_who_left_no_longer_sees_their_commitment_on_the_share_or_export_pages(
    world: World, login
):
    client = login(world.member)
    commitment = world.commitment.pk
    before = client.get(reverse("career_share")).content.decode()
    assert SECRET_ACTION in before
    membership_end(membership=world.circle.memberships.get(person=world.member))
    share = client.get(reverse("career_share")).content.decode()
    assert SECRET_ACTION not in share
    for fmt in ("md", "pdf"):
        response = client.get(reverse("career_export", args=[fmt]), {"commitments": commitment})
        assert response.status_code == 400
        assert SECRET_ACTION.encode() not in response.content


def test_a_manager_stops_seeing_a_commitment_once_its_owner_left_the_circle(world: World, login):
    person_update(person=world.member, manager=world.outsider)
    world.member.refresh_from_db()
    manager_share_set(
        owner=world.member, summary=False, goal_ids=set(), commitment_ids={world.commitment.pk}
    )
    client = login(world.outsider)
    assert SECRET_ACTION in client.get(reverse("shared_with_me")).content.decode()
    membership_end(membership=world.circle.memberships.get(person=world.member))
    assert SECRET_ACTION not in client.get(reverse("shared_with_me")).content.decode()


def test_a_member_who_has_not_accepted_the_ground_rules_reads_no_feedback_comments(
    world: World, login
):
    meeting = world.past_meeting
    attendance_record(
        meeting=meeting,
        recorded_by=world.facilitator,
        attended_ids={world.member.pk, world.facilitator.pk, world.peer.pk},
    )
    pulse_record(meeting=meeting, person=world.facilitator, safety=4, usefulness=5)
    rating_record(
        meeting=meeting,
        giver=world.member,
        specific=4,
        observable=4,
        impact=4,
        actionable=4,
        comment="Peer feedback that only the circle should read",
    )
    Membership.objects.filter(circle=world.circle, person=world.peer).update(
        ground_rules_accepted_at=None
    )
    response = login(world.peer).get(reverse("insights_circle", args=[world.circle.pk]))
    assert response.status_code == 404
    assert b"only the circle should read" not in response.content
    accepted = login(world.facilitator).get(reverse("insights_circle", args=[world.circle.pk]))
    assert accepted.status_code == 200
    Membership.objects.filter(circle=world.circle, person=world.peer).update(
        ground_rules_accepted_at=timezone.now()
    )
    assert (
        login(world.peer).get(reverse("insights_circle", args=[world.circle.pk])).status_code == 200
    )
