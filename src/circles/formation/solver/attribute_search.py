"""Compiled search for attribute input: no N x N array, O(attributes) per candidate.

Per group we keep the count of every category value and, per numeric attribute, the sum and
sum of squares of the scaled values. A group's pairwise part is then

    pair_coef * C(size, 2) + sum_values coef * C(count, 2) + sum_numeric coef * (size * S2 - S1^2)

so the change from one unit leaving and another joining follows from a handful of counts.

Full neighbourhoods are far too large at 100,000 people, so the search samples: a random unit
and a random group (move) or a random partner (swap), accepted by simulated annealing. Cycles
of annealing restart from the best solution with periodic reheats; the schedule counts
iterations, never seconds, so a seed fixes the trajectory.
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
    extras_total,
)
from .rng import rand_below, rand_unit

NEG = -1e300

Static = tuple[Any, ...]
State = tuple[Any, ...]

(
    LO,
    HI,
    WEIGHT,
    FIXED,
    APTR,
    AIDX,
    VPTR,
    VIDX,
    VW,
    MOVABLE,
    PAIR_COEF,
    CPTR,
    CCODE,
    CMULT,
    CCOEF,
    NS1,
    NS2,
    NCOEF,
    HAS_APART,
    HAS_AVOID,
    HAS_EXTRAS,
    XS,
) = range(22)
A, SZ, CNT, S1, S2, XD = range(6)


@njit(cache=True, inline="always")
def _pairs(s: float) -> float:
    return 0.5 * s * (s - 1.0)


@njit(cache=True)
def group_change(P: Static, S: State, g: int, u: int, v: int) -> float:
    """Change of group g's pairwise part when unit u leaves and unit v joins (-1: nobody)."""
    weight = P[WEIGHT]
    s_old = S[SZ][g]
    wu = weight[u] if u >= 0 else 0
    wv = weight[v] if v >= 0 else 0
    s_new = s_old - wu + wv
    delta = P[PAIR_COEF] * (_pairs(s_new) - _pairs(s_old))
    cptr, code, mult, coef = P[CPTR], P[CCODE], P[CMULT], P[CCOEF]
    cnt = S[CNT]
    for k in range(cptr.shape[1] - 1):
        ua = cptr[u, k] if u >= 0 else 0
        ub = cptr[u, k + 1] if u >= 0 else 0
        va = cptr[v, k] if v >= 0 else 0
        vb = cptr[v, k + 1] if v >= 0 else 0
        if ub - ua == 1 and vb - va == 1 and code[ua] == code[va] and mult[ua] == mult[va]:
            continue
        for e in range(ua, ub):
            c = code[e]
            m = -mult[e]
            for f in range(va, vb):
                if code[f] == c:
                    m += mult[f]
            if m != 0:
                delta += coef[c] * (m * cnt[g, c] + 0.5 * m * (m - 1))
        for f in range(va, vb):
            c = code[f]
            seen = False
            for e in range(ua, ub):
                if code[e] == c:
                    seen = True
            if not seen:
                m = mult[f]
                delta += coef[c] * (m * cnt[g, c] + 0.5 * m * (m - 1))
    ncoef = P[NCOEF]
    if ncoef.shape[0]:
        s1, s2, x1, x2 = S[S1], S[S2], P[NS1], P[NS2]
        for k in range(ncoef.shape[0]):
            a1 = s1[g, k]
            a2 = s2[g, k]
            b1 = a1
            b2 = a2
            if u >= 0:
                b1 -= x1[u, k]
                b2 -= x2[u, k]
            if v >= 0:
                b1 += x1[v, k]
                b2 += x2[v, k]
            delta += ncoef[k] * ((s_new * b2 - b1 * b1) - (s_old * a2 - a1 * a1))
    return delta


@njit(cache=True)
def _avoid_with(P: Static, S: State, u: int, g: int, skip: int) -> float:
    """Summed earlier-pairing weight between u and the members of g, ignoring ``skip``."""
    tot = 0.0
    a = S[A]
    for e in range(P[VPTR][u], P[VPTR][u + 1]):
        x = P[VIDX][e]
        if x != skip and x != u and a[x] == g:
            tot += P[VW][e]
    return tot


