"""The default agenda every organisation starts with (DESIGN: 60 minutes, five timeboxes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext_lazy as _

from circles.meetings.models import StepKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StepSpec(NamedTuple):
    kind: str
    title: StrOrPromise
    minutes: int
    prompt: StrOrPromise


# Built-in content, lazy: it is copied into an organisation's database in its own language
# (``agenda_templates_install``).
DEFAULT_TEMPLATE_NAME = _("Circle meeting (60 min)")

DEFAULT_STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        StepKind.CHECK_IN,
        _("Check-in"),
        10,
        _("One round: how are you arriving today, in a sentence or two? No discussion yet."),
    ),
    StepSpec(
        StepKind.CASE,
        _("Case share"),
        10,
        _("Today's case giver describes the situation and the help they want. Peers only listen."),
    ),
    StepSpec(
        StepKind.QUESTIONS,
        _("Question storm"),
        20,
        _("Open questions only, no advice. The case giver listens and notes what strikes them."),
    ),
    StepSpec(
        StepKind.COMMITMENT,
        _("Action commitment"),
        10,
        _("The case giver names one concrete next step and the date it will be done by."),
    ),
    StepSpec(
        StepKind.FOLLOW_UP,
        _("Follow-up and close"),
        10,
        _(
            "Earlier commitments: done, partly, not done or dropped, and what was learned. "
            "Then one word each to close."
        ),
    ),
)
