"""Hard rules: refuse impossible problems with a reason, and build a first feasible assignment."""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from .errors import InfeasibleProblem
from .model import Model
from .penalties import (
    QCNT,
    TZR,
    extras_apply,
    extras_build,
    has_rules,
    rules_violation,
    static_tuple,
)
from .penalties import new_state as new_extras_state
from .rng import new_state, rand_below, rand_unit, shuffle
from .rules import BUCKET_MINUTES, RULE_QUOTA, RULE_SPREAD, check_rules

IntArray = NDArray[np.int64]


def check(model: Model) -> None:
    """Raise :class:`InfeasibleProblem` for every impossibility that is cheap to prove."""
    n, g = model.n, model.groups
    lo, hi = model.lo, model.hi
    if lo.sum() > n:
        raise InfeasibleProblem(
            "sizes",
            f"The {g} groups need at least {int(lo.sum())} people in total, "
            f"but there are only {n}.",
            code="sizes_too_few",
            params={"groups": g, "needed": int(lo.sum()), "people": n},
        )
    big = np.flatnonzero(model.weight > hi.max())
    if big.size:
        people = _members(model, int(big[0]))
        raise InfeasibleProblem(
            "together",
            f"People {_names(people)} must share a group, but no group holds {len(people)} people.",
            people=people,
            code="together_too_big",
            params={"rows": people, "size": len(people)},
        )
    load = np.zeros(g, np.int64)
    fixed = np.flatnonzero(model.fixed >= 0)
    np.add.at(load, model.fixed[fixed], model.weight[fixed])
    over = np.flatnonzero(load > hi)
    if over.size:
        k = int(over[0])
        people = [p for u in fixed if model.fixed[u] == k for p in _members(model, int(u))]
        raise InfeasibleProblem(
            "locked",
            f"Group {k} has {int(load[k])} people locked into it but holds at most {int(hi[k])}.",
            people=people,
            groups=[k],
            code="locked_over_size",
            params={"group": k, "locked": int(load[k]), "most": int(hi[k])},
        )
    if np.maximum(lo, load).sum() > n:
        raise InfeasibleProblem(
            "locked",
            "The locked people and the minimum group sizes together need more people than "
            f"there are ({n}).",
            code="locked_too_many",
            params={"people": n},
        )
    for u in fixed:
        for e in range(model.apart_ptr[u], model.apart_ptr[u + 1]):
            v = int(model.apart_idx[e])
            if v > u and model.fixed[v] == model.fixed[u]:
                i, j = _members(model, int(u))[0], _members(model, v)[0]
                raise InfeasibleProblem(
                    "keep_apart",
                    f"People {i} and {j} are both locked into group {int(model.fixed[u])} "
                    "but must be kept apart.",
                    people=[i, j],
                    groups=[int(model.fixed[u])],
                )
    for u in np.flatnonzero(model.fixed < 0):
        blocked = {
            int(model.fixed[model.apart_idx[e]])
            for e in range(model.apart_ptr[u], model.apart_ptr[u + 1])
            if model.fixed[model.apart_idx[e]] >= 0
        }
        if len(blocked) == g:
            person = _members(model, int(u))[0]
            raise InfeasibleProblem(
                "keep_apart",
                f"Person {person} must be kept apart from someone locked into every group.",
                people=[person],
            )
    check_rules(
        model.extras.rules,
        g,
        lo,
        hi,
        [_members(model, u) for u in range(model.units)] if model.extras.rules.tz_on else [],
    )
    clique = _large_clique(model)
    if clique:
        people = [_members(model, u)[0] for u in clique]
        raise InfeasibleProblem(
            "keep_apart",
            f"People {_names(people)} must all be kept apart from each other, which needs "
            f"{len(people)} groups, but there are only {g}.",
            people=people,
        )
    # Last: when leaving people out is allowed, the rules above name whom first.
    if hi.sum() < n:
        raise InfeasibleProblem(
            "sizes",
            f"The {g} groups hold at most {int(hi.sum())} people in total, but there are {n}.",
            code="sizes_too_many",
            params={"groups": g, "most": int(hi.sum()), "people": n},
        )


