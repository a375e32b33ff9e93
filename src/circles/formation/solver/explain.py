"""Per-group explanations: what makes each group diverse and what its soft rules cost."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .model import Encoded, _encode
from .objective import RULE_EARLIER, RULE_LONE, RULE_TIME, Evaluation
from .problem import Attribute, Problem
from .result import AttributeMix, GroupReport
from .rules import quota_codes


def explain(problem: Problem, assignment: NDArray[np.int64], ev: Evaluation) -> list[GroupReport]:
    g = int(problem.groups)
    order = np.argsort(assignment, kind="stable")
    starts = np.concatenate(([0], np.cumsum(ev.sizes)))
    members = [order[starts[k] : starts[k + 1]].tolist() for k in range(g)]
    repeated = _repeated_pairs(problem, assignment, g)
    # Per attribute, every group's mix at once: a Python loop per member would take seconds
    # at 100,000 people.
    per_attribute = [
        _mixes(attr, _encode(attr), assignment, g, ev.group_parts[attr.name])
        for attr in problem.attributes
    ]
    quota_counts = _quota_counts(problem, assignment, g)
    reports: list[GroupReport] = []
    for k in range(g):
        people = members[k]
        mixes = tuple(column[k] for column in per_attribute)
        pens = {rule: float(cost[k]) for rule, cost in ev.group_penalties.items()}
        mean = None
        if "distances" in ev.group_parts and len(people) > 1:
            mean = float(ev.group_parts["distances"][k]) / (len(people) * (len(people) - 1) / 2)
        shared = int(ev.shared_minutes[k]) if ev.shared_minutes.size else None
        notes = _notes(problem, k, people, mixes, pens, mean, shared, repeated[k], ev)
        notes += tuple(
            f"Quota on {attr}: {count} with {value} ({wanted})."
            for attr, value, count, wanted in quota_counts[k]
        )
        zone = int(ev.zone_minutes[k]) if ev.zone_minutes.size else None
        if zone is not None and problem.time_zone_spread is not None:
            notes += (
                f"Time zones span {_hours(zone)} (at most "
                f"{_hours(int(problem.time_zone_spread.max_minutes))}).",
            )
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
                score=float(ev.group_scores[k]),
                zone_minutes=zone,
            )
        )
    return reports


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h" + (f" {minutes % 60:02d} min" if minutes % 60 else "")


def _quota_counts(
    problem: Problem, assignment: NDArray[np.int64], g: int
) -> list[list[tuple[str, str, int, str]]]:
    """Per group: (attribute, value, members holding it, what the quota asks) per quota value."""
    out: list[list[tuple[str, str, int, str]]] = [[] for _ in range(g)]
    if not problem.quotas:
        return out
    n = assignment.shape[0]
    encoded = {a.name: _encode(a) for a in problem.attributes if a.kind == "categorical"}
    sizes = np.bincount(assignment, minlength=g)
    for c, k in quota_codes(problem, encoded, n):  # type: ignore[arg-type]
        quota = problem.quotas[k]
        e = encoded[quota.attribute]
        holders = e.entry_people()[e.code_idx == c]
        counts = np.bincount(assignment[holders], minlength=g)
        share = holders.size / n
        for group in range(g):
            asks = []
            if quota.proportional:
                expected = share * sizes[group]
                asks.append(f"share {expected:.1f} ± {quota.tolerance:g}")
            if quota.at_least:
                asks.append(f"at least {quota.at_least}")
            if quota.at_most is not None:
                asks.append(f"at most {quota.at_most}")
            label = _label(e.labels[c])
            out[group].append((quota.attribute, label, int(counts[group]), ", ".join(asks)))
    return out


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mixes(
    attr: Attribute,
    encoded: Encoded,
    a: NDArray[np.int64],
    g: int,
    contribution: NDArray[np.float64],
) -> list[AttributeMix]:
    """How one attribute varies inside each group, for all groups."""
    sizes = np.bincount(a, minlength=g)
    if attr.kind == "categorical":
        values = len(encoded.labels)
        labels = [_label(v) for v in encoded.labels]
        people = encoded.entry_people()
        counts = np.bincount(a[people] * values + encoded.code_idx, minlength=g * values).reshape(
            g, values
        )
        rows, cols = np.nonzero(counts)
        cuts = np.searchsorted(rows, np.arange(g + 1)).tolist()
        codes = cols.tolist()
        held_counts = counts[rows, cols].tolist()
        size_list = sizes.tolist()
        parts = contribution.tolist()
        out = []
        for k in range(g):
            lo, hi = cuts[k], cuts[k + 1]
            held = {labels[c]: n for c, n in zip(codes[lo:hi], held_counts[lo:hi], strict=True)}
            if attr.similar:
                ranked = sorted(held.items(), key=lambda item: -item[1])[:3]
                top = [f"{label} ({n})" for label, n in ranked if n > 1]
                summary = (
                    f"shared {attr.name}: " + ", ".join(top) if top else f"no shared {attr.name}"
                )
            else:
                summary = f"{hi - lo} of {values} {attr.name} values among {size_list[k]} members"
            out.append(AttributeMix(attr.name, attr.kind, parts[k], summary, held, hi - lo))
        return out
    column = attr.values.tolist() if isinstance(attr.values, np.ndarray) else list(attr.values)
    ranks = encoded.scaled
    order = np.lexsort((ranks, a))
    starts = np.concatenate(([0], np.cumsum(sizes)))
    numeric = all(isinstance(v, int | float | np.integer | np.floating) for v in column)
    x = np.asarray(column, dtype=np.float64) if numeric else ranks
    mean = np.bincount(a, weights=x, minlength=g) / np.maximum(sizes, 1)
    square = np.bincount(a, weights=x * x, minlength=g) / np.maximum(sizes, 1)
    spread = np.sqrt(np.maximum(square - mean**2, 0.0))
    first = order[np.minimum(starts[:-1], max(len(column) - 1, 0))].tolist()
    last = order[np.maximum(starts[1:] - 1, 0)].tolist()
    xs = x.tolist()
    means, spreads, parts = mean.tolist(), spread.tolist(), contribution.tolist()
    out = []
    for k, size in enumerate(sizes.tolist()):
        if size == 0:
            out.append(AttributeMix(attr.name, attr.kind, parts[k], "no members", {}))
            continue
        low: float | str
        high: float | str
        if numeric:
            low, high = xs[first[k]], xs[last[k]]
            summary = f"{attr.name} from {_label(low)} to {_label(high)} (mean {means[k]:.1f})"
            out.append(
                AttributeMix(
                    attr.name, attr.kind, parts[k], summary, {}, 0, low, high, means[k], spreads[k]
                )
            )
        else:
            low, high = str(column[first[k]]), str(column[last[k]])
            summary = f"{attr.name} from {low} to {high}"
            out.append(AttributeMix(attr.name, attr.kind, parts[k], summary, {}, 0, low, high))
    return out


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
