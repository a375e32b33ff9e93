"""The demo lead opens the programme's outcomes: every metric, a chart and a table for each."""

from __future__ import annotations

import re

import pytest

from circles.demo import DEMO_PASSWORD, create_demo
from circles.insights.metrics import METRICS

from .conftest import assert_accessible, sign_in

LEAD = "lead@northwind.example"


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def test_the_demo_lead_sees_every_metric_with_charts_and_tables(demo, new_page):
    page = new_page()
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.get_by_role("link", name="Outcomes").click()
    page.get_by_role("link", name="Leadership circles pilot: outcomes").click()
    page.wait_for_url("**/insights/programmes/*/")
    cards = page.locator(".metric-card")
    assert cards.count() == len(METRICS)
    for metric in METRICS:
        card = cards.filter(has_text=metric.label).first
        value = card.locator(".metric-value").inner_text()
        assert value not in {"suppressed", "no data"}, (metric.label, value)
    charts = page.locator("figure.chart-card")
    assert charts.count() == len([m for m in METRICS if m.over_time])
    # A line joins each run of two or more months that have a figure; suppressed months and
    # months without data are gaps (which months those are depends on the day the demo is made).
    lines = 0
    for index in range(charts.count()):
        chart = charts.nth(index)
        values = chart.locator("table tbody tr td:first-of-type").all_text_contents()
        runs = "".join("x" if re.search(r"\d", value) else " " for value in values).split()
        expected = len([run for run in runs if len(run) >= 2])
        assert chart.locator("svg polyline").count() == expected, values
        lines += expected
    assert lines >= 3
    assert page.locator("figure.chart-card table caption").count() == charts.count()
    assert page.get_by_role("heading", name="Circles compared").is_visible()
    assert_accessible(page)
    page.get_by_label("Time range").select_option("3m")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**range=3m")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename.endswith("-3m.csv")
