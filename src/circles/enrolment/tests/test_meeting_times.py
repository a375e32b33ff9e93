"""Preferred meeting times: inside working hours, turned into weekly UTC intervals."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from circles.enrolment.times import (
    SLOT_CODES,
    slot_label,
    slots_outside_hours,
    weekly_utc_intervals,
)
from circles.lib.intervals import WEEK_MINUTES, intersect, merge, total, workdays

MONDAY = dt.date(2026, 3, 2)
ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"]


def test_a_slot_has_a_readable_name():
    assert slot_label("tue-morning") == "Tuesday morning"


def test_slots_outside_working_hours_are_found():
    assert slots_outside_hours(
        ["mon-morning", "mon-afternoon"], dt.time(13, 0), dt.time(21, 0), 60
    ) == ["mon-morning"]
    # An hour of overlap is enough for an hour's meeting, not for ninety minutes.
    assert slots_outside_hours(["mon-morning"], dt.time(11, 0), dt.time(17, 0), 60) == []
    assert slots_outside_hours(["mon-morning"], dt.time(11, 0), dt.time(17, 0), 90) == [
        "mon-morning"
    ]


def test_a_berlin_tuesday_morning_is_early_tuesday_in_utc():
    [(start, end)] = weekly_utc_intervals(
        ["tue-morning"],
        time_zone="Europe/Berlin",
        work_starts=dt.time(9, 0),
        work_ends=dt.time(17, 0),
        monday=MONDAY,
    )
    # 09:00-12:00 CET is 08:00-11:00 UTC on the week's second day.
    assert (start, end) == (1440 + 8 * 60, 1440 + 11 * 60)


@given(
    codes=st.lists(st.sampled_from(SLOT_CODES), max_size=15),
    zone=st.sampled_from(ZONES),
    starts=st.integers(0, 12),
    length=st.integers(1, 11),
)
def test_weekly_intervals_stay_in_the_week_sorted_and_inside_the_chosen_time(
    codes, zone, starts, length
):
    work_starts, work_ends = dt.time(starts), dt.time(starts + length)
    intervals = weekly_utc_intervals(
        codes, time_zone=zone, work_starts=work_starts, work_ends=work_ends, monday=MONDAY
    )
    assert all(0 <= s < e <= WEEK_MINUTES for s, e in intervals)
    assert intervals == merge(intervals)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(intervals))
    # Never more than the chosen slots' length, never more than the working days allow.
    assert total(intervals) <= len(set(codes)) * 4 * 60
    assert total(intervals) <= len({c.split("-")[0] for c in codes}) * length * 60


@given(
    a=st.lists(st.tuples(st.integers(0, WEEK_MINUTES), st.integers(1, 600)), max_size=8),
    b=st.lists(st.tuples(st.integers(0, WEEK_MINUTES), st.integers(1, 600)), max_size=8),
)
def test_the_intersection_is_what_both_share(a, b):
    first = merge([(s, min(s + n, WEEK_MINUTES)) for s, n in a if s < WEEK_MINUTES])
    second = merge([(s, min(s + n, WEEK_MINUTES)) for s, n in b if s < WEEK_MINUTES])
    both = intersect(first, second)
    minutes = {m for s, e in first for m in range(s, e)} & {
        m for s, e in second for m in range(s, e)
    }
    assert total(both) == len(minutes)


def test_working_days_repeat_a_daily_window_monday_to_friday():
    days = workdays(8 * 60, 16 * 60)
    assert total(days) == 5 * 8 * 60
    # A window that starts the UTC day before wraps round the week.
    assert total(workdays(-60, 7 * 60)) == 5 * 8 * 60
