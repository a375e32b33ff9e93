"""What the solver returns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .objective import Spread


@dataclass(frozen=True)
class AttributeMix:
    """How one attribute varies inside one group."""

    attribute: str
    kind: str
    contribution: float  # this attribute's part of the group's diversity
    summary: str  # e.g. "4 of 5 departments among 6 members"
    counts: dict[str, int]  # categorical: value -> members holding it
    distinct: int = 0  # categorical: number of different values present
    low: float | str | None = None  # ordinal / numeric: smallest value present
    high: float | str | None = None
    mean: float | None = None
    spread: float | None = None  # standard deviation of the values present


@dataclass(frozen=True)
class GroupReport:
    """Why a group is diverse and what its soft rules cost."""

    group: int
    members: tuple[int, ...]
    diversity: float
    attributes: tuple[AttributeMix, ...]
    penalties: dict[str, float]
    notes: tuple[str, ...]
    mean_distance: float | None = None  # matrix input: mean distance over member pairs
    shared_minutes: int | None = None  # time windows given: working minutes all members share
    score: float = 0.0  # diversity minus repeated earlier pairings: what balance evens out
    zone_minutes: int | None = None  # spread rule given: minutes between members' UTC offsets

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class SearchStats:
    iterations: int  # local searches (matrix input) or sampled candidates (attribute input)
    move_evaluations: int
    seconds: float
    stopped_by: str  # "time", "iterations" or "callback"
    engine: str  # "matrix" or "attributes"
    construction_objective: float  # objective of the first feasible assignment
    workers: int = 1  # searches run side by side; iterations and evaluations are their sum


@dataclass(frozen=True)
class LeftOut:
    """Someone the hard rules leave no place for, proposed for a waiting list."""

    person: int
    rule: str
    reason: str


@dataclass(frozen=True)
class Solution:
    assignment: NDArray[np.int64]  # person -> group
    objective: float  # diversity - sum(penalties.values())
    diversity: float
    penalties: dict[str, float]  # soft rule -> weighted cost
    groups: tuple[GroupReport, ...]
    stats: SearchStats
    seed: int
    spread: Spread | None = None  # how unevenly the groups score
    # People left out so the rest can be formed (``waiting_list=True``); their group is -1.
    left_out: tuple[LeftOut, ...] = ()

    def members(self, group: int) -> list[int]:
        return [int(i) for i in np.flatnonzero(self.assignment == group)]

    def as_lists(self) -> list[list[int]]:
        """People per group, in group order."""
        return [list(r.members) for r in self.groups]
