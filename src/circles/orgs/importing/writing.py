"""Writing a checked plan: people created and changed in bulk, leavers through the services.

The plan has already been checked against every rule of ``circles.orgs.people.services``;
this module only writes it, in batches, inside the caller's transaction. New people are
inserted managers first (level by level of the reporting line), so each insert already knows
its manager's id. Coming back and leaving go through ``person_reactivate`` and
``person_deactivate``, which also switch logins on or off, end memberships and sign people out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.models import User
from circles.orgs.models import Organisation, Person
from circles.orgs.people.services import person_deactivate, person_reactivate

from . import bulk
from .planning import Plan, Planned, Target

Progress = Callable[[float, str], None]


def write_plan(
    *, organisation: Organisation, plan: Plan, progress: Progress | None = None
) -> dict[Target, int]:
    """Write the plan; returns the person id of every row's target."""
    now = timezone.now()
    ids: dict[Target, int] = {("person", pk): pk for pk in plan.people}
    _create(organisation, plan, ids, now, progress)
    _update(plan, ids, now, progress)
    _sync_login_emails(plan)
    for planned in plan.updates:
        if "is_active" in planned.changes:
            person_reactivate(person=Person(pk=planned.person["pk"]))  # type: ignore[index]
    total = max(len(plan.deactivate), 1)
    for done, person in enumerate(plan.deactivate):
        person_deactivate(person=Person(pk=person["pk"]), when=now)
        if progress is not None and done % 50 == 0:
            progress(0.97 + 0.03 * done / total, _("Deactivating people who left"))
    return ids


def _depths(creates: list[Planned]) -> dict[Target, int]:
    """How far down the new people's reporting line each new person is (0: no new manager)."""
    manager_of = {p.target: p.manager for p in creates}
    depths: dict[Target, int] = {}
    for start in manager_of:
        path: list[Target] = []
        node: Target | None = start
        while node is not None and node in manager_of and node not in depths:
            path.append(node)
            node = manager_of[node]
            if node is not None and node[0] != "row":
                node = None
        base = depths.get(node, -1) if node is not None else -1
        for offset, target in enumerate(reversed(path), start=1):
            depths[target] = base + offset
    return depths


def _create(
    organisation: Organisation,
    plan: Plan,
    ids: dict[Target, int],
    now: Any,
    progress: Progress | None,
) -> None:
    creates = plan.creates
    if not creates:
        return
    depths = _depths(creates)
    levels: dict[int, list[Planned]] = defaultdict(list)
    for planned in creates:
        levels[depths[planned.target]].append(planned)
    written = 0
    for depth in sorted(levels):
        group = levels[depth]
        last = Person.objects.aggregate(last=Max("pk"))["last"] or 0
        bulk.insert(
            Person,
            (
                {
                    **{k: v for k, v in p.row.values.items() if v is not None},
                    "organisation_id": organisation.pk,
                    "source": Person.Source.IMPORT,
                    "manager_id": ids[p.manager] if p.manager is not None else None,
                    "created_at": now,
                    "updated_at": now,
                }
                for p in group
            ),
        )
        # Ids of this level, for the next level's managers: the rows added since, read by
        # primary key range (someone else's insert meanwhile is not in by_email).
        by_email = {p.row.email: p for p in group}
        found = Person.objects.filter(organisation=organisation, pk__gt=last).values_list(
            "email", "pk"
        )
        for email, pk in found.iterator(chunk_size=5000):
            if email in by_email:
                ids[by_email[email].target] = pk
        written += len(group)
        if progress is not None:
            progress(0.9 + 0.04 * written / len(creates), _("Adding new people"))


def _update(plan: Plan, ids: dict[Target, int], now: Any, progress: Progress | None) -> None:
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for planned in plan.updates:
        assert planned.person is not None
        fields = tuple(sorted(name for name in planned.changes if name != "is_active"))
        if not fields:
            continue
        values: dict[str, Any] = {"updated_at": now}
        for name in fields:
            after = planned.changes[name][1]
            if name == "manager":
                values["manager_id"] = ids[after] if after is not None else None
            else:
                values[name] = after
        groups[fields].append((planned.person["pk"], values))
    done = 0
    total = max(sum(len(g) for g in groups.values()), 1)
    for fields, rows in groups.items():
        names = [("manager_id" if f == "manager" else f) for f in fields]
        bulk.update(Person, [*names, "updated_at"], rows)
        done += len(rows)
        if progress is not None:
            progress(0.94 + 0.03 * done / total, _("Changing people"))


def _sync_login_emails(plan: Plan) -> None:
    """A changed email is also the login's username (people services do the same); the
    plan was checked for emails another login already has."""
    for planned in plan.updates:
        person = planned.person
        if person is not None and "email" in planned.changes and person["user_id"] is not None:
            User.objects.filter(pk=person["user_id"]).update(email=planned.changes["email"][1])
