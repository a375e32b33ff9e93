"""Reads for the dashboards: who may see which figures, computed in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from circles.feedback.models import FeedbackRating, Pulse
from circles.groups.models import Circle, Membership
from circles.groups.selectors import circles_with_content_access
from circles.growth.models import Commitment, LearningTransferCheck
from circles.languages import formats
from circles.meetings.models import Attendance, Meeting
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from . import metrics, snapshots
from .cells import (
    CIRCLE,
    DEPARTMENT,
    MONTH,
    RANGES,
    TOTAL,
    Figure,
    Figures,
    TimeRange,
    figures,
)
from .metrics import METRICS, Metric
from .snapshots import threshold_for


def programmes_with_dashboards(person: Person) -> list[Programme]:
    return list(programmes_visible_to(person).order_by("name", "pk"))


def dashboard_programme(person: Person, programme_id: int) -> Programme | None:
    return programmes_visible_to(person).filter(pk=programme_id).first()


def health_circle(person: Person, circle_id: int) -> Circle | None:
    return (
        circles_with_content_access(person).select_related("programme").filter(pk=circle_id).first()
    )


def _circle_scope(circle: Circle, today: dt.date) -> metrics.Scope:
    programme = circle.programme
    cycle_start, cycle_end = metrics.current_cycle(
        programme.starts_on, programme.cycle_weeks, today
    )
    return metrics.Scope(
        attendances=Attendance.objects.filter(meeting__circle=circle),
        commitments=Commitment.objects.filter(circle=circle),
        meetings=Meeting.objects.filter(circle=circle),
        memberships=Membership.objects.filter(circle=circle),
        ratings=FeedbackRating.objects.filter(meeting__circle=circle),
        checks=LearningTransferCheck.objects.filter(commitment__circle=circle),
        pulses=Pulse.objects.filter(meeting__circle=circle),
        cycle_start=cycle_start,
        cycle_end=cycle_end,
    )


@dataclass(frozen=True)
class Shown:
    """One figure as the viewer may see it."""

    # The figure as the exports and the API write it, the same in every language:
    # "83%", "4.2", "suppressed", "no data".
    text: str
    value: float | None  # None when suppressed or empty
    people: int | None  # None when suppressed
    state: str  # "shown", "suppressed" or "empty"
    # The figure as ``text`` rounds it (83, 4.2), and whether it is a percentage: for the page.
    rounded: float | None = None
    percent: bool = False

    @property
    def local_text(self) -> str:
        """The figure in the reader's locale ("83%", "83 %", "4,2"); a page writes the words
        for a suppressed or empty figure itself."""
        if self.rounded is None:
            return self.text
        if self.percent:
            return formats.format_local_percent(self.rounded)
        return formats.format_local_number(self.rounded, 1)


def show(metric: Metric, figure: Figure) -> Shown:
    if figure.suppressed:
        return Shown("suppressed", None, None, "suppressed")
    ratio = figure.ratio
    if ratio is None:
        return Shown("no data", None, figure.people, "empty")
    if metric.kind == metrics.RATE:
        return Shown(
            f"{ratio * 100:.0f}%",
            round(ratio * 100, 1),
            figure.people,
            "shown",
            rounded=round(ratio * 100),
            percent=True,
        )
    return Shown(f"{ratio:.1f}", round(ratio, 2), figure.people, "shown", rounded=round(ratio, 1))


@dataclass(frozen=True)
class MetricFigures:
    metric: Metric
    figures: Figures


@dataclass(frozen=True)
class Dashboard:
    """Every figure of one scope for one viewer, already protected."""

    title: str
    threshold: int
    time_range: TimeRange
    today: dt.date
    metrics: list[MetricFigures]
    circle_names: dict[Hashable, str]
    # When the figures were computed, for a large programme's stored figures (None: just now).
    computed_at: dt.datetime | None = None
    # A large programme whose figures a worker is computing for the first time: none to show.
    pending: bool = False

    def headline(self) -> list[tuple[Metric, Shown]]:
        return [
            (m.metric, show(m.metric, m.figures.get(self.time_range.key, TOTAL)))
            for m in self.metrics
        ]

    def months(self) -> list[dt.date]:
        found: set[dt.date] = set()
        for m in self.metrics:
            for value in m.figures.values(MONTH, RANGES[0].key):
                if isinstance(value, dt.date) and self.time_range.holds(value, self.today):
                    found.add(value)
        return sorted(found)

    def series(self) -> list[tuple[Metric, list[tuple[dt.date, Shown]]]]:
        months = self.months()
        return [
            (
                m.metric,
                [
                    (month, show(m.metric, m.figures.get(RANGES[0].key, MONTH, month)))
                    for month in months
                ],
            )
            for m in self.metrics
            if m.metric.over_time
        ]

    def keys(self, dimension: str) -> list[Hashable]:
        """The rows of a table, by label: cheap, so a page can pick some before showing them."""
        found: set[Hashable] = set()
        for m in self.metrics:
            found.update(m.figures.values(dimension, self.time_range.key))
        return sorted(found, key=lambda k: (self.label(dimension, k).lower(), repr(k)))

    def rows(
        self, dimension: str, keys: Iterable[Hashable]
    ) -> list[tuple[Hashable, list[tuple[Metric, Shown]]]]:
        return [
            (
                key,
                [
                    (m.metric, show(m.metric, m.figures.get(self.time_range.key, dimension, key)))
                    for m in self.metrics
                ],
            )
            for key in keys
        ]

    def departments(self) -> list[tuple[Hashable, list[tuple[Metric, Shown]]]]:
        return self.rows(DEPARTMENT, self.keys(DEPARTMENT))

    def circles(self) -> list[tuple[Hashable, list[tuple[Metric, Shown]]]]:
        return self.rows(CIRCLE, self.keys(CIRCLE))

    def label(self, dimension: str, key: Hashable) -> str:
        """A row's name as the API gives it (English words where there is no name)."""
        if dimension == CIRCLE:
            return self.circle_names.get(key, "Circle")
        if dimension == DEPARTMENT:
            return str(key) or "No department"
        if isinstance(key, dt.date):
            return key.strftime("%b %Y")
        return "All"

    def local_label(self, dimension: str, key: Hashable) -> str:
        """A row's name for people: its circle or department, or our words in their language."""
        if dimension == CIRCLE:
            return self.circle_names.get(key) or _("Circle")
        if dimension == DEPARTMENT:
            return str(key) or _("No department")
        if isinstance(key, dt.date):
            return formats.format_local_date(key, "yMMM")
        return _("All")


