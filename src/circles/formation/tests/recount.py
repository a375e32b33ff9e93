"""An objective and rule check written from the problem's definition, pair by pair.

Deliberately plain Python and independent of the solver's ``evaluate``: tests compare the
solver's figures with these, so a mistake shared by the search and ``evaluate`` still shows.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import numpy as np

from circles.formation.solver import Problem


def _values(value: object) -> set[object]:
    if isinstance(value, set | frozenset | list | tuple):
        return set(value)
    return {value}


def _scaled(attribute: object) -> list[float]:
    values = list(attribute.values)  # type: ignore[attr-defined]
    if attribute.kind == "ordinal" and (  # type: ignore[attr-defined]
        attribute.order is not None  # type: ignore[attr-defined]
        or not all(isinstance(v, int | float) for v in values)
    ):
        order = list(attribute.order or sorted(set(values)))  # type: ignore[attr-defined]
        x = [float(order.index(v)) for v in values]
        span = float(len(order) - 1)
    else:
        x = [float(v) for v in values]
        span = max(x) - min(x)
    scale = attribute.scale or (span if span > 0 else 1.0)  # type: ignore[attr-defined]
    return [v / scale for v in x]


def groups_of(problem: Problem, assignment: np.ndarray) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(problem.groups)]
    for person, group in enumerate(assignment.tolist()):
        if group >= 0:
            out[group].append(person)
    return out


def pair_value(problem: Problem, i: int, j: int, scaled: dict[str, list[float]]) -> float:
    total = 0.0
    if problem.distances is not None:
        total += float(problem.distances[i][j])
    for a in problem.attributes:
        if a.kind == "categorical":
            shared = len(_values(a.values[i]) & _values(a.values[j]))
            multi = any(isinstance(v, set | frozenset | list | tuple) for v in a.values)
            if a.similar:
                total += a.weight * shared
            elif multi:
                total -= a.weight * shared
            else:
                total += a.weight * (1 - shared)
        else:
            sq = (scaled[a.name][i] - scaled[a.name][j]) ** 2
            total += a.weight * ((1 - sq) if a.similar else sq)
    return total


def _slots(start: int, end: int, slot: int) -> set[int]:
    length = (end - start) % 1440 or 1440
    return {s for s in range(1440 // slot) if ((s * slot - start) % 1440) + slot <= length}


def recount(problem: Problem, assignment: np.ndarray) -> float:
    """The objective of ``assignment`` (people with group -1 are left out)."""
    scaled = {a.name: _scaled(a) for a in problem.attributes if a.kind != "categorical"}
    groups = groups_of(problem, assignment)
    earlier: dict[tuple[int, int], float] = {}
    for pair in problem.earlier_pairs:
        w = float(pair[2]) if len(pair) == 3 else 1.0
        key = (min(pair[0], pair[1]), max(pair[0], pair[1]))
        earlier[key] = earlier.get(key, 0.0) + w * problem.earlier_pair_weight
    scores = []
    total = 0.0
    for members in groups:
        diversity = sum(pair_value(problem, i, j, scaled) for i, j in combinations(members, 2))
        repeated = sum(
            earlier.get((min(i, j), max(i, j)), 0.0) for i, j in combinations(members, 2)
        )
        scores.append(diversity - repeated)
        total += diversity - repeated
        tw = problem.time_windows
        if tw is not None and members:
            common = set.intersection(
                *(_slots(int(tw.start[p]), int(tw.end[p]), tw.slot_minutes) for p in members)
            )
            total -= tw.weight * max(0, tw.required_minutes - len(common) * tw.slot_minutes)
        for rule in problem.lone_members:
            column = next(a for a in problem.attributes if a.name == rule.attribute).values
            held = Counter(v for p in range(len(column)) for v in _values(column[p]))
            here = Counter(v for p in members for v in _values(column[p]))
            for value, count in here.items():
                watched = (
                    value in set(rule.values)
                    if rule.values is not None
                    else held[value] < rule.max_share * len(column)
                )
                if count == 1 and watched and held[value] >= 2:
                    total -= rule.weight
    if problem.balance:
        mean = sum(scores) / len(scores)
        deviation = math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))
        total -= problem.balance * len(scores) * deviation
    return total


def broken_rules(problem: Problem, assignment: np.ndarray) -> list[str]:
    """Every hard rule the assignment breaks, in words (empty when all hold)."""
    broken = []
    groups = groups_of(problem, assignment)
    bounds = np.broadcast_to(np.asarray(problem.sizes), (problem.groups, 2))
    n = len(assignment)
    for k, members in enumerate(groups):
        if not bounds[k, 0] <= len(members) <= bounds[k, 1]:
            broken.append(f"size of group {k}")
    for i, j in problem.keep_apart:
        if assignment[i] >= 0 and assignment[i] == assignment[j]:
            broken.append(f"apart {i} {j}")
    for i, k in problem.locked.items():
        if assignment[i] >= 0 and assignment[i] != k:
            broken.append(f"lock {i}")
    for kept in problem.together:
        if len({int(assignment[i]) for i in kept}) > 1:
            broken.append(f"together {kept}")
    for quota in problem.quotas:
        column = next(a for a in problem.attributes if a.name == quota.attribute).values
        held = Counter(v for p in range(n) for v in _values(column[p]))
        covered = (
            set(quota.values)
            if quota.values is not None
            else {v for v, c in held.items() if c >= quota.min_share * n - 1e-9}
        )
        for k, members in enumerate(groups):
            here = Counter(v for p in members for v in _values(column[p]))
            for value in covered:
                low = quota.at_least
                high = quota.at_most if quota.at_most is not None else n
                if quota.proportional:
                    share = held[value] / n
                    low = max(low, math.ceil(share * len(members) - quota.tolerance - 1e-9))
                    high = min(high, math.floor(share * len(members) + quota.tolerance + 1e-9))
                if not low <= here[value] <= high:
                    broken.append(f"quota {quota.attribute}={value} in group {k}")
    spread = problem.time_zone_spread
    if spread is not None:
        for k, members in enumerate(groups):
            offsets = [int(spread.offsets[p]) for p in members]
            if offsets and max(offsets) - min(offsets) > spread.max_minutes:
                broken.append(f"time-zone spread of group {k}")
    return broken
