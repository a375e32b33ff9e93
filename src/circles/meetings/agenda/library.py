"""Built-in agenda templates, one per well-known peer protocol, in the project's own words.

Each organisation gets its own copy of every template here (see ``agenda_templates_install``);
they are read-only so that every circle can rely on them, and leads adapt them by copying.
Timings follow the usual shape of each protocol; minutes of a round are per person or per client.
Names, descriptions, titles and prompts are lazy translations: the install copies them in the
organisation's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.meetings.agenda.defaults import DEFAULT_STEPS, DEFAULT_TEMPLATE_NAME
from circles.meetings.models import LeadRole, RoundMode, StepKind

FACILITATOR = LeadRole.FACILITATOR.value
CASE_GIVER = LeadRole.CASE_GIVER.value
NOTE_TAKER = LeadRole.NOTE_TAKER.value
EVERYONE = LeadRole.EVERYONE.value
ONCE = RoundMode.ONCE.value
EACH_MEMBER = RoundMode.EACH_MEMBER.value
EACH_CLIENT = RoundMode.EACH_CLIENT.value

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Step:
    kind: str
    title: StrOrPromise
    minutes: int
    prompt: StrOrPromise
    lead_role: str = FACILITATOR
    case_giver_silent: bool = False
    round_mode: str = ONCE


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: StrOrPromise
    description: StrOrPromise
    meeting_minutes: int
    planned_people: int
    planned_clients: int
    min_people: int
    max_people: int
    steps: tuple[Step, ...]


# The default agenda keeps the exact timings and prompts of DESIGN.md (agenda.py), with who
# leads each step and when the case giver only listens.
_DEFAULT_ROLES = {
    StepKind.CHECK_IN: (EVERYONE, False),
    StepKind.CASE: (CASE_GIVER, False),
    StepKind.QUESTIONS: (EVERYONE, True),
    StepKind.COMMITMENT: (CASE_GIVER, False),
    StepKind.FOLLOW_UP: (FACILITATOR, False),
}

CIRCLE = TemplateSpec(
    key="circle",
    name=DEFAULT_TEMPLATE_NAME,
    description=_("Check-in, one case, a question storm, a commitment, follow-up."),
    meeting_minutes=60,
    planned_people=6,
    planned_clients=1,
    min_people=4,
    max_people=8,
    steps=tuple(
        Step(
            kind=spec.kind,
            title=spec.title,
            minutes=spec.minutes,
            prompt=spec.prompt,
            lead_role=_DEFAULT_ROLES[StepKind(spec.kind)][0],
            case_giver_silent=_DEFAULT_ROLES[StepKind(spec.kind)][1],
        )
        for spec in DEFAULT_STEPS
    ),
)

KICKOFF = TemplateSpec(
    key="kickoff",
    name=_("First meeting: charter and plans (90 min)"),
    description=_(
        "Meet each other, agree the charter, share expectations, draft development plans."
    ),
    meeting_minutes=90,
    planned_people=6,
    planned_clients=1,
    min_people=3,
    max_people=8,
    steps=(
        Step(
            StepKind.CHECK_IN,
            _("Introductions"),
            3,
            _("Your name, your work, and one thing about you that your job title does not say."),
            lead_role=EVERYONE,
            round_mode=EACH_MEMBER,
        ),
        Step(
            StepKind.OTHER,
            _("Why we are here"),
            10,
            _("Read the circle's purpose together. What would make these meetings worth the time?"),
        ),
        Step(
            StepKind.OTHER,
            _("Ground rules"),
            15,
            _(
                "Go through the programme's rules, add the circle's own, and each accept them "
                "in the app before anything personal is shared."
            ),
        ),
        Step(
            StepKind.OTHER,
            _("Expectations"),
            2,
            _("Each person says what they hope to get from the circle, and what they will give."),
            lead_role=EVERYONE,
            round_mode=EACH_MEMBER,
        ),
        Step(
            StepKind.OTHER,
            _("Development plans"),
            20,
            _("Everyone drafts two or three goals and the skills behind them, then shares one."),
            lead_role=EVERYONE,
        ),
        Step(
            StepKind.OTHER,
            _("How we will run"),
            8,
            _("Confirm the rhythm, the roles and how they rotate, and who shares the first case."),
        ),
        Step(
            StepKind.FOLLOW_UP,
            # Translators: title of the last step of an agenda, the closing round.
            pgettext_lazy("agenda step", "Close"),
            1,
            _("One word each on how you leave."),
            lead_role=EVERYONE,
            round_mode=EACH_MEMBER,
        ),
    ),
)

CASE_CLINIC = TemplateSpec(
    key="case-clinic",
    name=_("Case Clinic (70 min)"),
    description=_(
        "One case giver, four or five peers: intention, stillness, mirroring, "
        "generative dialogue, closing."
    ),
    meeting_minutes=75,
    planned_people=5,
    planned_clients=1,
    min_people=4,
    max_people=5,
    steps=(
        Step(
            StepKind.CHECK_IN,
            _("Arrive and choose the case"),
            5,
            _("A quick word each, then agree who brings the case today."),
            lead_role=EVERYONE,
        ),
        Step(
            StepKind.CASE,
            _("Intention"),
            15,
            _(
                "The case giver describes the situation, what they want to create, and where they "
                "are stuck. Peers listen, then ask only questions that clarify."
            ),
            lead_role=CASE_GIVER,
        ),
        Step(
            StepKind.OTHER,
            _("Stillness"),
            3,
            _(
                "Three minutes of silence. Notice what the case stirs in you: an image, a feeling, "
                "a gesture."
            ),
            lead_role=EVERYONE,
            case_giver_silent=True,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Mirroring"),
            10,
            _(
                "Each peer offers back the image, feeling or gesture that came up, without advice. "
                "The case giver listens."
            ),
            lead_role=EVERYONE,
            case_giver_silent=True,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Generative dialogue"),
            25,
            _(
                "The case giver reflects on what was mirrored; then all explore together what "
                "could move the situation on."
            ),
            lead_role=EVERYONE,
        ),
        Step(
            StepKind.COMMITMENT,
            _("Closing"),
            12,
            _(
                "Peers say what they learned; the case giver names what they take away and a first "
                "step with a date."
            ),
            lead_role=CASE_GIVER,
        ),
    ),
)

TROIKA = TemplateSpec(
    key="troika",
    name=_("Troika Consulting (trios, 35 min)"),
    description=_("Groups of three; each person is the client once, for about ten minutes."),
    meeting_minutes=35,
    planned_people=3,
    planned_clients=3,
    min_people=3,
    max_people=3,
    steps=(
        Step(
            StepKind.CHECK_IN,
            _("Set up the trio"),
            2,
            _("Agree the order in which each of you will be the client."),
            lead_role=EVERYONE,
        ),
        Step(
            StepKind.CASE,
            _("The client asks for help"),
            2,
            _("The client states the challenge and the help they want."),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Clarifying questions"),
            2,
            _("The two consultants ask questions that help them understand, not advice."),
            lead_role=EVERYONE,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Client turns away"),
            5,
            _(
                "The client turns their back (or camera off) and listens. The consultants talk "
                "with each other: ideas, suggestions, what they notice."
            ),
            lead_role=EVERYONE,
            case_giver_silent=True,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.COMMITMENT,
            _("Client turns back"),
            1,
            _("The client says what was most useful and what they will try."),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.FOLLOW_UP,
            # Translators: title of the last step of an agenda, the closing round.
            pgettext_lazy("agenda step", "Close"),
            3,
            _("What did we learn from being consultants?"),
            lead_role=EVERYONE,
        ),
    ),
)

WISE_CROWDS = TemplateSpec(
    key="wise-crowds",
    name=_("Wise Crowds (4 clients, 70 min)"),
    description=_("Four to seven people; each client gets about fifteen minutes of the group."),
    meeting_minutes=75,
    planned_people=6,
    planned_clients=4,
    min_people=4,
    max_people=7,
    steps=(
        Step(
            StepKind.CHECK_IN,
            _("Check-in"),
            5,
            _("Who brings a challenge today, and in what order?"),
            lead_role=EVERYONE,
        ),
        Step(
            StepKind.CASE,
            _("The client asks for help"),
            2,
            _("The client describes the challenge and the help wanted."),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Questions to understand"),
            3,
            _("The helpers ask open questions to understand the situation better."),
            lead_role=EVERYONE,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Client turns around"),
            8,
            _(
                "The client turns away and takes notes in silence while the helpers offer "
                "questions, ideas and advice to each other."
            ),
            lead_role=EVERYONE,
            case_giver_silent=True,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.COMMITMENT,
            _("Client responds"),
            2,
            _("The client turns back: what was helpful, and what is the next step?"),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.FOLLOW_UP,
            # Translators: title of the last step of an agenda, the closing round.
            pgettext_lazy("agenda step", "Close"),
            5,
            _("What patterns did we see across the challenges?"),
            lead_role=EVERYONE,
        ),
    ),
)

ACTION_LEARNING = TemplateSpec(
    key="action-learning",
    name=_("Action Learning set (90 min)"),
    description=_("Report back on earlier actions, then work on two members' issues in turn."),
    meeting_minutes=90,
    planned_people=6,
    planned_clients=2,
    min_people=4,
    max_people=8,
    steps=(
        Step(
            StepKind.FOLLOW_UP,
            _("Report back"),
            2,
            _(
                "Each member says what they did since the last set, what happened and what they "
                "learned."
            ),
            lead_role=EVERYONE,
            round_mode=EACH_MEMBER,
        ),
        Step(
            StepKind.CASE,
            _("Presentation"),
            5,
            _(
                "The presenter describes the issue, why it matters to them, and what they have "
                "tried."
            ),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Clarifying questions"),
            5,
            _("Set members ask factual questions so that everyone understands the issue."),
            lead_role=EVERYONE,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.QUESTIONS,
            _("Helping questions"),
            12,
            _(
                "Open questions that help the presenter think differently; the presenter answers "
                "as they wish. No advice."
            ),
            lead_role=EVERYONE,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.OTHER,
            _("Summary"),
            4,
            _("The presenter sums up what they now see about the issue."),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.COMMITMENT,
            # Translators: title of the agenda step where the presenter commits to an action.
            pgettext_lazy("agenda step", "Action"),
            4,
            _(
                "The presenter commits to an action with a date; the set will ask about it next "
                "time."
            ),
            lead_role=CASE_GIVER,
            round_mode=EACH_CLIENT,
        ),
        Step(
            StepKind.OTHER,
            _("Review of the set"),
            8,
            _("How did we work today as a set? What would make the questions better?"),
            lead_role=EVERYONE,
        ),
    ),
)

BUILTIN_TEMPLATES: tuple[TemplateSpec, ...] = (
    CIRCLE,
    KICKOFF,
    CASE_CLINIC,
    TROIKA,
    WISE_CROWDS,
    ACTION_LEARNING,
)


def planned_total(spec: TemplateSpec) -> int:
    """Minutes the template takes with its planned number of people and clients."""
    total = 0
    for step in spec.steps:
        if step.round_mode == EACH_MEMBER:
            total += step.minutes * spec.planned_people
        elif step.round_mode == EACH_CLIENT:
            total += step.minutes * spec.planned_clients
        else:
            total += step.minutes
    return total
