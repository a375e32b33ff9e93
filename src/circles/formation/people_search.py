"""Local search that mixes people into circles from their attributes (pure: numpy, no Django).

The objective is the diversity of the grouping (pairs inside a circle who differ, per
categorical attribute, and squared differences of standardised numeric attributes), minus
weighted penalties for soft rules. Per-circle counts, sums and sums of squares make the effect
of swapping or moving a person cost time proportional to the number of attributes, never N.
Hard rules (sizes, people kept apart, people fixed to a circle or kept together) hold at every
step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


class Infeasible(Exception):
    """The hard rules cannot all hold; the message names the rule and why."""


@dataclass
class PeopleInstance:
    groups: int
    min_size: int
    max_size: int
    categorical: list[np.ndarray] = field(default_factory=list)  # codes 0..k-1 per attribute
    categorical_weights: list[float] = field(default_factory=list)
    numeric: list[np.ndarray] = field(default_factory=list)
    numeric_weights: list[float] = field(default_factory=list)
    keep_apart: list[tuple[int, int]] = field(default_factory=list)
    fixed: dict[int, int] = field(default_factory=dict)  # person -> circle
    together: list[tuple[int, int]] = field(default_factory=list)
    earlier_pairs: list[tuple[int, int]] = field(default_factory=list)
    earlier_weight: float = 0.0
    windows: np.ndarray | None = None  # (n, 2) working minutes in UTC
    min_overlap: int = 0
    overlap_weight: float = 0.0  # per missing hour of shared working time
    # Per categorical attribute, which values are rare enough that one person alone with such a
    # value in a circle is penalised ("no lone member").
    lone_values: list[np.ndarray] = field(default_factory=list)
    lone_weight: float = 0.0

    @property
    def size(self) -> int:
        if self.categorical:
            return len(self.categorical[0])
        if self.numeric:
            return len(self.numeric[0])
        return 0 if self.windows is None else len(self.windows)


def _sizes(n: int, groups: int, low: int, high: int) -> list[int]:
    if groups * low > n or groups * high < n:
        raise Infeasible(f"{n} people do not fit {groups} circles of {low} to {high}.")
    base, extra = divmod(n, groups)
    return [base + (1 if g < extra else 0) for g in range(groups)]


def _blocks(inst: PeopleInstance) -> list[list[int]]:
    """People who must share a circle, merged through the keep-together pairs."""
    parent = list(range(inst.size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in inst.together:
        parent[root(a)] = root(b)
    blocks: dict[int, list[int]] = {}
    for i in range(inst.size):
        blocks.setdefault(root(i), []).append(i)
    return list(blocks.values())


class _State:
    """Per-circle counts and sums, kept current as people move."""

    def __init__(self, inst: PeopleInstance, assignment: np.ndarray) -> None:
        self.inst = inst
        self.a = assignment
        g = inst.groups
        self.sizes = np.bincount(assignment, minlength=g).astype(np.int64)
        self.counts = [
            np.zeros((g, int(codes.max()) + 1 if len(codes) else 1), dtype=np.int64)
            for codes in inst.categorical
        ]
        for counts, codes in zip(self.counts, inst.categorical, strict=True):
            np.add.at(counts, (assignment, codes), 1)
        self.s1 = [np.bincount(assignment, weights=x, minlength=g) for x in inst.numeric]
        self.s2 = [np.bincount(assignment, weights=x * x, minlength=g) for x in inst.numeric]
        n = inst.size
        self.apart: list[set[int]] = [set() for _ in range(n)]
        for x, y in inst.keep_apart:
            self.apart[x].add(y)
            self.apart[y].add(x)
        self.earlier: list[list[int]] = [[] for _ in range(n)]
        for x, y in inst.earlier_pairs:
            self.earlier[x].append(y)
            self.earlier[y].append(x)
        self.members: list[set[int]] = [set() for _ in range(g)]
        for person, circle in enumerate(assignment.tolist()):
            self.members[circle].add(person)

    def group_value(self, circle: int) -> float:
        """Diversity minus penalties of one circle, from its counts (plus its members for soft
        rules that need them)."""
        inst = self.inst
        n = int(self.sizes[circle])
        pairs = n * (n - 1) / 2
        value = 0.0
        for w, counts in zip(inst.categorical_weights, self.counts, strict=True):
            row = counts[circle]
            value += w * (pairs - float((row * (row - 1)).sum()) / 2)
        for w, s1, s2 in zip(inst.numeric_weights, self.s1, self.s2, strict=True):
            value += w * (n * s2[circle] - s1[circle] ** 2) / 2
        if inst.lone_weight:
            for rare, counts in zip(inst.lone_values, self.counts, strict=False):
                value -= inst.lone_weight * int((counts[circle][: len(rare)][rare] == 1).sum())
        return value - self.group_penalty(circle, self.members[circle])

    def group_penalty(self, circle: int, members: set[int]) -> float:
        inst = self.inst
        penalty = 0.0
        if inst.earlier_weight and members:
            repeated = sum(1 for p in members for q in self.earlier[p] if q in members) / 2
            penalty += inst.earlier_weight * repeated
        if inst.overlap_weight and inst.windows is not None and members:
            rows = inst.windows[list(members)]
            overlap = max(0, int(rows[:, 1].min()) - int(rows[:, 0].max()))
            penalty += inst.overlap_weight * max(0, inst.min_overlap - overlap) / 60
        return penalty

    def move(self, person: int, to: int) -> None:
        inst = self.inst
        source = int(self.a[person])
        self.sizes[source] -= 1
        self.sizes[to] += 1
        for counts, codes in zip(self.counts, inst.categorical, strict=True):
            counts[source, codes[person]] -= 1
            counts[to, codes[person]] += 1
        for x, s1, s2 in zip(inst.numeric, self.s1, self.s2, strict=True):
            s1[source] -= x[person]
            s1[to] += x[person]
            s2[source] -= x[person] ** 2
            s2[to] += x[person] ** 2
        self.members[source].discard(person)
        self.members[to].add(person)
        self.a[person] = to

    def total(self) -> float:
        return sum(self.group_value(g) for g in range(self.inst.groups))


def objective(inst: PeopleInstance, assignment: np.ndarray) -> float:
    """The objective of an assignment, computed from scratch."""
    return _State(inst, assignment.copy()).total()


def _construct(inst: PeopleInstance, rng: np.random.Generator) -> np.ndarray:
    n, groups = inst.size, inst.groups
    targets = _sizes(n, groups, inst.min_size, inst.max_size)
    blocks = _blocks(inst)
    apart: list[set[int]] = [set() for _ in range(n)]
    for x, y in inst.keep_apart:
        apart[x].add(y)
        apart[y].add(x)
    assignment = np.full(n, -1, dtype=np.int64)
    fill = [0] * groups
    members: list[set[int]] = [set() for _ in range(groups)]

    def place(block: list[int], circle: int) -> None:
        for person in block:
            assignment[person] = circle
            members[circle].add(person)
        fill[circle] += len(block)

    # Fixed people first, with their keep-together partners.
    ordered: list[list[int]] = []
    for block in blocks:
        circles = {inst.fixed[p] for p in block if p in inst.fixed}
        if len(circles) > 1:
            raise Infeasible("People kept together are fixed to different circles.")
        if any(q in apart[p] for p in block for q in block):
            raise Infeasible("Two people are both kept together and kept apart.")
        if len(block) > inst.max_size:
            raise Infeasible(
                f"{len(block)} people kept together exceed a circle of {inst.max_size}."
            )
        if circles:
            circle = circles.pop()
            if not 0 <= circle < groups:
                raise Infeasible("A person is fixed to a circle that does not exist.")
            place(block, circle)
        else:
            ordered.append(block)
    for circle in range(groups):
        if fill[circle] > inst.max_size:
            raise Infeasible(f"More people are fixed to circle {circle + 1} than it can hold.")
    # Largest blocks and most constrained people first; then the circle with most room.
    rng.shuffle(ordered)
    ordered.sort(key=lambda b: (-len(b), -sum(len(apart[p]) for p in b)))
    # Deal blocks round the circles from a moving cursor: the first circle with room and no
    # kept-apart conflict takes the block, so placing N people costs about N steps, not N x G.
    cursor = 0
    for block in ordered:
        chosen = -1
        for limit in (targets, [inst.max_size] * groups):
            for offset in range(groups):
                c = (cursor + offset) % groups
                if fill[c] + len(block) <= limit[c] and not any(
                    apart[p] & members[c] for p in block
                ):
                    chosen = c
                    break
            if chosen >= 0:
                break
        if chosen < 0:
            raise Infeasible(
                "The people who must be kept apart (for example managers and their reports) "
                "leave no circle for everyone: allow more circles or fewer rules."
            )
        place(block, chosen)
        cursor = (chosen + 1) % groups
    for circle in range(groups):
        if fill[circle] < inst.min_size:
            raise Infeasible(
                f"Circle {circle + 1} would have only {fill[circle]} people: "
                "the fixed people and rules leave too few for it."
            )
    return assignment


def search(
    inst: PeopleInstance,
    *,
    seconds: float,
    seed: int = 1,
    progress: Callable[[float, float], None] | None = None,
    max_steps: int | None = None,
) -> tuple[np.ndarray, float]:
    """Best assignment found within the time, and its objective. Deterministic for a seed when
    it runs to completion of its move budget; the time limit makes it anytime."""
    rng = np.random.default_rng(seed)
    n, groups = inst.size, inst.groups
    state = _State(inst, _construct(inst, rng))
    if n == 0 or groups < 2:
        return state.a.copy(), state.total()
    movable = np.array(
        [
            p
            for p in range(n)
            if p not in inst.fixed and not any(p in pair for pair in inst.together)
        ],
        dtype=np.int64,
    )
    values = [state.group_value(g) for g in range(groups)]
    current = sum(values)
    best, best_assignment = current, state.a.copy()
    started = time.monotonic()
    budget = max_steps if max_steps is not None else max(2000, 4000 * n)
    temperature = max(1e-9, abs(current) / max(1, n) * 0.05)
    step = 0
    while step < budget and len(movable) > 1:
        step += 1
        if step % 512 == 0:
            elapsed = time.monotonic() - started
            if elapsed >= seconds:
                break
            temperature *= 0.97
            if progress is not None:
                progress(min(1.0, elapsed / seconds), best)
        p = int(movable[rng.integers(len(movable))])
        gp = int(state.a[p])
        if rng.random() < 0.2:
            target = int(rng.integers(groups))
            if (
                target == gp
                or state.sizes[gp] - 1 < inst.min_size
                or state.sizes[target] + 1 > inst.max_size
                or state.apart[p] & state.members[target]
            ):
                continue
            state.move(p, target)
            new_gp, new_t = state.group_value(gp), state.group_value(target)
            delta = new_gp + new_t - values[gp] - values[target]
            if delta >= 0 or rng.random() < math.exp(delta / temperature):
                values[gp], values[target] = new_gp, new_t
                current += delta
            else:
                state.move(p, gp)
        else:
            q = int(movable[rng.integers(len(movable))])
            gq = int(state.a[q])
            if gq == gp:
                continue
            if (state.apart[p] & (state.members[gq] - {q})) or (
                state.apart[q] & (state.members[gp] - {p})
            ):
                continue
            state.move(p, gq)
            state.move(q, gp)
            new_gp, new_gq = state.group_value(gp), state.group_value(gq)
            delta = new_gp + new_gq - values[gp] - values[gq]
            if delta >= 0 or rng.random() < math.exp(delta / temperature):
                values[gp], values[gq] = new_gp, new_gq
                current += delta
            else:
                state.move(p, gp)
                state.move(q, gq)
        if current > best + 1e-9:
            best, best_assignment = current, state.a.copy()
    if progress is not None:
        progress(1.0, best)
    return best_assignment, best
