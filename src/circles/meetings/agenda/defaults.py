"""The default agenda every organisation starts with (DESIGN: 60 minutes, five timeboxes)."""

from __future__ import annotations

from typing import NamedTuple

from circles.meetings.models import StepKind


class StepSpec(NamedTuple):
    kind: str
    title: str
    minutes: int
    prompt: str


DEFAULT_TEMPLATE_NAME = "Circle meeting (60 min)"

DEFAULT_STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        StepKind.CHECK_IN,
        "Check-in",
        10,
        "One round: how are you arriving today, in a sentence or two? No discussion yet.",
    ),
    StepSpec(
        StepKind.CASE,
        "Case share",
        10,
        "Today's case giver describes the situation and the help they want. Peers only listen.",
    ),
    StepSpec(
        StepKind.QUESTIONS,
        "Question storm",
        20,
        "Open questions only, no advice. The case giver listens and notes what strikes them.",
    ),
    StepSpec(
        StepKind.COMMITMENT,
        "Action commitment",
        10,
        "The case giver names one concrete next step and the date it will be done by.",
    ),
    StepSpec(
        StepKind.FOLLOW_UP,
        "Follow-up and close",
        10,
        "Earlier commitments: done, partly, not done or dropped, and what was learned. "
        "Then one word each to close.",
    ),
)
