"""Which aggregate figures may be shown without exposing a small group of people.

Pure module (no Django): the dashboards describe every figure a viewer can reach as a *cell*,
a set of *atoms* (the finest groups of records, e.g. one department in one circle in one month),
and every atom carries the people who contributed to it. A cell is shown only if

1. it covers at least ``threshold`` people (primary suppression), and
2. no small group can be worked out by subtracting shown figures from each other
   (complementary suppression): within a table whose rows add up to a total, the hidden rows
   together cover at least ``threshold`` people, and never just one; a figure shown for two
   nested time ranges differs by at least ``threshold`` people; a key hidden in one range is
   hidden in every range; and, as a final audit, no small group's records are a linear
   combination of the shown cells.

A viewer may already know some figures from elsewhere (a lead who is also a member reads their
own circle's pages and its health dashboard). Those are *known* cells: never hidden, part of
every audit, so that nothing shown combines with them into a small group; and a group the
viewer can work out from known cells alone is theirs to know, not a disclosure.

Zero-people cells are "no data", never a disclosure, and are left alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

C = TypeVar("C", bound=Hashable)
A = TypeVar("A", bound=Hashable)

MIN_THRESHOLD = 3
# Above this many matrix entries (shown cells x atoms) the linear audit is skipped; the
# structural rules still hold. The dashboards of a programme stay far below it.
AUDIT_LIMIT = 4_000_000


def effective_threshold(configured: int) -> int:
    """The organisation's setting, never below the floor the product promises."""
    return max(MIN_THRESHOLD, int(configured))


@dataclass(frozen=True)
class Universe(Generic[C, A]):
    """Everything one viewer can see, across every table, dimension and filter."""

    atoms: Mapping[A, frozenset[Hashable]]
    cells: Mapping[C, frozenset[A]]
    # (parent, children): the children's atoms partition the parent's atoms.
    partitions: Sequence[tuple[C, tuple[C, ...]]] = ()
    # (outer, inner): the inner cell's atoms are a subset of the outer's (e.g. a shorter range).
    nested: Sequence[tuple[C, C]] = ()
    # Cells that must share one fate (the same department in every time range).
    linked: Sequence[tuple[C, ...]] = ()
    # Cells the viewer knows from elsewhere; they belong to no partition, range or link.
    known: frozenset[C] = frozenset()
    # More groups the audit must never let out, beyond those the rules above imply (the
    # difference of two overlapping networks, say).
    targets: Sequence[frozenset[A]] = ()
    _people: dict[C, int] = field(default_factory=dict, compare=False, repr=False)

    def people(self, atoms: frozenset[A] | set[A]) -> int:
        found: set[Hashable] = set()
        for atom in atoms:
            found |= self.atoms[atom]
        return len(found)

    def cell_people(self, cell: C) -> int:
        if cell not in self._people:
            self._people[cell] = self.people(self.cells[cell])
        return self._people[cell]


def _is_small(people: int, threshold: int) -> bool:
    return 0 < people < threshold


def _structural_pass(universe: Universe[C, A], hidden: set[C], threshold: int) -> bool:
    """Apply the structural rules once; True when something more was hidden."""
    before = len(hidden)
    for cell in universe.cells:
        if cell not in universe.known and _is_small(universe.cell_people(cell), threshold):
            hidden.add(cell)
    for group in universe.linked:
        if any(cell in hidden for cell in group):
            hidden.update(group)
    for outer, inner in universe.nested:
        if outer in hidden or inner in hidden:
            continue
        between = universe.cells[outer] - universe.cells[inner]
        if _is_small(universe.people(between), threshold):
            hidden.add(inner)
    for parent, children in universe.partitions:
        if parent in hidden:
            continue
        while True:
            hidden_children = [c for c in children if c in hidden and universe.cell_people(c)]
            if not hidden_children:
                break
            union: set[A] = set()
            for child in hidden_children:
                union |= universe.cells[child]
            if len(hidden_children) >= 2 and not _is_small(universe.people(union), threshold):
                break
            candidates = sorted(
                (
                    c
                    for c in children
                    if c not in hidden and c not in universe.known and universe.cell_people(c)
                ),
                key=lambda c: (universe.cell_people(c), repr(c)),
            )
            if candidates:
                hidden.add(candidates[0])
            else:
                hidden.add(parent)
                break
    return len(hidden) > before


