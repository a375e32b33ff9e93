"""A network's outcomes for its leads: decided together with everything else the lead sees.

Every network the viewer leads is decided in one universe (so one network cannot be subtracted
from another), with the figures of every programme the viewer oversees and of the circles they
belong to as known cells (so a network minus a programme or minus one's own circle uncovers
nothing either). The same decision serves the page and the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

from django.db.models import Q
from django.utils import timezone

from circles.feedback.models import FeedbackRating, Pulse
from circles.groups.models import Circle, Membership
from circles.groups.selectors import circles_with_content_access
from circles.growth.models import Commitment, LearningTransferCheck
from circles.insights import metrics
from circles.insights.cells import Atom, Row, known_to_members
from circles.insights.network_cells import network_figures, shown_atoms
from circles.insights.selectors import Dashboard, MetricFigures, range_by_key
from circles.insights.suppression import effective_threshold
from circles.meetings.models import Attendance, Meeting
from circles.orgs.models import Person
from circles.orgs.selectors import programmes_visible_to

from .models import Network, NetworkCircle
from .selectors import networks_led_by


def _scope(circle_ids: set[int], today: dt.date) -> metrics.Scope:
    return metrics.Scope(
        attendances=Attendance.objects.filter(meeting__circle_id__in=circle_ids),
        commitments=Commitment.objects.filter(circle_id__in=circle_ids),
        meetings=Meeting.objects.filter(circle_id__in=circle_ids),
        memberships=Membership.objects.filter(circle_id__in=circle_ids),
        ratings=FeedbackRating.objects.filter(meeting__circle_id__in=circle_ids),
        checks=LearningTransferCheck.objects.filter(commitment__circle_id__in=circle_ids),
        pulses=Pulse.objects.filter(meeting__circle_id__in=circle_ids),
        # Role spread counts the current cycle of each programme; across programmes, the
        # last six months stand in for it.
        cycle_start=today - dt.timedelta(days=182),
        cycle_end=today,
    )


def network_dashboards(
    viewer: Person, *, range_key: str | None = None, now: dt.datetime | None = None
) -> dict[int, Dashboard]:
    """Every network the viewer leads, as dashboards with the same figures however opened."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    networks = list(networks_led_by(viewer).order_by("pk"))
    if not networks:
        return {}
    members: dict[Hashable, frozenset[int]] = {n.pk: frozenset() for n in networks}
    for network_id, circle_id in NetworkCircle.objects.filter(network__in=networks).values_list(
        "network_id", "circle_id"
    ):
        members[network_id] = members[network_id] | {circle_id}
    programmes = {
        p.pk: set(p.circles.values_list("pk", flat=True))
        for p in programmes_visible_to(viewer)
        .filter(Q(circles__network_links__network__in=networks))
        .distinct()
    }
    own = set(circles_with_content_access(viewer).values_list("pk", flat=True))
    circle_ids = set().union(*members.values()) | set().union(*programmes.values(), set())
    circle_ids |= own & set().union(*members.values())
    threshold = effective_threshold(viewer.organisation.min_group_size_for_aggregates)
    rows = metrics.all_rows(_scope(circle_ids, today), now=now, today=today)
    time_range = range_by_key(range_key)
    figures_by_metric = {}
    for metric in metrics.METRICS:
        metric_rows = rows[metric.key]
        known = _known(metric, metric_rows, programmes, own, threshold, today)
        figures_by_metric[metric.key] = network_figures(
            metric_rows,
            networks=members,
            threshold=threshold,
            today=today,
            known=known,
            circle_groups=[frozenset(c) for c in programmes.values()]
            + [frozenset({c}) for c in sorted(own)],
        )
    names: dict[Hashable, str] = dict(
        Circle.objects.filter(pk__in=circle_ids).values_list("pk", "name")
    )
    return {
        n.pk: Dashboard(
            title=n.name,
            threshold=threshold,
            time_range=time_range,
            today=today,
            metrics=[MetricFigures(m, figures_by_metric[m.key][n.pk]) for m in metrics.METRICS],
            circle_names=names,
        )
        for n in networks
    }


def _known(
    metric: metrics.Metric,
    rows: list[Row],
    programmes: dict[int, set[int]],
    own: set[int],
    threshold: int,
    today: dt.date,
) -> list[frozenset[Atom]]:
    """What the viewer already sees elsewhere: each programme dashboard they oversee (with
    their own circles' knowledge, as that dashboard decides it) and their own circles."""
    known: list[frozenset[Atom]] = []
    mine: list[frozenset[Atom]] = []
    for circle in sorted(own):
        mine += known_to_members(
            rows, circle, threshold=threshold, today=today, protect=metric.from_answers
        )
    known += mine
    for circles in programmes.values():
        programme_rows = [r for r in rows if r.circle in circles]
        programme_known = [
            atoms
            for circle in sorted(own & circles)
            for atoms in known_to_members(
                programme_rows,
                circle,
                threshold=threshold,
                today=today,
                protect=metric.from_answers,
            )
        ]
        known += shown_atoms(
            programme_rows, threshold=threshold, today=today, known=programme_known
        )
    return known


def network_dashboard(
    viewer: Person, network: Network, *, range_key: str | None = None
) -> Dashboard | None:
    return network_dashboards(viewer, range_key=range_key).get(network.pk)
