"""What the solver is asked: people, how to compare them, group sizes and rules.

Objective (maximised)::

    sum over groups of sum over member pairs of distance(i, j)  -  weighted soft-rule penalties

The distance is either a given matrix or a weighted mix of attributes:

* categorical: ``weight`` when the two values differ (set-valued attributes: minus ``weight``
  per shared value);
* ordinal and numeric: ``weight * ((x_i - x_j) / scale) ** 2``, the scale being the value range
  unless given, so the two people furthest apart score ``weight``.

With ``similar=True`` an attribute rewards sharing instead: ``weight`` per shared value
(categorical), ``weight * (1 - ((x_i - x_j) / scale) ** 2)`` (ordinal, numeric).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidProblem

AttributeKind = Literal["categorical", "ordinal", "numeric"]
KINDS: tuple[str, ...] = ("categorical", "ordinal", "numeric")
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class Attribute:
    """One column of people's data and how much differences in it count."""

    name: str
    values: Sequence[object] | NDArray[np.generic]
    kind: AttributeKind = "categorical"
    weight: float = 1.0
    similar: bool = False
    # Ordinal levels from low to high; by default the sorted distinct values.
    order: Sequence[Hashable] | None = None
    # Ordinal and numeric differences are divided by this; by default the range of the values.
    scale: float | None = None


@dataclass(frozen=True)
class TimeWindows:
    """Working hours per person as [start, end) minutes of the day in UTC.

    Windows wrap around midnight (``end <= start``, or values outside 0..1439 are taken modulo
    a day). A group is penalised ``weight`` per minute by which the time all its members share
    falls short of ``required_minutes``. Shared time is counted in slots of ``slot_minutes``.
    """

    start: Sequence[int] | NDArray[np.integer]
    end: Sequence[int] | NDArray[np.integer]
    required_minutes: int
    weight: float = 1.0
    slot_minutes: int = 15


@dataclass(frozen=True)
class LoneMemberRule:
    """Avoid leaving someone as the only holder of an under-represented value in a group.

    The values watched are ``values`` if given, otherwise every value of the categorical
    attribute ``attribute`` held by less than ``max_share`` of the people. A value held by one
    person only is never penalised: that loneliness is unavoidable.
    """

    attribute: str
    weight: float = 1.0
    values: Sequence[Hashable] | None = None
    max_share: float = 0.5


@dataclass(frozen=True)
class AtLeastOneRule:
    """A hard rule: every group holds at least one of ``people`` (an experienced volunteer in
    each circle of new hires, say). ``label`` names one such person in messages; an impossible
    rule raises :class:`InfeasibleProblem` with ``rule`` set to ``name``."""

    people: Sequence[int]
    label: str = "volunteer"
    name: str = "at_least_one"


@dataclass(frozen=True)
class Quota:
    """Hard bounds on how many members of every group hold a value of a categorical attribute.

    The values covered are ``values`` if given, else every value of ``attribute`` held by at
    least ``min_share`` of the people. Every group holds between ``at_least`` and ``at_most``
    members with each covered value. With ``proportional`` a group of s members also holds
    the people's share of each covered value, within ``tolerance``: between
    ceil(share * s - tolerance) and floor(share * s + tolerance).

    Examples: ``Quota("location", min_share=0.1, at_least=1)`` (someone from every location
    held by 10% or more), ``Quota("department", at_most=2)``, ``Quota("gender",
    proportional=True)`` (stratified), ``Quota("volunteer", values=["yes"], at_least=1)``.
    """

    attribute: str
    values: Sequence[Hashable] | None = None
    min_share: float = 0.0
    at_least: int = 0
    at_most: int | None = None
    proportional: bool = False
    tolerance: float = 1.0


