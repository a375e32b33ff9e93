"""Query count of the programme dashboard on the demo data and on ten times more: a printout,
not a timed assertion. Set CIRCLES_BENCH=1 to run it."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.demo import create_demo, demo_programme
from circles.orgs.models import Person

from .test_dashboards import build_programme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("CIRCLES_BENCH"), reason="set CIRCLES_BENCH=1"),
]


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        elapsed = time.perf_counter() - started
    return len(queries), elapsed


def test_dashboard_queries_on_demo_and_ten_times_the_demo(client):
    org = create_demo()
    lead = Person.objects.get(email="lead@northwind.example")
    client.force_login(lead.user)
    demo = demo_programme()
    assert demo is not None
    big = build_programme(
        org,
        lead,
        departments={f"Dept {i}": 75 for i in range(8)},
        circles_of=90,
        months=3,
    )
    results = {}
    for label, programme in (("demo", demo), ("10x", big)):
        url = reverse("insights_dashboard", args=[programme.pk])
        results[label] = measure(client, url)
        circles = programme.circles.count()
        print(
            f"\n{label}: {circles} circles, {results[label][0]} queries, {results[label][1]:.2f}s"
        )
    assert results["demo"][0] == results["10x"][0]
