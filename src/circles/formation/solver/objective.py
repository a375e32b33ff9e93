"""The objective recomputed from scratch from an assignment, in plain numpy.

Used to report results and to check the incremental bookkeeping of the search. Attribute terms
come from per-group tallies, so this never builds an N x N array either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidProblem
from .model import Encoded, _encode, _watched, slot_availability
from .problem import Problem, people_count

RULE_EARLIER = "earlier_pairs"
RULE_TIME = "time_windows"
RULE_LONE = "lone_members"
RULE_BALANCE = "balance"


@dataclass(frozen=True)
class Spread:
    """How unevenly the groups score: their lowest, highest, mean and standard deviation."""

    lowest: float
    highest: float
    mean: float
    deviation: float


@dataclass(frozen=True)
class Evaluation:
    objective: float
    diversity: float
    penalties: dict[str, float]
    sizes: NDArray[np.int64]
    group_diversity: NDArray[np.float64]
    # attribute name -> per-group contribution to diversity ("distances" for the matrix part)
    group_parts: dict[str, NDArray[np.float64]]
    # rule -> per-group cost
    group_penalties: dict[str, NDArray[np.float64]]
    # per group: shared working minutes (time windows given), else empty
    shared_minutes: NDArray[np.int64]
    # per group: (attribute, value) pairs held by exactly one member under a lone-member rule
    lonely: tuple[tuple[tuple[str, object], ...], ...]
    # per group: diversity minus the cost of repeated earlier pairings (what balance evens out)
    group_scores: NDArray[np.float64]
    spread: Spread
    # per group: minutes between the earliest and latest UTC offset (spread rule given)
    zone_minutes: NDArray[np.int64]


def _pairs(x: NDArray[np.floating] | NDArray[np.integer]) -> NDArray[np.float64]:
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (x - 1.0)


def check_assignment(problem: Problem, assignment: NDArray[np.integer]) -> NDArray[np.int64]:
    n = people_count(problem)
    a = np.asarray(assignment)
    if a.shape != (n,) or not np.issubdtype(a.dtype, np.integer):
        raise InvalidProblem("input", f"An assignment gives one group number to each of {n}.")
    if a.size and (a.min() < 0 or a.max() >= problem.groups):
        raise InvalidProblem("input", "An assignment uses a group number that does not exist.")
    return a.astype(np.int64)


def attribute_parts(encoded: Encoded, a: NDArray[np.int64], groups: int) -> NDArray[np.float64]:
    """One attribute's contribution to each group's diversity, from value counts per group."""
    attr = encoded.attribute
    sizes = np.bincount(a, minlength=groups).astype(np.float64)
    if encoded.kind == "categorical":
        people = encoded.entry_people()
        codes = encoded.code_idx
        values = len(encoded.labels)
        counts = np.bincount(a[people] * values + codes, minlength=groups * values)
        shared = _pairs(counts.reshape(groups, values)).sum(axis=1)
        if attr.similar:
            return attr.weight * shared
        if encoded.multi:
            return -attr.weight * shared
        return attr.weight * (_pairs(sizes) - shared)
    x = encoded.scaled
    s1 = np.bincount(a, weights=x, minlength=groups)
    s2 = np.bincount(a, weights=x * x, minlength=groups)
    spread = sizes * s2 - s1 * s1
    if attr.similar:
        return attr.weight * (_pairs(sizes) - spread)
    return attr.weight * spread


def evaluate(problem: Problem, assignment: NDArray[np.integer]) -> Evaluation:
    a = check_assignment(problem, assignment)
    g = int(problem.groups)
    n = a.size
    sizes = np.bincount(a, minlength=g).astype(np.int64)
    parts: dict[str, NDArray[np.float64]] = {}
    if problem.distances is not None:
        d = np.asarray(problem.distances, dtype=np.float64)
        order = np.argsort(a, kind="stable")
        starts = np.concatenate(([0], np.cumsum(sizes)))
        part = np.zeros(g)
        for k in range(g):
            m = order[starts[k] : starts[k + 1]]
            block = d[np.ix_(m, m)]
            part[k] = (block.sum() - np.trace(block)) / 2.0
        parts["distances"] = part
    encoded = {attr.name: _encode(attr) for attr in problem.attributes}
    for name, e in encoded.items():
        parts[name] = attribute_parts(e, a, g)
    group_div = np.sum(list(parts.values()), axis=0) if parts else np.zeros(g)
    pens: dict[str, NDArray[np.float64]] = {}
    if problem.earlier_pairs:
        cost = np.zeros(g)
        for pair in problem.earlier_pairs:
            i, j = int(pair[0]), int(pair[1])
            if a[i] == a[j]:
                w = float(pair[2]) if len(pair) == 3 else 1.0
                cost[a[i]] += w * float(problem.earlier_pair_weight)
        pens[RULE_EARLIER] = cost
    shared_minutes = np.zeros(0, np.int64)
    if problem.time_windows is not None:
        tw = problem.time_windows
        avail = slot_availability(problem, n)
        slots = avail.shape[1]
        present = np.zeros((g, slots), np.int64)
        np.add.at(present, a, avail.astype(np.int64))
        full = (present == sizes[:, None]).sum(axis=1)
        shared_minutes = full * tw.slot_minutes
        short = np.maximum(0, tw.required_minutes - shared_minutes)
        pens[RULE_TIME] = np.where(sizes > 0, tw.weight * short, 0.0)
    lonely: list[list[tuple[str, object]]] = [[] for _ in range(g)]
    if problem.lone_members:
        cost = np.zeros(g)
        for rule in problem.lone_members:
            e = encoded[rule.attribute]
            values = len(e.labels)
            people = e.entry_people()
            held = np.bincount(e.code_idx, minlength=values)
            watched = sorted(c for c in _watched(rule.values, rule.max_share, e.labels, held, n))
            counts = np.bincount(a[people] * values + e.code_idx, minlength=g * values).reshape(
                g, values
            )
            for c in watched:
                if held[c] < 2:
                    continue
                alone = np.flatnonzero(counts[:, c] == 1)
                cost[alone] += rule.weight
                for group in alone.tolist():
                    lonely[group].append((rule.attribute, e.labels[c]))
        pens[RULE_LONE] = cost
    penalties = {rule: float(v.sum()) for rule, v in pens.items()}
    diversity = float(group_div.sum())
    scores = np.asarray(group_div, dtype=np.float64) - pens.get(RULE_EARLIER, np.zeros(g))
    if problem.balance > 0:
        centred = scores - scores.mean()
        penalties[RULE_BALANCE] = float(problem.balance * g * np.sqrt(np.mean(centred**2)))
    zone_minutes = np.zeros(0, np.int64)
    if problem.time_zone_spread is not None:
        offsets = np.asarray(problem.time_zone_spread.offsets, dtype=np.int64)
        high = np.full(g, np.iinfo(np.int64).min)
        low = np.full(g, np.iinfo(np.int64).max)
        np.maximum.at(high, a, offsets)
        np.minimum.at(low, a, offsets)
        zone_minutes = np.where(sizes > 0, high - low, 0)
    return Evaluation(
        objective=diversity - sum(penalties.values()),
        diversity=diversity,
        penalties=penalties,
        sizes=sizes,
        group_diversity=np.asarray(group_div, dtype=np.float64),
        group_parts=parts,
        group_penalties=pens,
        shared_minutes=shared_minutes,
        lonely=tuple(tuple(x) for x in lonely),
        group_scores=scores,
        spread=Spread(
            lowest=float(scores.min()),
            highest=float(scores.max()),
            mean=float(scores.mean()),
            deviation=float(scores.std()),
        ),
        zone_minutes=zone_minutes,
    )
