"""The slot finder: every proposal fits everyone, and "none" is said only when none exists."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from circles.meetings.schedule.slots import Participant, cushion, find_slots

ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
]
# Weeks around European and American clock changes, and an ordinary one.
WEEKS = [dt.date(2026, 3, 9), dt.date(2026, 3, 30), dt.date(2026, 10, 26), dt.date(2026, 6, 15)]

quarter_hours = st.integers(min_value=0, max_value=95).map(lambda q: dt.time(q // 4, (q % 4) * 15))


@st.composite
def participants(draw: st.DrawFn, index: int = 0) -> Participant:
    start = draw(st.integers(min_value=20, max_value=48))  # 05:00 to 12:00, in quarter hours
    length = draw(st.integers(min_value=8, max_value=44))  # 2 to 11 hours
    end = min(start + length, 95)
    return Participant(
        name=f"Person {draw(st.integers(0, 10_000))}",
        time_zone=draw(st.sampled_from(ZONES)),
        work_starts_at=dt.time(start // 4, (start % 4) * 15),
        work_ends_at=dt.time(end // 4, (end % 4) * 15),
    )


def fits_by_brute_force(people, minutes, zone_name, week_of) -> bool:
    """Independent check: walk the week's instants in UTC and ask each person's clock."""
    zone = zoneinfo.ZoneInfo(zone_name)
    monday = week_of - dt.timedelta(days=week_of.weekday())
    start = dt.datetime.combine(monday, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(monday + dt.timedelta(days=5), dt.time(), tzinfo=zone)
    moment = start
    while moment < end:
        if all(_inside(p, moment, minutes) for p in people):
            return True
        moment += dt.timedelta(minutes=15)
    return False


def _inside(person, moment, minutes) -> bool:
    zone = zoneinfo.ZoneInfo(person.time_zone)
    begin = moment.astimezone(zone)
    finish = (moment + dt.timedelta(minutes=minutes)).astimezone(zone)
    return (
        begin.weekday() < 5
        and begin.date() == finish.date()
        and begin.time() >= person.work_starts_at
        and finish.time() <= person.work_ends_at
        and finish >= begin
    )


@settings(max_examples=80, deadline=None)
@given(
    people=st.lists(participants(), min_size=1, max_size=6),
    minutes=st.sampled_from([30, 45, 60, 90]),
    zone=st.sampled_from(ZONES),
    week_of=st.sampled_from(WEEKS),
)
def test_every_proposal_fits_everyone_and_none_is_said_only_when_none_exists(
    people, minutes, zone, week_of
):
    report = find_slots(people, duration_minutes=minutes, time_zone=zone, week_of=week_of)
    for suggestion in report.suggestions:
        for person in people:
            assert _inside(person, suggestion.starts_at, minutes), (person, suggestion)
    scores = [s.score for s in report.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert bool(report.suggestions) == fits_by_brute_force(people, minutes, zone, week_of)
    if not report.suggestions:
        assert report.problem


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(participants(), min_size=2, max_size=5),
    week_of=st.sampled_from(WEEKS),
)
def test_colleagues_in_one_zone_with_a_shared_hour_always_get_a_proposal(people, week_of):
    zone = "Europe/Berlin"
    same_zone = [Participant(p.name, zone, p.work_starts_at, p.work_ends_at) for p in people]
    latest_start = max(p.work_starts_at for p in same_zone)
    earliest_end = min(p.work_ends_at for p in same_zone)
    shared = (earliest_end.hour * 60 + earliest_end.minute) - (
        latest_start.hour * 60 + latest_start.minute
    )
    report = find_slots(same_zone, duration_minutes=60, time_zone=zone, week_of=week_of)
    assert bool(report.suggestions) == (shared >= 60)


def test_midweek_and_mid_day_are_preferred():
    people = [
        Participant("Ana", "Europe/Berlin", dt.time(9, 0), dt.time(17, 0)),
        Participant("Ben", "Europe/London", dt.time(9, 0), dt.time(17, 0)),
    ]
    report = find_slots(
        people, duration_minutes=60, time_zone="Europe/Berlin", week_of=dt.date(2026, 6, 15)
    )
    best = report.suggestions[0]
    assert best.local_start.weekday() in (1, 2, 3)
    # Shared hours are 10:00-17:00 Berlin time; the middle of that window is 13:00.
    assert best.local_start.time() == dt.time(13, 0)
    assert best.cushion_minutes == 180
    assert "midweek" in best.reason
    assert [s.local_start.weekday() for s in report.suggestions][-2:] in ([0, 4], [4, 0])


def test_it_names_the_pair_with_no_hours_in_common():
    people = [
        Participant("Ana", "Europe/Berlin", dt.time(9, 0), dt.time(17, 0)),
        Participant("Kai", "Pacific/Auckland", dt.time(9, 0), dt.time(17, 0)),
        Participant("Lou", "Europe/Paris", dt.time(9, 0), dt.time(17, 0)),
    ]
    report = find_slots(
        people, duration_minutes=60, time_zone="Europe/Berlin", week_of=dt.date(2026, 6, 15)
    )
    assert report.suggestions == ()
    assert "Kai" in report.constraint
    assert "Kai (Pacific/Auckland)" in report.problem


def test_it_names_the_member_without_whom_a_time_would_exist():
    # Around the clock, every two overlap but the three never do at once.
    people = [
        Participant("Ana", "UTC", dt.time(8, 0), dt.time(18, 0)),
        Participant("Ken", "Asia/Tokyo", dt.time(9, 0), dt.time(19, 0)),
        Participant("Nia", "America/New_York", dt.time(12, 0), dt.time(22, 0)),
    ]
    report = find_slots(people, duration_minutes=60, time_zone="UTC", week_of=dt.date(2026, 6, 15))
    assert report.suggestions == ()
    assert report.constraint == ("Ana",)
    assert "without Ana (UTC) there would be one" in report.problem


def test_a_meeting_longer_than_a_working_day_is_explained():
    people = [Participant("Ana", "UTC", dt.time(9, 0), dt.time(9, 45))]
    report = find_slots(people, duration_minutes=60, time_zone="UTC", week_of=dt.date(2026, 6, 15))
    assert report.constraint == ("Ana",)
    assert "longer than the working day" in report.problem


def test_weekends_in_a_members_own_zone_do_not_count():
    # Monday 08:00 in Auckland is still Sunday in London.
    kai = Participant("Kai", "Pacific/Auckland", dt.time(8, 0), dt.time(18, 0))
    monday_morning_auckland = dt.datetime(2026, 6, 14, 20, 0, tzinfo=dt.UTC)
    assert cushion(kai, monday_morning_auckland, 60) == 0
    lou = Participant("Lou", "Europe/London", dt.time(0, 0), dt.time(23, 45))
    assert cushion(lou, monday_morning_auckland, 60) is None


def best_by_definition(people, minutes, zone_name, week_of):
    """The ranking as the module's docstring defines it, by `cushion` at every quarter hour of
    each local weekday: what the precomputed working days must reproduce exactly."""
    zone = zoneinfo.ZoneInfo(zone_name)
    monday = week_of - dt.timedelta(days=week_of.weekday())
    found = []
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        moment = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        best = None
        while moment < end:
            found_values = [cushion(p, moment, minutes) for p in people]
            values = [v for v in found_values if v is not None]
            if len(values) == len(people):
                tight = min(values)
                credit = 30 if moment.astimezone(zone).weekday() in (1, 2, 3) else 0
                if best is None or tight + credit > best[0]:
                    best = (tight + credit, moment, people[values.index(tight)].name)
            moment += dt.timedelta(minutes=15)
        if best:
            found.append(best)
    return sorted(found, key=lambda b: (-b[0], b[1]))


@settings(max_examples=80, deadline=None)
@given(
    people=st.lists(participants(), min_size=1, max_size=8),
    minutes=st.sampled_from([30, 60, 90]),
    zone=st.sampled_from(ZONES),
    week_of=st.sampled_from(WEEKS),
)
def test_the_fast_search_proposes_exactly_what_the_definition_ranks_first(
    people, minutes, zone, week_of
):
    report = find_slots(people, duration_minutes=minutes, time_zone=zone, week_of=week_of)
    expected = best_by_definition(people, minutes, zone, week_of)
    assert [(s.score, s.starts_at, s.tightest) for s in report.suggestions] == expected
