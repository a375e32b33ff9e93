"""Demo accountability between meetings: plans, goals, check-ins, transfer checks, settings."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from circles.notify.models import Preference
from circles.orgs.models import Person, Programme

from .models import (
    Commitment,
    CommitmentCheckIn,
    DevelopmentPlan,
    Goal,
    LearningTransferCheck,
)

GOALS = [
    (
        "Give feedback that people can act on",
        "Specific, observable feedback",
        "My team asks me for feedback",
    ),
    (
        "Lead a meeting where everyone speaks",
        "Facilitation, listening",
        "Quiet colleagues contribute",
    ),
    (
        "Say no to work that does not fit",
        "Prioritising, assertiveness",
        "My week has two focus blocks",
    ),
    (
        "Present to senior leaders with confidence",
        "Storytelling, brevity",
        "I finish on time, with a decision",
    ),
    ("Coach instead of solving", "Open questions, patience", "People leave with their own plan"),
    (
        "Handle conflict early",
        "Naming tension, empathy",
        "Disagreements surface in meetings, not after",
    ),
]
ROLES = ["leader", "coach", "colleague"]
UPDATES = [
    "Booked the conversation for next week.",
    "Started, harder than expected.",
    "Halfway there; the first try went well.",
    "Waiting for a reply.",
    "",
]


def create_growth_demo(programme: Programme, *, seed: int, demo_member_email: str) -> None:
    rng = random.Random(seed + 5)
    today = timezone.localdate()
    people = list(
        Person.objects.filter(
            memberships__circle__programme=programme, memberships__left_on__isnull=True
        ).distinct()
    )
    for person in people:
        plan = DevelopmentPlan.objects.create(
            organisation_id=person.organisation_id,
            owner=person,
            summary=f"{person.first_name} wants to grow as a {rng.choice(ROLES)}.",
        )
        picks = rng.sample(GOALS, k=2 if person.email == demo_member_email else rng.randint(1, 2))
        for index, (title, skills, evidence) in enumerate(picks):
            Goal.objects.create(
                plan=plan,
                title=title,
                skills=skills,
                evidence=evidence,
                shared_with_circle=index == 0 and rng.random() < 0.6,
            )
    goals_by_owner: dict[int, list[Goal]] = {}
    for goal in Goal.objects.filter(plan__owner__in=people).select_related("plan"):
        goals_by_owner.setdefault(goal.plan.owner_id, []).append(goal)
    commitments = Commitment.objects.filter(circle__programme=programme).select_related("made_at")
    for commitment in commitments:
        owned = goals_by_owner.get(commitment.owner_id)
        if owned and rng.random() < 0.5:
            commitment.goal = rng.choice(owned)
            commitment.save(update_fields=["goal"])
        if commitment.status == Commitment.Status.OPEN:
            for step in range(rng.randint(0, 2)):
                CommitmentCheckIn.objects.create(
                    commitment=commitment,
                    author_id=commitment.owner_id,
                    update=rng.choice(UPDATES),
                    percent=min(100, 30 * (step + 1) + rng.randint(0, 20)),
                    state=rng.choice(["on_track", "stuck", ""]) if step else "on_track",
                )
        elif commitment.status != Commitment.Status.DROPPED:
            closed_on = commitment.made_at.starts_at.date() + dt.timedelta(days=14)
            due_on = closed_on + dt.timedelta(days=28)
            answered = due_on < today - dt.timedelta(days=3) and rng.random() < 0.7
            # The follow-up service scheduled a check from today; the demo dates it from
            # when the commitment was closed, so that some are due and some answered.
            LearningTransferCheck.objects.update_or_create(
                commitment=commitment,
                defaults={
                    "organisation_id": commitment.organisation_id,
                    "owner_id": commitment.owner_id,
                    "due_on": due_on,
                    "answered_at": timezone.now() - dt.timedelta(days=2) if answered else None,
                    "applied": (rng.random() < 0.7) if answered else None,
                    "how": "Tried it in my one-to-ones." if answered else "",
                    "effect": "The conversation was calmer." if answered else "",
                },
            )
    # A couple of people chose fewer emails.
    for person in rng.sample(people, k=min(2, len(people))):
        if person.email != demo_member_email:
            Preference.objects.create(person=person, weekly_digest=False, meeting_reminders=False)
