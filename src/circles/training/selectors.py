"""Readiness: which steps a person has done; who in a programme is ready to facilitate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from circles.groups.models import Membership
from circles.orgs.models import Person, Programme

from .models import TrainingProgress
from .path import KEYS, STEPS, Step


def steps_done(person: Person) -> set[str]:
    return set(TrainingProgress.objects.filter(person=person).values_list("step", flat=True))


@dataclass(frozen=True)
class Checklist:
    items: list[tuple[Step, bool]]

    @property
    def ready(self) -> bool:
        return all(done for _, done in self.items)

    @property
    def done(self) -> int:
        return sum(done for _, done in self.items)

    @property
    def next_step(self) -> Step:
        return next((step for step, done in self.items if not done), STEPS[0])


def checklist(person: Person) -> Checklist:
    done = steps_done(person)
    return Checklist([(step, step.key in done) for step in STEPS])


def trained_ids(person_ids: Iterable[int]) -> set[int]:
    """Who among these people has done every step."""
    wanted = set(person_ids)
    if not wanted:
        return set()
    rows = (
        TrainingProgress.objects.filter(person_id__in=wanted, step__in=KEYS)
        .values("person_id")
        .annotate(n=Count("step", distinct=True))
        .filter(n=len(KEYS))
    )
    return {row["person_id"] for row in rows}


@dataclass(frozen=True)
class Readiness:
    person: Person
    done: int
    ready: bool


def programme_readiness(programme: Programme, *, limit: int = 500) -> list[Readiness]:
    """Everyone in the programme's current circles with how far they are (leads' view)."""
    people = list(
        Person.objects.filter(
            pk__in=Membership.objects.filter(
                circle__programme=programme, left_on__isnull=True
            ).values("person_id")
        ).order_by("full_name", "pk")[:limit]
    )
    counts = dict(
        TrainingProgress.objects.filter(person__in=people, step__in=KEYS)
        .values("person_id")
        .annotate(n=Count("step", distinct=True))
        .values_list("person_id", "n")
    )
    return [
        Readiness(person=p, done=counts.get(p.pk, 0), ready=counts.get(p.pk, 0) == len(KEYS))
        for p in people
    ]


def facilitator_guide(person: Person, next_meetings: Iterable[object]) -> Step | None:
    """For someone who facilitates one of their circles' next meetings: the training step to
    read now (the first not done yet, or the protocol once all are); None otherwise."""
    if not any(getattr(m, "facilitator_id", None) == person.pk for m in next_meetings if m):
        return None
    return checklist(person).next_step
