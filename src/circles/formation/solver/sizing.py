"""Small helpers around a solve: how many groups fit, and compiling ahead of time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence

import numpy as np

from .problem import Attribute, LoneMemberRule, Problem, Quota, TimeWindows
from .rules import covers


def group_counts(people: int, min_size: int, max_size: int) -> range:
    """Every number of groups for which sizes in [min_size, max_size] can hold ``people``."""
    if people <= 0 or min_size > max_size or max_size <= 0:
        return range(0)
    low = -(-people // max_size)
    high = people // min_size if min_size > 0 else people
    return range(low, high + 1) if low <= high else range(0)


def quota_group_counts(
    quotas: Sequence[Quota], columns: Mapping[str, Sequence[Hashable]]
) -> tuple[int, int | None]:
    """The fewest and most groups that the quotas' fixed bounds allow (None: no most).

    A value held by h people, with at least a of it in every group, fits at most h // a groups;
    with at most b per group it needs at least ceil(h / b). ``columns`` holds each quota
    attribute's value per person.
    """
    fewest, most = 0, None
    for quota in quotas:
        column = columns.get(quota.attribute)
        if column is None:
            continue
        held = Counter(column)
        for value, count in held.items():
            if not covers(quota, value, count, len(column)):
                continue
            if quota.at_least > 0:
                most = (
                    count // quota.at_least if most is None else min(most, count // quota.at_least)
                )
            if quota.at_most:
                fewest = max(fewest, -(-count // quota.at_most))
    return fewest, most


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
