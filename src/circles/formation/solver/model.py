"""Flatten a validated problem into the arrays the compiled search works on.

People who must share a group are merged into one unit; the search moves units. Pairwise terms
become either one dense unit-by-unit matrix (matrix input) or per-unit category entries and
numeric sums (attribute input, never an N x N array).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import InfeasibleProblem
from .problem import MINUTES_PER_DAY, Attribute, Problem, size_bounds, validate
from .rules import RuleArrays, rule_arrays

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass
class Encoded:
    """One attribute as the search sees it."""

    attribute: Attribute
    kind: str
    multi: bool  # categorical with a set of values per person
    labels: list[Hashable]  # categorical: label per local code
    code_ptr: IntArray  # categorical: person -> its codes in code_idx (distinct per person)
    code_idx: IntArray
    scaled: FloatArray  # ordinal / numeric: value / scale per person

    def codes_of(self, person: int) -> IntArray:
        return self.code_idx[self.code_ptr[person] : self.code_ptr[person + 1]]

    def entry_people(self) -> IntArray:
        """The person of every entry of code_idx."""
        return np.repeat(np.arange(self.code_ptr.shape[0] - 1), np.diff(self.code_ptr))


@dataclass
class Extras:
    """Arrays for the group-level soft rules (time-window overlap, lone members)."""

    tz_on: bool
    tz_words: int
    tz_slots: int
    tz_slot_minutes: int
    tz_required: int
    tz_weight: float
    unit_mask: NDArray[np.uint64]  # units x words: slots every member of the unit covers
    multi_row: IntArray  # unit -> row of multi_count, -1 for one-person units
    multi_count: NDArray[np.int32]  # rows x slots: members of the unit available per slot
    lone_on: bool
    lone_ptr: IntArray  # unit -> entries in lone_code / lone_mult
    lone_code: IntArray
    lone_mult: IntArray
    lone_weight: FloatArray  # per lone code, 0 when the value is not watched
    lone_labels: list[tuple[str, Hashable]]
    rules: RuleArrays  # quotas and time-zone spread (hard)
    balance: float  # weight of the spread between group scores, 0 when off
    # Per unit: the part of a group's score inside the unit (pairs among its own members).
    unit_inner: FloatArray


@dataclass
class Model:
    n: int
    units: int
    groups: int
    unit_of: IntArray
    member_ptr: IntArray
    member_idx: IntArray
    weight: IntArray
    fixed: IntArray
    lo: IntArray
    hi: IntArray
    apart_ptr: IntArray
    apart_idx: IntArray
    avoid_ptr: IntArray
    avoid_idx: IntArray
    avoid_w: FloatArray
    matrix_mode: bool
    dense: FloatArray  # units x units (matrix mode), else 1 x 1
    constant: float  # objective part inside units (matrix mode)
    pair_coef: float
    cat_ptr: IntArray  # units x (attributes + 1)
    cat_code: IntArray
    cat_mult: IntArray
    cat_coef: FloatArray  # per global code
    num_s1: FloatArray  # units x numeric attributes
    num_s2: FloatArray
    num_coef: FloatArray
    extras: Extras
    encoded: list[Encoded]


def build_model(problem: Problem) -> Model:
    n = validate(problem)
    lo, hi = size_bounds(problem)
    g = int(problem.groups)
    unit_of, member_ptr, member_idx = _units(problem, n)
    units = int(member_ptr.shape[0] - 1)
    weight = np.diff(member_ptr).astype(np.int64)
    fixed = _fixed_groups(problem, unit_of, units)
    apart_ptr, apart_idx = _apart(problem, unit_of, units)
    encoded = [_encode(a) for a in problem.attributes]
    matrix_mode = problem.distances is not None
    pairs_in, pairs_w = _earlier_pairs(problem)
    constant = 0.0
    inner: FloatArray
    if matrix_mode:
        dense_people = _dense_people(problem, encoded, pairs_in, pairs_w, n)
        dense, inner = _aggregate(dense_people, member_ptr, member_idx, units, n)
        constant = float(inner.sum())
        avoid_ptr, avoid_idx, avoid_w = _csr_pairs(np.zeros((0, 2), np.int64), np.zeros(0), units)
    else:
        dense = np.zeros((1, 1))
        uu = unit_of[pairs_in] if pairs_in.size else pairs_in
        inside = uu[:, 0] == uu[:, 1] if uu.size else np.zeros(0, bool)
        avoid_ptr, avoid_idx, avoid_w = _csr_pairs(uu[~inside], pairs_w[~inside], units)
        # Pairings inside a together-set repeat whatever the assignment.
        inner = -np.bincount(  # type: ignore[assignment]
            uu[inside, 0] if uu.size else np.zeros(0, np.int64),
            weights=pairs_w[inside],
            minlength=units,
        )
        constant = float(inner.sum())
    cat = _categorical_arrays(encoded, unit_of, units)
    num = _numeric_arrays(encoded, member_ptr, member_idx, units)
    pair_coef = sum(
        e.attribute.weight
        for e in encoded
        if (e.kind == "categorical" and not e.multi and not e.attribute.similar)
        or (e.kind != "categorical" and e.attribute.similar)
    )
    extras = _extras(problem, encoded, unit_of, member_ptr, member_idx, units, n)
    extras.unit_inner = np.asarray(inner, dtype=np.float64).reshape(units)
    return Model(
        n=n,
        units=units,
        groups=g,
        unit_of=unit_of,
        member_ptr=member_ptr,
        member_idx=member_idx,
        weight=weight,
        fixed=fixed,
        lo=lo,
        hi=hi,
        apart_ptr=apart_ptr,
        apart_idx=apart_idx,
        avoid_ptr=avoid_ptr,
        avoid_idx=avoid_idx,
        avoid_w=avoid_w,
        matrix_mode=matrix_mode,
        dense=dense,
        constant=constant,
        pair_coef=0.0 if matrix_mode else float(pair_coef),
        cat_ptr=cat[0],
        cat_code=cat[1],
        cat_mult=cat[2],
        cat_coef=cat[3],
        num_s1=num[0],
        num_s2=num[1],
        num_coef=num[2],
        extras=extras,
        encoded=encoded,
    )


def _units(problem: Problem, n: int) -> tuple[IntArray, IntArray, IntArray]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in problem.together:
        people = [int(p) for p in members]
        for p in people[1:]:
            ra, rb = find(people[0]), find(p)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    _, unit_of = np.unique(roots, return_inverse=True)
    unit_of = unit_of.astype(np.int64)
    order = np.argsort(unit_of, kind="stable").astype(np.int64)
    counts = np.bincount(unit_of)
    member_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return unit_of, member_ptr, order


def _fixed_groups(problem: Problem, unit_of: IntArray, units: int) -> IntArray:
    fixed = np.full(units, -1, dtype=np.int64)
    owner = np.full(units, -1, dtype=np.int64)
    for person, group in sorted(problem.locked.items()):
        u = int(unit_of[int(person)])
        if fixed[u] >= 0 and fixed[u] != int(group):
            other = int(owner[u])
            if other == int(person):
                continue
            raise InfeasibleProblem(
                "together",
                f"Person {other} is locked into group {fixed[u]} and person {person} into group "
                f"{group}, but they must share a group.",
                people=[other, int(person)],
                groups=[int(fixed[u]), int(group)],
                code="together_locked_apart",
                params={
                    "other": other,
                    "other_group": int(fixed[u]),
                    "person": int(person),
                    "group": int(group),
                },
            )
        fixed[u] = int(group)
        owner[u] = int(person)
    return fixed


def _apart(problem: Problem, unit_of: IntArray, units: int) -> tuple[IntArray, IntArray]:
    pairs = np.array([(int(i), int(j)) for i, j in problem.keep_apart], dtype=np.int64)
    pairs = pairs.reshape(-1, 2)
    uu = unit_of[pairs] if pairs.size else pairs
    same = np.flatnonzero(uu[:, 0] == uu[:, 1]) if uu.size else np.zeros(0, np.int64)
    if same.size:
        i, j = (int(x) for x in pairs[int(same[0])])
        raise InfeasibleProblem(
            "keep_apart",
            f"People {i} and {j} must be kept apart but must also share a group.",
            people=[i, j],
        )
    ptr, idx, _ = _csr_pairs(uu, np.zeros(uu.shape[0]), units)
    return ptr, idx


def _csr_pairs(pairs: IntArray, w: FloatArray, units: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Symmetric adjacency with duplicate pairs merged (weights summed)."""
    if pairs.size == 0:
        return np.zeros(units + 1, np.int64), np.zeros(0, np.int64), np.zeros(0)
    both = np.concatenate((pairs, pairs[:, ::-1]))
    ww = np.concatenate((w, w))
    key = both[:, 0] * units + both[:, 1]
    uniq, inv = np.unique(key, return_inverse=True)
    wsum = np.bincount(inv, weights=ww, minlength=uniq.size)
    src = uniq // units
    idx = (uniq % units).astype(np.int64)
    ptr = np.concatenate(([0], np.cumsum(np.bincount(src, minlength=units)))).astype(np.int64)
    return ptr, idx, wsum.astype(np.float64)


