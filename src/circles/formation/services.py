"""Forming circles for a programme: start a run, adjust the proposal, publish it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from circles.enrolment import selectors as enrolment
from circles.groups.models import Circle, Membership
from circles.lib import events
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme

from .execution import circle_count, formation_execute, run_figures, run_rows, run_table
from .figures import rule_checks
from .inputs import ATTRIBUTES, DEFAULT_WEIGHTS, PeopleTable
from .models import FormationRun

# Programmes up to this size are formed while the lead waits; larger ones go to the worker.
INLINE_LIMIT = 400
# Up to this many new circles get their rhythms planned while the lead waits.
INLINE_RHYTHMS = 60
CIRCLE_NAMES = [
    "Alder",
    "Aspen",
    "Birch",
    "Cedar",
    "Cypress",
    "Elm",
    "Fir",
    "Hazel",
    "Hawthorn",
    "Holly",
    "Juniper",
    "Larch",
    "Linden",
    "Maple",
    "Oak",
    "Olive",
    "Pine",
    "Poplar",
    "Rowan",
    "Spruce",
    "Sycamore",
    "Walnut",
    "Willow",
    "Yew",
]

Progress = Callable[[float, str], None]
# One neutral refusal for every keep-apart rule a lead did not make visible themselves: it
# never says why, or at whose wish.
APART_REFUSAL = gettext_noop("That would put two people who are to be kept apart in one circle.")


def default_options(programme: Programme) -> dict[str, Any]:
    return {
        "weights": dict(DEFAULT_WEIGHTS),
        "min_size": programme.min_circle_size,
        "max_size": programme.max_circle_size,
        "keep_managers_apart": True,
        "avoid_earlier_pairs": True,
        "min_overlap_hours": 2,
        # Members must be able to meet inside everyone's working hours (a hard rule).
        "meet_within_hours": True,
        "meeting_minutes": programme.meeting_minutes,
        "match_interests": False,
        "no_lone_members": True,
        "skip_level_apart": False,
        "peers_apart": False,
        "max_zone_hours": None,
        "balance": False,
        "waiting_list": False,
        "quotas": [],
        "seconds": 5,
        "seed": 1,
    }


def participants(
    programme: Programme,
    *,
    departments: list[str] | None = None,
    locations: list[str] | None = None,
    min_level: int | None = None,
    max_level: int | None = None,
    exclude_current_members: bool = False,
    enrolled_only: bool = False,
) -> QuerySet[Person]:
    """The people who take part: everyone active in the organisation, or those who enrolled in
    the programme, optionally narrowed further."""
    if enrolled_only:
        people = enrolment.enrolled_people(programme)
    else:
        people = Person.objects.filter(organisation_id=programme.organisation_id, is_active=True)
    if departments:
        people = people.filter(department__in=departments)
    if locations:
        people = people.filter(location__in=locations)
    if min_level is not None:
        people = people.filter(level__gte=min_level)
    if max_level is not None:
        people = people.filter(level__lte=max_level)
    if exclude_current_members:
        people = people.exclude(
            memberships__circle__programme=programme, memberships__left_on__isnull=True
        )
    return people


def _check_options(options: dict[str, Any]) -> None:
    if options["min_size"] < 2 or options["max_size"] < options["min_size"]:
        raise DomainError(_("Circle sizes need 2 ≤ smallest ≤ largest."), field="max_size")
    unknown = set(options["weights"]) - set(ATTRIBUTES)
    if unknown:
        raise DomainError(
            _("Unknown attributes: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if any(w < 0 or w > 10 for w in options["weights"].values()):
        raise DomainError(_("Weights run from 0 (ignore) to 10."), field="weights")
    if not 1 <= options["seconds"] <= 600:
        raise DomainError(_("Give the search between 1 and 600 seconds."), field="seconds")
    hours = options.get("max_zone_hours")
    if hours is not None and not (isinstance(hours, int | float) and 0 <= hours <= 26):
        raise DomainError(
            _("The time-zone difference runs from 0 to 26 hours."), field="max_zone_hours"
        )
    for quota in options.get("quotas") or []:
        _check_quota(quota)


def _check_quota(quota: Any) -> None:
    """A quota as stored: a categorical attribute, values or a share, and whole bounds."""
    if not isinstance(quota, dict) or quota.get("attribute") not in {
        name for name, (kind, _label) in ATTRIBUTES.items() if kind == "categorical"
    }:
        raise DomainError(_("A quota needs an attribute such as department or location."))
    low, high = quota.get("at_least", 0), quota.get("at_most")
    share = quota.get("min_share", 0)
    if (
        not isinstance(low, int)
        or low < 0
        or (high is not None and (not isinstance(high, int) or high < low))
    ):
        raise DomainError(_("A quota's bounds are whole numbers with at least ≤ at most."))
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        # xgettext:no-python-format
        raise DomainError(_("A quota's share runs from 0 to 100%."))


@transaction.atomic
def formation_start(
    *,
    programme: Programme,
    started_by: Person | None,
    people: QuerySet[Person],
    options: dict[str, Any],
) -> FormationRun:
    options = {**default_options(programme), **options}
    _check_options(options)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    if not options.get("waiting_list") or len(ids) < options["min_size"]:
        # With a waiting list, sizes that do not divide the people leave the rest waiting.
        circle_count(len(ids), options["min_size"], options["max_size"])
    options["participants"] = ids
    return FormationRun.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        created_by=started_by,
        options=options,
    )


def short_circles(run: FormationRun) -> int:
    """How many proposed circles share less working time than one meeting."""
    return sum(1 for group in run.figures.get("groups", []) if group.get("short_of_meeting"))


def _editable(run: FormationRun) -> None:
    if run.status != FormationRun.Status.DONE:
        raise DomainError(_("Only a finished, unpublished proposal can be adjusted."))


def _position(run: FormationRun, person_id: int) -> int:
    for number, group in enumerate(run.groups):
        if person_id in group:
            return number
    raise DomainError(_("That person is not in this proposal."))


def _check_apart(
    run: FormationRun, table: PeopleTable, group: list[int], *, with_locks: bool = True
) -> None:
    index = table.index_of()
    rows = {index[pid] for pid in group}
    for a, b in table.keep_apart:
        if a in rows and b in rows:
            raise DomainError(
                _("%(manager)s manages %(report)s: they cannot share a circle.")
                % {"manager": table.names[a], "report": table.names[b]}
            )
    for a, b in table.skip_apart:
        if a in rows and b in rows:
            raise DomainError(
                _(
                    "%(first)s and %(second)s are two levels apart in one reporting line: they "
                    "cannot share a circle."
                )
                % {"first": table.names[a], "second": table.names[b]}
            )
    for a, b in table.peer_apart:
        if a in rows and b in rows:
            raise DomainError(
                _("%(first)s and %(second)s have the same manager: they cannot share a circle.")
                % {"first": table.names[a], "second": table.names[b]}
            )
    for a, b in table.private_apart:
        if a in rows and b in rows:
            raise DomainError(_(APART_REFUSAL))
    if not with_locks:
        return
    hard: list[str] = []
    members = np.asarray(sorted(rows), dtype=np.int64)
    group_of = np.full(table.size, -1, np.int64)
    group_of[members] = 0
    hours = run.options.get("max_zone_hours")
    rule_checks(
        table,
        [members],
        group_of,
        run.options.get("quotas") or [],
        int(float(hours) * 60) if hours is not None else None,
        (False, False),
        hard,
        np.ones(table.size, bool),
    )
    if hard:
        raise DomainError(_("Then a circle would break a rule: %(problem)s") % {"problem": hard[0]})
    for a, b in run.locks.get("apart", []):
        if a in group and b in group:
            raise DomainError(_(APART_REFUSAL))
    if run.options.get("meet_within_hours"):
        minutes = int(run.options.get("meeting_minutes", 0))
        windows = table.work_windows[sorted(rows)]
        shared = int(max(0, windows[:, 1].min() - windows[:, 0].max())) if len(rows) else 0
        if shared < minutes:
            raise DomainError(
                _(
                    "Then a circle would share only %(shared)s minutes of working hours, less "
                    "than its %(minutes)s-minute meeting."
                )
                % {"shared": shared, "minutes": minutes}
            )


@transaction.atomic
def proposal_move(*, run: FormationRun, person_id: int, to_circle: int) -> FormationRun:
    """Move one person to another proposed circle, keeping every hard rule."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    if not 0 <= to_circle < len(run.groups):
        raise DomainError(_("No such circle in the proposal."), field="to_circle")
    source = _position(run, person_id)
    if source == to_circle:
        raise DomainError(_("That person is already in that circle."), field="to_circle")
    if str(person_id) in run.locks.get("fixed", {}):
        raise DomainError(_("That person is locked in their circle: unlock them first."))
    table = run_table(run)
    target = [*run.groups[to_circle], person_id]
    _check_apart(run, table, target)
    _check_apart(run, table, [pid for pid in run.groups[source] if pid != person_id])
    low, high = run.options["min_size"], run.options["max_size"]
    if len(run.groups[source]) - 1 < low:
        raise DomainError(
            _("Their circle would drop below %(smallest)s members.") % {"smallest": low}
        )
    if len(target) > high:
        raise DomainError(
            _("The target circle would grow beyond %(largest)s members.") % {"largest": high}
        )
    _check_together_kept(run, person_id, to_circle)
    remaining = [pid for pid in run.groups[source] if pid != person_id]
    _check_volunteers(run, [remaining])
    run.groups[source] = remaining
    run.groups[to_circle] = target
    return _save_adjusted(run, table)


