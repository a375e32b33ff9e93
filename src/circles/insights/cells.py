"""From per-person rows to the figures a viewer sees: every table, dimension and time range.

Pure module: the metric queries (metrics.py) produce rows, this module groups them into cells
(programme total, each department, each circle, each month, for every time range a viewer can
pick), and asks suppression.py which cells must stay hidden. Because the whole universe of a
viewer's figures is decided at once, switching a filter or opening an export never reveals a
difference the page itself would not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .suppression import Universe, suppressed_cells


@dataclass(frozen=True)
class Row:
    """One person's contribution to a metric, in one circle, in one month (None: timeless)."""

    person: int
    department: str
    circle: int
    month: dt.date | None
    numerator: float
    denominator: float


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class TimeRange:
    key: str
    label: StrOrPromise  # in the reader's language when shown
    months: int | None  # None: the whole programme

    def first_month(self, today: dt.date) -> dt.date | None:
        if self.months is None:
            return None
        index = today.year * 12 + today.month - 1 - (self.months - 1)
        return dt.date(index // 12, index % 12 + 1, 1)

    def holds(self, month: dt.date | None, today: dt.date) -> bool:
        start = self.first_month(today)
        return start is None or month is None or month >= start


RANGES = (
    TimeRange("all", _("Whole programme"), None),
    TimeRange("6m", _("Last 6 months"), 6),
    TimeRange("3m", _("Last 3 months"), 3),
)
RANGE_KEYS = tuple(r.key for r in RANGES)

TOTAL = "total"
DEPARTMENT = "department"
CIRCLE = "circle"
MONTH = "month"
KNOWN = "known"  # a figure the viewer knows from elsewhere, never part of the result

Atom = tuple[str, int, "dt.date | None"]
CellKey = tuple[str, str, Hashable]  # (range key, dimension, value)


@dataclass(frozen=True)
class Figure:
    numerator: float
    denominator: float
    people: int
    suppressed: bool

    @property
    def empty(self) -> bool:
        return self.denominator == 0

    @property
    def ratio(self) -> float | None:
        if self.suppressed or self.empty:
            return None
        return self.numerator / self.denominator


@dataclass(frozen=True)
class Figures:
    """All cells of one metric for one viewer, already suppressed."""

    cells: dict[CellKey, Figure]

    def get(self, range_key: str, dimension: str, value: Hashable = None) -> Figure:
        return self.cells.get((range_key, dimension, value), EMPTY)

    def values(self, dimension: str, range_key: str) -> list[Hashable]:
        return [k[2] for k in self.cells if k[0] == range_key and k[1] == dimension]


EMPTY = Figure(0.0, 0.0, 0, suppressed=False)


def _atom(row: Row) -> Atom:
    return (row.department, row.circle, row.month)


def atoms_of(
    rows: Iterable[Row],
) -> tuple[dict[Atom, set[int]], dict[Atom, list[float]]]:
    """Each atom's people, and its numerator and denominator sums."""
    people: dict[Atom, set[int]] = defaultdict(set)
    sums: dict[Atom, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        atom = _atom(row)
        people[atom].add(row.person)
        sums[atom][0] += row.numerator
        sums[atom][1] += row.denominator
    return people, sums


def add_known(
    cells: dict[CellKey, frozenset[Atom]],
    known: Sequence[frozenset[Atom]],
    people: Mapping[Atom, object],
) -> list[CellKey]:
    """Add the groups of atoms a viewer knows from elsewhere as known cells; their keys."""
    keys: list[CellKey] = []
    for number, known_atoms in enumerate(known):
        present = frozenset(a for a in known_atoms if a in people)
        if present:
            keys.append((KNOWN, KNOWN, number))
            cells[keys[-1]] = present
    return keys


def build_universe(
    rows: Iterable[Row],
    *,
    today: dt.date,
    dimensions: Sequence[str] = (DEPARTMENT, CIRCLE, MONTH),
    ranges: Sequence[TimeRange] = RANGES,
    known: Sequence[frozenset[Atom]] = (),
) -> tuple[Universe[CellKey, Atom], dict[Atom, tuple[float, float]]]:
    """Every cell a viewer can reach, as sets of atoms, plus each atom's sums; ``known``: groups
    of atoms whose figures the viewer already knows from elsewhere."""
    people, sums = atoms_of(rows)
    cells: dict[CellKey, set[Atom]] = defaultdict(set)
    for atom in people:
        department, circle, month = atom
        for time_range in ranges:
            if not time_range.holds(month, today):
                continue
            cells[(time_range.key, TOTAL, None)].add(atom)
            if DEPARTMENT in dimensions:
                cells[(time_range.key, DEPARTMENT, department)].add(atom)
            if CIRCLE in dimensions:
                cells[(time_range.key, CIRCLE, circle)].add(atom)
        if MONTH in dimensions and month is not None:
            # Months do not depend on the range: one cell per month, shared by every range.
            cells[(RANGE_KEYS[0], MONTH, month)].add(atom)
    frozen = {key: frozenset(atoms) for key, atoms in cells.items()}
    partitions: list[tuple[CellKey, tuple[CellKey, ...]]] = []
    nested: list[tuple[CellKey, CellKey]] = []
    linked: dict[tuple[str, Hashable], list[CellKey]] = defaultdict(list)
    for time_range in ranges:
        total = (time_range.key, TOTAL, None)
        if total not in frozen:
            continue
        for dimension in (DEPARTMENT, CIRCLE):
            children = tuple(k for k in frozen if k[0] == time_range.key and k[1] == dimension)
            if children:
                partitions.append((total, children))
        if MONTH in dimensions:
            months = tuple(
                k
                for k in frozen
                if k[1] == MONTH and isinstance(k[2], dt.date) and time_range.holds(k[2], today)
            )
            if months and all(a[2] is not None for a in frozen[total]):
                partitions.append((total, months))
    for key in frozen:
        if key[1] != MONTH:
            linked[(key[1], key[2])].append(key)
    for group in linked.values():
        ordered = sorted(group, key=lambda k: RANGE_KEYS.index(k[0]))
        for i, outer in enumerate(ordered):
            for inner in ordered[i + 1 :]:
                nested.append((outer, inner))
    known_keys = add_known(frozen, known, people)
    universe: Universe[CellKey, Atom] = Universe(
        atoms={atom: frozenset(ids) for atom, ids in people.items()},
        cells=frozen,
        known=frozenset(known_keys),
        partitions=partitions,
        nested=nested,
        linked=[tuple(g) for g in linked.values() if len(g) > 1 and g[0][1] != TOTAL],
    )
    return universe, {atom: (s[0], s[1]) for atom, s in sums.items()}


def figures(
    rows: Iterable[Row],
    *,
    threshold: int,
    today: dt.date,
    dimensions: Sequence[str] = (DEPARTMENT, CIRCLE, MONTH),
    protect: bool = True,
    known: Sequence[frozenset[Atom]] = (),
) -> Figures:
    """Every cell of one metric, with the ones that must stay hidden marked suppressed."""
    universe, sums = build_universe(rows, today=today, dimensions=dimensions, known=known)
    hidden = suppressed_cells(universe, threshold) if protect else frozenset()
    result: dict[CellKey, Figure] = {}
    for key, atoms in universe.cells.items():
        if key in universe.known:
            continue
        numerator = sum(sums[a][0] for a in atoms)
        denominator = sum(sums[a][1] for a in atoms)
        result[key] = Figure(
            numerator=numerator,
            denominator=denominator,
            people=universe.cell_people(key),
            suppressed=key in hidden,
        )
    return Figures(result)


def known_to_members(
    rows: Sequence[Row], circle: int, *, threshold: int, today: dt.date, protect: bool
) -> list[frozenset[Atom]]:
    """What a member of ``circle`` knows of a metric, as groups of atoms: every atom of the
    circle when its records are open to members (attendance, commitments, meetings), or the
    figures its health dashboard shows when they come from what people answered (decided as
    ``figures(..., dimensions=(MONTH,))`` decides them for that dashboard)."""
    own = [row for row in rows if row.circle == circle]
    if not protect:
        return [frozenset({atom}) for atom in sorted({_atom(row) for row in own}, key=repr)]
    universe, _ = build_universe(own, today=today, dimensions=(MONTH,))
    hidden = suppressed_cells(universe, threshold)
    return [atoms for key, atoms in universe.cells.items() if key not in hidden]
