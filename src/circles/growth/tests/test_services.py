from __future__ import annotations

import datetime as dt

import pytest

from circles.growth.commitments.selectors import commitments_to_follow_up, open_commitments_of
from circles.growth.commitments.services import commitment_create, commitment_follow_up
from circles.growth.models import Commitment, FollowUp
from circles.lib.errors import DomainError
from circles.testing import schedule

pytestmark = pytest.mark.django_db


def due_after(meeting, days: int = 7) -> dt.date:
    return meeting.local_start.date() + dt.timedelta(days=days)


def test_a_commitment_belongs_to_the_meeting_circle_and_organisation(world):
    commitment = commitment_create(
        meeting=world.next_meeting,
        owner=world.peer,
        recorded_by=world.facilitator,
        action="  Ask for feedback  ",
        due_on=due_after(world.next_meeting),
    )
    assert commitment.circle == world.circle
    assert commitment.organisation == world.org
    assert commitment.action == "Ask for feedback"
    assert commitment.status == Commitment.Status.OPEN


@pytest.mark.parametrize(
    ("owner", "recorder", "action", "days", "message"),
    [
        ("outsider", "member", "Step", 7, "owner must be a member"),
        ("member", "lead", "Step", 7, "Only members"),
        ("member", "member", "   ", 7, "next step"),
        ("member", "member", "Step", -1, "before the meeting"),
    ],
)
def test_invalid_commitments_are_refused_and_nothing_is_written(
    world, owner, recorder, action, days, message
):
    before = Commitment.objects.count()
    with pytest.raises(DomainError, match=message):
        commitment_create(
            meeting=world.next_meeting,
            owner=getattr(world, owner),
            recorded_by=getattr(world, recorder),
            action=action,
            due_on=due_after(world.next_meeting, days),
        )
    assert Commitment.objects.count() == before


def test_a_case_from_another_meeting_cannot_be_linked(world):
    with pytest.raises(DomainError, match="case must belong"):
        commitment_create(
            meeting=world.next_meeting,
            owner=world.member,
            recorded_by=world.member,
            action="Step",
            due_on=due_after(world.next_meeting),
            case=world.case,
        )


@pytest.mark.parametrize("outcome", ["done", "partly", "not_done", "dropped"])
def test_a_follow_up_sets_the_status_to_its_outcome(world, outcome):
    commitment_follow_up(
        commitment=world.commitment,
        recorded_by=world.peer,
        outcome=outcome,
        reflection="Learned something",
        meeting=world.next_meeting,
    )
    world.commitment.refresh_from_db()
    assert world.commitment.status == outcome
    assert not world.commitment.is_open


def test_the_latest_follow_up_wins(world):
    commitment_follow_up(commitment=world.commitment, recorded_by=world.member, outcome="partly")
    commitment_follow_up(commitment=world.commitment, recorded_by=world.member, outcome="done")
    world.commitment.refresh_from_db()
    assert world.commitment.status == "done"
    assert FollowUp.objects.filter(commitment=world.commitment).count() == 2


def test_a_follow_up_by_a_non_member_writes_nothing(world):
    with pytest.raises(DomainError, match="Only members"):
        commitment_follow_up(commitment=world.commitment, recorded_by=world.lead, outcome="done")
    world.commitment.refresh_from_db()
    assert world.commitment.status == "open"
    assert not FollowUp.objects.exists()


def test_a_follow_up_in_another_circles_meeting_is_refused(world):
    with pytest.raises(DomainError, match="own circle"):
        commitment_follow_up(
            commitment=world.commitment,
            recorded_by=world.member,
            outcome="done",
            meeting=world.other_meeting,
        )


def test_follow_up_list_holds_open_earlier_commitments_and_those_closed_there(world):
    assert list(commitments_to_follow_up(world.next_meeting)) == [world.commitment]
    commitment_follow_up(
        commitment=world.commitment,
        recorded_by=world.member,
        outcome="done",
        meeting=world.next_meeting,
    )
    # Still listed at the meeting that closed it, with its outcome…
    assert list(commitments_to_follow_up(world.next_meeting)) == [world.commitment]
    # …but not at a later one, and never at the meeting that made it.
    later = schedule(world.circle, days=20)
    assert list(commitments_to_follow_up(later)) == []
    assert list(commitments_to_follow_up(world.past_meeting)) == []


def test_open_commitments_of_a_person_exclude_circles_they_left(world):
    from circles.groups.services import membership_end

    assert list(open_commitments_of(world.member)) == [world.commitment]
    membership_end(membership=world.circle.memberships.get(person=world.member))
    assert list(open_commitments_of(world.member)) == []


def test_overdue_means_open_and_past_its_due_date(world):
    assert world.commitment.is_overdue
    commitment_follow_up(commitment=world.commitment, recorded_by=world.member, outcome="done")
    world.commitment.refresh_from_db()
    assert not world.commitment.is_overdue