@dataclass(frozen=True)
class TimeZoneSpread:
    """Members of a group are at most ``max_minutes`` apart in UTC offset (a hard rule).

    ``offsets`` gives each person's offset in minutes east of UTC, a multiple of 15 (every
    time zone in use is); no wrap around the date line: +12:00 and -11:00 are 23 hours apart.
    """

    offsets: Sequence[int] | NDArray[np.integer]
    max_minutes: int


@dataclass(frozen=True)
class Problem:
    """A formation request. People are numbered 0..n-1, groups 0..groups-1.

    ``sizes`` is one (min, max) pair for every group or one pair per group. ``locked`` maps a
    person to the group they must be in; each ``together`` set must share a group; each
    ``keep_apart`` pair must not. ``earlier_pairs`` are (i, j) or (i, j, weight) pairings that
    cost ``weight * earlier_pair_weight`` each time they are repeated.
    """

    groups: int
    sizes: tuple[int, int] | Sequence[tuple[int, int]]
    distances: NDArray[np.floating] | None = None
    attributes: Sequence[Attribute] = ()
    people: int | None = None
    keep_apart: Sequence[tuple[int, int]] = ()
    locked: Mapping[int, int] = field(default_factory=dict)
    together: Sequence[Sequence[int]] = ()
    earlier_pairs: Sequence[tuple[int, int] | tuple[int, int, float]] = ()
    earlier_pair_weight: float = 1.0
    time_windows: TimeWindows | None = None
    lone_members: Sequence[LoneMemberRule] = ()
    at_least_one: Sequence[AtLeastOneRule] = ()
    quotas: Sequence[Quota] = ()
    time_zone_spread: TimeZoneSpread | None = None
    balance: float = 0.0

    @property
    def size(self) -> int:
        """Number of people, from whichever input gives it."""
        return people_count(self)


def people_count(problem: Problem) -> int:
    if problem.people is not None:
        return int(problem.people)
    if problem.distances is not None:
        return int(np.shape(problem.distances)[0])
    if problem.attributes:
        return len(problem.attributes[0].values)
    if problem.time_windows is not None:
        return len(problem.time_windows.start)
    raise InvalidProblem("input", "Give people's distances, attributes or a people count.")