@transaction.atomic
def proposal_swap(*, run: FormationRun, first_id: int, second_id: int) -> FormationRun:
    """Swap two people between proposed circles; sizes stay as they are."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    a, b = _position(run, first_id), _position(run, second_id)
    if a == b:
        raise DomainError(_("Those two people are already in the same circle."))
    fixed = run.locks.get("fixed", {})
    if str(first_id) in fixed or str(second_id) in fixed:
        raise DomainError(_("A locked person cannot be swapped: unlock them first."))
    table = run_table(run)
    new_a = [second_id if pid == first_id else pid for pid in run.groups[a]]
    new_b = [first_id if pid == second_id else pid for pid in run.groups[b]]
    _check_apart(run, table, new_a)
    _check_apart(run, table, new_b)
    _check_together_kept(run, first_id, b, leaving=second_id)
    _check_together_kept(run, second_id, a, leaving=first_id)
    _check_volunteers(run, [new_a, new_b])
    run.groups[a], run.groups[b] = new_a, new_b
    return _save_adjusted(run, table)


def _check_volunteers(run: FormationRun, groups: list[list[int]]) -> None:
    """Onboarding circles keep at least one experienced volunteer each."""
    volunteers = {int(pid) for pid in run.options.get("volunteers", [])}
    if volunteers and any(not volunteers & set(group) for group in groups):
        raise DomainError(_("Every circle keeps at least one experienced volunteer."))


def _check_together_kept(
    run: FormationRun, person_id: int, to_circle: int, leaving: int | None = None
) -> None:
    for pair in run.locks.get("together", []):
        if person_id in pair:
            partner = pair[0] if pair[1] == person_id else pair[1]
            if partner != leaving and _position(run, partner) != to_circle:
                raise DomainError(_("That person is to be kept together with someone else."))


def _save_adjusted(run: FormationRun, table: PeopleTable) -> FormationRun:
    previous = {k: v for k, v in run.figures.items() if k != "previous"}
    run.figures = run_figures(run, table, run_rows(run, table))
    run.figures["previous"] = {k: previous.get(k) for k in ("mix", "mean_distinct", "warnings")}
    run.save(update_fields=["groups", "figures"])
    return run


@transaction.atomic
def proposal_lock(*, run: FormationRun, person_id: int, locked: bool = True) -> FormationRun:
    """Fix a person in their proposed circle, so that a re-run keeps them there."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    fixed = dict(run.locks.get("fixed", {}))
    if locked:
        fixed[str(person_id)] = _position(run, person_id)
    else:
        fixed.pop(str(person_id), None)
    run.locks = {**run.locks, "fixed": fixed}
    run.save(update_fields=["locks"])
    return run


