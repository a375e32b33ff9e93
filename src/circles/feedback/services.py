"""Writes about feedback: pulses, feedback ratings, prompts and the pilot questionnaire."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Case, Meeting
from circles.orgs.models import Person, Programme

from .models import (
    Barrier,
    FeedbackPrompt,
    FeedbackRating,
    Pulse,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireRespondent,
)

# After this many days a meeting's pulse is no longer asked for: memories fade, and a
# late answer would say little about that meeting.
PULSE_WINDOW_DAYS = 14


def _check_scale(value: int, field: str) -> None:
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise DomainError(_("Choose a value from 1 to 5."), field=field)


def _require_attendee(meeting: Meeting, person: Person) -> None:
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("Feedback opens once the meeting has been held."))
    if not Membership.objects.filter(
        circle_id=meeting.circle_id, person=person, left_on__isnull=True
    ).exists():
        raise DomainError(_("Only members of the circle can give feedback on its meetings."))
    if not Attendance.objects.filter(
        meeting=meeting, person=person, status=Attendance.Status.ATTENDED
    ).exists():
        raise DomainError(_("Only people who attended the meeting can give feedback on it."))


@transaction.atomic
def pulse_record(*, meeting: Meeting, person: Person, safety: int, usefulness: int) -> Pulse:
    _check_scale(safety, "safety")
    _check_scale(usefulness, "usefulness")
    _require_attendee(meeting, person)
    if timezone.now() - meeting.starts_at > dt.timedelta(days=PULSE_WINDOW_DAYS * 2):
        raise DomainError(_("This meeting is too long ago for a pulse."))
    if Pulse.objects.filter(meeting=meeting, person=person).exists():
        raise DomainError(_("You already answered the pulse for this meeting."))
    try:
        with transaction.atomic():
            return Pulse.objects.create(
                organisation_id=meeting.organisation_id,
                meeting=meeting,
                person=person,
                safety=safety,
                usefulness=usefulness,
            )
    except IntegrityError as exc:  # a double submit racing the check above
        raise DomainError(_("You already answered the pulse for this meeting.")) from exc


def is_case_giver(meeting: Meeting, person: Person) -> bool:
    return Case.objects.filter(meeting=meeting, giver=person).exists()


@transaction.atomic
def rating_record(
    *,
    meeting: Meeting,
    giver: Person,
    specific: int,
    observable: int,
    impact: int,
    actionable: int,
    comment: str = "",
) -> FeedbackRating:
    """The case giver rates the feedback they received, on the four criteria."""
    for field, value in (
        ("specific", specific),
        ("observable", observable),
        ("impact", impact),
        ("actionable", actionable),
    ):
        _check_scale(value, field)
    _require_attendee(meeting, giver)
    if not is_case_giver(meeting, giver):
        raise DomainError(_("Only the person who brought a case rates the feedback on it."))
    if FeedbackRating.objects.filter(meeting=meeting, giver=giver).exists():
        raise DomainError(_("You already rated the feedback of this meeting."))
    if len(comment) > 2000:
        raise DomainError(_("Keep the comment under 2000 characters."), field="comment")
    return FeedbackRating.objects.create(
        organisation_id=meeting.organisation_id,
        meeting=meeting,
        giver=giver,
        specific=specific,
        observable=observable,
        impact=impact,
        actionable=actionable,
        comment=comment.strip(),
    )


@transaction.atomic
def prompt_dismiss(*, meeting: Meeting, person: Person) -> None:
    """ "Not now": the pulse is not asked again for this meeting (reminded once, never nagged)."""
    prompt, _created = FeedbackPrompt.objects.get_or_create(meeting=meeting, person=person)
    if prompt.dismissed_at is None:
        prompt.dismissed_at = timezone.now()
        prompt.save(update_fields=["dismissed_at"])


@transaction.atomic
def pulse_reminder_record(*, meeting: Meeting, person: Person) -> None:
    """For the email reminder: after this, ``pulses_due_for(..., for_email=True)`` skips it."""
    prompt, _created = FeedbackPrompt.objects.get_or_create(meeting=meeting, person=person)
    if prompt.reminded_at is None:
        prompt.reminded_at = timezone.now()
        prompt.save(update_fields=["reminded_at"])


@transaction.atomic
def questionnaire_open(*, programme: Programme, opened_by: Person) -> Questionnaire:
    if Questionnaire.objects.filter(programme=programme, closed_at__isnull=True).exists():
        raise DomainError(_("The questionnaire is already open."))
    return Questionnaire.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        opened_at=timezone.now(),
        opened_by=opened_by,
    )


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire) -> Questionnaire:
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.closed_at is not None:
        raise DomainError(_("The questionnaire is already closed."))
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    return locked


def takes_part(programme_id: int, person: Person) -> bool:
    return Membership.objects.filter(
        circle__programme_id=programme_id, person=person, left_on__isnull=True
    ).exists()


@transaction.atomic
def questionnaire_answer(
    *,
    questionnaire: Questionnaire,
    person: Person,
    usefulness: int,
    barriers: list[str],
    what_to_change: str = "",
    anything_else: str = "",
) -> None:
    """Store the answer with nothing that leads back to the person; remember only that they
    answered. Returns nothing, so no caller can hold the two together."""
    _check_scale(usefulness, "usefulness")
    if not questionnaire.is_open:
        raise DomainError(_("This questionnaire is closed."))
    if not takes_part(questionnaire.programme_id, person):
        raise DomainError(_("Only people taking part in the programme answer its questionnaire."))
    unknown = set(barriers) - set(Barrier.values)
    if unknown:
        raise DomainError(_("Choose barriers from the list."), field="barriers")
    if len(what_to_change) > 4000 or len(anything_else) > 4000:
        raise DomainError(_("Keep each answer under 4000 characters."))
    try:
        with transaction.atomic():
            QuestionnaireRespondent.objects.create(questionnaire=questionnaire, person=person)
    except IntegrityError as exc:
        raise DomainError(_("You already answered this questionnaire.")) from exc
    QuestionnaireAnswer.objects.create(
        questionnaire=questionnaire,
        usefulness=usefulness,
        barriers=sorted(set(barriers)),
        what_to_change=what_to_change.strip(),
        anything_else=anything_else.strip(),
    )
