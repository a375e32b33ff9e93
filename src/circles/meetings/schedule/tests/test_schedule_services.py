"""Generating, moving and cancelling meetings, and the roles that rotate with them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from circles.groups.rotation import SLACK
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Meeting
from circles.meetings.schedule.services import (
    attendance_decline,
    circle_rhythm_set,
    meeting_cancel,
    meeting_move,
    meetings_generate,
    role_swap,
)
from circles.testing import World, make_circle, make_person

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# Early March next year: ahead of the real clock, with summer time starting in Europe within
# the six weeks planned.
NOW = dt.datetime(timezone.now().year + 1, 3, 1, 12, 0, tzinfo=dt.UTC)


def big_circle(world: World, size: int = 5):
    others = [make_person(world.org) for _ in range(size - 2)]
    circle = make_circle(world.programme, [world.member, world.facilitator, *others])
    return circle, [world.member, world.facilitator, *others]


def set_rhythm(circle, person, **overrides):
    values: dict[str, Any] = {
        "cadence": "weekly",
        "meeting_time": dt.time(10, 0),
        "first_meeting_on": NOW.date(),
        "time_zone": "Europe/Berlin",
        "meeting_weekday": 1,
        "ahead": 6,
        "now": NOW,
    }
    values.update(overrides)
    return circle_rhythm_set(circle=circle, changed_by=person, **values)


def upcoming(circle) -> list[Meeting]:
    return list(circle.meetings.filter(starts_at__gt=NOW).order_by("starts_at"))


def test_setting_a_rhythm_plans_meetings_at_the_same_local_time_across_summer_time(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    meetings = upcoming(circle)
    assert len(meetings) == 6
    assert {m.starts_at.astimezone(BERLIN).time() for m in meetings} == {dt.time(10, 0)}
    assert {m.starts_at.astimezone(dt.UTC).hour for m in meetings} == {8, 9}
    assert all(m.planned_start == m.starts_at for m in meetings)
    assert len({m.uid for m in meetings}) == 6
    assert all(m.attendances.count() == 5 for m in meetings)


def test_generating_twice_creates_nothing_new(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    before = circle.meetings.count()
    assert meetings_generate(circle=circle, count=6, now=NOW) == []
    until = NOW + dt.timedelta(weeks=6)
    assert meetings_generate(circle=circle, until=until, now=NOW) == []
    assert circle.meetings.count() == before
    # A horizon further out adds exactly the missing weeks.
    assert len(meetings_generate(circle=circle, count=8, now=NOW)) == 2


def test_a_moved_or_cancelled_meeting_keeps_its_slot_so_it_is_not_generated_again(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    first, second = upcoming(circle)[:2]
    first.refresh_from_db()
    meeting_move(
        meeting=first, starts_at=first.starts_at + dt.timedelta(days=1), moved_by=world.member
    )
    assert second.facilitator is not None
    meeting_cancel(meeting=second, cancelled_by=second.facilitator, reason="Team offsite")
    assert meetings_generate(circle=circle, count=6, now=NOW) == []
    first.refresh_from_db()
    assert first.planned_start != first.starts_at
    assert first.sequence == 1
    second.refresh_from_db()
    assert second.status == Meeting.Status.CANCELLED
    assert second.cancel_reason == "Team offsite"
    assert second.sequence >= 1


def test_generated_meetings_rotate_roles_with_nobody_holding_two(world):
    circle, members = big_circle(world, size=5)
    set_rhythm(circle, world.member, ahead=10)
    meetings = upcoming(circle)
    for meeting in meetings:
        holders = [meeting.facilitator_id, meeting.host_id, meeting.note_taker_id]
        assert None not in holders
        assert len(set(holders)) == 3
    facilitators = [m.facilitator_id for m in meetings]
    assert {facilitators.count(p.pk) for p in members} == {2}


def test_when_the_facilitator_declines_the_role_passes_on_and_they_keep_their_turn(world):
    circle, _ = big_circle(world, size=5)
    set_rhythm(circle, world.member)
    first, second = upcoming(circle)[:2]
    away = first.facilitator
    assert away is not None
    attendance_decline(meeting=first, person=away)
    first.refresh_from_db()
    second.refresh_from_db()
    assert away.pk not in {first.facilitator_id, first.host_id, first.note_taker_id}
    assert first.sequence >= 1
    assert second.facilitator_id == away.pk
    assert Attendance.objects.get(meeting=first, person=away).status == "declined"


def test_declining_without_a_role_changes_no_roles(world):
    circle, _ = big_circle(world, size=6)
    set_rhythm(circle, world.member)
    first = upcoming(circle)[0]
    holders = {first.facilitator_id, first.host_id, first.note_taker_id}
    free = next(
        a.person for a in first.attendances.select_related("person") if a.person_id not in holders
    )
    attendance_decline(meeting=first, person=free)
    first.refresh_from_db()
    assert {first.facilitator_id, first.host_id, first.note_taker_id} == holders
    assert first.sequence == 0


def test_a_swap_exchanges_roles_is_kept_and_later_turns_even_it_out(world):
    circle, members = big_circle(world, size=4)
    set_rhythm(circle, world.member, ahead=8)
    first = upcoming(circle)[0]
    holder = first.facilitator
    other = next(p for p in members if p.pk not in {first.facilitator_id, first.host_id})
    assert holder is not None
    role_swap(meeting=first, role="facilitator", to_person=other, swapped_by=holder)
    first.refresh_from_db()
    assert first.facilitator_id == other.pk
    assert first.roles_fixed
    meetings = upcoming(circle)
    counts = [[m.facilitator_id for m in meetings].count(p.pk) for p in members]
    assert max(counts) - min(counts) <= SLACK - 1


def test_an_exchange_with_another_role_holder_swaps_both_roles(world):
    circle, _ = big_circle(world, size=4)
    set_rhythm(circle, world.member)
    first = upcoming(circle)[0]
    facilitator, host = first.facilitator, first.host
    assert facilitator is not None
    assert host is not None
    role_swap(meeting=first, role="facilitator", to_person=host, swapped_by=host)
    first.refresh_from_db()
    assert (first.facilitator_id, first.host_id) == (host.pk, facilitator.pk)


def test_only_the_holder_or_the_taker_can_swap_and_nothing_is_written_otherwise(world):
    circle, members = big_circle(world, size=5)
    set_rhythm(circle, world.member)
    first = upcoming(circle)[0]
    holders = {first.facilitator_id, first.host_id, first.note_taker_id}
    bystanders = [p for p in members if p.pk not in holders]
    with pytest.raises(DomainError, match="holder or the member taking it"):
        role_swap(meeting=first, role="host", to_person=bystanders[0], swapped_by=bystanders[1])
    with pytest.raises(DomainError, match="members of the circle"):
        role_swap(meeting=first, role="host", to_person=world.outsider, swapped_by=world.outsider)
    with pytest.raises(DomainError, match="Choose the facilitator"):
        role_swap(meeting=first, role="chair", to_person=bystanders[0], swapped_by=bystanders[0])
    first.refresh_from_db()
    assert first.sequence == 0
    assert not first.roles_fixed


def test_non_members_cannot_move_cancel_or_set_the_rhythm(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    first = upcoming(circle)[0]
    later = timezone.now() + dt.timedelta(days=30)
    for person in (world.outsider, world.lead, world.admin):
        with pytest.raises(DomainError, match="Only members"):
            meeting_move(meeting=first, starts_at=later, moved_by=person)
        with pytest.raises(DomainError, match="Only members"):
            meeting_cancel(meeting=first, cancelled_by=person)
        with pytest.raises(DomainError, match="Only members"):
            set_rhythm(circle, person, cadence="monthly")
    first.refresh_from_db()
    assert first.status == Meeting.Status.SCHEDULED
    assert first.sequence == 0
    circle.refresh_from_db()
    assert circle.cadence == "weekly"


def test_a_meeting_cannot_move_into_the_past_or_be_cancelled_twice(world):
    first = world.next_meeting
    with pytest.raises(DomainError, match="future"):
        meeting_move(
            meeting=first,
            starts_at=timezone.now() - dt.timedelta(hours=1),
            moved_by=world.member,
        )
    with pytest.raises(DomainError, match="time zone"):
        meeting_move(meeting=first, starts_at=dt.datetime(2030, 1, 1), moved_by=world.member)
    assert first.facilitator is not None
    meeting_cancel(meeting=first, cancelled_by=first.facilitator)
    with pytest.raises(DomainError, match="Only a scheduled"):
        meeting_cancel(meeting=first, cancelled_by=first.facilitator)


def test_changing_the_rhythm_moves_upcoming_meetings_instead_of_duplicating_them(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    before = {m.uid for m in upcoming(circle)}
    set_rhythm(circle, world.member, meeting_weekday=3, meeting_time=dt.time(15, 30))
    after = upcoming(circle)
    assert {m.uid for m in after} == before
    for meeting in after:
        local = meeting.starts_at.astimezone(BERLIN)
        assert (local.weekday(), local.time()) == (3, dt.time(15, 30))
        assert meeting.sequence == 1


def test_a_bad_rule_or_zone_is_refused_and_nothing_changes(world):
    circle, _ = big_circle(world)
    with pytest.raises(DomainError, match="FREQ"):
        set_rhythm(circle, world.member, rrule="FREQ=MINUTELY")
    with pytest.raises(DomainError, match="time zone"):
        set_rhythm(circle, world.member, time_zone="Mars/Olympus")
    circle.refresh_from_db()
    assert circle.rhythm is None
    assert not circle.meetings.exists()


def test_an_explicit_rule_plans_the_last_tuesday_of_each_month(world):
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member, rrule="FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1", ahead=3)
    days = [m.starts_at.astimezone(BERLIN).date() for m in upcoming(circle)]
    assert [day.month for day in days] == [3, 4, 5]
    for day in days:
        assert day.weekday() == 1
        assert (day + dt.timedelta(days=7)).month != day.month


def test_generation_needs_a_rhythm_and_a_sensible_horizon(world):
    with pytest.raises(DomainError, match="rhythm"):
        meetings_generate(circle=world.circle, count=3)
    circle, _ = big_circle(world)
    set_rhythm(circle, world.member)
    with pytest.raises(DomainError, match="between 1 and"):
        meetings_generate(circle=circle, count=500, now=NOW)
    with pytest.raises(DomainError, match="a year"):
        meetings_generate(circle=circle, until=NOW + dt.timedelta(days=800), now=NOW)