def _earlier_pairs(problem: Problem) -> tuple[IntArray, FloatArray]:
    scale = float(problem.earlier_pair_weight)
    pairs = np.array([(int(p[0]), int(p[1])) for p in problem.earlier_pairs], dtype=np.int64)
    weights = np.array(
        [float(p[2]) if len(p) == 3 else 1.0 for p in problem.earlier_pairs], dtype=np.float64
    )
    return pairs.reshape(-1, 2), weights * scale


def _encode(attribute: Attribute) -> Encoded:
    values = attribute.values
    n = len(values)
    if attribute.kind == "categorical":
        return _encode_categorical(attribute)
    if attribute.kind == "ordinal" and (
        attribute.order is not None or not all(_is_number(v) for v in values)
    ):
        order = list(attribute.order) if attribute.order is not None else _sorted_labels(values)
        rank = {label: k for k, label in enumerate(order)}
        x = np.array([rank[v] for v in values], dtype=np.float64)
        span = float(len(order) - 1)
    else:
        x = np.asarray(values, dtype=np.float64).reshape(n)
        span = float(x.max() - x.min()) if x.size else 0.0
    scale = attribute.scale if attribute.scale is not None else (span if span > 0 else 1.0)
    empty = np.zeros(0, np.int64)
    return Encoded(attribute, attribute.kind, False, [], empty, empty, x / scale)


