"""The rhythm expansion: local wall-clock time is kept across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circles.meetings.schedule.recurrence import (
    Rhythm,
    RhythmError,
    check,
    describe,
    normalise_rule,
    rule_text,
    slots,
)

# Zones whose clocks change between 01:00 and 04:00 local time, north and south.
ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "UTC",
]

rhythms = st.builds(
    Rhythm,
    cadence=st.sampled_from(["weekly", "biweekly", "monthly"]),
    time_zone=st.sampled_from(ZONES),
    meeting_time=st.times(min_value=dt.time(6, 0), max_value=dt.time(21, 45)).map(
        lambda t: t.replace(second=0, microsecond=0)
    ),
    first_meeting_on=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    weekday=st.one_of(st.none(), st.integers(0, 6)),
)


@settings(max_examples=200, deadline=None)
@given(rhythm=rhythms, count=st.integers(1, 30))
def test_every_slot_keeps_the_local_time_and_weekday_across_clock_changes(rhythm, count):
    after = dt.datetime.combine(rhythm.first_meeting_on, dt.time(), tzinfo=dt.UTC)
    found = slots(rhythm, after=after - dt.timedelta(days=2), count=count)
    assert len(found) == count
    zone = zoneinfo.ZoneInfo(rhythm.time_zone)
    locals_ = [moment.astimezone(zone) for moment in found]
    for local in locals_:
        assert local.time() == rhythm.meeting_time
        assert local.weekday() == rhythm.day()
        assert local.date() >= rhythm.first_meeting_on
    gaps = {(b.date() - a.date()).days for a, b in itertools.pairwise(locals_)}
    if rhythm.cadence == "weekly":
        assert gaps <= {7}
    elif rhythm.cadence == "biweekly":
        assert gaps <= {14}
    else:
        assert gaps <= {28, 35}
    assert found == sorted(found)
    assert all(moment.tzinfo is dt.UTC for moment in found)


@settings(max_examples=100, deadline=None)
@given(rhythm=rhythms, split=st.integers(1, 10))
def test_expanding_in_two_steps_gives_the_same_slots_as_one(rhythm, split):
    after = dt.datetime.combine(rhythm.first_meeting_on, dt.time(), tzinfo=dt.UTC)
    whole = slots(rhythm, after=after - dt.timedelta(days=2), count=12)
    first = slots(rhythm, after=after - dt.timedelta(days=2), count=split)
    rest = slots(rhythm, after=first[-1], count=12 - split)
    assert first + rest == whole
    until = slots(rhythm, after=after - dt.timedelta(days=2), until=whole[-1])
    assert until == whole


def test_a_berlin_morning_meeting_moves_an_hour_in_utc_when_summer_time_starts():
    rhythm = Rhythm(
        cadence="weekly",
        time_zone="Europe/Berlin",
        meeting_time=dt.time(10, 0),
        first_meeting_on=dt.date(2026, 3, 24),
    )
    # Summer time starts on Sunday 29 March 2026.
    before, after = slots(rhythm, after=dt.datetime(2026, 3, 23, tzinfo=dt.UTC), count=2)
    assert before == dt.datetime(2026, 3, 24, 9, 0, tzinfo=dt.UTC)
    assert after == dt.datetime(2026, 3, 31, 8, 0, tzinfo=dt.UTC)


def test_a_time_that_does_not_exist_on_the_change_day_falls_forward():
    rhythm = Rhythm(
        cadence="weekly",
        time_zone="Europe/Berlin",
        meeting_time=dt.time(2, 30),
        first_meeting_on=dt.date(2026, 3, 22),
    )
    found = slots(rhythm, after=dt.datetime(2026, 3, 21, tzinfo=dt.UTC), count=3)
    local = [m.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).time() for m in found]
    assert local == [dt.time(2, 30), dt.time(3, 30), dt.time(2, 30)]


def test_monthly_meetings_keep_the_nth_weekday_and_the_fifth_becomes_the_last():
    second_tuesday = Rhythm(
        cadence="monthly",
        time_zone="UTC",
        meeting_time=dt.time(9, 0),
        first_meeting_on=dt.date(2026, 1, 13),
    )
    assert rule_text(second_tuesday) == "FREQ=MONTHLY;BYDAY=2TU"
    assert "second Tuesday" in describe(second_tuesday)
    fifth = Rhythm(
        cadence="monthly",
        time_zone="UTC",
        meeting_time=dt.time(9, 0),
        first_meeting_on=dt.date(2026, 1, 29),
    )
    assert rule_text(fifth) == "FREQ=MONTHLY;BYDAY=-1TH"


def test_an_explicit_rule_wins_over_the_cadence():
    rhythm = Rhythm(
        cadence="weekly",
        time_zone="America/New_York",
        meeting_time=dt.time(15, 0),
        first_meeting_on=dt.date(2026, 1, 1),
        rule="rrule:freq=monthly;byday=tu;bysetpos=-1",
    )
    found = slots(rhythm, after=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), count=3)
    local_days = [m.astimezone(zoneinfo.ZoneInfo("America/New_York")).date() for m in found]
    assert local_days == [dt.date(2026, 1, 27), dt.date(2026, 2, 24), dt.date(2026, 3, 31)]
    assert describe(rhythm).startswith("Custom rule FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a recurrence rule"),
        ("FREQ=HOURLY", "FREQ=DAILY"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a recurrence rule"),
        ("DTSTART:20260101T090000\nRRULE:FREQ=WEEKLY", "only the rule"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "UNTIL"),
    ],
)
def test_a_mistyped_rule_is_refused_with_a_reason(text, message):
    with pytest.raises(RhythmError, match=message):
        normalise_rule(text)


def test_a_rule_that_never_meets_is_refused():
    rhythm = Rhythm(
        cadence="weekly",
        time_zone="UTC",
        meeting_time=dt.time(9, 0),
        first_meeting_on=dt.date(2026, 1, 1),
        rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    )
    with pytest.raises(RhythmError, match="no meeting"):
        check(rhythm, today=dt.date(2026, 1, 1))


def test_slots_need_a_limit_and_aware_times():
    rhythm = Rhythm(
        cadence="weekly",
        time_zone="UTC",
        meeting_time=dt.time(9, 0),
        first_meeting_on=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValueError, match="until, count"):
        slots(rhythm, after=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="aware"):
        slots(rhythm, after=dt.datetime(2026, 1, 1), count=1)


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;INTERVAL=0", "FREQ=WEEKLY;INTERVAL=-1", "FREQ=WEEKLY;COUNT=0"]
)
def test_a_rule_that_never_or_nonsensically_repeats_is_refused(rule):
    with pytest.raises(RhythmError, match="whole number"):
        normalise_rule(rule)
