"""The walk through an agenda as it is run: which step, and whose turn, comes next.

Pure functions, no Django. A step that runs once is one stop. A step that goes round every
member is one stop per person, in the go-round order. Consecutive steps repeated per client
form a block that is walked whole for the first client, then again for the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ONCE = "once"
EACH_MEMBER = "each_member"
EACH_CLIENT = "each_client"


@dataclass(frozen=True, order=True)
class Stop:
    step_index: int
    round_position: int


def stops(round_modes: Sequence[str], people: int, clients: int) -> list[Stop]:
    """Every stop of the agenda in order (at least one per step, even with nobody listed)."""
    result: list[Stop] = []
    index = 0
    while index < len(round_modes):
        mode = round_modes[index]
        if mode == EACH_CLIENT:
            end = index
            while end < len(round_modes) and round_modes[end] == EACH_CLIENT:
                end += 1
            for client in range(max(1, clients)):
                result.extend(Stop(step, client) for step in range(index, end))
            index = end
            continue
        turns = max(1, people) if mode == EACH_MEMBER else 1
        result.extend(Stop(index, turn) for turn in range(turns))
        index += 1
    return result


def _locate(walk: list[Stop], current: Stop) -> int:
    if current in walk:
        return walk.index(current)
    # The list of people changed under a round: resume at the nearest stop not yet passed.
    later = [i for i, stop in enumerate(walk) if stop >= current]
    return later[0] if later else len(walk) - 1


def move(round_modes: Sequence[str], people: int, clients: int, current: Stop, step: int) -> Stop:
    """The stop ``step`` places after (or, negative, before) the current one, clamped to the
    agenda's ends."""
    walk = stops(round_modes, people, clients)
    if not walk:
        return Stop(0, 0)
    index = min(max(_locate(walk, current) + step, 0), len(walk) - 1)
    return walk[index]


def progress(
    round_modes: Sequence[str], people: int, clients: int, current: Stop
) -> tuple[int, int]:
    """(1-based number of the current stop, number of stops), for "stop 3 of 12"."""
    walk = stops(round_modes, people, clients)
    if not walk:
        return 0, 0
    return _locate(walk, current) + 1, len(walk)