def _sorted_labels(values: Sequence[Hashable] | NDArray[np.generic]) -> list[Hashable]:
    return sorted(set(values), key=lambda x: (type(x).__name__, x))


def as_set(value: object) -> set[Hashable]:
    """The values a person holds: several for set-valued attributes, else one."""
    if isinstance(value, set | frozenset | list | tuple):
        return set(value)
    if isinstance(value, Hashable):
        return {value}
    raise TypeError(f"unhashable attribute value {value!r}")


def _encode_categorical(attribute: Attribute) -> Encoded:
    values = attribute.values
    n = len(values)
    empty = np.zeros(0)
    arr = values if isinstance(values, np.ndarray) else None
    if arr is None and all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        kinds = {type(v) for v in values}
        if len(kinds) <= 1:
            arr = np.asarray(values)
    if arr is not None and arr.dtype.kind in "iuUSb":
        uniq, inv = np.unique(arr, return_inverse=True)
        ptr = np.arange(n + 1, dtype=np.int64)
        return Encoded(
            attribute, "categorical", False, uniq.tolist(), ptr, inv.astype(np.int64), empty
        )
    multi = any(isinstance(v, set | frozenset | list | tuple) for v in values)
    items = [as_set(v) for v in values]
    labels = _sorted_labels([x for row in items for x in row])
    index = {label: k for k, label in enumerate(labels)}
    lengths = np.fromiter((len(row) for row in items), np.int64, n)
    ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    codes = [sorted(index[x] for x in row) for row in items]
    idx = np.fromiter((c for row in codes for c in row), np.int64, int(ptr[-1]))
    return Encoded(attribute, "categorical", multi, labels, ptr, idx, empty)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)


def pair_matrix(encoded: Encoded, n: int) -> FloatArray:
    """What one attribute adds to every pair (for matrix input, and for tests)."""
    a = encoded.attribute
    if encoded.kind == "categorical":
        onehot = np.zeros((n, len(encoded.labels)))
        onehot[encoded.entry_people(), encoded.code_idx] = 1.0
        shared = onehot @ onehot.T
        if encoded.multi:
            return a.weight * (shared if a.similar else -shared)
        return a.weight * (shared if a.similar else 1.0 - shared)
    x = encoded.scaled
    sq = (x[:, None] - x[None, :]) ** 2
    return a.weight * (1.0 - sq if a.similar else sq)


