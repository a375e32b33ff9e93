"""Figures of communities of practice (networks), decided together with everything else the
viewer sees, so that no subtraction uncovers a small group.

Pure module. A network is a set of circles, across programmes; networks overlap, and a network
lead may also lead a programme or belong to a circle. So the figures of every network a viewer
may open are decided at once, in one universe with the programme figures that viewer is shown
and what they know as a member as *known* cells: network A minus network B, a network minus a
programme, or a network minus one's own circle never leaves a group below the threshold.
Cells: every network's total in each time range and its months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from .cells import (
    MONTH,
    RANGE_KEYS,
    RANGES,
    TOTAL,
    Atom,
    CellKey,
    Figure,
    Figures,
    Row,
    add_known,
    atoms_of,
    build_universe,
)
from .suppression import Universe, suppressed_cells

NETWORK = "network"
NETWORK_MONTH = "network_month"


def shown_atoms(
    rows: Sequence[Row], *, threshold: int, today: dt.date, known: Sequence[frozenset[Atom]]
) -> list[frozenset[Atom]]:
    """The atoms of every figure a programme dashboard shows (decided exactly as
    ``cells.figures`` decides them), for use as known cells elsewhere."""
    universe, _ = build_universe(rows, today=today, known=known)
    hidden = suppressed_cells(universe, threshold)
    return [
        atoms
        for key, atoms in universe.cells.items()
        if key not in hidden and key not in universe.known and atoms
    ]


def network_universe(
    rows: Iterable[Row],
    *,
    networks: Mapping[Any, frozenset[int]],
    today: dt.date,
    known: Sequence[frozenset[Atom]] = (),
    circle_groups: Sequence[frozenset[int]] = (),
) -> tuple[Universe[CellKey, Atom], dict[Atom, tuple[float, float]]]:
    """Every network cell a viewer can reach, plus ``known`` groups of atoms; ``circle_groups``
    (each programme's circles, each circle alone) are further sets an attacker may subtract."""
    people, sums = atoms_of(rows)
    cells: dict[CellKey, set[Atom]] = defaultdict(set)
    for atom in people:
        _department, circle, month = atom
        for network, circles in networks.items():
            if circle not in circles:
                continue
            for time_range in RANGES:
                if time_range.holds(month, today):
                    cells[(time_range.key, NETWORK, network)].add(atom)
            if month is not None:
                cells[(RANGE_KEYS[0], NETWORK_MONTH, (network, month))].add(atom)
    frozen = {key: frozenset(atoms) for key, atoms in cells.items()}
    partitions: list[tuple[CellKey, tuple[CellKey, ...]]] = []
    nested: list[tuple[CellKey, CellKey]] = []
    linked: list[tuple[CellKey, ...]] = []
    for network in networks:
        totals = [(r.key, NETWORK, network) for r in RANGES if (r.key, NETWORK, network) in frozen]
        for outer_index, outer in enumerate(totals):
            for inner in totals[outer_index + 1 :]:
                nested.append((outer, inner))
        for time_range in RANGES:
            total = (time_range.key, NETWORK, network)
            if total not in frozen or any(a[2] is None for a in frozen[total]):
                continue
            months = tuple(
                k
                for k in frozen
                if k[1] == NETWORK_MONTH
                and isinstance(k[2], tuple)
                and k[2][0] == network
                and time_range.holds(k[2][1], today)
            )
            if months:
                partitions.append((total, months))
    known_keys = add_known(frozen, known, people)
    universe: Universe[CellKey, Atom] = Universe(
        atoms={atom: frozenset(ids) for atom, ids in people.items()},
        cells=frozen,
        partitions=partitions,
        nested=nested,
        linked=linked,
        known=frozenset(known_keys),
        targets=_differences(
            frozen,
            known_keys,
            [frozenset(a for a in people if a[1] in group) for group in circle_groups],
        ),
    )
    return universe, {atom: (s[0], s[1]) for atom, s in sums.items()}


def _differences(
    cells: Mapping[CellKey, frozenset[Atom]],
    known_keys: Sequence[CellKey],
    references: Sequence[frozenset[Atom]],
) -> list[frozenset[Atom]]:
    """What a network figure leaves once one or two others are taken away: another network,
    a month, a figure known from elsewhere, a programme's or a circle's records. The audit
    then keeps every such remainder over too few people out of reach of any combination."""
    shown = [cells[k] for k in cells if k[1] in {NETWORK, NETWORK_MONTH}]
    others = [*shown, *(cells[k] for k in known_keys), *references]
    found: set[frozenset[Atom]] = set()
    for first in shown:
        touching = [o for o in others if o != first and o & first]
        for index, second in enumerate(touching):
            rest = first - second
            if rest:
                found.add(rest)
            for third in touching[index + 1 :]:
                smaller = rest - third
                if smaller and smaller != rest:
                    found.add(smaller)
    return sorted(found, key=lambda s: sorted(map(repr, s)))


def network_figures(
    rows: Sequence[Row],
    *,
    networks: Mapping[Any, frozenset[int]],
    threshold: int,
    today: dt.date,
    known: Sequence[frozenset[Atom]] = (),
    circle_groups: Sequence[frozenset[int]] = (),
) -> dict[Hashable, Figures]:
    """Each network's figures, keyed like a programme's (range, TOTAL) and ("all", MONTH,
    month), with the hidden ones marked suppressed."""
    universe, sums = network_universe(
        rows, networks=networks, today=today, known=known, circle_groups=circle_groups
    )
    hidden = suppressed_cells(universe, threshold)
    result: dict[Hashable, dict[CellKey, Figure]] = {network: {} for network in networks}
    for key, atoms in universe.cells.items():
        if key in universe.known:
            continue
        figure = Figure(
            numerator=sum(sums[a][0] for a in atoms),
            denominator=sum(sums[a][1] for a in atoms),
            people=universe.cell_people(key),
            suppressed=key in hidden,
        )
        if key[1] == NETWORK:
            result[key[2]][(key[0], TOTAL, None)] = figure
        elif isinstance(key[2], tuple):
            network, month = key[2]
            result[network][(RANGE_KEYS[0], MONTH, month)] = figure
    return {network: Figures(cells) for network, cells in result.items()}
