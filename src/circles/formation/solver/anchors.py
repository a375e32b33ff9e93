"""The "at least one of these people in every group" rule, as locks.

Any assignment that keeps the rule has, in each group, one of the people it names; calling
that person the group's anchor and numbering the groups after their anchors changes nothing
about the partition (with equal size bounds, groups are interchangeable). So the rule is kept
by locking one anchor into each group that has none yet, chosen by a bipartite matching that
respects sizes, keep-apart rules and people kept together, and the search then never moves
them. The other named people stay free to go wherever they mix best.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .errors import InfeasibleProblem
from .problem import AtLeastOneRule, Problem, size_bounds


def _units(problem: Problem, n: int) -> list[int]:
    """Each person's unit: people kept together share one (the smallest member's index)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in problem.together:
        members = [int(m) for m in members]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [find(x) for x in range(n)]


def with_anchors(problem: Problem, n: int, seed: int) -> Problem:
    """The problem with every ``at_least_one`` rule turned into locks; raises
    :class:`InfeasibleProblem` naming the rule when no choice of anchors can keep it."""
    if not problem.at_least_one:
        return problem
    locked = {int(p): int(g) for p, g in problem.locked.items()}
    unit = _units(problem, n)
    for cover in problem.at_least_one:
        locked = _anchor(problem, cover, n, unit, locked, seed)
    # The rules are kept by the locks from here on; a waiting list that leaves people out
    # then renumbers only the locks.
    return dataclasses.replace(problem, locked=locked, at_least_one=())


def _anchor(
    problem: Problem,
    cover: AtLeastOneRule,
    n: int,
    unit: list[int],
    locked: dict[int, int],
    seed: int,
) -> dict[int, int]:
    groups = int(problem.groups)
    _, hi = size_bounds(problem)
    members: dict[int, list[int]] = {}
    for person in range(n):
        members.setdefault(unit[person], []).append(person)
    unit_group = {unit[p]: g for p, g in locked.items()}
    eligible = sorted({unit[int(p)] for p in cover.people})
    covered = {unit_group[u] for u in eligible if u in unit_group}
    open_groups = [g for g in range(groups) if g not in covered]
    free = [u for u in eligible if u not in unit_group]
    if len(free) < len(open_groups):
        raise InfeasibleProblem(
            cover.name,
            f"Every group needs at least one {cover.label}, but there are {len(eligible)} "
            f"{cover.label}s for {groups} groups.",
            people=[int(p) for p in cover.people],
            code="anchors_too_few",
            params={"label": cover.label, "count": len(eligible), "groups": groups},
        )
    load = np.zeros(groups, np.int64)
    for group in locked.values():
        load[group] += 1
    apart: dict[int, set[int]] = {}
    for i, j in problem.keep_apart:
        apart.setdefault(unit[int(i)], set()).add(int(j))
        apart.setdefault(unit[int(j)], set()).add(int(i))
    rng = np.random.default_rng(seed)
    # Shuffled by the seed, people on their own before those kept together with others: a
    # larger unit fills its group beyond the minimum sooner.
    order = sorted((free[k] for k in rng.permutation(len(free))), key=lambda u: len(members[u]))

    def fits(u: int, g: int) -> bool:
        if load[g] + len(members[u]) > hi[g]:
            return False
        return not any(locked.get(other) == g for other in apart.get(u, ()))

    match_unit: dict[int, int] = {}  # unit -> group
    match_group: dict[int, int] = {}  # group -> unit

    def augment(g: int, seen: set[int]) -> bool:
        for u in order:
            if u in seen or not fits(u, g):
                continue
            seen.add(u)
            if u not in match_unit or augment(match_unit[u], seen):
                match_unit[u] = g
                match_group[g] = u
                return True
        return False

    for g in open_groups:
        if not augment(g, set()):
            raise InfeasibleProblem(
                cover.name,
                f"Every group needs at least one {cover.label}, but no {cover.label} can be "
                f"placed in group {g} without breaking a size bound or a keep-apart rule.",
                people=[int(p) for p in cover.people],
                groups=[g],
                code="anchor_unplaced",
                params={"label": cover.label, "group": g},
            )
    result = dict(locked)
    for g, u in match_group.items():
        for person in members[u]:
            result[person] = g
    return result
