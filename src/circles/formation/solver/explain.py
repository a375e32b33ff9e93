"""Per-group explanations: what makes each group diverse and what its soft rules cost."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .model import Encoded, _encode, as_set
from .objective import RULE_EARLIER, RULE_LONE, RULE_TIME, Evaluation
from .problem import Attribute, Problem
from .result import AttributeMix, GroupReport


def explain(problem: Problem, assignment: NDArray[np.int64], ev: Evaluation) -> list[GroupReport]:
    g = int(problem.groups)
    order = np.argsort(assignment, kind="stable")
    starts = np.concatenate(([0], np.cumsum(ev.sizes)))
    members = [order[starts[k] : starts[k + 1]].tolist() for k in range(g)]
    repeated = _repeated_pairs(problem, assignment, g)
    columns = [(attr, list(attr.values), _encode(attr)) for attr in problem.attributes]
    total_distinct = {e.attribute.name: len(e.labels) for _, _, e in columns}
    reports: list[GroupReport] = []
    for k in range(g):
        people = members[k]
        mixes = tuple(
            _mix(attr, col, enc, people, float(ev.group_parts[attr.name][k]), total_distinct)
            for attr, col, enc in columns
        )
        pens = {rule: float(cost[k]) for rule, cost in ev.group_penalties.items()}
        mean = None
        if "distances" in ev.group_parts and len(people) > 1:
            mean = float(ev.group_parts["distances"][k]) / (len(people) * (len(people) - 1) / 2)
        shared = int(ev.shared_minutes[k]) if ev.shared_minutes.size else None
        notes = _notes(problem, k, people, mixes, pens, mean, shared, repeated[k], ev)
        reports.append(
            GroupReport(
                group=k,
                members=tuple(int(p) for p in people),
                diversity=float(ev.group_diversity[k]),
                attributes=mixes,
                penalties=pens,
                notes=notes,
                mean_distance=mean,
                shared_minutes=shared,
            )
        )
    return reports


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mix(
    attr: Attribute,
    column: Sequence[object],
    encoded: Encoded,
    people: list[int],
    contribution: float,
    total_distinct: dict[str, int],
) -> AttributeMix:
    size = len(people)
    if attr.kind == "categorical":
        counts: Counter[str] = Counter()
        for p in people:
            for item in as_set(column[p]):
                counts[_label(item)] += 1
        distinct = len(counts)
        if attr.similar:
            top = [f"{v} ({c})" for v, c in counts.most_common(3) if c > 1]
            summary = f"shared {attr.name}: " + ", ".join(top) if top else f"no shared {attr.name}"
        else:
            summary = (
                f"{distinct} of {total_distinct[attr.name]} {attr.name} values among {size} members"
            )
        return AttributeMix(attr.name, attr.kind, contribution, summary, dict(counts), distinct)
    if size == 0:
        return AttributeMix(attr.name, attr.kind, contribution, "no members", {})
    ranks = encoded.scaled[people]
    values = [column[p] for p in people]
    lo_i, hi_i = int(np.argmin(ranks)), int(np.argmax(ranks))
    low: float | str
    high: float | str
    if all(isinstance(v, int | float | np.integer | np.floating) for v in values):
        numbers = np.asarray(values, dtype=np.float64)
        low, high = float(numbers.min()), float(numbers.max())
        mean, spread = float(numbers.mean()), float(numbers.std())
        summary = f"{attr.name} from {_label(low)} to {_label(high)} (mean {mean:.1f})"
    else:
        low, high = str(values[lo_i]), str(values[hi_i])
        mean, spread = None, None
        summary = f"{attr.name} from {low} to {high}"
    return AttributeMix(attr.name, attr.kind, contribution, summary, {}, 0, low, high, mean, spread)


def _repeated_pairs(
    problem: Problem, assignment: NDArray[np.int64], g: int
) -> list[list[tuple[int, int]]]:
    out: list[list[tuple[int, int]]] = [[] for _ in range(g)]
    for pair in problem.earlier_pairs:
        i, j = int(pair[0]), int(pair[1])
        if assignment[i] == assignment[j]:
            out[int(assignment[i])].append((min(i, j), max(i, j)))
    return out


def _notes(
    problem: Problem,
    k: int,
    people: list[int],
    mixes: tuple[AttributeMix, ...],
    pens: dict[str, float],
    mean: float | None,
    shared: int | None,
    repeated: list[tuple[int, int]],
    ev: Evaluation,
) -> tuple[str, ...]:
    notes: list[str] = []
    if mean is not None:
        notes.append(f"Mean distance between members: {mean:.2f}.")
    ranked = sorted(mixes, key=lambda m: -abs(m.contribution))
    notes.extend(f"{m.summary[0].upper()}{m.summary[1:]}." for m in ranked if m.summary)
    if RULE_EARLIER in pens:
        if repeated:
            notes.append(
                f"{len(repeated)} earlier pairing(s) repeated, costing {pens[RULE_EARLIER]:g}."
            )
        else:
            notes.append("No earlier pairing is repeated.")
    if RULE_TIME in pens and problem.time_windows is not None and shared is not None:
        need = problem.time_windows.required_minutes
        if pens[RULE_TIME] > 0:
            notes.append(
                f"Members share {shared} working minutes of the {need} wanted, "
                f"costing {pens[RULE_TIME]:g}."
            )
        else:
            notes.append(f"Members share {shared} working minutes (at least {need} wanted).")
    if RULE_LONE in pens:
        alone = ev.lonely[k]
        if alone:
            what = ", ".join(f"{attr} {value}" for attr, value in alone)
            notes.append(f"Only one member with {what}, costing {pens[RULE_LONE]:g}.")
        else:
            notes.append("Nobody is the only member of an under-represented group.")
    return tuple(notes)
