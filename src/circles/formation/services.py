"""Forming circles for a programme: start a run, adjust the proposal, publish it."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from circles.groups.models import Circle, Membership
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme

from .figures import proposal_figures
from .inputs import ATTRIBUTES, DEFAULT_WEIGHTS, PeopleTable, people_table
from .models import FormationRun
from .solve import FormationInfeasible, solve_groups

# Programmes up to this size are formed while the lead waits; larger ones go to the worker.
INLINE_LIMIT = 400
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


def default_options(programme: Programme) -> dict[str, Any]:
    return {
        "weights": dict(DEFAULT_WEIGHTS),
        "min_size": programme.min_circle_size,
        "max_size": programme.max_circle_size,
        "keep_managers_apart": True,
        "avoid_earlier_pairs": True,
        "min_overlap_hours": 2,
        "match_interests": False,
        "no_lone_members": True,
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
) -> QuerySet[Person]:
    """The people who take part: everyone active in the organisation, or a filtered subset."""
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


def circle_count(people: int, min_size: int, max_size: int) -> int:
    """How many circles: sizes close to the middle of the bounds, within them if possible."""
    if people < min_size:
        raise DomainError(
            f"{people} participant(s) cannot fill a circle of at least {min_size}.",
            field="participants",
        )
    fewest, most = math.ceil(people / max_size), people // min_size
    if fewest > most:
        raise DomainError(
            f"{people} people cannot be split into circles of {min_size} to {max_size}: "
            "widen the size bounds or change who takes part.",
            field="max_size",
        )
    target = round(people / ((min_size + max_size) / 2))
    return min(max(target, fewest), most)


def _check_options(options: dict[str, Any]) -> None:
    if options["min_size"] < 2 or options["max_size"] < options["min_size"]:
        raise DomainError("Circle sizes need 2 ≤ smallest ≤ largest.", field="max_size")
    unknown = set(options["weights"]) - set(ATTRIBUTES)
    if unknown:
        raise DomainError(f"Unknown attributes: {', '.join(sorted(unknown))}.")
    if any(w < 0 or w > 10 for w in options["weights"].values()):
        raise DomainError("Weights run from 0 (ignore) to 10.", field="weights")
    if not 1 <= options["seconds"] <= 600:
        raise DomainError("Give the search between 1 and 600 seconds.", field="seconds")


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
    circle_count(len(ids), options["min_size"], options["max_size"])
    options["participants"] = ids
    return FormationRun.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        created_by=started_by,
        options=options,
    )


def _table(run: FormationRun) -> PeopleTable:
    return people_table(
        Person.objects.filter(organisation_id=run.organisation_id, is_active=True),
        programme=run.programme,
        keep_managers_apart=run.options.get("keep_managers_apart", True),
        only_ids=set(run.participant_ids),
    )


def _figures(run: FormationRun, table: PeopleTable, groups: list[list[int]]) -> dict[str, Any]:
    options = run.options
    return proposal_figures(
        table,
        groups,
        weights=options["weights"],
        min_overlap_minutes=int(options["min_overlap_hours"] * 60),
        bounds=(options["min_size"], options["max_size"]),
        check_lone_members=options["no_lone_members"],
    ).as_dict()


def _rows(run: FormationRun, table: PeopleTable) -> list[list[int]]:
    """The proposal as row indices into the table (it is stored as person ids)."""
    index = table.index_of()
    return [[index[pid] for pid in group if pid in index] for group in run.groups]


def formation_execute(*, run: FormationRun, progress: Progress | None = None) -> FormationRun:
    """Run the solver for a queued run and store its proposal; failures are stored, not raised."""
    claimed = FormationRun.objects.filter(pk=run.pk, status=FormationRun.Status.QUEUED).update(
        status=FormationRun.Status.RUNNING, started_at=timezone.now(), progress=0.0
    )
    if claimed != 1:
        run.refresh_from_db()
        return run  # another worker has it, or it already ran
    run.refresh_from_db()
    last_saved = [0.0]

    def report(fraction: float, message: str) -> None:
        # Throttled: the page polls this, but the solver may report hundreds of times a second.
        if fraction - last_saved[0] >= 0.05 or fraction >= 1.0:
            last_saved[0] = fraction
            FormationRun.objects.filter(pk=run.pk).update(progress=min(fraction, 1.0))
        if progress is not None:
            progress(fraction, message)

    try:
        table = _table(run)
        count = circle_count(table.size, run.options["min_size"], run.options["max_size"])
        groups = solve_groups(table, run.options, run.locks, circles=count, progress=report)
    except (DomainError, FormationInfeasible) as error:
        run.status = FormationRun.Status.FAILED
        run.message = str(getattr(error, "message", error))
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        return run
    run.groups = [[table.person_ids[i] for i in group] for group in groups]
    run.figures = _figures(run, table, groups)
    run.status = FormationRun.Status.DONE
    run.progress = 1.0
    run.message = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["groups", "figures", "status", "progress", "message", "finished_at"])
    return run


def _editable(run: FormationRun) -> None:
    if run.status != FormationRun.Status.DONE:
        raise DomainError("Only a finished, unpublished proposal can be adjusted.")


def _position(run: FormationRun, person_id: int) -> int:
    for number, group in enumerate(run.groups):
        if person_id in group:
            return number
    raise DomainError("That person is not in this proposal.")


def _check_apart(run: FormationRun, table: PeopleTable, group: list[int]) -> None:
    index = table.index_of()
    rows = {index[pid] for pid in group}
    for a, b in table.keep_apart:
        if a in rows and b in rows:
            raise DomainError(
                f"{table.names[a]} manages {table.names[b]}: they cannot share a circle."
            )
    for a, b in run.locks.get("apart", []):
        if a in group and b in group:
            raise DomainError("Those two people are to be kept apart.")


@transaction.atomic
def proposal_move(*, run: FormationRun, person_id: int, to_circle: int) -> FormationRun:
    """Move one person to another proposed circle, keeping every hard rule."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    if not 0 <= to_circle < len(run.groups):
        raise DomainError("No such circle in the proposal.", field="to_circle")
    source = _position(run, person_id)
    if source == to_circle:
        raise DomainError("That person is already in that circle.", field="to_circle")
    if str(person_id) in run.locks.get("fixed", {}):
        raise DomainError("That person is locked in their circle: unlock them first.")
    table = _table(run)
    target = [*run.groups[to_circle], person_id]
    _check_apart(run, table, target)
    low, high = run.options["min_size"], run.options["max_size"]
    if len(run.groups[source]) - 1 < low:
        raise DomainError(f"Their circle would drop below {low} members.")
    if len(target) > high:
        raise DomainError(f"The target circle would grow beyond {high} members.")
    _check_together_kept(run, person_id, to_circle)
    run.groups[source] = [pid for pid in run.groups[source] if pid != person_id]
    run.groups[to_circle] = target
    return _save_adjusted(run, table)


