"""Turn people in the database into the solver's plain arrays (no N x N matrix anywhere)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.enrolment.times import weekly_utc_intervals
from circles.groups.models import Membership
from circles.lib.intervals import Interval
from circles.orgs.models import Person, Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Attributes a lead can mix, with how they are compared. Categorical: differ or not; ordinal and
# numeric: scaled difference.
# The labels are lazy: they read in the language of the page (or English on the command line).
ATTRIBUTES: dict[str, tuple[str, StrOrPromise]] = {
    "department": ("categorical", _("Department")),
    "location": ("categorical", _("Location")),
    "job_family": ("categorical", _("Job family")),
    "level": ("ordinal", _("Level")),
    "tenure": ("numeric", _("Tenure")),
    "time_zone": ("categorical", _("Time zone")),
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
    # (skip-level manager, report two levels down) and (peer, peer) pairs, when asked for.
    skip_apart: list[tuple[int, int]] = field(default_factory=list)
    peer_apart: list[tuple[int, int]] = field(default_factory=list)
    # Each person's UTC offset in minutes on the reference day.
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Pairs someone privately asked to keep apart when enrolling: a hard rule like the one
    # above, but never named on any page or message.
    private_apart: list[tuple[int, int]] = field(default_factory=list)
    # Preferred meeting times given when enrolling, by row: weekly UTC intervals.
    preferred: dict[int, list[Interval]] = field(default_factory=dict)
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
    skip_level_apart: bool = False,
    peers_apart: bool = False,
    only_ids: set[int] | None = None,
    private_apart: Iterable[tuple[int, int]] = (),
    interests: Mapping[int, list[str]] | None = None,
    preferred_times: Mapping[int, list[str]] | None = None,
) -> PeopleTable:
    """Read the participants' attributes in one query, plus managers and earlier pairings.

    ``only_ids`` is applied in Python: an IN list of every participant would exceed SQLite's
    variable limit for large programmes. ``private_apart`` (person id pairs), ``interests``
    and ``preferred_times`` (slot codes) come from people's enrolment in the programme; given
    interests replace the directory's for matching.
    """
    rows: list[dict[str, Any]] = []
    # Everyone's manager, in the pool or not: reporting lines run through people outside it.
    managers: dict[int, int | None] = {}
    for row in (
        people.order_by("pk")
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
    ):
        managers[row["pk"]] = row["manager_id"]
        if only_ids is None or row["pk"] in only_ids:
            rows.append(dict(row))
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
    table.offsets = np.array([_offset(r["time_zone"], reference) for r in rows], dtype=np.int64)
    given = interests or {}
    table.interests = [
        frozenset(i.casefold() for i in given[r["pk"]])
        if r["pk"] in given
        else frozenset(r["development_interests"] or [])
        for r in rows
    ]
    index = table.index_of()
    if keep_managers_apart:
        table.keep_apart = [
            (index[r["manager_id"]], index[r["pk"]]) for r in rows if r["manager_id"] in index
        ]
    managed = {(min(a, b), max(a, b)) for a, b in table.keep_apart}
    table.skip_apart, table.peer_apart = _reporting_lines(
        rows, managers, index, skip_level=skip_level_apart, peers=peers_apart, known=managed
    )
    managed |= {(min(a, b), max(a, b)) for a, b in (*table.skip_apart, *table.peer_apart)}
    private = {
        (min(index[a], index[b]), max(index[a], index[b]))
        for a, b in private_apart
        if a in index and b in index and a != b
    }
    table.private_apart = sorted(private - managed)
    if preferred_times:
        monday = today - dt.timedelta(days=today.weekday())
        for r in rows:
            slots = preferred_times.get(r["pk"])
            if slots:
                table.preferred[index[r["pk"]]] = weekly_utc_intervals(
                    slots,
                    time_zone=r["time_zone"],
                    work_starts=r["work_starts_at"],
                    work_ends=r["work_ends_at"],
                    monday=monday,
                )
    table.earlier_pairs = _earlier_pairs(programme, index)
    return table


def _offset(zone: str, reference: dt.date) -> int:
    moment = dt.datetime.combine(reference, dt.time(12), tzinfo=zoneinfo.ZoneInfo(zone))
    offset = moment.utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 60)


def _reporting_lines(
    rows: list[dict[str, Any]],
    managers: dict[int, int | None],
    index: dict[int, int],
    *,
    skip_level: bool,
    peers: bool,
    known: set[tuple[int, int]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs to keep apart beyond the direct manager: (skip-level manager, their reports'
    reports), and people with the same manager. A manager outside the pool still links their
    reports; pairs already kept apart are not repeated."""
    reports: dict[int, list[int]] = {}
    for r in rows:
        if r["manager_id"] is not None:
            reports.setdefault(r["manager_id"], []).append(r["pk"])
    skip: set[tuple[int, int]] = set()
    if skip_level:
        for r in rows:
            boss = managers.get(r["manager_id"]) if r["manager_id"] is not None else None
            if boss is not None and boss in index:
                a, b = index[boss], index[r["pk"]]
                skip.add((min(a, b), max(a, b)))
    same: set[tuple[int, int]] = set()
    if peers:
        for team in reports.values():
            members = sorted(index[pk] for pk in team if pk in index)
            for pos, a in enumerate(members):
                for b in members[pos + 1 :]:
                    same.add((a, b))
    skip -= known
    same -= known | skip
    return sorted(skip), sorted(same)


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
