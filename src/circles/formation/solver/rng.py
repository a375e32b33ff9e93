"""A small seeded generator for compiled code.

Its state is a one-element array owned by the caller, so a run depends on its seed only, never
on numba's global generator or on what else ran before.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

_MULT = np.uint64(2685821657736338717)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def new_state(seed: int) -> NDArray[np.uint64]:
    """A non-zero xorshift state derived from ``seed`` with splitmix64."""
    mask = (1 << 64) - 1
    z = (int(seed) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return np.array([z or int(_GOLDEN)], dtype=np.uint64)


@njit(cache=True, inline="always")
def next_u64(state: NDArray[np.uint64]) -> np.uint64:
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return (x * _MULT) >> np.uint64(11)


@njit(cache=True, inline="always")
def rand_below(state: NDArray[np.uint64], k: int) -> int:
    """Uniform integer in [0, k) for k >= 1."""
    # int() of a signed value stays int64 when compiled; of an unsigned one it would not.
    return int(np.int64(next_u64(state) % np.uint64(k)))


@njit(cache=True, inline="always")
def rand_unit(state: NDArray[np.uint64]) -> float:
    """Uniform float in [0, 1)."""
    return np.float64(next_u64(state)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def shuffle(state: NDArray[np.uint64], items: NDArray[np.int64]) -> None:
    for k in range(items.shape[0] - 1, 0, -1):
        r = rand_below(state, k + 1)
        items[k], items[r] = items[r], items[k]
