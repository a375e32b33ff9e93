"""The guided path for first-time facilitators, in the product's own words (pure: no models).

Six short steps; a person who has worked through all of them is ready to facilitate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Step:
    key: str
    # Translated when shown (lazy strings): in the reader's language, not the server's.
    title: StrOrPromise
    summary: StrOrPromise
    body: StrOrPromise  # Markdown
    check: StrOrPromise  # the question a facilitator answers for themselves before ticking it off


STEPS: tuple[Step, ...] = (
    Step(
        "protocol",
        _("The protocol"),
        _("How a meeting runs, step by step."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "A meeting has five steps: a **check-in**, one person's **case**, a "
            "**question storm**, the case giver's **commitment**, and a **follow-up** of "
            "earlier commitments before closing. You hold the order; the meeting runner shows "
            "each step and its time.\n\nRead the agenda before the meeting, and decide who "
            "shares the case if nobody has prepared one."
        ),
        _("Can you name the five steps in order, and what each is for?"),
    ),
    Step(
        "time",
        _("Keeping time"),
        _("Timeboxes protect everyone's turn."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "Say the time left at the start of each step and a minute before its end. When time "
            "is up, close the step kindly: *Let's take one more question.* The runner's countdown "
            "does the watching, so you can listen.\n\nIf a step runs long, shorten a later one "
            "rather than the follow-up: commitments need their close."
        ),
        _("What will you say when the question storm reaches its last minute?"),
    ),
    Step(
        "questions",
        _("Asking open questions"),
        _("Questions that open thinking, not close it."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "Open questions start with *what*, *how* or *when*: *What did you notice?* *How would "
            "you know it had worked?* They cannot be answered with yes or no, and they do not "
            "carry an answer inside them.\n\nModel one early, then let the others ask."
        ),
        _("Turn 'Did you talk to your manager?' into an open question."),
    ),
    Step(
        "advice",
        _("Spotting advice dressed up as a question"),
        _("'Have you tried…?' is advice."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "A question that suggests its own answer (*Have you thought about…?*, *Wouldn't it be "
            "better to…?*) is advice in disguise. When you hear one, invite the asker to reword "
            "it: *Could you ask that as an open question?* Thank them: it is a habit everyone "
            "has."
        ),
        _("Which of these is advice: 'What options do you see?' or 'Could you escalate it?'"),
    ),
    Step(
        "confidentiality",
        _("Keeping confidentiality"),
        _("What is said in the circle stays in the circle."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "Remind the circle of its ground rules at the start of a case. Nothing said is "
            "repeated outside, not even without names, unless the person who said it writes it "
            "up themselves (as a success story, with everyone named consenting). Notes stay in the "
            "circle's pages; leads see only aggregates."
        ),
        _("What do you say if someone mentions a colleague's case outside the circle?"),
    ),
    Step(
        "commitment",
        _("Closing with a commitment"),
        _("A concrete next step, an owner and a date."),
        # Translators: Markdown: keep its * and ** marks and its paragraph breaks.
        _(
            "Ask the case giver: *What will you do, and by when?* A good commitment is small "
            "enough to start this week and clear enough that the next meeting can ask how it "
            "went. Record it in the runner with its due date."
        ),
        _("What makes 'I'll think about it' into a commitment?"),
    ),
)
BY_KEY = {step.key: step for step in STEPS}
KEYS = tuple(step.key for step in STEPS)
