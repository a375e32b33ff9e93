"""Small server-rendered SVG line charts: no script, nothing fetched, a data table beside each.

The SVG is decorative for assistive technology (the table next to it carries the figures), so it
gets a short accessible name and summary only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 220
LEFT = 48
RIGHT = 16
TOP = 16
BOTTOM = 36
# Width of one character of a 12px axis label, on the generous side, so that labels are laid out
# without measuring text: each stays inside the drawing and clear of its neighbours.
LABEL_CHAR = 7.5
LABEL_GAP = 10


@dataclass(frozen=True)
class Point:
    label: str  # the month as the reader's locale writes it
    value: float | None  # None: suppressed or no data, drawn as a gap


def _y(value: float, low: float, high: float) -> float:
    span = high - low or 1.0
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span)


def _axis_labels(xs: Sequence[float], points: Sequence[Point]) -> list[tuple[float, Point]]:
    """Where to write the x-axis labels: every k-th one (always the latest) so none overlap,
    each moved inwards where it would run past the edge of the drawing."""
    if not points:
        return []
    half = max(len(p.label) for p in points) * LABEL_CHAR / 2
    step = xs[1] - xs[0] if len(xs) > 1 else WIDTH
    every = max(1, math.ceil((2 * half + LABEL_GAP) / step))
    last = len(points) - 1
    return [
        (min(max(x, half), WIDTH - half), point)
        for index, (x, point) in enumerate(zip(xs, points, strict=True))
        if (last - index) % every == 0
    ]


def line_chart(
    points: Sequence[Point],
    *,
    low: float,
    high: float,
    tick_label: Callable[[float], str],
    title: str,
    ticks: Sequence[float],
) -> SafeString:
    """A line chart of ``points``; ``title`` names it, in the reader's language, and
    ``tick_label`` writes a value of the y axis in their locale ("25%", "4").

    In a right-to-left language the chart is mirrored, as its readers read time: the latest
    month on the left, the value axis on the right. The drawing itself is laid out left to
    right (``direction="ltr"``), so that the anchors of its labels mean what they say."""
    mirrored = get_language_bidi()

    def place(x: float) -> float:
        return WIDTH - x if mirrored else x

    axis_anchor = "start" if mirrored else "end"
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(1, len(points) - 1)
    xs = [LEFT + (step * i if len(points) > 1 else inner / 2) for i in range(len(points))]
    name = _("%(title)s: line chart, figures in the table below") % {"title": title}
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(name)}" '
        'preserveAspectRatio="xMidYMid meet" focusable="false" direction="ltr">'
    ]
    for tick in ticks:
        y = _y(tick, low, high)
        parts.append(
            f'<line class="chart-grid" x1="{place(LEFT):.1f}" x2="{place(WIDTH - RIGHT):.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{place(LEFT - 6):.1f}" y="{y + 4:.1f}" '
            f'text-anchor="{axis_anchor}">{escape(tick_label(tick))}</text>'
        )
    for x, point in _axis_labels(xs, points):
        parts.append(
            f'<text class="chart-axis" x="{place(x):.1f}" y="{HEIGHT - 12}" '
            'text-anchor="middle">'
            f"{escape(point.label)}</text>"
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for x, point in zip(xs, points, strict=True):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{place(x):.1f},{_y(point.value, low, high):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(f'<polyline class="chart-line" points="{" ".join(seg)}"/>')
    for x, point in zip(xs, points, strict=True):
        if point.value is None:
            parts.append(
                f'<text class="chart-gap" x="{place(x):.1f}" y="{HEIGHT - BOTTOM - 6}" '
                'text-anchor="middle">&#8211;</text>'
            )
        else:
            y = _y(point.value, low, high)
            parts.append(f'<circle class="chart-dot" cx="{place(x):.1f}" cy="{y:.1f}" r="4"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
