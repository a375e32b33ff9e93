"""The XLSX export holds numbers a spreadsheet computes with, formatted as the page shows them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from circles.insights import metrics
from circles.testing import make_org, make_person

from .test_dashboards import build_programme, parse_csv

pytestmark = pytest.mark.django_db

LABELS = {m.label: m for m in metrics.METRICS}


@pytest.fixture
def exports(login):
    org = make_org()
    lead = make_person(org, role="lead")
    programme = build_programme(org, lead, departments={"Eng": 7, "Ops": 6}, circles_of=2)
    client = login(lead)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("insights_export", args=[programme.pk, "xlsx"])).content)
    ).active
    rows = parse_csv(
        client.get(reverse("insights_export", args=[programme.pk, "csv"])).content.decode()
    )
    return sheet, rows


def test_rates_are_fractions_formatted_as_percentages_and_scores_are_decimals(exports):
    sheet, _ = exports
    kinds = set()
    for section, _group, label, value, people in sheet.iter_rows(min_row=2):
        if value.value in {"suppressed", "no data"}:
            assert value.data_type == "s"
            continue
        metric = LABELS[label.value]
        assert value.data_type == "n", (label.value, value.value)
        if metric.kind == metrics.RATE:
            assert value.number_format == "0%"
            assert 0 <= value.value <= 1
        else:
            assert value.number_format == "0.0"
            assert 1 <= value.value <= 5
        kinds.add(metric.kind)
        assert people.data_type == "n"
        assert isinstance(people.value, int)
        assert people.value > 0
        assert section.data_type == "s"
    assert kinds == {metrics.RATE, metrics.SCORE}


def test_months_are_dates_and_match_the_csv(exports):
    sheet, rows = exports
    months = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "by month"]
    assert months
    for row in months:
        assert row[1].is_date
        assert row[1].number_format == "mmm yyyy"
        assert row[1].value.day == 1
    csv_months = [r["group"] for r in rows if r["section"] == "by month"]
    assert csv_months == [r[1].value.strftime("%Y-%m") for r in months]
    assert all(dt.date.fromisoformat(m + "-01") for m in csv_months)


def test_the_csv_keeps_the_figures_as_the_page_writes_them(exports):
    _, rows = exports
    rates = [r["value"] for r in rows if LABELS[r["metric"]].kind == metrics.RATE]
    assert any(v.endswith("%") for v in rates)