def _shown_basis(universe: Universe[C, A], shown: list[C], index: dict[A, int]) -> np.ndarray:
    matrix = np.zeros((len(shown), len(index)))
    for row, cell in enumerate(shown):
        for atom in universe.cells[cell]:
            matrix[row, index[atom]] = 1.0
    if not shown:
        return np.zeros((0, len(index)))
    # The row space through the small Gram matrix (cells x cells): much cheaper than an SVD
    # over every atom, and exact enough for 0/1 rows.
    gram = matrix @ matrix.T
    eigenvalues, eigenvectors = np.linalg.eigh(gram)
    keep = eigenvalues > 1e-9 * max(1.0, float(eigenvalues.max(initial=0.0)))
    return (eigenvectors[:, keep].T @ matrix) / np.sqrt(eigenvalues[keep])[:, None]


def small_sets(universe: Universe[C, A], threshold: int) -> list[frozenset[A]]:
    """Groups of records over too few people: the sets an attacker must never isolate."""
    sets: set[frozenset[A]] = set()
    for atom, people in universe.atoms.items():
        if _is_small(len(people), threshold):
            sets.add(frozenset([atom]))
    for atoms in universe.cells.values():
        if _is_small(universe.people(atoms), threshold):
            sets.add(atoms)
    for outer, inner in universe.nested:
        between = universe.cells[outer] - universe.cells[inner]
        if _is_small(universe.people(between), threshold):
            sets.add(frozenset(between))
    for target in universe.targets:
        if _is_small(universe.people(target), threshold):
            sets.add(frozenset(target))
    # What is left of a figure once the viewer takes away what they know.
    known = [universe.cells[k] for k in universe.known]
    for cell, atoms in universe.cells.items():
        if cell in universe.known:
            continue
        inside = [k for k in known if k and k < atoms]
        remainders = [atoms - k for k in inside]
        if inside:
            remainders.append(atoms - frozenset().union(*inside))
        for remainder in remainders:
            if _is_small(universe.people(remainder), threshold):
                sets.add(frozenset(remainder))
    return sorted(sets, key=lambda s: sorted(map(repr, s)))


def revealed(
    universe: Universe[C, A], shown: Sequence[C], targets: Sequence[frozenset[A]]
) -> list[frozenset[A]]:
    """The targets that are an exact linear combination of the shown cells' figures."""
    atoms = sorted({a for cell in shown for a in universe.cells[cell]}, key=repr)
    index = {atom: i for i, atom in enumerate(atoms)}
    basis = _shown_basis(universe, list(shown), index)
    candidates = [t for t in targets if t and all(atom in index for atom in t)]
    if not candidates or basis.shape[0] == 0:
        # An atom no shown cell covers cannot be pinned down by any combination.
        return []
    vectors = np.zeros((len(candidates), len(index)))
    for row, target in enumerate(candidates):
        for atom in target:
            vectors[row, index[atom]] = 1.0
    residual = vectors - (vectors @ basis.T) @ basis
    return [t for t, r in zip(candidates, np.abs(residual).max(axis=1), strict=True) if r < 1e-6]


def suppressed_cells(universe: Universe[C, A], threshold: int) -> frozenset[C]:
    """The cells to show as suppressed; every other cell may be shown as is."""
    threshold = effective_threshold(threshold)
    hidden: set[C] = set()
    targets = small_sets(universe, threshold)
    if universe.known:
        theirs = set(revealed(universe, sorted(universe.known, key=repr), targets))
        targets = [t for t in targets if t not in theirs]
    while True:
        while _structural_pass(universe, hidden, threshold):
            pass
        shown = [c for c in universe.cells if c not in hidden and universe.cell_people(c)]
        size = len(shown) * len(universe.atoms)
        if not targets or size > AUDIT_LIMIT:
            return frozenset(hidden)
        with threadpool_limits(limits=1, user_api="blas"):
            breaches = revealed(universe, shown, targets)
        if not breaches:
            return frozenset(hidden)
        # For each breach, hide the smallest shown cell that touches its records; check again.
        # A breach that only known cells touch is closed by hiding another shown cell.
        hideable = [c for c in shown if c not in universe.known]
        if not hideable:
            return frozenset(hidden)
        for breach in breaches:
            touching = [c for c in hideable if universe.cells[c] & breach and c not in hidden]
            candidates = touching or [c for c in hideable if c not in hidden]
            if candidates:
                hidden.add(min(candidates, key=lambda c: (universe.cell_people(c), repr(c))))
