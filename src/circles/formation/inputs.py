"""Turn people in the database into the solver's plain arrays (no N x N matrix anywhere)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from circles.groups.models import Membership
from circles.orgs.models import Person, Programme

# Attributes a lead can mix, with how they are compared. Categorical: differ or not; ordinal and
# numeric: scaled difference.
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "department": ("categorical", "Department"),
    "location": ("categorical", "Location"),
    "job_family": ("categorical", "Job family"),
    "level": ("ordinal", "Level"),
    "tenure": ("numeric", "Tenure"),
    "time_zone": ("categorical", "Time zone"),
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "department": 1.0,
    "level": 1.0,
    "location": 1.0,
    "job_family": 0.5,
    "tenure": 0.5,
    "time_zone": 0.0,
}


@dataclass
class PeopleTable:
    """Column-wise attributes of the people taking part, in a fixed order."""

    person_ids: list[int]
    names: list[str]
    categorical: dict[str, np.ndarray] = field(default_factory=dict)  # codes 0..k-1
    category_labels: dict[str, list[str]] = field(default_factory=dict)
    numeric: dict[str, np.ndarray] = field(default_factory=dict)
    # Working hours as [start, end) minutes in UTC on a reference day.
    work_windows: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int32))
    interests: list[frozenset[str]] = field(default_factory=list)
    keep_apart: list[tuple[int, int]] = field(default_factory=list)  # indices into person_ids
    earlier_pairs: list[tuple[int, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.person_ids)

    def index_of(self) -> dict[int, int]:
        return {pid: i for i, pid in enumerate(self.person_ids)}


def _utc_window(person: Person, reference: dt.date) -> tuple[int, int]:
    zone = zoneinfo.ZoneInfo(person.time_zone)
    start = dt.datetime.combine(reference, person.work_starts_at, tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(reference, person.work_ends_at, tzinfo=zone).astimezone(dt.UTC)
    base = dt.datetime.combine(reference, dt.time(0), tzinfo=dt.UTC)
    return int((start - base).total_seconds() // 60), int((end - base).total_seconds() // 60)


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    labels = sorted(set(values))
    index = {label: i for i, label in enumerate(labels)}
    return np.fromiter((index[v] for v in values), dtype=np.int32, count=len(values)), labels


def people_table(
    people: QuerySet[Person],
    *,
    programme: Programme,
    keep_managers_apart: bool = True,
    only_ids: set[int] | None = None,
) -> PeopleTable:
    """Read the participants' attributes in one query, plus managers and earlier pairings.

    ``only_ids`` is applied in Python: an IN list of every participant would exceed SQLite's
    variable limit for large programmes.
    """
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in people.order_by("pk")
        .values(
            "pk",
            "full_name",
            "department",
            "location",
            "job_family",
            "level",
            "time_zone",
            "start_date",
            "manager_id",
            "work_starts_at",
            "work_ends_at",
            "development_interests",
        )
        .iterator(chunk_size=5000)
        if only_ids is None or row["pk"] in only_ids
    ]
    today = timezone.localdate()
    reference = today
    table = PeopleTable(person_ids=[r["pk"] for r in rows], names=[r["full_name"] for r in rows])
    for name, (kind, _label) in ATTRIBUTES.items():
        if kind == "categorical":
            codes, labels = _codes([str(r[name] or "—") for r in rows])
            table.categorical[name] = codes
            table.category_labels[name] = labels
    table.numeric["level"] = np.array([float(r["level"]) for r in rows], dtype=np.float64)
    table.numeric["tenure"] = np.array(
        [((today - r["start_date"]).days / 365.25) if r["start_date"] else 0.0 for r in rows],
        dtype=np.float64,
    )
    windows = np.zeros((len(rows), 2), dtype=np.int32)
    for i, r in enumerate(rows):
        person = Person(
            time_zone=r["time_zone"],
            work_starts_at=r["work_starts_at"],
            work_ends_at=r["work_ends_at"],
        )
        windows[i] = _utc_window(person, reference)
    table.work_windows = windows
    table.interests = [frozenset(r["development_interests"] or []) for r in rows]
    index = table.index_of()
    if keep_managers_apart:
        table.keep_apart = [
            (index[r["manager_id"]], index[r["pk"]]) for r in rows if r["manager_id"] in index
        ]
    table.earlier_pairs = _earlier_pairs(programme, index)
    return table


def _earlier_pairs(programme: Programme, index: dict[int, int]) -> list[tuple[int, int]]:
    """Pairs of participants who already shared a circle in this programme."""
    by_circle: dict[int, list[int]] = {}
    # Filtered in Python: an IN list of every participant would exceed SQLite's variable limit.
    memberships = Membership.objects.filter(circle__programme=programme).values_list(
        "circle_id", "person_id"
    )
    for circle_id, person_id in memberships.iterator(chunk_size=5000):
        if person_id in index:
            by_circle.setdefault(circle_id, []).append(index[person_id])
    pairs: set[tuple[int, int]] = set()
    for members in by_circle.values():
        members.sort()
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                pairs.add((a, b))
    return sorted(pairs)
