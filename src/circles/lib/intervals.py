"""Weekly time intervals as minutes from Monday 00:00 UTC: merge, intersect, wrap round."""

from __future__ import annotations

WEEK_MINUTES = 7 * 24 * 60
DAY_MINUTES = 24 * 60
Interval = tuple[int, int]


def wrapped(start: int, length: int) -> list[Interval]:
    """An interval of ``length`` minutes from ``start``, folded into one week."""
    offset = start % WEEK_MINUTES
    if offset + length <= WEEK_MINUTES:
        return [(offset, offset + length)]
    return [(offset, WEEK_MINUTES), (0, offset + length - WEEK_MINUTES)]


def merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """The common part of two sorted, merged interval lists."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def workdays(daily_start: int, daily_end: int, days: int = 5) -> list[Interval]:
    """A daily UTC window (minutes from the day's 00:00 UTC) repeated Monday to Friday."""
    out: list[Interval] = []
    for day in range(days):
        out += wrapped(day * DAY_MINUTES + daily_start, max(0, daily_end - daily_start))
    return merge(out)


def total(intervals: list[Interval]) -> int:
    return sum(end - start for start, end in intervals)