@njit(cache=True)
def _apart_clash(P: Static, S: State, u: int, g: int, skip: int) -> bool:
    a = S[A]
    for e in range(P[APTR][u], P[APTR][u + 1]):
        x = P[AIDX][e]
        if x != skip and a[x] == g:
            return True
    return False


@njit(cache=True)
def _move_parts(P: Static, S: State, u: int, p: int, q: int) -> tuple[float, float]:
    """Change of the scores of groups p and q when unit u moves from p to q."""
    dp = group_change(P, S, p, u, -1)
    dq = group_change(P, S, q, -1, u)
    if P[HAS_AVOID]:
        dp += _avoid_with(P, S, u, p, -1)
        dq -= _avoid_with(P, S, u, q, -1)
    inner = P[XS][INNER][u]
    return dp - inner, dq + inner


@njit(cache=True)
def move_gain(P: Static, S: State, u: int, q: int) -> float:
    a, sz = S[A], S[SZ]
    p = a[u]
    if p == q or P[FIXED][u] >= 0:
        return NEG
    w = P[WEIGHT][u]
    if sz[p] - w < P[LO][p] or sz[q] + w > P[HI][q]:
        return NEG
    if P[HAS_APART] and _apart_clash(P, S, u, q, -1):
        return NEG
    xs = P[XS]
    if (xs[Q_ON] or xs[T_ON]) and not extras_allowed(xs, S[XD], p, q, u, -1, sz, P[WEIGHT]):
        return NEG
    dp, dq = _move_parts(P, S, u, p, q)
    delta = dp + dq
    if P[HAS_EXTRAS]:
        delta -= extras_delta(xs, S[XD], p, q, u, -1, sz, P[WEIGHT])
        if xs[B_ON]:
            delta -= balance_delta(xs, S[XD], p, q, dp, dq)
    return delta


@njit(cache=True)
def swap_gain(P: Static, S: State, u: int, v: int) -> float:
    a, sz = S[A], S[SZ]
    p, q = a[u], a[v]
    if p == q or P[FIXED][u] >= 0 or P[FIXED][v] >= 0:
        return NEG
    wu, wv = P[WEIGHT][u], P[WEIGHT][v]
    if wu != wv:
        if sz[p] - wu + wv < P[LO][p] or sz[p] - wu + wv > P[HI][p]:
            return NEG
        if sz[q] - wv + wu < P[LO][q] or sz[q] - wv + wu > P[HI][q]:
            return NEG
    if P[HAS_APART] and (_apart_clash(P, S, u, q, v) or _apart_clash(P, S, v, p, u)):
        return NEG
    xs = P[XS]
    if (xs[Q_ON] or xs[T_ON]) and not extras_allowed(xs, S[XD], p, q, u, v, sz, P[WEIGHT]):
        return NEG
    dp = group_change(P, S, p, u, v)
    dq = group_change(P, S, q, v, u)
    if P[HAS_AVOID]:
        dp += _avoid_with(P, S, u, p, -1) - _avoid_with(P, S, v, p, u)
        dq += _avoid_with(P, S, v, q, -1) - _avoid_with(P, S, u, q, v)
    delta = dp + dq
    if P[HAS_EXTRAS]:
        delta -= extras_delta(xs, S[XD], p, q, u, v, sz, P[WEIGHT])
        if xs[B_ON]:
            inner = xs[INNER][u] - xs[INNER][v]
            delta -= balance_delta(xs, S[XD], p, q, dp - inner, dq + inner)
    return delta


