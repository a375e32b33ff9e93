"""Participation versus quality: who to leave out when the hard rules cannot place everyone.

Instead of refusing the whole run, the solver can propose a waiting list: it leaves out the
people a refusal names (or, when the groups cannot hold everyone, a few who are free of locks
and together sets) and forms the rest. Each person left out keeps the rule and reason.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from .errors import InfeasibleProblem
from .problem import Problem, TimeWindows, people_count, size_bounds
from .rng import new_state, shuffle

IntArray = NDArray[np.int64]
# Rules where leaving out the people named lets the rest be formed.
LEAVE_ALL = ("time_zone_spread", "quota")
LEAVE_ONE = ("keep_apart", "together", "locked")


def restrict(problem: Problem, keep: IntArray) -> Problem:
    """The same problem for the people ``keep`` (original indices, ascending) only."""
    n = people_count(problem)
    new_index = np.full(n, -1, np.int64)
    new_index[keep] = np.arange(keep.size)

    def inside(*people: int) -> bool:
        return all(new_index[int(p)] >= 0 for p in people)

    def pick(values: object) -> object:
        if isinstance(values, np.ndarray):
            return values[keep]
        seq = list(values)  # type: ignore[call-overload]
        return [seq[int(i)] for i in keep]

    distances = None
    if problem.distances is not None:
        distances = np.asarray(problem.distances)[np.ix_(keep, keep)]
    windows = problem.time_windows
    if windows is not None:
        windows = TimeWindows(
            start=pick(windows.start),  # type: ignore[arg-type]
            end=pick(windows.end),  # type: ignore[arg-type]
            required_minutes=windows.required_minutes,
            weight=windows.weight,
            slot_minutes=windows.slot_minutes,
        )
    spread = problem.time_zone_spread
    if spread is not None:
        spread = replace(spread, offsets=pick(spread.offsets))  # type: ignore[arg-type]
    together = []
    for members in problem.together:
        kept = [int(new_index[int(p)]) for p in members if inside(int(p))]
        if len(kept) >= 2:
            together.append(kept)
    return replace(
        problem,
        distances=distances,
        attributes=[replace(a, values=pick(a.values)) for a in problem.attributes],  # type: ignore[arg-type]
        people=int(keep.size) if problem.people is not None else None,
        keep_apart=[
            (int(new_index[i]), int(new_index[j])) for i, j in problem.keep_apart if inside(i, j)
        ],
        locked={int(new_index[p]): int(k) for p, k in problem.locked.items() if inside(int(p))},
        together=together,
        earlier_pairs=[
            (int(new_index[p[0]]), int(new_index[p[1]]), *p[2:])
            for p in problem.earlier_pairs
            if inside(p[0], p[1])
        ],
        time_windows=windows,
        time_zone_spread=spread,
    )


def to_leave_out(problem: Problem, error: InfeasibleProblem, seed: int) -> list[int]:
    """People (indices into ``problem``) whose leaving out may let the rest be formed."""
    if error.rule in LEAVE_ALL:
        return sorted(set(error.people))
    if error.rule in LEAVE_ONE and error.people:
        return [max(error.people)]
    if error.rule == "sizes":
        n = people_count(problem)
        _lo, hi = size_bounds(problem)
        excess = n - int(hi.sum())
        if excess <= 0:
            return []
        bound = set(problem.locked) | {int(p) for members in problem.together for p in members}
        free = np.array([p for p in range(n) if p not in bound], dtype=np.int64)
        shuffle(new_state(seed), free)
        return sorted(int(p) for p in free[:excess]) if free.size >= excess else []
    return []
