"""The bridge from a programme's people to the pure solver in ``circles.formation.solver``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .figures import UNDER_REPRESENTED_SHARE
from .inputs import ATTRIBUTES, PeopleTable
from .solver import (
    Attribute,
    FormationError,
    LoneMemberRule,
    Problem,
    TimeWindows,
    solve,
    warm_up,
)

# How much one repeated pair or one missing shared hour costs, against the diversity of a pair
# (about 1 per mixed attribute): enough to steer, not enough to override a strong mix.
EARLIER_PAIR_COST = 2.0
MISSING_HOUR_COST = 1.0
SHARED_INTEREST_WEIGHT = 0.5
LONE_MEMBER_COST = 1.5


class FormationInfeasible(Exception):
    """The hard rules cannot all hold; the message says which rule fails and why."""


def build_problem(
    table: PeopleTable, options: dict[str, Any], locks: dict[str, Any], *, circles: int
) -> Problem:
    weights = options["weights"]
    index = table.index_of()
    attributes: list[Attribute] = []
    lone: list[LoneMemberRule] = []
    for name, (kind, _label) in ATTRIBUTES.items():
        weight = float(weights.get(name, 0))
        if weight <= 0:
            continue
        if kind == "categorical":
            attributes.append(Attribute(name, table.categorical[name], "categorical", weight))
            if options.get("no_lone_members"):
                lone.append(
                    LoneMemberRule(name, LONE_MEMBER_COST, max_share=UNDER_REPRESENTED_SHARE)
                )
        else:
            attributes.append(Attribute(name, table.numeric[name], kind, weight))  # type: ignore[arg-type]
    if options.get("match_interests"):
        first = [sorted(i)[0] if i else "—" for i in table.interests]
        attributes.append(
            Attribute("interests", first, "categorical", SHARED_INTEREST_WEIGHT, similar=True)
        )
    keep_apart = list(table.keep_apart) + [
        (index[a], index[b]) for a, b in locks.get("apart", []) if a in index and b in index
    ]
    together = [
        [index[a], index[b]] for a, b in locks.get("together", []) if a in index and b in index
    ]
    locked = {
        index[int(pid)]: int(circle)
        for pid, circle in locks.get("fixed", {}).items()
        if int(pid) in index and int(circle) < circles
    }
    windows = None
    if options.get("min_overlap_hours"):
        windows = TimeWindows(
            start=table.work_windows[:, 0],
            end=table.work_windows[:, 1],
            required_minutes=int(options["min_overlap_hours"]) * 60,
            weight=MISSING_HOUR_COST / 60,
        )
    return Problem(
        groups=circles,
        sizes=(options["min_size"], options["max_size"]),
        attributes=attributes,
        people=table.size,
        keep_apart=keep_apart,
        locked=locked,
        together=together,
        earlier_pairs=table.earlier_pairs if options.get("avoid_earlier_pairs") else (),
        earlier_pair_weight=EARLIER_PAIR_COST,
        time_windows=windows,
        lone_members=lone,
    )


def solve_groups(
    table: PeopleTable,
    options: dict[str, Any],
    locks: dict[str, Any],
    *,
    circles: int,
    progress: Callable[[float, str], None] | None = None,
) -> list[list[int]]:
    """Groups of row indices into ``table``, respecting every hard rule."""

    def report(fraction: float, best: float) -> bool:
        if progress is not None:
            progress(fraction, f"best mix so far {best:.1f}")
        return True

    # Compile (or load the compiled kernels) before the clock starts: the lead's seconds are
    # for searching.
    warm_up()
    try:
        solution = solve(
            build_problem(table, options, locks, circles=circles),
            seconds=float(options["seconds"]),
            seed=int(options.get("seed", 1)),
            progress=report,
        )
    except FormationError as error:
        raise FormationInfeasible(str(getattr(error, "reason", error))) from error
    return solution.as_lists()