@njit(cache=True)
def apply_move(P: Static, S: State, u: int, q: int) -> None:
    a, sz = S[A], S[SZ]
    p = a[u]
    if P[XS][B_ON]:
        dp, dq = _move_parts(P, S, u, p, q)
        balance_apply(S[XD], p, dp)
        balance_apply(S[XD], q, dq)
    cptr, code, mult = P[CPTR], P[CCODE], P[CMULT]
    cnt = S[CNT]
    for e in range(cptr[u, 0], cptr[u, cptr.shape[1] - 1]):
        cnt[p, code[e]] -= mult[e]
        cnt[q, code[e]] += mult[e]
    for k in range(P[NCOEF].shape[0]):
        S[S1][p, k] -= P[NS1][u, k]
        S[S2][p, k] -= P[NS2][u, k]
        S[S1][q, k] += P[NS1][u, k]
        S[S2][q, k] += P[NS2][u, k]
    w = P[WEIGHT][u]
    sz[p] -= w
    sz[q] += w
    a[u] = q
    if P[HAS_EXTRAS]:
        extras_apply(P[XS], S[XD], u, p, q, sz)


@njit(cache=True, nogil=True)
def rebuild(P: Static, S: State) -> None:
    a, sz, cnt = S[A], S[SZ], S[CNT]
    sz[:] = 0
    cnt[:] = 0
    S[S1][:] = 0.0
    S[S2][:] = 0.0
    cptr, code, mult = P[CPTR], P[CCODE], P[CMULT]
    for u in range(a.shape[0]):
        g = a[u]
        sz[g] += P[WEIGHT][u]
        for e in range(cptr[u, 0], cptr[u, cptr.shape[1] - 1]):
            cnt[g, code[e]] += mult[e]
        for k in range(P[NCOEF].shape[0]):
            S[S1][g, k] += P[NS1][u, k]
            S[S2][g, k] += P[NS2][u, k]
    if P[HAS_EXTRAS]:
        extras_build(P[XS], S[XD], a, sz)
    if P[XS][B_ON]:
        gd = S[XD][GD]
        for g in range(sz.shape[0]):
            gd[g] = _group_pairs(P, S, g)
        for u in range(a.shape[0]):
            gd[a[u]] += P[XS][INNER][u]
            if P[HAS_AVOID]:
                gd[a[u]] -= 0.5 * _avoid_with(P, S, u, a[u], -1)
        balance_refresh(S[XD])


@njit(cache=True)
def _group_pairs(P: Static, S: State, g: int) -> float:
    """Group g's pairwise part from its tallies."""
    coef = P[CCOEF]
    s = np.float64(S[SZ][g])
    tot = P[PAIR_COEF] * _pairs(s)
    for c in range(coef.shape[0]):
        x = S[CNT][g, c]
        if x > 1:
            tot += coef[c] * _pairs(x)
    for k in range(P[NCOEF].shape[0]):
        tot += P[NCOEF][k] * (s * S[S2][g, k] - S[S1][g, k] ** 2)
    return tot


@njit(cache=True)
def objective(P: Static, S: State) -> float:
    """The full objective from the group tallies (O(groups x values))."""
    sz = S[SZ]
    tot = 0.0
    for g in range(sz.shape[0]):
        tot += _group_pairs(P, S, g)
    if P[HAS_AVOID]:
        a = S[A]
        pen = 0.0
        for u in range(a.shape[0]):
            pen += _avoid_with(P, S, u, a[u], -1)
        tot -= 0.5 * pen
    if P[HAS_EXTRAS]:
        tot -= extras_total(P[XS], S[XD], sz)
        tot -= balance_total(P[XS], S[XD])
    return tot


@njit(cache=True)
def copy_state(src: State, dst: State) -> None:
    dst[A][:] = src[A]
    dst[SZ][:] = src[SZ]
    dst[CNT][:] = src[CNT]
    dst[S1][:] = src[S1]
    dst[S2][:] = src[S2]
    extras_copy(src[XD], dst[XD])


@njit(cache=True)
def _candidate(
    P: Static, S: State, st: NDArray[np.uint64], p_move: float
) -> tuple[float, int, int, int]:
    """One random feasible move (v = -1) or swap: (gain, u, v, target group)."""
    movable = P[MOVABLE]
    nm = movable.shape[0]
    groups = P[LO].shape[0]
    u = movable[rand_below(st, nm)]
    if rand_unit(st) < p_move:
        q = rand_below(st, groups)
        return move_gain(P, S, u, q), u, -1, q
    v = movable[rand_below(st, nm)]
    return swap_gain(P, S, u, v), u, v, S[A][v]


