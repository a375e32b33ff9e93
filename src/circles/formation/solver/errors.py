"""Domain errors raised before any search starts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class FormationError(ValueError):
    """A problem the solver refuses, with the rule at fault and a readable reason.

    ``rule`` is a stable machine name (``"input"``, ``"sizes"``, ``"locked"``, ``"together"``,
    ``"keep_apart"``); ``people`` and ``groups`` name the indices involved, when there are any.

    ``reason`` is English, for the solver's own callers (the bench, tests, scripts). A refusal
    that a person using the product can meet also carries ``code``, a stable name for what it
    says, and ``params``, the values its sentence is made of (numbers, labels, or the
    :class:`FormationError` it wraps), so that the product can say the same in the reader's
    language (``circles.formation.explanations``) while this package stays free of Django.
    """

    def __init__(
        self,
        rule: str,
        reason: str,
        *,
        people: Iterable[int] = (),
        groups: Iterable[int] = (),
        code: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
        self.people = tuple(int(p) for p in people)
        self.groups = tuple(int(g) for g in groups)
        self.code = code
        self.params = dict(params or {})

    def __str__(self) -> str:
        return self.reason


class InvalidProblem(FormationError):
    """The input itself is malformed: wrong shapes, indices out of range, bad numbers."""


class InfeasibleProblem(FormationError):
    """The input is well formed but no assignment can satisfy every hard rule."""
