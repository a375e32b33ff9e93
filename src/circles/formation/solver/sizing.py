"""Small helpers around a solve: how many groups fit, and compiling ahead of time."""

from __future__ import annotations

import numpy as np

from .problem import Attribute, LoneMemberRule, Problem, TimeWindows


def group_counts(people: int, min_size: int, max_size: int) -> range:
    """Every number of groups for which sizes in [min_size, max_size] can hold ``people``."""
    if people <= 0 or min_size > max_size or max_size <= 0:
        return range(0)
    low = -(-people // max_size)
    high = people // min_size if min_size > 0 else people
    return range(low, high + 1) if low <= high else range(0)


def warm_up() -> None:
    """Compile (or load from the on-disk cache) every kernel on tiny problems."""
    from .engine import solve

    rng = np.random.default_rng(0)
    n = 12
    d = rng.random((n, n))
    d = d + d.T
    rules = {
        "keep_apart": [(0, 1)],
        "locked": {2: 0},
        "together": [(3, 4)],
        "earlier_pairs": [(5, 6, 1.0)],
        "time_windows": TimeWindows(
            start=[60 * (i % 5) for i in range(n)],
            end=[480 + 60 * i for i in range(n)],
            required_minutes=240,
        ),
        "lone_members": [LoneMemberRule("team")],
    }
    attrs = [
        Attribute("team", [i % 3 for i in range(n)]),
        Attribute("level", [i % 4 for i in range(n)], kind="ordinal"),
        Attribute("tenure", rng.random(n).tolist(), kind="numeric"),
    ]
    for sizes in ((4, 4), (3, 5)):
        solve(Problem(groups=3, sizes=sizes, distances=d), seconds=None, max_iterations=5)
        solve(Problem(groups=3, sizes=sizes, attributes=attrs), seconds=None, max_iterations=500)
        solve(
            Problem(groups=3, sizes=sizes, distances=d, attributes=attrs, **rules),  # type: ignore[arg-type]
            seconds=None,
            max_iterations=5,
        )
        solve(
            Problem(groups=3, sizes=sizes, attributes=attrs, **rules),  # type: ignore[arg-type]
            seconds=None,
            max_iterations=500,
        )