@transaction.atomic
def proposal_pair_rule(
    *, run: FormationRun, first_id: int, second_id: int, together: bool
) -> FormationRun:
    """Keep two people together or apart in every re-run."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    if first_id == second_id:
        raise DomainError(_("Choose two different people."))
    _position(run, first_id)
    _position(run, second_id)
    pair = sorted([first_id, second_id])
    if together:
        # The lead may turn their own "apart" into "together", never anyone else's rule.
        _check_apart(run, run_table(run), pair, with_locks=False)
    together_pairs = [p for p in run.locks.get("together", []) if sorted(p) != pair]
    apart_pairs = [p for p in run.locks.get("apart", []) if sorted(p) != pair]
    (together_pairs if together else apart_pairs).append(pair)
    run.locks = {**run.locks, "together": together_pairs, "apart": apart_pairs}
    run.save(update_fields=["locks"])
    return run


@transaction.atomic
def formation_rerun(*, run: FormationRun, started_by: Person | None) -> FormationRun:
    """A new run with the same choices and the locks collected while adjusting."""
    if run.status not in {FormationRun.Status.DONE, FormationRun.Status.FAILED}:
        raise DomainError(_("Only a finished run can be run again."))
    options = {**run.options, "seed": int(run.options.get("seed", 1)) + 1}
    return FormationRun.objects.create(
        organisation_id=run.organisation_id,
        programme=run.programme,
        created_by=started_by,
        options=options,
        locks=run.locks,
    )


def _circle_names() -> Iterator[str]:
    yield from CIRCLE_NAMES
    for round_number in itertools.count(2):
        for name in CIRCLE_NAMES:
            yield f"{name} {round_number}"


@transaction.atomic
def formation_publish(
    *, run: FormationRun, published_by: Person | None, accept_short: bool = False
) -> list[Circle]:
    """Create the circles and memberships of the proposal, all or nothing.

    Bulk inserts: a programme of 100,000 people publishes 15,000 circles in a few statements.
    """
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    if run.figures.get("hard_problems"):
        raise DomainError(_("Fix the problems listed on the proposal before publishing."))
    if short_circles(run) and not accept_short:
        raise DomainError(
            # Translators: “Publish anyway” is the label of the checkbox on the proposal page.
            _(
                "Some circles share less working time than one meeting: tick “Publish anyway” to "
                "publish them as they are, or run again with the working-hours rule."
            )
        )
    programme = run.programme
    # Names are unique across the organisation, not only the programme.
    taken = {
        name.lower()
        for name in Circle.objects.filter(organisation_id=run.organisation_id).values_list(
            "name", flat=True
        )
    }
    names = (name for name in _circle_names() if name.lower() not in taken)
    wanted = {pid for group in run.groups for pid in group}
    zones = {
        pid: zone
        for pid, zone in Person.objects.filter(organisation_id=run.organisation_id, is_active=True)
        .values_list("pk", "time_zone")
        .iterator(chunk_size=5000)
        if pid in wanted
    }
    missing = wanted - zones.keys()
    if missing:
        raise DomainError(
            ngettext(
                "%(count)s participant left the organisation since the proposal was made: "
                "run the formation again.",
                "%(count)s participants left the organisation since the proposal was made: "
                "run the formation again.",
                len(missing),
            )
            % {"count": len(missing)}
        )
    today = timezone.localdate()
    # A new cycle: participants leave the programme's earlier circles, which close when empty.
    earlier = Membership.objects.filter(circle__programme=programme, left_on__isnull=True)
    leaving = [
        pk for pk, person_id in earlier.values_list("pk", "person_id") if person_id in wanted
    ]
    for start in range(0, len(leaving), 900):
        Membership.objects.filter(pk__in=leaving[start : start + 900]).update(left_on=today)
    programme.circles.exclude(status=Circle.Status.CLOSED).exclude(
        memberships__left_on__isnull=True
    ).update(status=Circle.Status.CLOSED)
    circles = Circle.objects.bulk_create(
        Circle(
            organisation_id=run.organisation_id,
            programme=programme,
            name=next(names),
            purpose=programme.purpose,
            ground_rules=programme.ground_rules,
            cadence=programme.cadence,
            meeting_minutes=programme.meeting_minutes,
            time_zone=Counter(zones[pid] for pid in group).most_common(1)[0][0],
        )
        for group in run.groups
    )
    if any(circle.pk is None for circle in circles):
        # Backends that cannot return ids from a bulk insert: read them back by name.
        by_name = dict(
            programme.circles.filter(name__in=[c.name for c in circles]).values_list("name", "pk")
        )
        for circle in circles:
            circle.pk = by_name[circle.name]
    Membership.objects.bulk_create(
        (
            Membership(circle_id=circle.pk, person_id=pid, joined_on=today)
            for circle, group in zip(circles, run.groups, strict=True)
            for pid in group
        ),
        batch_size=2000,
    )
    # Who left their earlier circle and who joined a new one, read back in two queries.
    events.publish(
        [
            events.membership_event(events.MEMBER_LEFT, m)
            for start in range(0, len(leaving), 900)
            for m in Membership.objects.filter(pk__in=leaving[start : start + 900]).select_related(
                "person", "circle"
            )
        ]
        + [
            events.membership_event(events.MEMBER_JOINED, m)
            for m in Membership.objects.filter(
                circle_id__in=[c.pk for c in circles], left_on__isnull=True
            ).select_related("person", "circle")
        ]
    )
    run.status = FormationRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_at"])
    _plan_rhythms(programme, [circle.pk for circle in circles], today)
    return circles


def _plan_rhythms(programme: Programme, circle_ids: list[int], today: dt.date) -> None:
    """Each new circle meets at the programme's cadence, at the best time for its members.

    Imported here, not at the top: publishing hands the new circles to scheduling, which sits
    above formation. Large publishes plan on the worker, so the lead is not kept waiting.
    """
    from circles.meetings.schedule.services import rhythms_plan
    from circles.meetings.schedule.tasks import plan_circle_rhythms

    starting = (
        programme.starts_on
        if programme.starts_on and programme.starts_on > today
        else (today + dt.timedelta(days=7))
    )
    if len(circle_ids) <= INLINE_RHYTHMS:
        rhythms_plan(circle_ids=circle_ids, starting=starting)
    else:
        plan_circle_rhythms.enqueue(circle_ids, starting.isoformat())


ADJUST_MESSAGES = {
    "move": gettext_lazy("Moved. The figures below include the change."),
    "swap": gettext_lazy("Swapped. The figures below include the change."),
    "lock": gettext_lazy("Locked in their circles: a re-run keeps them there."),
    "unlock": gettext_lazy("Unlocked."),
    "together": gettext_lazy("They will be kept together in every re-run."),
    "apart": gettext_lazy("They will be kept apart in every re-run."),
}


def proposal_adjust(
    *, run: FormationRun, action: str, selected: list[int], to_circle: int | None
) -> FormationRun:
    """One adjustment chosen on the proposal page, checked for the people it needs."""
    if action not in ADJUST_MESSAGES:
        raise DomainError(_("Unknown adjustment."))
    if action == "move":
        if len(selected) != 1 or to_circle is None:
            raise DomainError(_("To move, tick one person and give the circle number."))
        return proposal_move(run=run, person_id=selected[0], to_circle=to_circle)
    if action in {"lock", "unlock"}:
        if not selected:
            raise DomainError(_("Tick the people to lock or unlock."))
        for person_id in selected:
            run = proposal_lock(run=run, person_id=person_id, locked=action == "lock")
        return run
    if len(selected) != 2:
        raise DomainError(_("Tick exactly two people."))
    if action == "swap":
        return proposal_swap(run=run, first_id=selected[0], second_id=selected[1])
    return proposal_pair_rule(
        run=run, first_id=selected[0], second_id=selected[1], together=action == "together"
    )


def formation_dispatch(*, run: FormationRun) -> None:
    """Form small programmes at once; hand large ones to the background worker."""
    if len(run.participant_ids) <= INLINE_LIMIT:
        formation_execute(run=run)
    else:
        from .tasks import form_circles

        form_circles.enqueue(run.pk)
