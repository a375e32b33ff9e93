"""Training writes: ticking a step off, or taking it back."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from circles.lib.errors import DomainError
from circles.orgs.models import Person

from .models import TrainingProgress
from .path import BY_KEY


@transaction.atomic
def training_step_complete(*, person: Person, step: str, done: bool = True) -> None:
    if step not in BY_KEY:
        raise DomainError(_("No such step in the training."))
    if done:
        TrainingProgress.objects.get_or_create(person=person, step=step)
    else:
        TrainingProgress.objects.filter(person=person, step=step).delete()