@njit(cache=True, nogil=True)
def estimate_temperature(
    P: Static, S: State, st: NDArray[np.uint64], p_move: float, samples: int
) -> float:
    """A starting temperature at which a typical worsening candidate is often accepted."""
    if P[MOVABLE].shape[0] == 0:
        return 1.0
    tot = 0.0
    k = 0
    for _ in range(samples):
        gain, _u, _v, _q = _candidate(P, S, st, p_move)
        if NEG < gain < 0.0:
            tot -= gain
            k += 1
    return 0.5 * tot / k if k else 1.0


# Controller slots for :func:`anneal_run`.
C_STEP, C_CYCLE, C_ACCEPTED = range(3)
F_CUR, F_BEST, F_T0, F_REPORT = range(4)
SLICE = 64  # the temperature changes every SLICE candidates


@njit(cache=True, nogil=True)
def anneal_run(
    P: Static,
    S: State,
    B: State,
    R: State,
    ctl: NDArray[np.int64],
    fv: NDArray[np.float64],
    st: NDArray[np.uint64],
    cnt: NDArray[np.int64],
    budget: int,
    params: NDArray[np.float64],
) -> None:
    """Anneal until ``cnt[0] >= budget`` candidates were tried; resumable without changing the
    trajectory. ``B`` is the best state at cycle ends (where cycles restart from), ``R`` the best
    seen at the end of any call (what a time limit returns)."""
    cycle_len = np.int64(params[0])
    p_move = params[1]
    log_span = np.log(params[2])  # a cycle cools from T0 to T0 / params[2]
    if P[MOVABLE].shape[0] == 0 or cycle_len <= 0:
        cnt[0] = budget
        return
    while cnt[0] < budget:
        step = ctl[C_STEP]
        reheat = 0.5 ** (ctl[C_CYCLE] % 4)
        stop = min(cycle_len, step + (budget - cnt[0]))
        temp = 1.0
        for t in range(step, stop):
            if t == step or t % SLICE == 0:
                temp = fv[F_T0] * reheat * np.exp(-log_span * (t - t % SLICE) / cycle_len)
            gain, u, v, q = _candidate(P, S, st, p_move)
            if gain <= NEG:
                continue
            if gain >= 0.0 or rand_unit(st) < np.exp(gain / temp):
                if v < 0:
                    apply_move(P, S, u, q)
                else:
                    p = S[A][u]
                    apply_move(P, S, u, q)
                    apply_move(P, S, v, p)
                fv[F_CUR] += gain
                ctl[C_ACCEPTED] += 1
        cnt[0] += stop - step
        ctl[C_STEP] = stop
        if stop >= cycle_len:
            ctl[C_STEP] = 0
            ctl[C_CYCLE] += 1
            if fv[F_CUR] > fv[F_BEST] + 1e-9:
                fv[F_BEST] = fv[F_CUR]
                copy_state(S, B)
            else:
                copy_state(B, S)
                fv[F_CUR] = fv[F_BEST]
    if fv[F_CUR] > max(fv[F_BEST], fv[F_REPORT]) + 1e-9:
        fv[F_REPORT] = fv[F_CUR]
        copy_state(S, R)


@njit(cache=True)
def random_walk(P: Static, S: State, st: NDArray[np.uint64], steps: int, p_move: float) -> float:
    """Apply ``steps`` random feasible moves or swaps whatever their effect; returns the summed
    gain. Used to check the incremental bookkeeping against a full recomputation."""
    total = 0.0
    if P[MOVABLE].shape[0] == 0:
        return total
    done = 0
    tries = 0
    while done < steps and tries < 100 * steps:
        tries += 1
        gain, u, v, q = _candidate(P, S, st, p_move)
        if gain <= NEG:
            continue
        if v < 0:
            apply_move(P, S, u, q)
        else:
            p = S[A][u]
            apply_move(P, S, u, q)
            apply_move(P, S, v, p)
        total += gain
        done += 1
    return total
