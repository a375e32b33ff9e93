"""Demo pulses, feedback ratings, learning-transfer answers and a closed questionnaire round,
so that the demo programme's outcomes dashboard has something to show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from circles.growth.models import Commitment, LearningTransferCheck
from circles.meetings.models import Attendance, Case, Meeting
from circles.orgs.models import Programme

from .models import (
    Barrier,
    FeedbackRating,
    Pulse,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireRespondent,
)

COMMENTS = [
    "The questions helped me see my part in it.",
    "Some advice came too early; the questions were the useful part.",
    "Very concrete. I know what I will try on Monday.",
    "I would have liked more on the impact on the team.",
]
CHANGES = [
    "Start on time: we lose ten minutes every meeting.",
    "A short guide for facilitators in their first turn.",
    "Meet monthly in the busy season.",
    "More mixing across sites for the next cycle.",
    "",
]
ELSE = ["It is the most useful hour of my fortnight.", "", "", "Hard to prepare a case."]


def create_feedback_demo(programme: Programme, *, seed: int, demo_member_email: str) -> None:
    rng = random.Random(f"feedback-{seed}")
    org_id = programme.organisation_id
    held = list(
        Meeting.objects.filter(circle__programme=programme, status=Meeting.Status.HELD).order_by(
            "starts_at", "pk"
        )
    )
    latest = {m.circle_id: m.pk for m in held}
    attended = Attendance.objects.filter(
        meeting__in=held, status=Attendance.Status.ATTENDED
    ).select_related("person")
    pulses = []
    for row in attended.order_by("meeting__starts_at", "pk"):
        if row.person.email == demo_member_email and row.meeting_id == latest.get(
            row.meeting.circle_id
        ):
            continue  # so the demo member is asked for the latest meeting's pulse
        if rng.random() < 0.12:
            continue
        lift = min(1.0, 0.15 * len([m for m in held if m.circle_id == row.meeting.circle_id]))
        pulses.append(
            Pulse(
                organisation_id=org_id,
                meeting_id=row.meeting_id,
                person=row.person,
                safety=rng.choices([2, 3, 4, 5], weights=[1, 3, 6 + lift * 3, 5])[0],
                usefulness=rng.choices([2, 3, 4, 5], weights=[1, 4, 6, 4])[0],
            )
        )
    Pulse.objects.bulk_create(pulses)
    ratings = []
    for case in Case.objects.filter(meeting__in=held).order_by("pk"):
        if rng.random() < 0.15:
            continue
        ratings.append(
            FeedbackRating(
                organisation_id=org_id,
                meeting_id=case.meeting_id,
                giver_id=case.giver_id,
                specific=rng.choice([3, 4, 4, 5]),
                observable=rng.choice([2, 3, 4, 4, 5]),
                impact=rng.choice([3, 3, 4, 5]),
                actionable=rng.choice([3, 4, 5, 5]),
                comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
            )
        )
    FeedbackRating.objects.bulk_create(ratings)
    if not LearningTransferCheck.objects.filter(organisation_id=org_id).exists():
        closed = Commitment.objects.filter(
            circle__programme=programme, status__in=["done", "partly"]
        ).order_by("pk")
        now = timezone.now()
        LearningTransferCheck.objects.bulk_create(
            LearningTransferCheck(
                organisation_id=org_id,
                commitment=c,
                owner_id=c.owner_id,
                due_on=c.due_on + dt.timedelta(days=21),
                answered_at=min(
                    now,
                    dt.datetime.combine(c.due_on, dt.time(12), tzinfo=dt.UTC)
                    + dt.timedelta(days=rng.randint(21, 28)),
                ),
                applied=rng.random() < 0.7,
            )
            for c in closed
        )
    people = list(
        programme.circles.values_list("memberships__person_id", flat=True).distinct().order_by()
    )
    round_ = Questionnaire.objects.create(
        organisation_id=org_id,
        programme=programme,
        opened_at=timezone.now() - dt.timedelta(days=20),
        closed_at=timezone.now() - dt.timedelta(days=6),
    )
    answering = [p for p in sorted(people) if rng.random() < 0.7]
    QuestionnaireRespondent.objects.bulk_create(
        QuestionnaireRespondent(questionnaire=round_, person_id=p) for p in answering
    )
    answers = [
        QuestionnaireAnswer(
            questionnaire=round_,
            usefulness=rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0],
            barriers=sorted(rng.sample(Barrier.values, k=rng.choice([0, 1, 1, 2]))),
            what_to_change=rng.choice(CHANGES),
            anything_else=rng.choice(ELSE),
        )
        for _ in answering
    ]
    QuestionnaireAnswer.objects.bulk_create(answers)
