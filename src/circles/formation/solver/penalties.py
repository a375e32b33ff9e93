"""Compiled bookkeeping for the group-level soft rules: time-window overlap and lone members.

Both search engines call these. ``static`` is the tuple from :func:`static_tuple`, ``state`` the
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
    )


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
    for u in range(assign.shape[0]):
        g = assign[u]
        if static[0]:
            for s in range(static[2]):
                cnt[g, s] += _slot_count(static, u, s)
        if static[9]:
            for e in range(static[10][u], static[10][u + 1]):
                lc[g, static[11][e]] += static[12][e]
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
    return (
        np.zeros((groups, slots), dtype=np.int32),
        np.zeros((groups, words), dtype=np.uint64),
        np.zeros((groups, words), dtype=np.uint64),
        np.zeros((groups, codes), dtype=np.int32),
    )