def _dense_people(
    problem: Problem,
    encoded: list[Encoded],
    pairs: IntArray,
    weights: FloatArray,
    n: int,
) -> FloatArray:
    assert problem.distances is not None
    given = problem.distances
    if (
        not encoded
        and not pairs.size
        and isinstance(given, np.ndarray)
        and given.dtype == np.float64
        and given.flags.c_contiguous
        and given.flags.writeable
        and not np.any(np.diagonal(given))
    ):
        # Nothing to add: the search only reads the matrix, so a copy would just double the
        # largest allocation. (A read-only array would make numba compile a second variant.)
        return np.asarray(given, dtype=np.float64)
    d = np.array(given, dtype=np.float64, order="C", copy=True)
    for e in encoded:
        d += pair_matrix(e, n)
    if pairs.size:
        np.subtract.at(d, (pairs[:, 0], pairs[:, 1]), weights)
        np.subtract.at(d, (pairs[:, 1], pairs[:, 0]), weights)
    np.fill_diagonal(d, 0.0)
    return d


def _aggregate(
    d: FloatArray, ptr: IntArray, idx: IntArray, units: int, n: int
) -> tuple[FloatArray, FloatArray]:
    """Unit-by-unit distances, and per unit the distances among its own members."""
    if units == n:
        return d, np.zeros(units)
    rows = np.add.reduceat(d[idx], ptr[:-1], axis=0)
    du = np.add.reduceat(rows[:, idx], ptr[:-1], axis=1)
    inner = np.diag(du) / 2.0
    np.fill_diagonal(du, 0.0)
    return np.ascontiguousarray(du), inner.copy()


