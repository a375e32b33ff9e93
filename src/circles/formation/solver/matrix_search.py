"""Compiled search for matrix input: iterated maxima search over moves and swaps.

For every unit i and group g we keep ``gain[g, i]``, the summed distance from i to the members
of g, so a move is worth ``gain[q, i] - gain[p, i]`` and a swap of i (in p) with j (in q)
``gain[q, i] - gain[p, i] + gain[p, j] - gain[q, j] - 2 d(i, j)``: O(1) each, and applying a
move costs O(units).

A swap's value depends only on the gain rows of the two groups involved, so after a move from
r to s only pairs touching r or s can have become improving. The descent therefore keeps a set
of dirty groups and rescans only their members, which makes each local search after a small
perturbation several times cheaper than a full pass while still ending in a true local optimum.

Tuples keep the signatures short: ``P`` is static, ``S`` the mutable state (see
:func:`make_state`). Every applied move keeps the hard rules (sizes, keep-apart, locks).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from .penalties import (
    B_ON,
    GD,
    INNER,
    Q_ON,
    T_ON,
    balance_apply,
    balance_delta,
    balance_refresh,
    balance_total,
    extras_allowed,
    extras_apply,
    extras_build,
    extras_copy,
    extras_delta,
    extras_group_pen,
    has_penalties,
    has_rules,
)
from .rng import next_u64, rand_below

EPS = 1e-9
NEG = -1e300

Static = tuple[Any, ...]
State = tuple[Any, ...]

# Indices into P.
D, LO, HI, WEIGHT, FIXED, APTR, AIDX, MOVABLE, PURE, HAS_APART, HAS_EXTRAS, XS = range(12)
# Indices into S.
A, GAIN, OWN, SZ, KC, PEN, DIRTY, QUEUE, QN, XD = range(10)


def make_static(
    dense: NDArray[np.float64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    weight: NDArray[np.int64],
    fixed: NDArray[np.int64],
    apart_ptr: NDArray[np.int64],
    apart_idx: NDArray[np.int64],
    xs: tuple[Any, ...],
) -> Static:
    movable = np.flatnonzero(fixed < 0).astype(np.int64)
    has_apart = apart_idx.shape[0] > 0
    has_extras = has_penalties(xs) or has_rules(xs)
    uniform = bool(np.all(weight == 1))
    nonneg = bool(dense.size == 0 or dense.min() >= 0.0)
    pure = uniform and nonneg and not has_apart and not has_extras and movable.size == fixed.size
    return (
        dense,
        lo,
        hi,
        weight,
        fixed,
        apart_ptr,
        apart_idx,
        movable,
        pure,
        has_apart,
        has_extras,
        xs,
    )


def make_state(P: Static, assign: NDArray[np.int64], xd: tuple[Any, ...]) -> State:
    units = assign.shape[0]
    groups = P[LO].shape[0]
    kc_shape = (groups, units) if P[HAS_APART] else (1, 1)
    S = (
        assign.copy(),
        np.zeros((groups, units)),
        np.zeros(units),
        np.zeros(groups, np.int64),
        np.zeros(kc_shape, np.int32),
        np.zeros(groups),
        np.zeros(groups, np.bool_),
        np.zeros(groups, np.int64),
        np.zeros(1, np.int64),
        xd,
    )
    rebuild(P, S)
    return S


def clone_state(S: State) -> State:
    return tuple(x.copy() if isinstance(x, np.ndarray) else tuple(y.copy() for y in x) for x in S)


@njit(cache=True)
def copy_state(src: State, dst: State) -> None:
    dst[A][:] = src[A]
    dst[GAIN][:] = src[GAIN]
    dst[OWN][:] = src[OWN]
    dst[SZ][:] = src[SZ]
    dst[KC][:] = src[KC]
    dst[PEN][:] = src[PEN]
    extras_copy(src[XD], dst[XD])


@njit(cache=True, nogil=True)
def rebuild(P: Static, S: State) -> None:
    """Recompute every derived array from the assignment (after construction)."""
    d, a, gain = P[D], S[A], S[GAIN]
    units = a.shape[0]
    gain[:] = 0.0
    S[SZ][:] = 0
    for j in range(units):
        S[SZ][a[j]] += P[WEIGHT][j]
        row = gain[a[j]]
        for k in range(units):
            row[k] += d[j, k]
    for k in range(units):
        S[OWN][k] = gain[a[k], k]
    if P[HAS_APART]:
        kc = S[KC]
        kc[:] = 0
        for u in range(units):
            for e in range(P[APTR][u], P[APTR][u + 1]):
                kc[a[P[AIDX][e]], u] += 1
    if P[HAS_EXTRAS]:
        extras_build(P[XS], S[XD], a, S[SZ])
        for g in range(S[SZ].shape[0]):
            S[PEN][g] = extras_group_pen(P[XS], S[XD], g, S[SZ][g])
    if P[XS][B_ON]:
        gd = S[XD][GD]
        gd[:] = 0.0
        for k in range(units):
            gd[a[k]] += 0.5 * S[OWN][k] + P[XS][INNER][k]
        balance_refresh(S[XD])


@njit(cache=True)
def objective(P: Static, S: State) -> float:
    """Current objective recomputed from the gain rows (excluding constants inside units)."""
    tot = 0.0
    for k in range(S[A].shape[0]):
        tot += S[OWN][k]
    tot *= 0.5
    if P[HAS_EXTRAS]:
        for g in range(S[PEN].shape[0]):
            tot -= S[PEN][g]
        tot -= balance_total(P[XS], S[XD])
    return tot


@njit(cache=True, inline="always")
def _mark(S: State, g: int) -> None:
    if not S[DIRTY][g]:
        S[DIRTY][g] = True
        S[QUEUE][S[QN][0]] = g
        S[QN][0] += 1


@njit(cache=True)
def mark_all(S: State) -> None:
    for g in range(S[DIRTY].shape[0]):
        _mark(S, g)


@njit(cache=True, inline="always")
def apply_move(P: Static, S: State, i: int, q: int) -> None:
    d, a, gain, own = P[D], S[A], S[GAIN], S[OWN]
    p = a[i]
    if P[XS][B_ON]:
        inner = P[XS][INNER][i]
        balance_apply(S[XD], p, -own[i] - inner)
        balance_apply(S[XD], q, gain[q, i] + inner)
    a[i] = q
    rp = gain[p]
    rq = gain[q]
    di = d[i]
    for k in range(a.shape[0]):
        x = di[k]
        rp[k] -= x
        rq[k] += x
        own[k] = gain[a[k], k]
    w = P[WEIGHT][i]
    S[SZ][p] -= w
    S[SZ][q] += w
    if P[HAS_APART]:
        kc = S[KC]
        for e in range(P[APTR][i], P[APTR][i + 1]):
            x = P[AIDX][e]
            kc[p, x] -= 1
            kc[q, x] += 1
    if P[HAS_EXTRAS]:
        extras_apply(P[XS], S[XD], i, p, q, S[SZ])
        S[PEN][p] = extras_group_pen(P[XS], S[XD], p, S[SZ][p])
        S[PEN][q] = extras_group_pen(P[XS], S[XD], q, S[SZ][q])
    _mark(S, p)
    _mark(S, q)


@njit(cache=True, inline="always")
def _adjacent(P: Static, i: int, j: int) -> bool:
    for e in range(P[APTR][i], P[APTR][i + 1]):  # noqa: SIM110 (compiled: no generators)
        if P[AIDX][e] == j:
            return True
    return False


@njit(cache=True, inline="always")
def move_gain(P: Static, S: State, i: int, q: int) -> float:
    """Objective change of moving unit i to group q, or NEG when a hard rule forbids it."""
    a, sz = S[A], S[SZ]
    p = a[i]
    if p == q or P[FIXED][i] >= 0:
        return NEG
    w = P[WEIGHT][i]
    if sz[p] - w < P[LO][p] or sz[q] + w > P[HI][q]:
        return NEG
    if P[HAS_APART] and S[KC][q, i] > 0:
        return NEG
    delta = S[GAIN][q, i] - S[OWN][i]
    if P[HAS_EXTRAS]:
        xs = P[XS]
        if (xs[Q_ON] or xs[T_ON]) and not extras_allowed(xs, S[XD], p, q, i, -1, sz, P[WEIGHT]):
            return NEG
        delta -= extras_delta(xs, S[XD], p, q, i, -1, sz, P[WEIGHT])
        if xs[B_ON]:
            inner = xs[INNER][i]
            dp = -S[OWN][i] - inner
            delta -= balance_delta(xs, S[XD], p, q, dp, S[GAIN][q, i] + inner)
    return delta


@njit(cache=True, inline="always")
def swap_allowed(P: Static, S: State, i: int, j: int) -> bool:
    a, sz = S[A], S[SZ]
    p, q = a[i], a[j]
    if p == q or P[FIXED][i] >= 0 or P[FIXED][j] >= 0:
        return False
    wi, wj = P[WEIGHT][i], P[WEIGHT][j]
    if wi != wj:
        if sz[p] - wi + wj < P[LO][p] or sz[p] - wi + wj > P[HI][p]:
            return False
        if sz[q] - wj + wi < P[LO][q] or sz[q] - wj + wi > P[HI][q]:
            return False
    if P[HAS_APART]:
        kc = S[KC]
        if kc[q, i] > 0 or kc[p, j] > 0:
            linked = 1 if _adjacent(P, i, j) else 0
            if kc[q, i] - linked > 0 or kc[p, j] - linked > 0:
                return False
    xs = P[XS]
    if P[HAS_EXTRAS] and (xs[Q_ON] or xs[T_ON]):
        return extras_allowed(xs, S[XD], p, q, i, j, sz, P[WEIGHT])
    return True


@njit(cache=True, inline="always")
def swap_gain(P: Static, S: State, i: int, j: int) -> float:
    if not swap_allowed(P, S, i, j):
        return NEG
    a, gain, own = S[A], S[GAIN], S[OWN]
    p, q = a[i], a[j]
    dij = P[D][i, j]
    delta = gain[q, i] - own[i] + gain[p, j] - own[j] - 2.0 * dij
    if P[HAS_EXTRAS]:
        xs = P[XS]
        delta -= extras_delta(xs, S[XD], p, q, i, j, S[SZ], P[WEIGHT])
        if xs[B_ON]:
            inner = xs[INNER][i] - xs[INNER][j]
            dp = -own[i] + gain[p, j] - dij - inner
            dq = -own[j] + gain[q, i] - dij + inner
            delta -= balance_delta(xs, S[XD], p, q, dp, dq)
    return delta


@njit(cache=True, inline="always")
def _best_partner(P: Static, S: State, i: int, row: NDArray[np.float64]) -> tuple[float, int]:
    """Best improving swap partner for unit i (value, partner or -1)."""
    d, a, gain, own = P[D], S[A], S[GAIN], S[OWN]
    p = a[i]
    oi = own[i]
    for g in range(row.shape[0]):
        row[g] = gain[g, i] - oi
    best = EPS
    bj = -1
    rp = gain[p]
    di = d[i]
    units = a.shape[0]
    if P[FIXED][i] >= 0:
        return best, bj
    slack = 0.0
    if P[HAS_EXTRAS]:
        # A swap can at most remove the penalties of the two groups it touches.
        top = 0.0
        for g in range(S[PEN].shape[0]):
            top = max(top, S[PEN][g])
        # ... and the balance penalty can at most vanish.
        slack = S[PEN][p] + top + balance_total(P[XS], S[XD])
    for j in range(units):
        v = row[a[j]] + rp[j] - own[j] - 2.0 * di[j]
        if v + slack > best and a[j] != p:
            if P[HAS_EXTRAS]:
                v = swap_gain(P, S, i, j)
            elif not swap_allowed(P, S, i, j):
                continue
            if v > best:
                best = v
                bj = j
    return best, bj


@njit(cache=True)
def _general_descent(P: Static, S: State, st: NDArray[np.uint64], cnt: NDArray[np.int64]) -> float:
    a, sz, queue, qn = S[A], S[SZ], S[QUEUE], S[QN]
    lo, hi = P[LO], P[HI]
    units = a.shape[0]
    groups = lo.shape[0]
    row = np.empty(groups)
    snap = np.empty(units, np.int64)
    total = 0.0
    while qn[0] > 0:
        t = rand_below(st, qn[0])
        r = queue[t]
        qn[0] -= 1
        queue[t] = queue[qn[0]]
        S[DIRTY][r] = False
        # Moves of outsiders into r.
        if sz[r] < hi[r]:
            best = EPS
            bi = -1
            for i in range(units):
                if a[i] != r:
                    v = move_gain(P, S, i, r)
                    if v > best:
                        best = v
                        bi = i
            cnt[0] += units
            if bi >= 0:
                apply_move(P, S, bi, r)
                total += best
        m = 0
        for i in range(units):
            if a[i] == r:
                snap[m] = i
                m += 1
        for t2 in range(m):
            i = snap[t2]
            p = a[i]
            if p != r:
                continue
            best, bj = _best_partner(P, S, i, row)
            bq = -1
            for q in range(groups):
                if q != p and sz[q] < hi[q]:
                    v = move_gain(P, S, i, q)
                    if v > best:
                        best = v
                        bq = q
            cnt[0] += units + groups
            if bq >= 0:
                apply_move(P, S, i, bq)
                total += best
            elif bj >= 0:
                q = a[bj]
                apply_move(P, S, i, q)
                apply_move(P, S, bj, p)
                total += best
    return total


@njit(cache=True)
def _general_perturb(
    P: Static,
    S: State,
    st: NDArray[np.uint64],
    steps: int,
    p_move: float,
    tournament: int,
) -> float:
    movable = P[MOVABLE]
    nm = movable.shape[0]
    groups = P[LO].shape[0]
    total = 0.0
    if nm < 1:
        return total
    threshold = np.uint64(p_move * 1024.0)
    for _ in range(steps):
        best = NEG
        bi = -1
        bj = -1
        bq = -1
        got = 0
        tries = 0
        while got < tournament and tries < 50 * tournament:
            tries += 1
            i = movable[rand_below(st, nm)]
            if next_u64(st) % np.uint64(1024) < threshold:
                q = rand_below(st, groups)
                v = move_gain(P, S, i, q)
                j = -1
            else:
                j = movable[rand_below(st, nm)]
                v = swap_gain(P, S, i, j)
                q = S[A][j]
            if v > NEG:
                got += 1
                if v > best:
                    best, bi, bj, bq = v, i, j, q
        if bi < 0:
            break
        p = S[A][bi]
        apply_move(P, S, bi, bq)
        if bj >= 0:
            apply_move(P, S, bj, p)
        total += best
    return total


# The hot path for plain matrix input (no locks, keep-apart, soft group rules or merged units,
# non-negative distances), on bare arrays: LLVM optimises these loops far better than the same
# code sharing a function with the general branches.


@njit(cache=True, inline="always")
def _pure_apply(
    d: NDArray[np.float64],
    a: NDArray[np.int64],
    gain: NDArray[np.float64],
    own: NDArray[np.float64],
    sz: NDArray[np.int64],
    S: State,
    i: int,
    q: int,
) -> None:
    p = a[i]
    a[i] = q
    rp = gain[p]
    rq = gain[q]
    di = d[i]
    for k in range(a.shape[0]):
        x = di[k]
        rp[k] -= x
        rq[k] += x
        own[k] = gain[a[k], k]
    sz[p] -= 1
    sz[q] += 1
    _mark(S, p)
    _mark(S, q)


@njit(cache=True)
def _pure_descent(
    d: NDArray[np.float64],
    a: NDArray[np.int64],
    gain: NDArray[np.float64],
    own: NDArray[np.float64],
    sz: NDArray[np.int64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    S: State,
    st: NDArray[np.uint64],
    cnt: NDArray[np.int64],
) -> float:
    queue, qn, dirty = S[QUEUE], S[QN], S[DIRTY]
    units = a.shape[0]
    groups = lo.shape[0]
    row = np.empty(groups)
    snap = np.empty(units, np.int64)
    total = 0.0
    while qn[0] > 0:
        t = rand_below(st, qn[0])
        r = queue[t]
        qn[0] -= 1
        queue[t] = queue[qn[0]]
        dirty[r] = False
        if sz[r] < hi[r]:
            best = EPS
            bi = -1
            gr = gain[r]
            for i in range(units):
                p = a[i]
                v = gr[i] - own[i]
                if v > best and p != r and sz[p] > lo[p]:
                    best = v
                    bi = i
            cnt[0] += units
            if bi >= 0:
                _pure_apply(d, a, gain, own, sz, S, bi, r)
                total += best
        m = 0
        for i in range(units):
            if a[i] == r:
                snap[m] = i
                m += 1
        for t2 in range(m):
            i = snap[t2]
            p = a[i]
            if p != r:
                continue
            oi = own[i]
            for g in range(groups):
                row[g] = gain[g, i] - oi
            best = EPS
            bj = -1
            rp = gain[p]
            di = d[i]
            # Same-group partners score -2 d(i, j) <= 0: no branch needed to skip them.
            for j in range(units):
                v = row[a[j]] + rp[j] - own[j] - 2.0 * di[j]
                if v > best:
                    best = v
                    bj = j
            bq = -1
            if sz[p] > lo[p]:
                for q in range(groups):
                    if q != p and sz[q] < hi[q] and row[q] > best:
                        best = row[q]
                        bq = q
            cnt[0] += units + groups
            if bq >= 0:
                _pure_apply(d, a, gain, own, sz, S, i, bq)
                total += best
            elif bj >= 0:
                q = a[bj]
                _pure_apply(d, a, gain, own, sz, S, i, q)
                _pure_apply(d, a, gain, own, sz, S, bj, p)
                total += best
    return total


@njit(cache=True)
def _pure_perturb(
    d: NDArray[np.float64],
    a: NDArray[np.int64],
    gain: NDArray[np.float64],
    own: NDArray[np.float64],
    sz: NDArray[np.int64],
    S: State,
    st: NDArray[np.uint64],
    steps: int,
    tournament: int,
) -> float:
    units = a.shape[0]
    total = 0.0
    for _ in range(steps):
        best = NEG
        bi = -1
        bj = -1
        got = 0
        tries = 0
        while got < tournament and tries < 50 * tournament:
            tries += 1
            i = rand_below(st, units)
            j = rand_below(st, units)
            p, q = a[i], a[j]
            if p == q:
                continue
            got += 1
            v = gain[q, i] - own[i] + gain[p, j] - own[j] - 2.0 * d[i, j]
            if v > best:
                best, bi, bj = v, i, j
        if bi < 0:
            break
        p, q = a[bi], a[bj]
        _pure_apply(d, a, gain, own, sz, S, bi, q)
        _pure_apply(d, a, gain, own, sz, S, bj, p)
        total += best
    return total


@njit(cache=True, nogil=True)
def descent(P: Static, S: State, st: NDArray[np.uint64], cnt: NDArray[np.int64]) -> float:
    """Improve until no move or swap helps; returns the gain. Only dirty groups are rescanned."""
    if P[PURE]:
        return _pure_descent(P[D], S[A], S[GAIN], S[OWN], S[SZ], P[LO], P[HI], S, st, cnt)
    return _general_descent(P, S, st, cnt)


@njit(cache=True)
def perturb(
    P: Static,
    S: State,
    st: NDArray[np.uint64],
    steps: int,
    p_move: float,
    tournament: int,
) -> float:
    """Apply ``steps`` random feasible moves or swaps, each the best of ``tournament`` draws."""
    if P[PURE] and p_move == 0.0:
        return _pure_perturb(P[D], S[A], S[GAIN], S[OWN], S[SZ], S, st, steps, tournament)
    return _general_perturb(P, S, st, steps, p_move, tournament)


# Indices into the controller arrays of :func:`ils_run`.
C_ROUND, C_STRENGTH, C_SEARCHES, C_IMPROVED = range(4)
F_CUR, F_MS, F_BEST = range(3)


@njit(cache=True, nogil=True)
def ils_run(
    P: Static,
    S: State,
    MS: State,
    best_assign: NDArray[np.int64],
    ctl: NDArray[np.int64],
    fv: NDArray[np.float64],
    st: NDArray[np.uint64],
    cnt: NDArray[np.int64],
    budget: int,
    max_searches: int,
    params: NDArray[np.float64],
) -> None:
    """Run local searches until ``cnt[0] >= budget`` or ``max_searches`` have run; resumable,
    so chunking never changes the trajectory. ``MS`` holds the maxima search's best solution."""
    alpha = int(params[0])
    weak = int(params[1])
    s_min = int(params[2])
    s_max = int(params[3])
    p_move = params[4]
    tournament = int(params[5])
    while cnt[0] < budget and ctl[C_SEARCHES] < max_searches:
        if ctl[C_ROUND] < alpha:
            fv[F_CUR] += perturb(P, S, st, weak, p_move, tournament)
            fv[F_CUR] += descent(P, S, st, cnt)
            if fv[F_CUR] > fv[F_MS] + EPS:
                copy_state(S, MS)
                fv[F_MS] = fv[F_CUR]
                ctl[C_ROUND] = 0
                if fv[F_CUR] > fv[F_BEST] + EPS:
                    fv[F_BEST] = fv[F_CUR]
                    best_assign[:] = S[A]
                    ctl[C_IMPROVED] = 1
            else:
                ctl[C_ROUND] += 1
        else:
            if ctl[C_IMPROVED]:
                ctl[C_STRENGTH] = s_min
            else:
                ctl[C_STRENGTH] += 1
                if ctl[C_STRENGTH] > s_max:
                    ctl[C_STRENGTH] = s_min
            ctl[C_IMPROVED] = 0
            # Continue from the maxima search's best: a walk over good local optima.
            copy_state(MS, S)
            fv[F_CUR] = fv[F_MS]
            fv[F_CUR] += perturb(P, S, st, ctl[C_STRENGTH], p_move, 1)
            fv[F_CUR] += descent(P, S, st, cnt)
            copy_state(S, MS)
            fv[F_MS] = fv[F_CUR]
            ctl[C_ROUND] = 0
            if fv[F_CUR] > fv[F_BEST] + EPS:
                fv[F_BEST] = fv[F_CUR]
                best_assign[:] = S[A]
                ctl[C_IMPROVED] = 1
        ctl[C_SEARCHES] += 1