def size_bounds(problem: Problem) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Lower and upper size bound per group."""
    g = problem.groups
    raw = np.asarray(problem.sizes, dtype=np.float64)
    if raw.shape == (2,):
        raw = np.tile(raw, (g, 1))
    if raw.shape != (g, 2):
        raise InvalidProblem(
            "input", f"Sizes must be one (min, max) pair or one pair per group ({g} groups)."
        )
    if not np.all(np.isfinite(raw)) or np.any(raw != np.round(raw)):
        raise InvalidProblem("input", "Group sizes must be whole numbers.")
    lo, hi = raw[:, 0].astype(np.int64), raw[:, 1].astype(np.int64)
    bad = np.flatnonzero((lo < 0) | (hi < lo))
    if bad.size:
        k = int(bad[0])
        raise InvalidProblem(
            "sizes",
            f"Group {k} has size bounds [{lo[k]}, {hi[k]}]: the minimum must be at least 0 "
            "and not above the maximum.",
            groups=[k],
        )
    return lo, hi


def validate(problem: Problem) -> int:
    """Check shapes, ranges and numbers; return the number of people."""
    if int(problem.groups) != problem.groups or problem.groups < 1:
        raise InvalidProblem("input", "There must be at least one group.")
    n = people_count(problem)
    if n < 1:
        raise InvalidProblem("input", "There are no people to group.")
    size_bounds(problem)
    if problem.distances is not None:
        _check_distances(problem.distances, n)
    names: set[str] = set()
    for attribute in problem.attributes:
        _check_attribute(attribute, n)
        if attribute.name in names:
            raise InvalidProblem("input", f"Attribute {attribute.name!r} is given twice.")
        names.add(attribute.name)
    if problem.distances is None and not problem.attributes and problem.people is None:
        raise InvalidProblem("input", "Give a distance matrix, attributes, or a people count.")
    for i, j in problem.keep_apart:
        _check_pair(i, j, n, "keep_apart", "keep apart")
    for pair in problem.earlier_pairs:
        if len(pair) not in (2, 3):
            raise InvalidProblem("input", "Earlier pairings are (i, j) or (i, j, weight).")
        _check_pair(pair[0], pair[1], n, "input", "avoid pairing")
        if len(pair) == 3 and not np.isfinite(float(pair[2])):
            raise InvalidProblem("input", "An earlier pairing weight is not a finite number.")
    _check_finite(problem.earlier_pair_weight, "earlier_pair_weight")
    for person, group in problem.locked.items():
        _check_person(person, n, "locked")
        if not 0 <= int(group) < problem.groups:
            raise InvalidProblem(
                "locked",
                f"Person {person} is locked into group {group}, "
                f"but groups are numbered 0 to {problem.groups - 1}.",
                people=[person],
                groups=[],
            )
    for members in problem.together:
        for person in members:
            _check_person(person, n, "together")
    if problem.time_windows is not None:
        _check_windows(problem.time_windows, n)
    for rule in problem.lone_members:
        _check_lone_rule(rule, problem.attributes)
    for cover in problem.at_least_one:
        for person in cover.people:
            _check_person(person, n, cover.name)
    for quota in problem.quotas:
        _check_quota(quota, problem.attributes)
    if problem.time_zone_spread is not None:
        _check_spread(problem.time_zone_spread, n)
    _check_finite(problem.balance, "The balance weight")
    if problem.balance < 0:
        raise InvalidProblem("input", "The balance weight cannot be negative.")
    return n


def _check_finite(value: float, what: str) -> None:
    if not np.isfinite(float(value)):
        raise InvalidProblem("input", f"{what} is not a finite number.")


def _check_person(person: int, n: int, rule: str) -> None:
    if int(person) != person or not 0 <= int(person) < n:
        raise InvalidProblem(
            rule, f"Person {person} does not exist: people are numbered 0 to {n - 1}."
        )


def _check_pair(i: int, j: int, n: int, rule: str, verb: str) -> None:
    _check_person(i, n, rule)
    _check_person(j, n, rule)
    if int(i) == int(j):
        raise InvalidProblem(rule, f"Cannot {verb} person {i} with themself.", people=[i])


def _check_distances(distances: NDArray[np.floating], n: int) -> None:
    d = np.asarray(distances)
    if d.ndim != 2 or d.shape != (n, n):
        raise InvalidProblem(
            "input", f"The distance matrix must be {n} x {n}, not {' x '.join(map(str, d.shape))}."
        )
    if not np.issubdtype(d.dtype, np.number):
        raise InvalidProblem("input", "The distance matrix must hold finite numbers.")
    # A band of rows at a time: whole-matrix temporaries would cost several times the matrix.
    step = max(1, CHECK_BLOCK // max(n, 1))
    for r in range(0, n, step):
        band = d[r : r + step]
        if not np.all(np.isfinite(band)):
            raise InvalidProblem("input", "The distance matrix must hold finite numbers.")
        if not np.allclose(band, d[:, r : r + step].T, rtol=1e-9, atol=1e-9):
            raise InvalidProblem("input", "The distance matrix must be symmetric.")


# Entries per band when checking a distance matrix (1 MB of float64).
CHECK_BLOCK = 1 << 17


def _check_attribute(attribute: Attribute, n: int) -> None:
    if attribute.kind not in KINDS:
        raise InvalidProblem(
            "input", f"Attribute {attribute.name!r} has unknown kind {attribute.kind!r}."
        )
    if len(attribute.values) != n:
        raise InvalidProblem(
            "input",
            f"Attribute {attribute.name!r} has {len(attribute.values)} values for {n} people.",
        )
    _check_finite(attribute.weight, f"The weight of {attribute.name!r}")
    if attribute.scale is not None and not (np.isfinite(attribute.scale) and attribute.scale > 0):
        raise InvalidProblem("input", f"The scale of {attribute.name!r} must be positive.")
    if attribute.kind == "numeric":
        try:
            x = np.asarray(attribute.values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidProblem(
                "input", f"Attribute {attribute.name!r} is numeric but has non-numbers."
            ) from exc
        if not np.all(np.isfinite(x)):
            raise InvalidProblem("input", f"Attribute {attribute.name!r} has missing values.")
    elif attribute.kind == "ordinal" and attribute.order is not None:
        levels = set(attribute.order)
        missing = [v for v in attribute.values if v not in levels]
        if missing:
            raise InvalidProblem(
                "input", f"Attribute {attribute.name!r} has value {missing[0]!r} not in its order."
            )
    if attribute.kind != "numeric" and any(v is None for v in attribute.values):
        raise InvalidProblem("input", f"Attribute {attribute.name!r} has missing values.")


def _check_windows(windows: TimeWindows, n: int) -> None:
    start = np.asarray(windows.start)
    end = np.asarray(windows.end)
    if start.shape != (n,) or end.shape != (n,):
        raise InvalidProblem("input", f"Time windows need one start and one end for {n} people.")
    if not (np.issubdtype(start.dtype, np.integer) and np.issubdtype(end.dtype, np.integer)):
        raise InvalidProblem("input", "Time windows are whole minutes.")
    if not 0 <= windows.required_minutes <= MINUTES_PER_DAY:
        raise InvalidProblem("input", "The required overlap must be between 0 and 1440 minutes.")
    if windows.slot_minutes < 1 or MINUTES_PER_DAY % windows.slot_minutes:
        raise InvalidProblem("input", "Time slots must divide the day into whole slots.")
    _check_finite(windows.weight, "The time-window weight")


def _check_quota(quota: Quota, attributes: Sequence[Attribute]) -> None:
    match = [a for a in attributes if a.name == quota.attribute]
    if not match or match[0].kind != "categorical":
        raise InvalidProblem(
            "quota", f"A quota needs a categorical attribute named {quota.attribute!r}."
        )
    low, high = quota.at_least, quota.at_most
    if int(low) != low or low < 0 or (high is not None and (int(high) != high or high < low)):
        raise InvalidProblem(
            "quota",
            f"The quota on {quota.attribute!r} needs whole bounds with 0 <= at least <= at most.",
        )
    if not (np.isfinite(quota.min_share) and 0 <= quota.min_share <= 1):
        raise InvalidProblem("quota", "A quota's share runs from 0 to 1.")
    if not (np.isfinite(quota.tolerance) and quota.tolerance >= 0):
        raise InvalidProblem("quota", "A quota's tolerance must be zero or more.")


def _check_spread(spread: TimeZoneSpread, n: int) -> None:
    offsets = np.asarray(spread.offsets)
    if offsets.shape != (n,) or not np.issubdtype(offsets.dtype, np.integer):
        raise InvalidProblem(
            "time_zone_spread", f"Give one whole-minute UTC offset for {n} people."
        )
    if np.any(offsets % 15) or np.any(np.abs(offsets) > 18 * 60):
        raise InvalidProblem(
            "time_zone_spread", "UTC offsets are multiples of 15 minutes within 18 hours."
        )
    if int(spread.max_minutes) != spread.max_minutes or spread.max_minutes < 0:
        raise InvalidProblem("time_zone_spread", "The largest time-zone spread must be 0 or more.")


def _check_lone_rule(rule: LoneMemberRule, attributes: Sequence[Attribute]) -> None:
    match = [a for a in attributes if a.name == rule.attribute]
    if not match or match[0].kind != "categorical":
        raise InvalidProblem(
            "input", f"The lone-member rule needs a categorical attribute named {rule.attribute!r}."
        )
    _check_finite(rule.weight, "The lone-member weight")