@transaction.atomic
def proposal_swap(*, run: FormationRun, first_id: int, second_id: int) -> FormationRun:
    """Swap two people between proposed circles; sizes stay as they are."""
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    a, b = _position(run, first_id), _position(run, second_id)
    if a == b:
        raise DomainError("Those two people are already in the same circle.")
    fixed = run.locks.get("fixed", {})
    if str(first_id) in fixed or str(second_id) in fixed:
        raise DomainError("A locked person cannot be swapped: unlock them first.")
    table = _table(run)
    new_a = [second_id if pid == first_id else pid for pid in run.groups[a]]
    new_b = [first_id if pid == second_id else pid for pid in run.groups[b]]
    _check_apart(run, table, new_a)
    _check_apart(run, table, new_b)
    _check_together_kept(run, first_id, b, leaving=second_id)
    _check_together_kept(run, second_id, a, leaving=first_id)
    run.groups[a], run.groups[b] = new_a, new_b
    return _save_adjusted(run, table)


def _check_together_kept(
    run: FormationRun, person_id: int, to_circle: int, leaving: int | None = None
) -> None:
    for pair in run.locks.get("together", []):
        if person_id in pair:
            partner = pair[0] if pair[1] == person_id else pair[1]
            if partner != leaving and _position(run, partner) != to_circle:
                raise DomainError("That person is to be kept together with someone else.")


def _save_adjusted(run: FormationRun, table: PeopleTable) -> FormationRun:
    previous = {k: v for k, v in run.figures.items() if k != "previous"}
    run.figures = _figures(run, table, _rows(run, table))
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
        raise DomainError("Choose two different people.")
    _position(run, first_id)
    _position(run, second_id)
    pair = sorted([first_id, second_id])
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
        raise DomainError("Only a finished run can be run again.")
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
def formation_publish(*, run: FormationRun, published_by: Person | None) -> list[Circle]:
    """Create the circles and memberships of the proposal, all or nothing.

    Bulk inserts: a programme of 100,000 people publishes 15,000 circles in a few statements.
    """
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _editable(run)
    if run.figures.get("hard_problems"):
        raise DomainError("Fix the problems listed on the proposal before publishing.")
    programme = run.programme
    taken = {name.lower() for name in programme.circles.values_list("name", flat=True)}
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
            f"{len(missing)} participant(s) left the organisation since the proposal was made: "
            "run the formation again."
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
    run.status = FormationRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_at"])
    return circles


ADJUST_MESSAGES = {
    "move": "Moved. The figures below include the change.",
    "swap": "Swapped. The figures below include the change.",
    "lock": "Locked in their circles: a re-run keeps them there.",
    "unlock": "Unlocked.",
    "together": "They will be kept together in every re-run.",
    "apart": "They will be kept apart in every re-run.",
}


def proposal_adjust(
    *, run: FormationRun, action: str, selected: list[int], to_circle: int | None
) -> FormationRun:
    """One adjustment chosen on the proposal page, checked for the people it needs."""
    if action not in ADJUST_MESSAGES:
        raise DomainError("Unknown adjustment.")
    if action == "move":
        if len(selected) != 1 or to_circle is None:
            raise DomainError("To move, tick one person and give the circle number.")
        return proposal_move(run=run, person_id=selected[0], to_circle=to_circle)
    if action in {"lock", "unlock"}:
        if not selected:
            raise DomainError("Tick the people to lock or unlock.")
        for person_id in selected:
            run = proposal_lock(run=run, person_id=person_id, locked=action == "lock")
        return run
    if len(selected) != 2:
        raise DomainError("Tick exactly two people.")
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
