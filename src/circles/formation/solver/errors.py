"""Domain errors raised before any search starts."""

from __future__ import annotations

from collections.abc import Iterable


class FormationError(ValueError):
    """A problem the solver refuses, with the rule at fault and a readable reason.

    ``rule`` is a stable machine name (``"input"``, ``"sizes"``, ``"locked"``, ``"together"``,
    ``"keep_apart"``); ``people`` and ``groups`` name the indices involved, when there are any.
    """

    def __init__(
        self,
        rule: str,
        reason: str,
        *,
        people: Iterable[int] = (),
        groups: Iterable[int] = (),
    ) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
        self.people = tuple(int(p) for p in people)
        self.groups = tuple(int(g) for g in groups)

    def __str__(self) -> str:
        return self.reason


class InvalidProblem(FormationError):
    """The input itself is malformed: wrong shapes, indices out of range, bad numbers."""


class InfeasibleProblem(FormationError):
    """The input is well formed but no assignment can satisfy every hard rule."""
