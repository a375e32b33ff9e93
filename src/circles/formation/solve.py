"""The bridge from a programme's people to the pure solver in ``circles.formation.solver``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from .explanations import refusal
from .figures import UNDER_REPRESENTED_SHARE
from .inputs import ATTRIBUTES, PeopleTable
from .solver import (
    AtLeastOneRule,
    Attribute,
    FormationError,
    LoneMemberRule,
    Problem,
    Quota,
    TimeWindows,
    TimeZoneSpread,
    solve,
    warm_up,
)

# How much one repeated pair or one missing shared hour costs, against the diversity of a pair
# (about 1 per mixed attribute): enough to steer, not enough to override a strong mix.
EARLIER_PAIR_COST = 2.0
MISSING_HOUR_COST = 1.0
# When members must be able to meet inside working hours, a missing hour outweighs any mix.
MISSING_MEETING_HOUR_COST = 600.0
SHARED_INTEREST_WEIGHT = 0.5
LONE_MEMBER_COST = 1.5
# How much one unit of spread between circles costs against one unit of total mix: leads notice
# the one circle that is all one department more than a slightly better total.
BALANCE_WEIGHT = 1.0


class FormationInfeasible(Exception):
    """The hard rules cannot all hold; the message says which rule fails and why."""


@dataclass
class Formed:
    """Circles as row indices into the table, and the rows proposed for a waiting list."""

    groups: list[list[int]]
    waiting: list[tuple[int, str]] = field(default_factory=list)  # (row, rule)


def quota_rules(options: dict[str, Any]) -> list[Quota]:
    """The quotas a lead chose, from their stored form: attribute, values or a share, and
    bounds (the same shape serves every quota, such as one volunteer host per circle)."""
    out = []
    for q in options.get("quotas") or []:
        out.append(
            Quota(
                attribute=str(q["attribute"]),
                values=list(q["values"]) if q.get("values") else None,
                min_share=float(q.get("min_share", 0.0)),
                at_least=int(q.get("at_least", 0)),
                at_most=int(q["at_most"]) if q.get("at_most") is not None else None,
                proportional=bool(q.get("proportional", False)),
                tolerance=float(q.get("tolerance", 1.0)),
            )
        )
    return out


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
            attributes.append(Attribute(name, labelled(table, name), "categorical", weight))
            if options.get("no_lone_members"):
                lone.append(
                    LoneMemberRule(name, LONE_MEMBER_COST, max_share=UNDER_REPRESENTED_SHARE)
                )
        else:
            attributes.append(Attribute(name, table.numeric[name], kind, weight))  # type: ignore[arg-type]
    quotas = quota_rules(options)
    mixed = {a.name for a in attributes}
    for quota in quotas:
        if quota.attribute not in mixed and quota.attribute in table.categorical:
            # Counted for the quota, not mixed.
            attributes.append(
                Attribute(quota.attribute, labelled(table, quota.attribute), "categorical", 0.0)
            )
            mixed.add(quota.attribute)
    if options.get("match_interests"):
        first = [sorted(i)[0] if i else "—" for i in table.interests]
        attributes.append(
            Attribute("interests", first, "categorical", SHARED_INTEREST_WEIGHT, similar=True)
        )
    keep_apart = (
        list(table.keep_apart)
        + list(table.skip_apart)
        + list(table.peer_apart)
        + list(table.private_apart)
        + [(index[a], index[b]) for a, b in locks.get("apart", []) if a in index and b in index]
    )
    together = [
        [index[a], index[b]] for a, b in locks.get("together", []) if a in index and b in index
    ]
    locked = {
        index[int(pid)]: int(circle)
        for pid, circle in locks.get("fixed", {}).items()
        if int(pid) in index and int(circle) < circles
    }
    windows = None
    wanted = int(options.get("min_overlap_hours") or 0) * 60
    meeting = int(options.get("meeting_minutes", 0)) if options.get("meet_within_hours") else 0
    if wanted or meeting:
        windows = TimeWindows(
            start=table.work_windows[:, 0],
            end=table.work_windows[:, 1],
            required_minutes=max(wanted, meeting),
            weight=(MISSING_MEETING_HOUR_COST if meeting else MISSING_HOUR_COST) / 60,
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
        at_least_one=_volunteer_rule(options, index),
        quotas=quotas,
        time_zone_spread=(
            TimeZoneSpread(table.offsets, int(float(options["max_zone_hours"]) * 60))
            if options.get("max_zone_hours") is not None
            else None
        ),
        balance=BALANCE_WEIGHT if options.get("balance") else 0.0,
    )


def _volunteer_rule(options: dict[str, Any], index: dict[int, int]) -> list[AtLeastOneRule]:
    """Onboarding circles: every circle gets at least one experienced volunteer."""
    volunteers = [index[int(pid)] for pid in options.get("volunteers", []) if int(pid) in index]
    if not options.get("volunteers"):
        return []
    return [AtLeastOneRule(volunteers, label="volunteer", name="volunteer")]


def labelled(table: PeopleTable, name: str) -> Any:
    """A categorical column as its labels, so that rules and refusals speak of values."""
    return np.asarray(table.category_labels[name])[table.categorical[name]]


def solve_groups(
    table: PeopleTable,
    options: dict[str, Any],
    locks: dict[str, Any],
    *,
    circles: int,
    progress: Callable[[float, str], None] | None = None,
) -> Formed:
    """Circles of row indices into ``table``, respecting every hard rule; with the waiting
    list option, the people the rules leave no place for instead of a refusal."""

    def report(fraction: float, best: float) -> bool:
        if progress is not None:
            progress(fraction, f"best mix so far {best:.1f}")
        return True

    waiting = bool(options.get("waiting_list"))
    if not waiting:
        _check_teams(table, circles)
    # Compile (or load the compiled kernels) before the clock starts: the lead's seconds are
    # for searching.
    warm_up()
    try:
        solution = solve(
            build_problem(table, options, locks, circles=circles),
            seconds=float(options["seconds"]),
            seed=int(options.get("seed", 1)),
            progress=report,
            waiting_list=waiting,
            workers=settings.CIRCLES_FORMATION_SEARCHES,
        )
    except FormationError as error:
        raise FormationInfeasible(refusal(error, _name_of(table))) from error
    return Formed(
        groups=solution.as_lists(), waiting=[(x.person, x.rule) for x in solution.left_out]
    )


def _name_of(table: PeopleTable) -> Callable[[int], str | None]:
    def name_of(row: int) -> str | None:
        return table.names[row] if row < table.size else None

    return name_of


def _check_teams(table: PeopleTable, circles: int) -> None:
    """Refuse by name when one manager has more reports than there are circles to part them."""
    if not table.peer_apart:
        return
    degree: dict[int, int] = {}
    for a, b in table.peer_apart:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    team = max(degree.values()) + 1
    if team > circles:
        raise FormationInfeasible(
            _(
                "Some manager has %(team)s reports in the pool but there are only %(circles)s "
                "circles: people with the same manager cannot all be kept apart. Switch that "
                "rule off, or propose a waiting list."
            )
            % {"team": team, "circles": circles}
        )
