"""Circle formation as the maximally diverse grouping problem (anticlustering).

A pure module: numpy and numba only. Build a :class:`Problem`, call :func:`solve`, read the
:class:`Solution`. Impossible hard rules raise :class:`InfeasibleProblem`, malformed input
:class:`InvalidProblem`; both are :class:`FormationError` with ``rule`` and ``reason``.
"""

from __future__ import annotations

from .engine import solve
from .errors import FormationError, InfeasibleProblem, InvalidProblem
from .objective import (
    RULE_BALANCE,
    RULE_EARLIER,
    RULE_LONE,
    RULE_TIME,
    Evaluation,
    Spread,
    evaluate,
)
from .problem import (
    AtLeastOneRule,
    Attribute,
    LoneMemberRule,
    Problem,
    Quota,
    TimeWindows,
    TimeZoneSpread,
)
from .result import AttributeMix, GroupReport, LeftOut, SearchStats, Solution
from .rules import RULE_QUOTA, RULE_SPREAD
from .sizing import group_counts, warm_up

__all__ = [
    "RULE_BALANCE",
    "RULE_EARLIER",
    "RULE_LONE",
    "RULE_QUOTA",
    "RULE_SPREAD",
    "RULE_TIME",
    "AtLeastOneRule",
    "Attribute",
    "AttributeMix",
    "Evaluation",
    "FormationError",
    "GroupReport",
    "InfeasibleProblem",
    "InvalidProblem",
    "LeftOut",
    "LoneMemberRule",
    "Problem",
    "Quota",
    "SearchStats",
    "Solution",
    "Spread",
    "TimeWindows",
    "TimeZoneSpread",
    "evaluate",
    "group_counts",
    "solve",
    "warm_up",
]
