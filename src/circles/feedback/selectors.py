"""Reads about feedback: what a person is asked for, and what a questionnaire's round says."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.groups.models import Circle
from circles.meetings.models import Attendance, Case, Meeting
from circles.meetings.selectors import meetings_visible_to
from circles.orgs.models import Person

from .models import (
    Barrier,
    FeedbackPrompt,
    FeedbackRating,
    Pulse,
    Questionnaire,
    QuestionnaireRespondent,
)
from .services import PULSE_WINDOW_DAYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def pulses_due_for(
    person: Person, *, for_email: bool = False, now: dt.datetime | None = None
) -> QuerySet[Meeting]:
    """Held meetings of the last two weeks the person attended and has not answered or set
    aside. With ``for_email``, also those already reminded by email are left out: once only."""
    now = now or timezone.now()
    prompts = FeedbackPrompt.objects.filter(meeting=OuterRef("pk"), person=person)
    meetings = (
        meetings_visible_to(person)
        .filter(
            status=Meeting.Status.HELD,
            starts_at__lte=now,
            starts_at__gte=now - dt.timedelta(days=PULSE_WINDOW_DAYS),
        )
        .filter(
            Exists(
                Attendance.objects.filter(
                    meeting=OuterRef("pk"), person=person, status=Attendance.Status.ATTENDED
                )
            )
        )
        .exclude(Exists(Pulse.objects.filter(meeting=OuterRef("pk"), person=person)))
        .exclude(Exists(prompts.filter(dismissed_at__isnull=False)))
    )
    if for_email:
        meetings = meetings.exclude(Exists(prompts.filter(reminded_at__isnull=False)))
    return meetings.select_related("circle").order_by("-starts_at")


@dataclass(frozen=True)
class MeetingFeedbackState:
    pulse: Pulse | None
    is_case_giver: bool
    rating: FeedbackRating | None
    attended: bool


def feedback_state(meeting: Meeting, person: Person) -> MeetingFeedbackState:
    return MeetingFeedbackState(
        pulse=Pulse.objects.filter(meeting=meeting, person=person).first(),
        is_case_giver=Case.objects.filter(meeting=meeting, giver=person).exists(),
        rating=FeedbackRating.objects.filter(meeting=meeting, giver=person).first(),
        attended=Attendance.objects.filter(
            meeting=meeting, person=person, status=Attendance.Status.ATTENDED
        ).exists(),
    )


def rating_comments_for_members(circle: Circle) -> list[str]:
    """Comments case givers left on the feedback they received: for the circle's members only,
    without names or dates."""
    comments = [
        r.comment
        for r in FeedbackRating.objects.filter(meeting__circle=circle).only("comment", "pk")[:200]
        if r.comment
    ]
    return sorted(comments, key=lambda c: hashlib.sha256(c.encode()).hexdigest())


def open_questionnaires_for(person: Person) -> QuerySet[Questionnaire]:
    """Open rounds of programmes the person takes part in, that they have not answered."""
    return (
        Questionnaire.objects.filter(
            closed_at__isnull=True,
            organisation_id=person.organisation_id,
            programme__circles__memberships__person=person,
            programme__circles__memberships__left_on__isnull=True,
        )
        .exclude(
            Exists(
                QuestionnaireRespondent.objects.filter(questionnaire=OuterRef("pk"), person=person)
            )
        )
        .select_related("programme")
        .distinct()
        .order_by("-opened_at")
    )


@dataclass(frozen=True)
class QuestionnaireResults:
    questionnaire: Questionnaire
    respondents: int
    threshold: int
    visible: bool
    reason: str
    usefulness_mean: float | None
    usefulness_counts: list[tuple[int, int]]
    barrier_counts: list[tuple[StrOrPromise, int]]
    what_to_change: list[str]
    anything_else: list[str]


def _shuffled(texts: list[str]) -> list[str]:
    # A stable order that says nothing about who answered when.
    return sorted((t for t in texts if t), key=lambda t: hashlib.sha256(t.encode()).hexdigest())


def questionnaire_results(questionnaire: Questionnaire, *, threshold: int) -> QuestionnaireResults:
    """Results of a round, only once it is closed (so no one learns an answer by watching the
    figures change) and only over at least ``threshold`` respondents."""
    answers = list(questionnaire.answers.all())
    respondents = len(answers)
    visible = not questionnaire.is_open and respondents >= threshold
    if questionnaire.is_open:
        reason = _("Results appear when the questionnaire is closed.")
    elif respondents < threshold:
        reason = ngettext(
            "Fewer than %(threshold)s person answered, so nothing is shown: "
            "the answers could point to individuals.",
            "Fewer than %(threshold)s people answered, so nothing is shown: "
            "the answers could point to individuals.",
            threshold,
        ) % {"threshold": threshold}
    else:
        reason = ""
    if not visible:
        return QuestionnaireResults(
            questionnaire, respondents, threshold, False, reason, None, [], [], [], []
        )
    usefulness = Counter(a.usefulness for a in answers)
    barriers = Counter(b for a in answers for b in a.barriers)
    labels = dict(Barrier.choices)
    return QuestionnaireResults(
        questionnaire=questionnaire,
        respondents=respondents,
        threshold=threshold,
        visible=True,
        reason="",
        usefulness_mean=sum(a.usefulness for a in answers) / respondents,
        usefulness_counts=[(v, usefulness.get(v, 0)) for v in range(1, 6)],
        barrier_counts=[(labels[b], barriers.get(b, 0)) for b in Barrier.values],
        what_to_change=_shuffled([a.what_to_change for a in answers]),
        anything_else=_shuffled([a.anything_else for a in answers]),
    )