def _unit_entries(
    codes: list[tuple[IntArray, IntArray]], unit_of: IntArray, units: int, total: int
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Per unit, the distinct codes its members hold with multiplicities, sorted by code.

    ``codes`` holds (person, global code) entry arrays. Returns the unit of each entry, the
    code, the multiplicity, and ptr (units x (len(codes) + 1)) into them per attribute block
    when the blocks occupy consecutive code ranges.
    """
    if codes:
        people = np.concatenate([c[0] for c in codes])
        code = np.concatenate([c[1] for c in codes])
    else:
        people = code = np.zeros(0, np.int64)
    key = unit_of[people] * max(total, 1) + code
    uniq, mult = np.unique(key, return_counts=True)
    return uniq // max(total, 1), uniq % max(total, 1), mult.astype(np.int64), uniq


def _categorical_arrays(
    encoded: list[Encoded], unit_of: IntArray, units: int
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    cats = [e for e in encoded if e.kind == "categorical"]
    offsets = np.cumsum([0] + [len(e.labels) for e in cats]).astype(np.int64)
    total = int(offsets[-1])
    coef = np.zeros(total, dtype=np.float64)
    for k, e in enumerate(cats):
        sign = 1.0 if e.attribute.similar else -1.0
        coef[offsets[k] : offsets[k + 1]] = sign * e.attribute.weight
    pairs = [(e.entry_people(), e.code_idx + offsets[k]) for k, e in enumerate(cats)]
    _, code, mult, key = _unit_entries(pairs, unit_of, units, total)
    starts = np.arange(units)[:, None] * max(total, 1) + offsets[None, :]
    cat_ptr = np.searchsorted(key, starts).astype(np.int64)
    return cat_ptr, code.astype(np.int64), mult, coef


def _numeric_arrays(
    encoded: list[Encoded], ptr: IntArray, idx: IntArray, units: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    nums = [e for e in encoded if e.kind != "categorical"]
    s1 = np.zeros((units, len(nums)))
    s2 = np.zeros((units, len(nums)))
    unit_ids = np.repeat(np.arange(units), np.diff(ptr))
    for k, e in enumerate(nums):
        x = e.scaled[idx]
        s1[:, k] = np.bincount(unit_ids, weights=x, minlength=units)
        s2[:, k] = np.bincount(unit_ids, weights=x * x, minlength=units)
    coef = np.array(
        [-e.attribute.weight if e.attribute.similar else e.attribute.weight for e in nums],
        dtype=np.float64,
    )
    return s1, s2, coef


def slot_availability(problem: Problem, n: int) -> NDArray[np.bool_]:
    """people x slots: whether each person works through each slot of the UTC day."""
    tw = problem.time_windows
    assert tw is not None
    slots = MINUTES_PER_DAY // tw.slot_minutes
    start = np.asarray(tw.start, dtype=np.int64) % MINUTES_PER_DAY
    length = np.asarray(tw.end, dtype=np.int64) - np.asarray(tw.start, dtype=np.int64)
    length = np.where(length <= 0, length + MINUTES_PER_DAY, length)
    length = np.minimum(length, MINUTES_PER_DAY)
    # A slot counts when the window covers all of it.
    slot_start = np.arange(slots) * tw.slot_minutes
    offset = (slot_start[None, :] - start[:, None]) % MINUTES_PER_DAY
    return (offset + tw.slot_minutes) <= length[:, None]


def _extras(
    problem: Problem,
    encoded: list[Encoded],
    unit_of: IntArray,
    ptr: IntArray,
    idx: IntArray,
    units: int,
    n: int,
) -> Extras:
    tw = problem.time_windows
    if tw is not None:
        avail = slot_availability(problem, n)
        slots = avail.shape[1]
        words = (slots + 63) // 64
        bits = np.zeros((n, words), dtype=np.uint64)
        for s in range(slots):
            bits[avail[:, s], s // 64] |= np.uint64(1) << np.uint64(s % 64)
        multi_row = np.full(units, -1, dtype=np.int64)
        multi = np.flatnonzero(np.diff(ptr) > 1)
        multi_row[multi] = np.arange(multi.size)
        multi_count = np.zeros((max(multi.size, 1), slots), dtype=np.int32)
        unit_mask = bits[idx[ptr[:-1]]].copy()
        for u in multi:
            members = idx[ptr[u] : ptr[u + 1]]
            unit_mask[u] = np.bitwise_and.reduce(bits[members], axis=0)
            multi_count[multi_row[u]] = avail[members].sum(axis=0)
        tz = (True, words, slots, tw.slot_minutes, int(tw.required_minutes), float(tw.weight))
    else:
        unit_mask = np.zeros((1, 1), dtype=np.uint64)
        multi_row = np.full(max(units, 1), -1, dtype=np.int64)
        multi_count = np.zeros((1, 1), dtype=np.int32)
        tz = (False, 1, 1, 1, 0, 0.0)
    by_name = {e.attribute.name: e for e in encoded}
    rules = [(rule, by_name[rule.attribute]) for rule in problem.lone_members]
    lone_weight: list[float] = []
    lone_labels: list[tuple[str, Hashable]] = []
    entries: list[tuple[IntArray, IntArray]] = []
    for rule, e in rules:
        offset = len(lone_weight)
        held = np.bincount(e.code_idx, minlength=len(e.labels))
        watched = _watched(rule.values, rule.max_share, e.labels, held, n)
        for c, label in enumerate(e.labels):
            lone_weight.append(rule.weight if (c in watched and held[c] >= 2) else 0.0)
            lone_labels.append((e.attribute.name, label))
        entries.append((e.entry_people(), e.code_idx + offset))
    weights = np.array(lone_weight or [0.0], dtype=np.float64)
    unit_ids, code, mult, _ = _unit_entries(entries, unit_of, units, len(lone_weight))
    keep = weights[code] != 0.0 if code.size else np.zeros(0, bool)
    unit_ids, code, mult = unit_ids[keep], code[keep], mult[keep]
    lone_ptr = np.concatenate(([0], np.cumsum(np.bincount(unit_ids, minlength=units))))
    return Extras(
        tz_on=tz[0],
        tz_words=tz[1],
        tz_slots=tz[2],
        tz_slot_minutes=tz[3],
        tz_required=tz[4],
        tz_weight=tz[5],
        unit_mask=unit_mask,
        multi_row=multi_row,
        multi_count=multi_count,
        lone_on=bool(code.size),
        lone_ptr=lone_ptr.astype(np.int64),
        lone_code=code.astype(np.int64),
        lone_mult=mult.astype(np.int64),
        lone_weight=weights,
        lone_labels=lone_labels,
        rules=rule_arrays(problem, by_name, unit_of, units, n),  # type: ignore[arg-type]
        balance=float(problem.balance),
        unit_inner=np.zeros(units),
    )


def _watched(
    values: Sequence[Hashable] | None,
    max_share: float,
    labels: list[Hashable],
    held: IntArray,
    n: int,
) -> set[int]:
    if values is not None:
        wanted = set(values)
        return {c for c, label in enumerate(labels) if label in wanted}
    return {c for c in range(len(labels)) if held[c] < max_share * n}
