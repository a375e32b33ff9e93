"""Charts read in the page's direction: mirrored for right-to-left languages."""

from __future__ import annotations

import re

from django.utils import translation

from circles.insights.charts import WIDTH, Point, line_chart


def _chart(language: str) -> str:
    points = [Point("Jan", 10.0), Point("Feb", 20.0), Point("Mar", 30.0)]
    with translation.override(language):
        return str(
            line_chart(points, low=0, high=40, tick_label=str, title="Rate", ticks=[0, 20, 40])
        )


def _dots(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<circle class="chart-dot" cx="([\d.]+)"', svg)]


def test_time_runs_left_to_right_in_english_and_right_to_left_in_arabic() -> None:
    english, arabic = _dots(_chart("en")), _dots(_chart("ar"))
    assert english == sorted(english)
    assert arabic == sorted(arabic, reverse=True)
    assert [round(WIDTH - x, 1) for x in arabic] == english


def test_the_value_axis_sits_on_the_reading_start() -> None:
    english, arabic = _chart("en"), _chart("ar")
    assert 'text-anchor="end">40</text>' in english
    label = re.search(r'x="([\d.]+)" y="[\d.]+" text-anchor="start">40</text>', arabic)
    assert label is not None
    assert float(label.group(1)) > WIDTH / 2
    # Laid out left to right whatever the page's direction, so the anchors mean what they say.
    assert 'direction="ltr"' in arabic
