"""The web benchmark's own parts: its constant view, and personas that can open their pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from circles.ops.scale import pages
from circles.ops.scale.load import percentile
from circles.ops.scale.seed import seed
from circles.ops.scale.views import constant

pytestmark = pytest.mark.django_db


def test_the_constant_view_answers_the_same_bytes_and_only_to_get():
    assert constant(RequestFactory().get("/bench/constant")).content == b"constant\n"
    assert constant(RequestFactory().post("/bench/constant")).status_code == 405


def test_every_benchmarked_page_opens_for_its_sampled_people():
    organisation = seed(people=150, years=1).organisation
    plan = pages.targets(organisation, count=3)
    assert set(plan["pages"]) == {page.name for page in pages.PAGES}
    for name, targets in plan["pages"].items():
        assert targets, name
        path, cookie = targets[0]
        client = Client()
        client.cookies.load(cookie)
        assert client.get(path).status_code == 200, (name, path)


def test_percentiles_pick_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.99) == 99
