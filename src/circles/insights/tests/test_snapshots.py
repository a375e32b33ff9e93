"""A large programme's dashboard from stored figures: the same figures as computed on the spot,
computed once by the worker, refreshed when stale, and never holding a suppressed value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from circles.insights import snapshots
from circles.insights.models import ProgrammeFigures
from circles.insights.selectors import programme_dashboard
from circles.insights.tasks import refresh_programme_figures
from circles.orgs.models import Organisation
from circles.testing import make_org, make_person

from .test_dashboards import build_programme, parse_csv

pytestmark = pytest.mark.django_db

LARGE = override_settings(CIRCLES_DASHBOARD_LIVE_MEMBERS=0)


@pytest.fixture
def programme():
    org = make_org()
    lead = make_person(org, role="lead")
    departments = {"Eng": 7, "Ops": 6, "Sales": 6, "Legal": 2}
    built = build_programme(org, lead, departments=departments, circles_of=3, months=2)
    built.lead = lead
    return built


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="refresh_programme_figures").count()


def _shown(cells) -> dict:
    return {
        key: "suppressed" if f.suppressed else (f.numerator, f.denominator, f.people)
        for key, f in cells.items()
    }


def _cells(dashboard) -> dict:
    return {m.metric.key: _shown(m.figures.cells) for m in dashboard.metrics}


def _stored_cells(row) -> dict:
    return {key: _shown(f.cells) for key, f in snapshots.decode(row.payload).items()}


def test_a_small_programme_is_computed_on_the_spot_and_stores_nothing(programme):
    dashboard = programme_dashboard(programme, viewer=programme.lead)
    assert not dashboard.pending
    assert dashboard.computed_at is None
    assert dashboard.metrics
    assert not ProgrammeFigures.objects.exists()
    assert _queued() == 0


@LARGE
def test_a_large_programme_is_queued_once_then_shows_what_the_worker_stored(programme, login):
    client = login(programme.lead)
    url = reverse("insights_dashboard", args=[programme.pk])
    first = client.get(url)
    body = first.content.decode()
    assert first.status_code == 200
    assert "being computed" in body
    assert 'http-equiv="refresh"' in body
    assert "Circles compared" not in body
    client.get(url)
    assert _queued() == 1, "a second view while the first refresh is under way queues nothing"

    refresh_programme_figures.call(programme.pk, [])
    row = ProgrammeFigures.objects.get(programme=programme, viewer_key="")
    assert row.refreshing_since is None
    assert row.computed_at is not None
    page = client.get(url).content.decode()
    assert "being computed" not in page
    assert "Figures as of" in page
    assert "Circles compared" in page
    with override_settings(CIRCLES_DASHBOARD_LIVE_MEMBERS=10_000):
        live = programme_dashboard(programme, viewer=programme.lead)
    assert _cells(programme_dashboard(programme, viewer=programme.lead)) == _cells(live)


@LARGE
def test_suppressed_cells_are_stored_without_their_values(programme):
    row = snapshots.refresh(programme, [], now=timezone.now())
    assert row.payload is not None
    cells = [cell for found in row.payload.values() for cell in found]
    hidden = [cell for cell in cells if cell[-1]]
    assert hidden, "Legal's two people are below the threshold"
    assert all(cell[3:6] == [0, 0, 0] for cell in hidden)
    assert any(cell[2] == "Legal" for cell in hidden)


@LARGE
def test_stale_figures_stay_on_the_page_while_a_refresh_is_queued(programme):
    now = timezone.now()
    row = snapshots.refresh(programme, [], now=now - dt.timedelta(minutes=16))
    stale = programme_dashboard(programme, viewer=programme.lead, now=now)
    assert not stale.pending
    assert stale.computed_at == row.computed_at
    assert _cells(stale) == _stored_cells(row)
    assert _queued() == 1
    fresh = programme_dashboard(
        programme, viewer=programme.lead, now=now - dt.timedelta(minutes=15)
    )
    assert fresh.computed_at == row.computed_at
    assert _queued() == 1


@LARGE
def test_figures_of_another_day_or_threshold_are_not_fresh(programme):
    now = timezone.now()
    row = snapshots.refresh(programme, [], now=now)
    assert snapshots.is_fresh(row, programme, now)
    assert not snapshots.is_fresh(row, programme, now + dt.timedelta(days=1))
    Organisation.objects.filter(pk=programme.organisation_id).update(
        min_group_size_for_aggregates=9
    )
    programme.refresh_from_db()
    programme.organisation.refresh_from_db()
    assert not snapshots.is_fresh(row, programme, now)


@LARGE
def test_a_viewer_who_reads_a_circle_gets_figures_decided_with_what_they_know(programme):
    circle = programme.circles.order_by("pk").first()
    member_lead = circle.memberships.select_related("person").first().person
    programme.leads.add(member_lead)
    outside = programme_dashboard(programme, viewer=programme.lead, wait=True)
    inside = programme_dashboard(programme, viewer=member_lead, wait=True)
    keys = set(ProgrammeFigures.objects.values_list("viewer_key", flat=True))
    assert keys == {"", snapshots.viewer_key([circle.pk])}
    assert not outside.pending
    assert not inside.pending
    hidden = lambda d: {  # noqa: E731
        (m.metric.key, k) for m in d.metrics for k, f in m.figures.cells.items() if f.suppressed
    }
    assert hidden(inside) >= hidden(outside)


@LARGE
def test_an_export_waits_for_the_figures_instead_of_an_empty_file(programme, login):
    client = login(programme.lead)
    rows = parse_csv(
        client.get(reverse("insights_export", args=[programme.pk, "csv"])).content.decode()
    )
    overall = [r for r in rows if r["section"] == "overall"]
    assert overall
    assert any(r["value"] not in {"suppressed", "no data"} for r in overall)
    assert ProgrammeFigures.objects.filter(programme=programme, viewer_key="").exists()


def test_the_circles_table_comes_a_page_at_a_time_and_the_export_holds_them_all(
    programme, login, monkeypatch
):
    monkeypatch.setattr("circles.insights.views.CIRCLES_PER_PAGE", 2)
    client = login(programme.lead)
    url = reverse("insights_dashboard", args=[programme.pk])
    names = sorted(programme.circles.values_list("name", flat=True), key=str.lower)
    first = client.get(url).content.decode().split("Circles compared", 1)[1]
    last = client.get(url, {"page": "2"}).content.decode().split("Circles compared", 1)[1]
    assert "Circles 1\u20132 of 3" in first
    assert all(name in first for name in names[:2])
    assert names[2] not in first
    assert names[2] in last
    assert 'rel="next"' in first
    assert client.get(url, {"page": "bogus"}).status_code == 200
    exported = client.get(reverse("insights_export", args=[programme.pk, "csv"])).content.decode()
    assert all(name in exported for name in names)


@LARGE
def test_a_view_of_figures_already_decoded_does_not_read_them_again(programme):
    snapshots.refresh(programme, [], now=timezone.now())
    programme_dashboard(programme, viewer=programme.lead)
    with CaptureQueriesContext(connection) as queries:
        again = programme_dashboard(programme, viewer=programme.lead)
    assert not again.pending
    assert not [q["sql"] for q in queries if '"payload"' in q["sql"]]


@LARGE
def test_views_of_stale_figures_claim_one_refresh_without_reading_or_locking_the_figures(
    programme,
):
    refresh_programme_figures.call(programme.pk, [])
    DBTaskResult.objects.all().delete()
    later = timezone.now() + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as first:
        programme_dashboard(programme, viewer=programme.lead, now=later)
    assert _queued() == 1
    with CaptureQueriesContext(connection) as second:
        programme_dashboard(programme, viewer=programme.lead, now=later)
    assert _queued() == 1
    for queries in (first, second):
        reads = [q["sql"] for q in queries if '"insights_programmefigures"' in q["sql"]]
        assert not [sql for sql in reads if "FOR UPDATE" in sql]
        # The figures are decoded once per process from the row read for them, never again
        # to claim the refresh.
        assert not [sql for sql in reads if sql.startswith("SELECT") and '"payload"' in sql][1:]
    writes = [q["sql"] for q in second if q["sql"].startswith("UPDATE")]
    assert not writes, "a view while the refresh is under way writes nothing"
    # Once the lease has run out, the next view claims it again.
    much_later = later + snapshots.REFRESH_LEASE + dt.timedelta(seconds=1)
    programme_dashboard(programme, viewer=programme.lead, now=much_later)
    assert _queued() == 2


@LARGE
def test_a_refresh_is_claimed_once_for_a_programme_with_nothing_stored(programme):
    now = timezone.now()
    snapshots.request_refresh(programme, [], now=now)
    snapshots.request_refresh(programme, [], now=now)
    assert _queued() == 1
    assert ProgrammeFigures.objects.get(programme=programme, viewer_key="").refreshing_since == now


def test_the_least_recently_shown_figures_are_forgotten_first(monkeypatch):
    decoded: list[int] = []
    monkeypatch.setattr(snapshots, "_DECODED", type(snapshots._DECODED)())

    def decode(payload: dict) -> dict:
        decoded.append(payload["n"])
        return {}

    monkeypatch.setattr(snapshots, "decode", decode)
    at = timezone.now()

    def show(pk: int) -> None:
        snapshots.figures_of(ProgrammeFigures(pk=pk, computed_at=at, payload={"n": pk}))

    for pk in range(snapshots._DECODED_KEPT):
        show(pk)
    show(0)  # shown again: now the most recent
    show(snapshots._DECODED_KEPT)  # one too many: forgets 1, the least recently shown
    show(0)
    assert decoded.count(0) == 1
    show(1)
    assert decoded.count(1) == 2
