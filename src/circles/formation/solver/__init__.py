"""Circle formation as the maximally diverse grouping problem (anticlustering).

A pure module: numpy and numba only. Build a :class:`Problem`, call :func:`solve`, read the
:class:`Solution`. Impossible hard rules raise :class:`InfeasibleProblem`, malformed input
:class:`InvalidProblem`; both are :class:`FormationError` with ``rule`` and ``reason``.
"""

from __future__ import annotations

from .engine import solve
from .errors import FormationError, InfeasibleProblem, InvalidProblem
from .objective import RULE_EARLIER, RULE_LONE, RULE_TIME, Evaluation, evaluate
from .problem import Attribute, LoneMemberRule, Problem, TimeWindows
from .result import AttributeMix, GroupReport, SearchStats, Solution
from .sizing import group_counts, warm_up

__all__ = [
    "RULE_EARLIER",
    "RULE_LONE",
    "RULE_TIME",
    "Attribute",
    "AttributeMix",
    "Evaluation",
    "FormationError",
    "GroupReport",
    "InfeasibleProblem",
    "InvalidProblem",
    "LoneMemberRule",
    "Problem",
    "SearchStats",
    "Solution",
    "TimeWindows",
    "evaluate",
    "group_counts",
    "solve",
    "warm_up",
]
