"""Fair rotation of the facilitator, host and note taker roles (pure: no Django).

Input: the circle's members in a fixed order, the history of earlier meetings (who held each
role, who was unavailable), and who is unavailable for the next meeting. Output: who holds each
role at the next meeting.

How a turn is chosen, in plain words:
- Whoever has held a role least often gets it next. An absent or declining member keeps that
  priority, so they get the role at the next meeting they attend.
- Nobody holds two roles at once when at least three members are available. With two, one of
  them holds two roles; with one, all three; with none, the roles stay open.
- Among equals, the member who held the role longest ago goes first, then the member order,
  shifted by one place per role, so that without absences the roles move round the circle in
  step (meeting k: facilitator k, host k+1, note taker k+2).
- A member who joins a circle that has already met owes no turns from before they joined: they
  start level with the member furthest behind, so they are not handed every role for weeks.

The bound the property tests prove (``groups/tests/test_rotation.py``), for any circle of 3-12
members and any pattern of absences:

    For every role and any two current members p and q, after any number of meetings,
        count(p) - count(q) <= 2 + absences(q)
    where absences(q) is the number of those meetings q was unavailable for, and a late
    joiner's count starts at that floor. Two members who never missed a meeting therefore
    differ by at most 2 in every role. A role handed over by hand (a swap) may widen a gap;
    the rotation narrows it again at the following meetings.
    With nobody absent, the rotation is exact: over any run of consecutive meetings, the
    counts of any two members in any role differ by at most 1.

The rotation keeps that bound by construction: of all the ways to give out the roles, it only
considers those after which no member is more than 2 + their absences behind the holder, and
among those it picks the fairest (lowest counts, then the order above).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

ROLES: tuple[str, ...] = ("facilitator", "host", "note_taker")
# How far a holder may get ahead of a member who never missed a meeting (the proven bound).
SLACK = 2

M = TypeVar("M", bound=Hashable)


@dataclass(frozen=True)
class Turn(Generic[M]):
    """One earlier meeting: who actually held each role, and who could not be there."""

    roles: Mapping[str, M | None]
    unavailable: frozenset[M] = field(default_factory=frozenset)
    # Members who had not joined the circle yet: neither away nor owed a turn.
    outside: frozenset[M] = field(default_factory=frozenset)


@dataclass
class Tally(Generic[M]):
    """Role counts and absences of each member over a history."""

    counts: dict[str, dict[M, int]]
    absences: dict[M, int]
    last_held: dict[str, dict[M, int]]

    @classmethod
    def of(cls, members: Sequence[M], history: Iterable[Turn[M]]) -> Tally[M]:
        counts = {role: dict.fromkeys(members, 0) for role in ROLES}
        last_held = {role: dict.fromkeys(members, -1) for role in ROLES}
        absences = dict.fromkeys(members, 0)
        tally = cls(counts=counts, absences=absences, last_held=last_held)
        joined: set[M] = set()
        for number, turn in enumerate(history):
            tally._admit([p for p in members if p not in joined and p not in turn.outside], joined)
            for role in ROLES:
                holder = turn.roles.get(role)
                if holder is not None and holder in joined:
                    counts[role][holder] += 1
                    last_held[role][holder] = number
            for person in turn.unavailable:
                if person in joined:
                    absences[person] += 1
        # Who joined after the last meeting takes part from the next one.
        tally._admit([p for p in members if p not in joined], joined)
        return tally

    def _admit(self, newcomers: Sequence[M], joined: set[M]) -> None:
        """Newcomers start level with the member furthest behind (counting their absences),
        so the circle's history neither owes them turns nor lets them fall behind."""
        if joined:
            for role in ROLES:
                floor = min(self.counts[role][p] + self.absences[p] for p in joined)
                for person in newcomers:
                    self.counts[role][person] = floor
        joined.update(newcomers)


def next_roles(
    members: Sequence[M], history: Iterable[Turn[M]], unavailable: Iterable[M] = ()
) -> dict[str, M | None]:
    """Who holds each role at the next meeting (see the module docstring for the rules)."""
    if len(set(members)) != len(members):
        raise ValueError("Each member may appear only once.")
    tally = Tally.of(members, history)
    away = set(unavailable)
    available = [person for person in members if person not in away]
    if not available:
        return dict.fromkeys(ROLES, None)
    choice = _best_assignment(members, available, tally)
    return dict(zip(ROLES, choice, strict=True))


def _candidates(available: Sequence[M]) -> Iterable[tuple[M, ...]]:
    if len(available) >= len(ROLES):
        return itertools.permutations(available, len(ROLES))
    # Too few people: everyone available takes at least one role, some take more.
    everyone = set(available)
    return (
        combo for combo in itertools.product(available, repeat=len(ROLES)) if set(combo) == everyone
    )


def _best_assignment(
    members: Sequence[M], available: Sequence[M], tally: Tally[M]
) -> tuple[M, ...]:
    size = len(members)
    position = {person: index for index, person in enumerate(members)}
    rank: dict[str, dict[M, int]] = {}
    overshoot: dict[str, dict[M, int]] = {}
    for shift, role in enumerate(ROLES):
        counts, last = tally.counts[role], tally.last_held[role]
        ordered = sorted(
            available, key=lambda p: (counts[p], last[p], (position[p] - shift) % size)
        )
        rank[role] = {person: index for index, person in enumerate(ordered)}
        # How far past the allowed gap giving this role to each person would go: the gap to
        # the most exposed other member is count(holder) + 1 - (count(other) + absences(other)).
        floors = sorted((counts[p] + tally.absences[p], p) for p in available)
        overshoot[role] = {}
        for person in available:
            floor = next((value for value, other in floors if other != person), None)
            gap = 0 if floor is None else counts[person] + 1 - floor
            overshoot[role][person] = max(0, gap - SLACK)
    best: tuple[tuple[int, int, int, tuple[int, ...]], tuple[M, ...]] | None = None
    for combo in _candidates(available):
        pairs = list(zip(ROLES, combo, strict=True))
        cost = (
            max(overshoot[role][person] for role, person in pairs),
            sum(tally.counts[role][person] for role, person in pairs),
            sum(rank[role][person] for role, person in pairs),
            tuple(rank[role][person] for role, person in pairs),
        )
        if best is None or cost < best[0]:
            best = (cost, combo)
    assert best is not None  # at least one person is available, so there is a candidate
    return best[1]


def evenness_gap(members: Sequence[M], history: Sequence[Turn[M]]) -> int:
    """The largest count(p) - count(q) - absences(q) over roles and members (bound: 2)."""
    tally = Tally.of(members, history)
    worst = 0
    for role in ROLES:
        counts = tally.counts[role]
        highest = max(counts.values(), default=0)
        for person in members:
            worst = max(worst, highest - counts[person] - tally.absences[person])
    return worst
