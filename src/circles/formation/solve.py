"""The bridge from a programme's people to the people search (``people_search``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .figures import UNDER_REPRESENTED_SHARE
from .inputs import ATTRIBUTES, PeopleTable
from .people_search import Infeasible, PeopleInstance, search

# How much one repeated pair or one missing shared hour costs, against the diversity of a pair
# (about 1 per mixed attribute): enough to steer, not enough to override a hard mix.
EARLIER_PAIR_COST = 2.0
MISSING_HOUR_COST = 1.0
SHARED_INTEREST_REWARD = 0.5
LONE_MEMBER_COST = 1.5


class FormationInfeasible(Exception):
    """The hard rules cannot all hold; the message says which rule fails and why."""


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def build_instance(
    table: PeopleTable, options: dict[str, Any], locks: dict[str, Any], *, circles: int
) -> PeopleInstance:
    weights = options["weights"]
    index = table.index_of()
    inst = PeopleInstance(
        groups=circles, min_size=options["min_size"], max_size=options["max_size"]
    )
    for name, (kind, _label) in ATTRIBUTES.items():
        weight = float(weights.get(name, 0))
        if weight <= 0:
            continue
        if kind == "categorical":
            codes = table.categorical[name]
            inst.categorical.append(codes)
            inst.categorical_weights.append(weight)
            shares = np.bincount(codes) / max(1, len(codes))
            inst.lone_values.append(shares < UNDER_REPRESENTED_SHARE)
        else:
            inst.numeric.append(_standardised(table.numeric[name]))
            inst.numeric_weights.append(weight)
    if options.get("no_lone_members"):
        inst.lone_weight = LONE_MEMBER_COST
    if options.get("match_interests"):
        # Shared interests pull together: the most common interest of each person as a category
        # whose sameness is rewarded through a negative weight.
        first = [sorted(i)[0] if i else "" for i in table.interests]
        labels = {label: code for code, label in enumerate(sorted(set(first)))}
        inst.categorical.append(np.array([labels[f] for f in first], dtype=np.int64))
        inst.categorical_weights.append(-SHARED_INTEREST_REWARD)
    inst.keep_apart = list(table.keep_apart)
    for a, b in locks.get("apart", []):
        if a in index and b in index:
            inst.keep_apart.append((index[a], index[b]))
    inst.together = [
        (index[a], index[b]) for a, b in locks.get("together", []) if a in index and b in index
    ]
    inst.fixed = {
        index[int(pid)]: int(circle)
        for pid, circle in locks.get("fixed", {}).items()
        if int(pid) in index and int(circle) < circles
    }
    if options.get("avoid_earlier_pairs"):
        inst.earlier_pairs = list(table.earlier_pairs)
        inst.earlier_weight = EARLIER_PAIR_COST
    if options.get("min_overlap_hours"):
        inst.windows = table.work_windows
        inst.min_overlap = int(options["min_overlap_hours"]) * 60
        inst.overlap_weight = MISSING_HOUR_COST
    return inst


def solve_groups(
    table: PeopleTable,
    options: dict[str, Any],
    locks: dict[str, Any],
    *,
    circles: int,
    progress: Callable[[float, str], None] | None = None,
) -> list[list[int]]:
    """Groups of row indices into ``table``, respecting every hard rule."""
    inst = build_instance(table, options, locks, circles=circles)

    def report(fraction: float, best: float) -> None:
        if progress is not None:
            progress(fraction, f"best mix so far {best:.1f}")

    try:
        assignment, _value = search(
            inst,
            seconds=float(options["seconds"]),
            seed=int(options.get("seed", 1)),
            progress=report,
        )
    except Infeasible as error:
        raise FormationInfeasible(str(error)) from error
    groups: list[list[int]] = [[] for _ in range(circles)]
    for row, circle in enumerate(assignment.tolist()):
        groups[circle].append(row)
    return groups
