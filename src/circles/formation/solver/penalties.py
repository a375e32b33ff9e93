"""Compiled bookkeeping for the group-level rules both search engines share.

Soft: time-window overlap, lone members, balance between groups. Hard: quotas and the
time-zone spread (:func:`extras_allowed` says whether a move keeps them). Both engines call
these. ``static`` is the tuple from :func:`static_tuple`, ``state`` the
tuple from :func:`new_state`; every ``*_delta`` returns the change in total penalty (positive
means worse) when unit ``u`` leaves group ``g`` and unit ``v`` joins it (either may be -1).

Shared time uses bit masks of the day's slots. Per group we keep, per slot, how many members are
available, plus two masks: slots where everyone is available (``full``) and where all but one
are (``near``). Removing a one-person unit with mask ``m`` then leaves ``full | (near & ~m)``
shared, and adding one leaves ``full & m``: O(words) per evaluation instead of O(slots).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from .model import Extras

StaticTuple = tuple[Any, ...]
StateTuple = tuple[Any, ...]


def static_tuple(extras: Extras) -> StaticTuple:
    return (
        extras.tz_on,
        extras.tz_words,
        extras.tz_slots,
        extras.tz_slot_minutes,
        extras.tz_required,
        extras.tz_weight,
        extras.unit_mask,
        extras.multi_row,
        extras.multi_count,
        extras.lone_on,
        extras.lone_ptr,
        extras.lone_code,
        extras.lone_mult,
        extras.lone_weight,
        bool(extras.rules.codes),
        extras.rules.q_ptr,
        extras.rules.q_code,
        extras.rules.q_mult,
        extras.rules.q_lo,
        extras.rules.q_hi,
        extras.rules.q_share,
        extras.rules.q_tol,
        extras.rules.q_prop,
        extras.rules.tz_on,
        extras.rules.tz_ptr,
        extras.rules.tz_bucket,
        extras.rules.tz_mult,
        extras.rules.tz_limit,
        extras.rules.tz_buckets,
        extras.balance > 0,
        extras.balance,
        extras.unit_inner,
    )


# Indices into the static tuple for the hard rules and the balance.
(Q_ON, Q_PTR, Q_CODE, Q_MULT, Q_LO, Q_HI, Q_SHARE, Q_TOL, Q_PROP) = range(14, 23)
(T_ON, T_PTR, T_BUCKET, T_MULT, T_LIMIT, T_BUCKETS, B_ON, B_WEIGHT, INNER) = range(23, 32)
# Indices into the state tuple: quota counts, bucket counts, bucket range, group scores, sums.
QCNT, TZC, TZR, GD, BAL = range(4, 9)


def has_penalties(static: StaticTuple) -> bool:
    """Whether any soft group rule costs something (time windows, lone members, balance)."""
    return bool(static[0] or static[9] or static[B_ON])


def has_rules(static: StaticTuple) -> bool:
    """Whether moves must be checked against quotas or the time-zone spread."""
    return bool(static[Q_ON] or static[T_ON])


@njit(cache=True, inline="always")
def popcount(x: np.uint64) -> int:
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return int(np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56)))


@njit(cache=True, inline="always")
def _tz_pen(static: StaticTuple, shared_slots: int, size: int) -> float:
    if size <= 0:
        return 0.0
    short = static[4] - static[3] * shared_slots
    return static[5] * short if short > 0 else 0.0


@njit(cache=True, inline="always")
def _slot_count(static: StaticTuple, u: int, s: int) -> int:
    row = static[7][u]
    if row >= 0:
        return int(np.int64(static[8][row, s]))
    return int(np.int64((static[6][u, s >> 6] >> np.uint64(s & 63)) & np.uint64(1)))


@njit(cache=True)
def _refresh_masks(static: StaticTuple, state: StateTuple, g: int, size: int) -> None:
    cnt, full, near = state[0], state[1], state[2]
    for w in range(static[1]):
        full[g, w] = np.uint64(0)
        near[g, w] = np.uint64(0)
    for s in range(static[2]):
        bit = np.uint64(1) << np.uint64(s & 63)
        if cnt[g, s] == size:
            full[g, s >> 6] |= bit
        elif cnt[g, s] == size - 1:
            near[g, s >> 6] |= bit


@njit(cache=True)
def tz_group_delta(
    static: StaticTuple,
    state: StateTuple,
    g: int,
    u: int,
    v: int,
    size_old: int,
    size_new: int,
) -> float:
    if not static[0]:
        return 0.0
    full, near = state[1], state[2]
    words = static[1]
    old = 0
    for w in range(words):
        old += popcount(full[g, w])
    before = _tz_pen(static, old, size_old)
    single_u = u < 0 or static[7][u] < 0
    single_v = v < 0 or static[7][v] < 0
    new = 0
    if single_u and single_v:
        for w in range(words):
            m = full[g, w]
            if u >= 0:
                m |= near[g, w] & ~static[6][u, w]
            if v >= 0:
                m &= static[6][v, w]
            new += popcount(m)
    else:
        cnt = state[0]
        for s in range(static[2]):
            c = np.int64(cnt[g, s])
            if u >= 0:
                c -= _slot_count(static, u, s)
            if v >= 0:
                c += _slot_count(static, v, s)
            if c == size_new:
                new += 1
    return _tz_pen(static, new, size_new) - before


@njit(cache=True)
def lone_group_delta(static: StaticTuple, state: StateTuple, g: int, u: int, v: int) -> float:
    if not static[9]:
        return 0.0
    ptr, code, mult, weight = static[10], static[11], static[12], static[13]
    cnt = state[3]
    tot = 0.0
    ua, ub = (ptr[u], ptr[u + 1]) if u >= 0 else (0, 0)
    va, vb = (ptr[v], ptr[v + 1]) if v >= 0 else (0, 0)
    for e in range(ua, ub):
        c = code[e]
        m = -mult[e]
        for f in range(va, vb):
            if code[f] == c:
                m += mult[f]
        if m != 0:
            x = cnt[g, c]
            tot += weight[c] * ((1.0 if x + m == 1 else 0.0) - (1.0 if x == 1 else 0.0))
    for f in range(va, vb):
        c = code[f]
        seen = False
        for e in range(ua, ub):
            if code[e] == c:
                seen = True
        if not seen:
            x = cnt[g, c]
            m = mult[f]
            tot += weight[c] * ((1.0 if x + m == 1 else 0.0) - (1.0 if x == 1 else 0.0))
    return tot


@njit(cache=True)
def extras_delta(
    static: StaticTuple,
    state: StateTuple,
    p: int,
    q: int,
    u: int,
    v: int,
    sz: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> float:
    """Penalty change when ``u`` moves p -> q and ``v`` (or -1) moves q -> p."""
    wu = weight[u]
    wv = weight[v] if v >= 0 else 0
    d = 0.0
    if static[0]:
        d += tz_group_delta(static, state, p, u, v, sz[p], sz[p] - wu + wv)
        d += tz_group_delta(static, state, q, v, u, sz[q], sz[q] - wv + wu)
    if static[9]:
        d += lone_group_delta(static, state, p, u, v)
        d += lone_group_delta(static, state, q, v, u)
    return d


@njit(cache=True)
def extras_apply(
    static: StaticTuple,
    state: StateTuple,
    u: int,
    p: int,
    q: int,
    sz: NDArray[np.int64],
) -> None:
    """Record that ``u`` moved p -> q; ``sz`` already holds the new sizes."""
    if static[0]:
        cnt = state[0]
        for s in range(static[2]):
            c = _slot_count(static, u, s)
            cnt[p, s] -= c
            cnt[q, s] += c
        _refresh_masks(static, state, p, sz[p])
        _refresh_masks(static, state, q, sz[q])
    if static[9]:
        ptr, code, mult = static[10], static[11], static[12]
        lc = state[3]
        for e in range(ptr[u], ptr[u + 1]):
            lc[p, code[e]] -= mult[e]
            lc[q, code[e]] += mult[e]
    if static[Q_ON] or static[T_ON]:
        _rules_apply(static, state, u, p, q)


@njit(cache=True)
def extras_build(
    static: StaticTuple,
    state: StateTuple,
    assign: NDArray[np.int64],
    sz: NDArray[np.int64],
) -> None:
    cnt = state[0]
    lc = state[3]
    cnt[:] = 0
    lc[:] = 0
    qc, tc, r = state[QCNT], state[TZC], state[TZR]
    qc[:] = 0
    tc[:] = 0
    r[:, 0] = static[T_BUCKETS]
    r[:, 1] = -1
    for u in range(assign.shape[0]):
        g = assign[u]
        if static[0]:
            for s in range(static[2]):
                cnt[g, s] += _slot_count(static, u, s)
        if static[9]:
            for e in range(static[10][u], static[10][u + 1]):
                lc[g, static[11][e]] += static[12][e]
        if static[Q_ON]:
            for e in range(static[Q_PTR][u], static[Q_PTR][u + 1]):
                qc[g, static[Q_CODE][e]] += static[Q_MULT][e]
        if static[T_ON]:
            for e in range(static[T_PTR][u], static[T_PTR][u + 1]):
                b = static[T_BUCKET][e]
                tc[g, b] += static[T_MULT][e]
                r[g, 0] = min(r[g, 0], b)
                r[g, 1] = max(r[g, 1], b)
    if static[0]:
        for g in range(sz.shape[0]):
            _refresh_masks(static, state, g, sz[g])


@njit(cache=True)
def extras_group_pen(static: StaticTuple, state: StateTuple, g: int, size: int) -> float:
    """Current penalty of group ``g`` (which holds ``size`` people)."""
    tot = 0.0
    if static[0]:
        shared = 0
        for w in range(static[1]):
            shared += popcount(state[1][g, w])
        tot += _tz_pen(static, shared, size)
    if static[9]:
        weight = static[13]
        for c in range(weight.shape[0]):
            if weight[c] != 0.0 and state[3][g, c] == 1:
                tot += weight[c]
    return tot


@njit(cache=True)
def extras_total(static: StaticTuple, state: StateTuple, sz: NDArray[np.int64]) -> float:
    tot = 0.0
    for g in range(sz.shape[0]):
        tot += extras_group_pen(static, state, g, sz[g])
    return tot


def new_state(static: StaticTuple, groups: int) -> StateTuple:
    slots = static[2] if static[0] else 1
    words = static[1] if static[0] else 1
    codes = static[13].shape[0] if static[9] else 1
    qcodes = static[Q_LO].shape[0] if static[Q_ON] else 1
    buckets = static[T_BUCKETS] if static[T_ON] else 1
    return (
        np.zeros((groups, slots), dtype=np.int32),
        np.zeros((groups, words), dtype=np.uint64),
        np.zeros((groups, words), dtype=np.uint64),
        np.zeros((groups, codes), dtype=np.int32),
        np.zeros((groups, qcodes), dtype=np.int32),
        np.zeros((groups, buckets), dtype=np.int32),
        np.zeros((groups, 2), dtype=np.int64),
        np.zeros(groups),
        np.zeros(3),
    )


@njit(cache=True)
def extras_copy(src: StateTuple, dst: StateTuple) -> None:
    dst[0][:] = src[0]
    dst[1][:] = src[1]
    dst[2][:] = src[2]
    dst[3][:] = src[3]
    dst[QCNT][:] = src[QCNT]
    dst[TZC][:] = src[TZC]
    dst[TZR][:] = src[TZR]
    dst[GD][:] = src[GD]
    dst[BAL][:] = src[BAL]


# Quotas: a group of s members holds between _bounds(c, s) members with quota code c.


@njit(cache=True, inline="always")
def _bounds(static: StaticTuple, c: int, size: int) -> tuple[int, int]:
    low = static[Q_LO][c]
    high = static[Q_HI][c]
    share = static[Q_SHARE][c]
    if share >= 0.0:
        t = static[Q_TOL][c]
        low = max(low, np.int64(np.ceil(share * size - t - 1e-9)))
        high = min(high, np.int64(np.floor(share * size + t + 1e-9)))
    return max(low, 0), high


@njit(cache=True, inline="always")
def _mult_in(
    ptr: NDArray[np.int64], code: NDArray[np.int64], mult: NDArray[np.int64], unit: int, c: int
) -> int:
    """How many members of ``unit`` (or -1: nobody) hold code c."""
    if unit < 0:
        return 0
    for e in range(ptr[unit], ptr[unit + 1]):
        if code[e] == c:
            return int(mult[e])
    return 0


@njit(cache=True, inline="always")
def _qmult(static: StaticTuple, unit: int, c: int) -> int:
    return _mult_in(static[Q_PTR], static[Q_CODE], static[Q_MULT], unit, c)


@njit(cache=True, inline="always")
def _tmult(static: StaticTuple, unit: int, b: int) -> int:
    return _mult_in(static[T_PTR], static[T_BUCKET], static[T_MULT], unit, b)


@njit(cache=True)
def _quota_group_ok(
    static: StaticTuple, state: StateTuple, g: int, out: int, inn: int, s_old: int, s_new: int
) -> bool:
    """Whether group g keeps its quotas when ``out`` leaves and ``inn`` joins (-1: nobody)."""
    cnt = state[QCNT]
    ptr, code = static[Q_PTR], static[Q_CODE]
    for side in range(2):
        unit = out if side == 0 else inn
        if unit < 0:
            continue
        for e in range(ptr[unit], ptr[unit + 1]):
            c = code[e]
            if side == 1 and _qmult(static, out, c) > 0:
                continue  # already checked from the leaving side
            x = cnt[g, c] - _qmult(static, out, c) + _qmult(static, inn, c)
            low, high = _bounds(static, c, s_new)
            if x < low or x > high:
                return False
    if s_new != s_old:
        prop = static[Q_PROP]
        for k in range(prop.shape[0]):
            c = prop[k]
            x = cnt[g, c] - _qmult(static, out, c) + _qmult(static, inn, c)
            low, high = _bounds(static, c, s_new)
            if x < low or x > high:
                return False
    return True


# Time-zone spread: per group a count per 15-minute bucket and the lowest and highest in use.


@njit(cache=True)
def _range_without(static: StaticTuple, state: StateTuple, g: int, out: int) -> tuple[int, int]:
    """Lowest and highest bucket of group g once unit ``out`` (or -1) has left it."""
    r = state[TZR]
    low, high = r[g, 0], r[g, 1]
    if out < 0 or high < 0:
        return low, high
    cnt = state[TZC]
    buckets = static[T_BUCKETS]
    if cnt[g, low] - _tmult(static, out, low) <= 0:
        b = low + 1
        while b < buckets and cnt[g, b] - _tmult(static, out, b) <= 0:
            b += 1
        low = b
    if low >= buckets:
        return buckets, -1
    if cnt[g, high] - _tmult(static, out, high) <= 0:
        b = high - 1
        while b > low and cnt[g, b] - _tmult(static, out, b) <= 0:
            b -= 1
        high = b
    return low, high


@njit(cache=True)
def _spread_ok(static: StaticTuple, state: StateTuple, g: int, out: int, inn: int) -> bool:
    if inn < 0:
        return True  # leaving never widens a group's spread
    low, high = _range_without(static, state, g, out)
    ptr, bucket = static[T_PTR], static[T_BUCKET]
    for e in range(ptr[inn], ptr[inn + 1]):
        low = min(low, bucket[e])
        high = max(high, bucket[e])
    return high - low <= static[T_LIMIT]


@njit(cache=True)
def extras_allowed(
    static: StaticTuple,
    state: StateTuple,
    p: int,
    q: int,
    u: int,
    v: int,
    sz: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> bool:
    """Whether ``u`` moving p -> q and ``v`` (or -1) moving q -> p keeps quotas and spread."""
    wu = weight[u]
    wv = weight[v] if v >= 0 else 0
    if static[Q_ON]:
        if not _quota_group_ok(static, state, p, u, v, sz[p], sz[p] - wu + wv):
            return False
        if not _quota_group_ok(static, state, q, v, u, sz[q], sz[q] - wv + wu):
            return False
    if static[T_ON]:
        if not _spread_ok(static, state, q, v, u):
            return False
        if v >= 0 and not _spread_ok(static, state, p, u, v):
            return False
    return True


@njit(cache=True)
def rules_violation(static: StaticTuple, state: StateTuple, g: int, size: int) -> int:
    """How far group g is from keeping its quotas and spread (0 when it keeps them)."""
    total = 0
    if static[Q_ON]:
        cnt = state[QCNT]
        for c in range(static[Q_LO].shape[0]):
            low, high = _bounds(static, c, size)
            x = cnt[g, c]
            if x < low:
                total += low - x
            elif x > high:
                total += x - high
    if static[T_ON]:
        r = state[TZR]
        if r[g, 1] >= 0:
            total += max(0, r[g, 1] - r[g, 0] - static[T_LIMIT])
    return total


@njit(cache=True)
def _rules_apply(static: StaticTuple, state: StateTuple, u: int, p: int, q: int) -> None:
    if static[Q_ON]:
        cnt = state[QCNT]
        ptr, code, mult = static[Q_PTR], static[Q_CODE], static[Q_MULT]
        for e in range(ptr[u], ptr[u + 1]):
            cnt[p, code[e]] -= mult[e]
            cnt[q, code[e]] += mult[e]
    if static[T_ON]:
        low, high = _range_without(static, state, p, u)
        r = state[TZR]
        cnt = state[TZC]
        ptr, bucket, mult = static[T_PTR], static[T_BUCKET], static[T_MULT]
        for e in range(ptr[u], ptr[u + 1]):
            b = bucket[e]
            cnt[p, b] -= mult[e]
            cnt[q, b] += mult[e]
            r[q, 0] = min(r[q, 0], b)
            r[q, 1] = max(r[q, 1], b)
        r[p, 0] = low
        r[p, 1] = high


# Balance: the spread between group scores, from their sum and sum of squares around a
# reference value (shifting keeps the difference of the two sums accurate).


@njit(cache=True, inline="always")
def _balance_pen(static: StaticTuple, groups: int, s1: float, s2: float) -> float:
    x = groups * s2 - s1 * s1
    return static[B_WEIGHT] * np.sqrt(x) if x > 0.0 else 0.0


@njit(cache=True)
def balance_delta(
    static: StaticTuple, state: StateTuple, p: int, q: int, dp: float, dq: float
) -> float:
    """Change of the balance penalty when group p's score changes by dp and q's by dq."""
    gd, b = state[GD], state[BAL]
    xp = gd[p] - b[0]
    xq = gd[q] - b[0]
    s1 = b[1] + dp + dq
    s2 = b[2] + (xp + dp) ** 2 - xp * xp + (xq + dq) ** 2 - xq * xq
    groups = gd.shape[0]
    return _balance_pen(static, groups, s1, s2) - _balance_pen(static, groups, b[1], b[2])


@njit(cache=True, inline="always")
def balance_apply(state: StateTuple, g: int, d: float) -> None:
    gd, b = state[GD], state[BAL]
    x = gd[g] - b[0]
    b[1] += d
    b[2] += (x + d) ** 2 - x * x
    gd[g] += d


@njit(cache=True)
def balance_refresh(state: StateTuple) -> None:
    """Recompute the sums from the group scores (after a rebuild, and against drift)."""
    gd, b = state[GD], state[BAL]
    b[0] = gd.mean() if gd.shape[0] else 0.0
    b[1] = 0.0
    b[2] = 0.0
    for g in range(gd.shape[0]):
        x = gd[g] - b[0]
        b[1] += x
        b[2] += x * x


@njit(cache=True)
def balance_total(static: StaticTuple, state: StateTuple) -> float:
    if not static[B_ON]:
        return 0.0
    b = state[BAL]
    return _balance_pen(static, state[GD].shape[0], b[1], b[2])