def _members(model: Model, u: int) -> list[int]:
    return [int(p) for p in model.member_idx[model.member_ptr[u] : model.member_ptr[u + 1]]]


def _names(people: list[int]) -> str:
    shown = ", ".join(str(p) for p in people[:8])
    return shown + (f" and {len(people) - 8} more" if len(people) > 8 else "")


def _large_clique(model: Model) -> list[int]:
    """A keep-apart clique bigger than the number of groups, if a greedy search finds one.

    Only vertices of the G-core can be in such a clique, which for realistic rules (a
    management tree, a few conflicts) is empty, so this is usually instant.
    """
    g = model.groups
    ptr, idx = model.apart_ptr, model.apart_idx
    degree = np.diff(ptr).copy()
    alive = degree >= g
    stack = [int(u) for u in np.flatnonzero(~alive & (degree > 0))]
    while stack:
        u = stack.pop()
        for v in idx[ptr[u] : ptr[u + 1]]:
            if alive[v]:
                degree[v] -= 1
                if degree[v] < g:
                    alive[v] = False
                    stack.append(int(v))
    core = np.flatnonzero(alive)
    if core.size == 0:
        return []
    neighbours = {int(u): {int(v) for v in idx[ptr[u] : ptr[u + 1]] if alive[v]} for u in core}
    for start in sorted(neighbours, key=lambda u: -len(neighbours[u]))[:200]:
        clique = [start]
        candidates = set(neighbours[start])
        while candidates:
            pick = max(candidates, key=lambda u: (len(neighbours[u] & candidates), -u))
            clique.append(pick)
            candidates &= neighbours[pick]
        if len(clique) > g:
            return sorted(clique)
    return []


def target_sizes(lo: IntArray, hi: IntArray, total: int) -> IntArray:
    """Sizes within bounds adding up to ``total`` with the most member pairs.

    More pairs means more terms in the objective, so good solutions sit at such a profile; a
    local search started elsewhere rarely crosses the valleys between profiles. The sum of
    C(size, 2) is convex, so its maximum puts every group at a bound except one: exact dynamic
    programming for small inputs, largest-first filling (exact for equal bounds) otherwise.
    """
    g = lo.shape[0]
    rest = total - int(lo.sum())
    if rest <= 0:
        return lo.copy()
    if g * (rest + 1) <= 4_000_000:
        neg = -np.inf
        value = np.full(rest + 1, neg)
        value[0] = 0.0
        choice = np.zeros((g, rest + 1), np.int64)
        for k in range(g):
            best = np.full(rest + 1, neg)
            base = lo[k] * (lo[k] - 1) / 2.0
            for extra in range(min(int(hi[k] - lo[k]), rest) + 1):
                s = lo[k] + extra
                cand = np.full(rest + 1, neg)
                cand[extra:] = value[: rest + 1 - extra] + (s * (s - 1) / 2.0 - base)
                better = cand > best
                best[better] = cand[better]
                choice[k, better] = extra
            value = best
        if np.isfinite(value[rest]):
            sizes = lo.copy()
            left = rest
            for k in range(g - 1, -1, -1):
                sizes[k] += choice[k, left]
                left -= int(choice[k, left])
            return sizes
    sizes = lo.copy()
    for k in np.argsort(-hi, kind="stable"):
        add = min(int(hi[k] - lo[k]), rest)
        sizes[k] += add
        rest -= add
    return sizes


SMALL_INPUT = 2_000
RETRIES_SMALL = 200
RETRIES_LARGE = 4


