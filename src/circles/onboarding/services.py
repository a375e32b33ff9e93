"""Onboarding circles: who is new, who hosts, and proposing circles through the formation.

A proposal is an ordinary formation run of the programme, with the volunteers named in its
options: the solver keeps at least one of them in every circle (a hard rule), and the lead
reviews, adjusts and publishes on the formation pages as for any programme.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.formation.models import FormationRun
from circles.formation.services import formation_dispatch, formation_start
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme
from circles.orgs.selectors import programmes_visible_to

from .models import OnboardingProgramme, Volunteer


def _managed(programme: Programme, by: Person) -> None:
    if not programmes_visible_to(by).filter(pk=programme.pk).exists():
        raise DomainError(_("Only the programme's leads run its onboarding circles."))


@transaction.atomic
def onboarding_configure(
    *, programme: Programme, by: Person, window_days: int = 60, every_days: int = 28
) -> OnboardingProgramme:
    """Make the programme an onboarding programme, or change its window and schedule."""
    _managed(programme, by)
    if not 7 <= window_days <= 365 or not 7 <= every_days <= 365:
        raise DomainError(_("Choose between 7 and 365 days."), field="window_days")
    settings, _created = OnboardingProgramme.objects.update_or_create(
        programme=programme, defaults={"window_days": window_days, "every_days": every_days}
    )
    return settings


def new_hires(settings: OnboardingProgramme, today: dt.date) -> QuerySet[Person]:
    """Active people who started within the window and are in none of the programme's
    current circles."""
    programme = settings.programme
    return (
        Person.objects.filter(
            organisation_id=programme.organisation_id,
            is_active=True,
            start_date__gte=today - dt.timedelta(days=settings.window_days),
            start_date__lte=today,
        )
        .exclude(memberships__circle__programme=programme, memberships__left_on__isnull=True)
        .exclude(volunteer__isnull=False)
    )


def available_volunteers(settings: OnboardingProgramme, today: dt.date) -> QuerySet[Person]:
    """Volunteers who are not new themselves and host no current circle of the programme."""
    programme = settings.programme
    return (
        Person.objects.filter(
            organisation_id=programme.organisation_id, is_active=True, volunteer__isnull=False
        )
        .exclude(start_date__gte=today - dt.timedelta(days=settings.window_days))
        .exclude(memberships__circle__programme=programme, memberships__left_on__isnull=True)
    )


@transaction.atomic
def onboarding_propose(
    *, programme: Programme, started_by: Person | None, today: dt.date | None = None
) -> FormationRun:
    """Propose circles of the window's new hires, each with a volunteer; the lead publishes."""
    settings = OnboardingProgramme.objects.select_for_update().filter(programme=programme).first()
    if settings is None:
        raise DomainError(_("This programme does not form onboarding circles."))
    if started_by is not None:
        _managed(programme, started_by)
    today = today or timezone.localdate()
    hires = list(new_hires(settings, today).values_list("pk", flat=True))
    if not hires:
        raise DomainError(_("Nobody started within the window: there is nobody to welcome yet."))
    hosts = list(available_volunteers(settings, today).values_list("pk", flat=True))
    if not hosts:
        raise DomainError(_("No experienced volunteer is free to host: ask people to opt in."))
    run = formation_start(
        programme=programme,
        started_by=started_by,
        people=Person.objects.filter(pk__in=hires + hosts),
        options={
            "volunteers": hosts,
            # New hires mix across departments and levels; tenure is what the hosts bring.
            "weights": {"department": 1.0, "level": 0.5, "location": 1.0, "tenure": 0.0},
            "avoid_earlier_pairs": False,
            "meet_within_hours": False,
            "min_overlap_hours": 1,
            "seconds": 2,
        },
    )
    settings.last_proposed_on = today
    settings.save(update_fields=["last_proposed_on"])
    return run


def onboarding_form(
    *, programme: Programme, started_by: Person | None, today: dt.date | None = None
) -> FormationRun:
    """Propose, then form the circles (at once for a small programme, else on the worker)."""
    run = onboarding_propose(programme=programme, started_by=started_by, today=today)
    formation_dispatch(run=run)
    run.refresh_from_db()
    return run


def onboarding_due(*, now: dt.datetime) -> list[FormationRun]:
    """The sweep's part: a proposal for every onboarding programme whose turn has come."""
    today = timezone.localdate(now)
    runs = []
    for settings in OnboardingProgramme.objects.select_related("programme"):
        last = settings.last_proposed_on
        if last is not None and last + dt.timedelta(days=settings.every_days) > today:
            continue
        try:
            runs.append(onboarding_form(programme=settings.programme, started_by=None, today=today))
        except DomainError:
            # Nobody new, or no host: the lead sees it on the page; try again next period.
            OnboardingProgramme.objects.filter(pk=settings.pk).update(last_proposed_on=today)
    return runs


@transaction.atomic
def volunteer_opt_in(*, person: Person) -> Volunteer:
    volunteer, _created = Volunteer.objects.get_or_create(
        person=person, defaults={"organisation_id": person.organisation_id}
    )
    return volunteer


@transaction.atomic
def volunteer_opt_out(*, person: Person) -> None:
    Volunteer.objects.filter(person=person).delete()
