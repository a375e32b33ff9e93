"""Human-readable figures for a proposal: why each circle is diverse, and what needs a look.

Pure numpy over the participants' table; recomputed after every adjustment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .inputs import ATTRIBUTES, PeopleTable

UNDER_REPRESENTED_SHARE = 0.2


@dataclass
class GroupFigures:
    size: int
    # For each categorical attribute, how many different values the circle mixes.
    distinct: dict[str, int] = field(default_factory=dict)
    # For ordinal/numeric attributes, the range inside the circle.
    spread: dict[str, float] = field(default_factory=dict)
    overlap_minutes: int = 0
    repeated_pairs: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ProposalFigures:
    groups: list[GroupFigures]
    circles: int
    people: int
    smallest: int
    largest: int
    # Mean share of pairs inside a circle that differ, per categorical attribute (0..1).
    mix: dict[str, float]
    mean_distinct: dict[str, float]
    warnings: int
    hard_problems: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lone_members(
    codes: np.ndarray, members: np.ndarray, labels: list[str], rare: set[int]
) -> list[str]:
    counts = Counter(int(c) for c in codes[members])
    return [labels[c] for c, n in counts.items() if n == 1 and c in rare]


def proposal_figures(
    table: PeopleTable,
    groups: list[list[int]],
    *,
    weights: dict[str, float],
    min_overlap_minutes: int,
    bounds: tuple[int, int],
    check_lone_members: bool = True,
) -> ProposalFigures:
    """Figures for groups given as lists of row indices into ``table``."""
    index_groups = [np.asarray(g, dtype=np.int64) for g in groups]
    total = max(table.size, 1)
    rare: dict[str, set[int]] = {}
    for name, codes in table.categorical.items():
        frequencies = np.bincount(codes) / total
        rare[name] = {int(c) for c in np.nonzero(frequencies < UNDER_REPRESENTED_SHARE)[0]}
    apart = {(min(a, b), max(a, b)) for a, b in table.keep_apart}
    earlier = set(table.earlier_pairs)
    group_of = np.full(table.size, -1, dtype=np.int64)
    for g, members in enumerate(index_groups):
        group_of[members] = g

    results: list[GroupFigures] = []
    pair_mix: dict[str, list[float]] = {name: [] for name in table.categorical}
    hard: list[str] = []
    for number, members in enumerate(index_groups, start=1):
        figures = GroupFigures(size=len(members))
        for name, codes in table.categorical.items():
            values = codes[members]
            figures.distinct[name] = len(set(values.tolist()))
            n = len(values)
            if n > 1:
                same = sum(k * (k - 1) // 2 for k in Counter(values.tolist()).values())
                pair_mix[name].append(1 - same / (n * (n - 1) / 2))
            if check_lone_members and weights.get(name, 0) > 0:
                for label in _lone_members(codes, members, table.category_labels[name], rare[name]):
                    figures.warnings.append(
                        f"Only one person from {ATTRIBUTES[name][1].lower()} “{label}”."
                    )
        for name, values in table.numeric.items():
            inside = values[members]
            figures.spread[name] = float(inside.max() - inside.min()) if len(inside) else 0.0
        if len(members):
            windows = table.work_windows[members]
            figures.overlap_minutes = int(max(0, windows[:, 1].min() - windows[:, 0].max()))
            if figures.overlap_minutes < min_overlap_minutes:
                figures.warnings.append(
                    f"Shared working hours: {figures.overlap_minutes // 60} h "
                    f"{figures.overlap_minutes % 60:02d} min, less than wanted."
                )
        member_set = sorted(int(m) for m in members)
        for pos, a in enumerate(member_set):
            for b in member_set[pos + 1 :]:
                if (a, b) in apart:
                    hard.append(
                        f"{table.names[a]} and {table.names[b]} must not share circle {number}."
                    )
                if (a, b) in earlier:
                    figures.repeated_pairs += 1
        if figures.repeated_pairs:
            figures.warnings.append(
                f"{figures.repeated_pairs} pair(s) already met in an earlier circle."
            )
        low, high = bounds
        if not low <= figures.size <= high:
            hard.append(f"Circle {number} has {figures.size} members, outside {low} to {high}.")
        results.append(figures)
    if (group_of < 0).any():
        hard.append(f"{int((group_of < 0).sum())} participant(s) are in no circle.")
    sizes = [g.size for g in results] or [0]
    return ProposalFigures(
        groups=results,
        circles=len(results),
        people=int((group_of >= 0).sum()),
        smallest=min(sizes),
        largest=max(sizes),
        mix={name: round(float(np.mean(v)), 3) if v else 0.0 for name, v in pair_mix.items()},
        mean_distinct={
            name: round(float(np.mean([g.distinct[name] for g in results])), 2) if results else 0
            for name in table.categorical
        },
        warnings=sum(len(g.warnings) for g in results),
        hard_problems=hard,
    )