def construct(model: Model, seed: int, order_key: IntArray | None = None) -> IntArray:
    """A feasible unit -> group assignment, spreading consecutive units of ``order_key`` order
    over different groups (a stratified deal, already fairly diverse)."""
    units = model.units
    load = np.zeros(model.groups, np.int64)
    fixed_units = np.flatnonzero(model.fixed >= 0)
    np.add.at(load, model.fixed[fixed_units], model.weight[fixed_units])
    cap = target_sizes(np.maximum(model.lo, load), model.hi, model.n)
    free = np.flatnonzero(model.fixed < 0).astype(np.int64)
    degree = np.diff(model.apart_ptr)
    state = new_state(seed)
    # The greedy deal can miss a feasible assignment under tight sizes and keep-apart rules;
    # extra shuffled attempts are cheap, and on small inputs they make that miss rare.
    attempts = 4 + (RETRIES_SMALL if units <= SMALL_INPUT else RETRIES_LARGE)
    for attempt in range(attempts):
        if order_key is not None and attempt < 2:
            order = free[np.argsort(order_key[free], kind="stable")]
        else:
            order = free.copy()
            shuffle(state, order)
        # Units that are hard to place go first: several people, or many keep-apart partners.
        hard = (model.weight[order] > 1) | (degree[order] >= max(1, model.groups // 2))
        if attempt == 3 or (attempt > 3 and attempt % 2 == 0):
            # Strictly most constrained first, ties in shuffled order.
            order = order[np.argsort(-degree[order] - 1000 * model.weight[order], kind="stable")]
        else:
            order = np.concatenate((order[hard], order[~hard]))
        result = np.full(units, -1, np.int64)
        status = _deal(
            order,
            model.weight,
            model.fixed,
            model.lo,
            model.hi,
            cap,
            model.apart_ptr,
            model.apart_idx,
            state,
            result,
        )
        if status < 0:
            return _repair_rules(model, result, state)
    person = _members(model, int(status))[0]
    raise InfeasibleProblem(
        "keep_apart",
        f"No assignment was found for person {person}: every group is either full or holds "
        "someone they must be kept apart from. The size bounds, locks and keep-apart rules "
        "may be impossible to satisfy together.",
        people=[person],
    )


def _repair_rules(model: Model, assign: IntArray, state: NDArray[np.uint64]) -> IntArray:
    """Move and swap units until every quota and the time-zone spread hold, keeping sizes,
    locks and keep-apart pairs; raise :class:`InfeasibleProblem` naming the rule if that fails."""
    xs = static_tuple(model.extras)
    if not has_rules(xs):
        return assign
    xd = new_extras_state(xs, model.groups)
    sz = np.bincount(assign, weights=model.weight, minlength=model.groups).astype(np.int64)
    extras_build(xs, xd, assign, sz)
    budget = 200 * model.units + 200_000
    left = _repair(
        model.weight,
        model.fixed,
        model.lo,
        model.hi,
        model.apart_ptr,
        model.apart_idx,
        xs,
        xd,
        assign,
        sz,
        state,
        budget,
    )
    if left == 0:
        return assign
    rules = model.extras.rules
    for k in range(model.groups):
        for c, code in enumerate(rules.codes):
            low, high = code.bounds(int(sz[k]))
            held = int(xd[QCNT][k, c])
            if not low <= held <= high:
                raise InfeasibleProblem(
                    RULE_QUOTA,
                    f"No grouping was found in which every group has {code.describe()} (group "
                    f"{k} of {int(sz[k])} has {held}) together with the other rules: relax the "
                    "quota or the sizes.",
                    groups=[k],
                    code="quota_not_found",
                    params={"quota": code.terms(), "group": k, "size": int(sz[k]), "held": held},
                )
        low_b, high_b = (int(x) for x in xd[TZR][k])
        if high_b - low_b > rules.tz_limit:
            raise InfeasibleProblem(
                RULE_SPREAD,
                f"No grouping was found in which every group spans at most "
                f"{rules.tz_limit * BUCKET_MINUTES} minutes of time zones (group {k} spans "
                f"{(high_b - low_b) * BUCKET_MINUTES}) together with the other rules.",
                groups=[k],
                code="spread_not_found",
                params={
                    "limit": rules.tz_limit * BUCKET_MINUTES,
                    "group": k,
                    "spans": (high_b - low_b) * BUCKET_MINUTES,
                },
            )
    return assign


@njit(cache=True)
def _repair(
    weight: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    aptr: IntArray,
    aidx: IntArray,
    xs: tuple[Any, ...],
    xd: tuple[Any, ...],
    a: IntArray,
    sz: IntArray,
    st: NDArray[np.uint64],
    budget: int,
) -> int:
    """Local search on the total rule violation of the groups; returns what is left of it.

    Each round lists the groups that break a rule and tries moves and swaps of their members,
    kept when the violation of the two groups involved drops (or, sometimes, stays)."""
    groups = lo.shape[0]
    units = a.shape[0]
    viol = np.zeros(groups, np.int64)
    for g in range(groups):
        viol[g] = rules_violation(xs, xd, g, sz[g])
    total = viol.sum()
    order = np.empty(units, np.int64)
    start = np.zeros(groups + 1, np.int64)
    tries = 0
    while total > 0 and tries < budget:
        # Members by group, refreshed every round.
        start[:] = 0
        for u in range(units):
            start[a[u] + 1] += 1
        for g in range(groups):
            start[g + 1] += start[g]
        fill = start[:-1].copy()
        for u in range(units):
            order[fill[a[u]]] = u
            fill[a[u]] += 1
        for g in range(groups):
            if viol[g] == 0 or start[g + 1] == start[g]:
                continue
            for _t in range(64):
                tries += 1
                v = -1
                r = rand_unit(st)
                if r < 0.25:
                    # Pull someone in: a group may be too small to hold every quota.
                    u = rand_below(st, units)
                    p = a[u]
                    q = g
                    if p == g or fixed[u] >= 0:
                        continue
                    if sz[p] - weight[u] < lo[p] or sz[q] + weight[u] > hi[q]:
                        continue
                else:
                    u = order[start[g] + rand_below(st, start[g + 1] - start[g])]
                    p = a[u]
                    if p != g or fixed[u] >= 0:
                        continue
                    if r < 0.6:
                        q = rand_below(st, groups)
                        if q == p or sz[p] - weight[u] < lo[p] or sz[q] + weight[u] > hi[q]:
                            continue
                    else:
                        v = rand_below(st, units)
                        q = a[v]
                        if q == p or fixed[v] >= 0:
                            continue
                        dw = weight[v] - weight[u]
                        if not (lo[p] <= sz[p] + dw <= hi[p] and lo[q] <= sz[q] - dw <= hi[q]):
                            continue
                if _clash(aptr, aidx, a, u, q, v) or (v >= 0 and _clash(aptr, aidx, a, v, p, u)):
                    continue
                before = viol[p] + viol[q]
                _shift(weight, xs, xd, a, sz, u, p, q)
                if v >= 0:
                    _shift(weight, xs, xd, a, sz, v, q, p)
                vp = rules_violation(xs, xd, p, sz[p])
                vq = rules_violation(xs, xd, q, sz[q])
                if vp + vq < before or (vp + vq == before and rand_unit(st) < 0.3):
                    total += vp + vq - before
                    viol[p] = vp
                    viol[q] = vq
                    # The member list of g is stale once one of them left.
                    if viol[g] == 0 or (p == g and a[u] != g):
                        break
                else:
                    if v >= 0:
                        _shift(weight, xs, xd, a, sz, v, p, q)
                    _shift(weight, xs, xd, a, sz, u, q, p)
            if total == 0:
                break
    return total


@njit(cache=True)
def _shift(
    weight: IntArray,
    xs: tuple[Any, ...],
    xd: tuple[Any, ...],
    a: IntArray,
    sz: IntArray,
    u: int,
    p: int,
    q: int,
) -> None:
    sz[p] -= weight[u]
    sz[q] += weight[u]
    a[u] = q
    extras_apply(xs, xd, u, p, q, sz)


@njit(cache=True)
def _clash(aptr: IntArray, aidx: IntArray, a: IntArray, u: int, g: int, skip: int) -> bool:
    for e in range(aptr[u], aptr[u + 1]):
        x = aidx[e]
        if x != skip and a[x] == g:
            return True
    return False


@njit(cache=True)
def _deal(
    order: IntArray,
    weight: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    cap: IntArray,
    aptr: IntArray,
    aidx: IntArray,
    st: NDArray[np.uint64],
    a: IntArray,
) -> int:
    """Fill ``a`` aiming at sizes ``cap``; return -1 on success or a unit that did not fit."""
    groups = lo.shape[0]
    sz = np.zeros(groups, np.int64)
    for u in range(a.shape[0]):
        a[u] = fixed[u]
        if fixed[u] >= 0:
            sz[fixed[u]] += weight[u]
    turn = rand_below(st, groups)
    for t in range(order.shape[0]):
        u = order[t]
        w = weight[u]
        found = -1
        for limit in range(2):
            for k in range(groups):
                g = (turn + k) % groups
                room = cap[g] if limit == 0 else hi[g]
                if sz[g] + w <= room and not _clash(aptr, aidx, a, u, g, -1):
                    found = g
                    break
            if found >= 0:
                break
        if found < 0:
            found = _make_room(u, weight, fixed, hi, aptr, aidx, a, sz, st)
            if found < 0:
                return u
        a[u] = found
        sz[found] += w
        turn = (found + 1) % groups
    if not _fill_minimums(weight, fixed, lo, hi, aptr, aidx, a, sz):
        for g in range(groups):
            if sz[g] < lo[g]:
                for u in range(a.shape[0]):
                    if fixed[u] < 0:
                        return u
        return 0
    return -1


@njit(cache=True)
def _make_room(
    u: int,
    weight: IntArray,
    fixed: IntArray,
    hi: IntArray,
    aptr: IntArray,
    aidx: IntArray,
    a: IntArray,
    sz: IntArray,
    st: NDArray[np.uint64],
) -> int:
    """Place u by relocating one other unit: one that takes up room, or the one it clashes with.
    Returns the group u can now join, or -1."""
    groups = hi.shape[0]
    units = a.shape[0]
    w = weight[u]
    start = rand_below(st, groups)
    for k in range(groups):
        g = (start + k) % groups
        blocker = -1
        clashes = 0
        for e in range(aptr[u], aptr[u + 1]):
            x = aidx[e]
            if a[x] == g:
                clashes += 1
                blocker = x
        if clashes > 1 or (clashes == 1 and fixed[blocker] >= 0):
            continue
        candidates = np.empty(0, np.int64)
        if clashes == 1:
            candidates = np.array([blocker])
        elif sz[g] + w > hi[g]:
            picked = np.empty(units, np.int64)
            m = 0
            for x in range(units):
                if a[x] == g and fixed[x] < 0 and sz[g] - weight[x] + w <= hi[g]:
                    picked[m] = x
                    m += 1
            candidates = picked[:m]
        else:
            return g
        for c in range(candidates.shape[0]):
            x = candidates[c]
            if sz[g] - weight[x] + w > hi[g]:
                continue
            for h in range(groups):
                if h != g and sz[h] + weight[x] <= hi[h] and not _clash(aptr, aidx, a, x, h, -1):
                    a[x] = h
                    sz[h] += weight[x]
                    sz[g] -= weight[x]
                    if not _clash(aptr, aidx, a, u, g, -1):
                        return g
                    a[x] = g
                    sz[h] -= weight[x]
                    sz[g] += weight[x]
    return -1


@njit(cache=True)
def _fill_minimums(
    weight: IntArray,
    fixed: IntArray,
    lo: IntArray,
    hi: IntArray,
    aptr: IntArray,
    aidx: IntArray,
    a: IntArray,
    sz: IntArray,
) -> bool:
    groups = lo.shape[0]
    for g in range(groups):
        guard = 0
        while sz[g] < lo[g] and guard < a.shape[0]:
            guard += 1
            moved = False
            for x in range(a.shape[0]):
                h = a[x]
                if (
                    fixed[x] < 0
                    and h != g
                    and sz[h] - weight[x] >= lo[h]
                    and sz[g] + weight[x] <= hi[g]
                    and not _clash(aptr, aidx, a, x, g, -1)
                ):
                    a[x] = g
                    sz[h] -= weight[x]
                    sz[g] += weight[x]
                    moved = True
                    break
            if not moved:
                return False
    return True