def range_by_key(key: str | None) -> TimeRange:
    return next((r for r in RANGES if r.key == key), RANGES[0])


def _own_circles(viewer: Person | None, programme: Programme) -> list[int]:
    if viewer is None:
        return []
    return list(
        circles_with_content_access(viewer)
        .filter(programme=programme)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def programme_dashboard(
    programme: Programme,
    *,
    viewer: Person | None,
    range_key: str | None = None,
    now: dt.datetime | None = None,
    wait: bool = False,
) -> Dashboard:
    """What a lead or admin sees of a programme: every figure suppressed below the threshold,
    decided over every table, dimension and time range at once, and together with what the
    viewer already knows as a member of its circles. Twelve queries, whatever the number of
    circles, people or meetings.

    A large programme's figures come from storage (snapshots.py): stale ones are shown with
    their time while a worker refreshes them; with none stored yet the dashboard is
    ``pending``, unless ``wait`` (an export, the API, the digest) computes them here."""
    now = now or timezone.now()
    own = _own_circles(viewer, programme)
    computed_at: dt.datetime | None = None
    found: dict[str, Figures] | None = None
    if not snapshots.is_large(programme):
        found = snapshots.compute_programme_figures(programme, own, now=now)
    else:
        row = snapshots.stored(programme, own)
        if row is None or not snapshots.is_fresh(row, programme, now):
            if wait:
                row = snapshots.refresh(programme, own, now=now)
            else:
                # Stale figures stay on the page, with their time, until the new ones are in.
                snapshots.request_refresh(programme, own, now=now, row=row)
        if row is not None:
            found, computed_at = snapshots.figures_of(row), row.computed_at
    names: dict[Hashable, str] = {
        pk: name for pk, name in programme.circles.values_list("pk", "name")
    }
    return Dashboard(
        title=programme.name,
        threshold=threshold_for(programme),
        time_range=range_by_key(range_key),
        today=timezone.localdate(now),
        metrics=[MetricFigures(m, found[m.key]) for m in METRICS] if found else [],
        circle_names=names,
        computed_at=computed_at,
        pending=found is None,
    )


def circle_dashboard(
    circle: Circle, *, range_key: str | None = None, now: dt.datetime | None = None
) -> Dashboard:
    """What a circle's members see of it: what they can already read on its meeting pages
    (attendance, commitments, dates, roles) as is; what people answered only above the
    threshold, including across months and ranges."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    threshold = threshold_for(circle.programme)
    rows = metrics.all_rows(_circle_scope(circle, today), now=now, today=today)
    return Dashboard(
        title=circle.name,
        threshold=threshold,
        time_range=range_by_key(range_key),
        today=today,
        metrics=[
            MetricFigures(
                m,
                figures(
                    rows[m.key],
                    threshold=threshold,
                    today=today,
                    dimensions=(MONTH,),
                    protect=m.from_answers,
                ),
            )
            for m in METRICS
        ],
        circle_names={circle.pk: circle.name},
    )
