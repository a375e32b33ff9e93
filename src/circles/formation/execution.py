"""Running a formation: the worker's side (or the request's, for small programmes).

Kept apart from ``services`` so that the task module can import the function it runs without
importing the module that enqueues it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.enrolment import selectors as enrolment
from circles.lib.errors import DomainError
from circles.orgs.models import Person

from .explanations import more
from .figures import proposal_figures, rule_checks, shared_time_shortfall
from .inputs import PeopleTable, people_table
from .models import FormationRun
from .solve import FormationInfeasible, labelled, quota_rules, solve_groups
from .solver.sizing import group_counts, quota_group_counts

Progress = Callable[[float, str], None]
# The swap repair of shared working time is quadratic in circle size and count: for programmes
# up to this size; larger ones rely on the search's penalty and the proposal's listed problems.
REPAIR_LIMIT = 2000


def circle_count(people: int, min_size: int, max_size: int) -> int:
    """How many circles: sizes close to the middle of the bounds, within them if possible."""
    if people < min_size:
        raise DomainError(
            ngettext(
                "%(people)s participant cannot fill a circle of at least %(smallest)s.",
                "%(people)s participants cannot fill a circle of at least %(smallest)s.",
                people,
            )
            % {"people": people, "smallest": min_size},
            field="participants",
        )
    fewest, most = math.ceil(people / max_size), people // min_size
    if fewest > most:
        raise DomainError(
            _(
                "%(people)s people cannot be split into circles of %(smallest)s to %(largest)s: "
                "widen the size bounds or change who takes part."
            )
            % {"people": people, "smallest": min_size, "largest": max_size},
            field="max_size",
        )
    target = round(people / ((min_size + max_size) / 2))
    return min(max(target, fewest), most)


def run_table(run: FormationRun) -> PeopleTable:
    programme = run.programme
    return people_table(
        Person.objects.filter(organisation_id=run.organisation_id, is_active=True),
        programme=programme,
        keep_managers_apart=run.options.get("keep_managers_apart", True),
        skip_level_apart=run.options.get("skip_level_apart", False),
        peers_apart=run.options.get("peers_apart", False),
        only_ids=set(run.participant_ids),
        private_apart=enrolment.private_keep_apart(programme),
        interests=enrolment.profile_interests(programme),
        preferred_times=enrolment.preferred_times(programme),
    )


def run_figures(run: FormationRun, table: PeopleTable, groups: list[list[int]]) -> dict[str, Any]:
    options = run.options
    return proposal_figures(
        table,
        groups,
        weights=options["weights"],
        min_overlap_minutes=int(options["min_overlap_hours"] * 60),
        meeting_minutes=int(options.get("meeting_minutes", 0)),
        meeting_rule=bool(options.get("meet_within_hours", False)),
        bounds=(options["min_size"], options["max_size"]),
        check_lone_members=options["no_lone_members"],
        quotas=options.get("quotas") or [],
        max_zone_minutes=(
            int(float(options["max_zone_hours"]) * 60)
            if options.get("max_zone_hours") is not None
            else None
        ),
        waiting=[(row, rule) for row, rule in run_waiting(run, table)],
        reporting_lines=(
            bool(options.get("skip_level_apart")),
            bool(options.get("peers_apart")),
        ),
    ).as_dict()


def run_waiting(run: FormationRun, table: PeopleTable) -> list[tuple[int, str]]:
    """The waiting list as (row, rule), from the person ids stored with the proposal."""
    index = table.index_of()
    return [(index[int(pid)], rule) for pid, rule in run.options.get("waiting", []) if pid in index]


def run_rows(run: FormationRun, table: PeopleTable) -> list[list[int]]:
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
        table = run_table(run)
        waiting_list = bool(run.options.get("waiting_list"))
        count = _count(table, run.options, waiting_list)
        stranded: list[int] = []
        if run.options.get("meet_within_hours"):
            stranded = _check_shared_time(table, run.options, refuse=not waiting_list)
        solve_table = table
        if stranded:
            solve_table = _without(table, stranded)
            count = _count(solve_table, run.options, waiting_list)
        formed = solve_groups(solve_table, run.options, run.locks, circles=count, progress=report)
        groups = formed.groups
        if (
            run.options.get("meet_within_hours")
            and solve_table.size <= REPAIR_LIMIT
            and not _rules_the_repair_cannot_keep(run.options)
        ):
            groups = repair_shared_time(
                solve_table,
                groups,
                int(run.options.get("meeting_minutes", 0)),
                run.locks,
                options=run.options,
            )
    except (DomainError, FormationInfeasible) as error:
        run.status = FormationRun.Status.FAILED
        run.message = str(getattr(error, "message", error))
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        return run
    # Back to rows of the full table, then to person ids.
    index = table.index_of()
    rows_of = [index[pid] for pid in solve_table.person_ids]
    groups = [[rows_of[i] for i in group] for group in groups]
    waiting = [(table.person_ids[row], "shared_time") for row in stranded]
    waiting += [(solve_table.person_ids[row], rule) for row, rule in formed.waiting]
    run.options = {**run.options, "waiting": waiting}
    run.groups = [[table.person_ids[i] for i in group] for group in groups]
    run.figures = run_figures(run, table, groups)
    run.status = FormationRun.Status.DONE
    run.progress = 1.0
    run.message = ""
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "groups",
            "figures",
            "options",
            "status",
            "progress",
            "message",
            "finished_at",
        ]
    )
    return run


def _count(table: PeopleTable, options: dict[str, Any], waiting_list: bool) -> int:
    """Circles for the table's people; with a waiting list, as many as the sizes allow when
    they do not divide the people exactly (the rest wait). Among the counts the sizes allow,
    the one nearest the middle size that the quotas can also hold: ten people from New York
    can be one in each of ten circles, not of eleven."""
    people = table.size
    low, high = int(options["min_size"]), int(options["max_size"])
    try:
        count = circle_count(people, low, high)
    except DomainError:
        if not waiting_list or people < low:
            raise
        return people // low
    quotas = quota_rules(options)
    columns = {
        q.attribute: labelled(table, q.attribute)
        for q in quotas
        if q.attribute in table.categorical
    }
    fewest, most = quota_group_counts(quotas, columns)
    allowed = [
        k for k in group_counts(people, low, high) if k >= fewest and (most is None or k <= most)
    ]
    if allowed and count not in allowed:
        count = min(allowed, key=lambda k: (abs(k - count), k))
    return count


def _without(table: PeopleTable, rows: list[int]) -> PeopleTable:
    """The table without some rows (people on the waiting list before the search)."""
    drop = set(rows)
    keep = [r for r in range(table.size) if r not in drop]
    new = {old: pos for pos, old in enumerate(keep)}

    def pairs(items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(new[a], new[b]) for a, b in items if a in new and b in new]

    return PeopleTable(
        person_ids=[table.person_ids[r] for r in keep],
        names=[table.names[r] for r in keep],
        categorical={k: v[keep] for k, v in table.categorical.items()},
        category_labels=table.category_labels,
        numeric={k: v[keep] for k, v in table.numeric.items()},
        work_windows=table.work_windows[keep],
        interests=[table.interests[r] for r in keep],
        keep_apart=pairs(table.keep_apart),
        skip_apart=pairs(table.skip_apart),
        peer_apart=pairs(table.peer_apart),
        offsets=table.offsets[keep],
        private_apart=pairs(table.private_apart),
        preferred={new[r]: v for r, v in table.preferred.items() if r in new},
        earlier_pairs=pairs(table.earlier_pairs),
    )


def _check_shared_time(table: PeopleTable, options: dict[str, Any], *, refuse: bool) -> list[int]:
    """Rows of people who cannot meet enough others within working hours: refused with names,
    or returned for the waiting list."""
    minutes = int(options.get("meeting_minutes", 0))
    stranded = shared_time_shortfall(table, int(options["min_size"]), minutes)
    if not stranded or not refuse:
        return stranded
    names = more(", ".join(table.names[row] for row in stranded[:5]), len(stranded) - 5)
    raise DomainError(
        ngettext(
            "%(count)s person (%(names)s) shares less than %(minutes)s minutes of working hours "
            "with enough others to fill a circle of %(smallest)s. Check their working hours and "
            "time zones, leave them out, switch off the rule that members meet inside their "
            "working hours, or propose a waiting list.",
            "%(count)s people (%(names)s) share less than %(minutes)s minutes of working hours "
            "with enough others to fill a circle of %(smallest)s. Check their working hours and "
            "time zones, leave them out, switch off the rule that members meet inside their "
            "working hours, or propose a waiting list.",
            len(stranded),
        )
        % {
            "count": len(stranded),
            "names": names,
            "minutes": minutes,
            "smallest": options["min_size"],
        }
    )


def _shared(table: PeopleTable, rows: list[int]) -> int:
    windows = table.work_windows[rows]
    return int(windows[:, 1].min() - windows[:, 0].max()) if rows else 0


def _rules_the_repair_cannot_keep(options: dict[str, Any]) -> bool:
    """The repair below swaps pairs checking sizes, locks and keep-apart pairs only; circles
    that need a volunteer each, quotas or a time-zone limit keep the solver's answer."""
    return bool(options.get("volunteers") or options.get("quotas") or options.get("max_zone_hours"))


def repair_shared_time(
    table: PeopleTable,
    groups: list[list[int]],
    minutes: int,
    locks: dict[str, Any],
    *,
    options: dict[str, Any] | None = None,
) -> list[list[int]]:
    """Swap people between circles until every circle shares ``minutes`` of working time.

    The search weighs missing shared time heavily but can stall on a plateau; this pass swaps
    pairs that lift a short circle to the meeting length without taking another below it, and
    keeps every hard rule (keep-apart pairs, people fixed in a circle, pairs kept together,
    quotas and the time-zone spread).
    """
    index = table.index_of()
    pairs = (*table.keep_apart, *table.skip_apart, *table.peer_apart, *table.private_apart)
    apart = {frozenset(pair) for pair in pairs}
    quotas = (options or {}).get("quotas") or []
    hours = (options or {}).get("max_zone_hours")
    zone_limit = int(float(hours) * 60) if hours is not None else None

    everyone = np.ones(table.size, bool)

    def breaks_rules(group: list[int]) -> bool:
        if not quotas and zone_limit is None:
            return False
        members = np.asarray(group, dtype=np.int64)
        group_of = np.full(table.size, -1, np.int64)
        group_of[members] = 0
        hard: list[str] = []
        rule_checks(table, [members], group_of, quotas, zone_limit, (False, False), hard, everyone)
        return bool(hard)

    apart |= {
        frozenset((index[a], index[b]))
        for a, b in locks.get("apart", [])
        if a in index and b in index
    }
    pinned = {index[int(pid)] for pid in locks.get("fixed", {}) if int(pid) in index}
    together = {
        row
        for a, b in locks.get("together", [])
        if a in index and b in index
        for row in (index[a], index[b])
    }
    groups = [list(group) for group in groups]

    def clash(group: list[int], person: int) -> bool:
        return any(frozenset((person, other)) in apart for other in group)

    for _round in range(len(groups) * 4):
        short = [g for g, rows in enumerate(groups) if _shared(table, rows) < minutes]
        if not short:
            break
        improved = False
        for g in short:
            for h in range(len(groups)):
                if h == g or improved:
                    continue
                for x in groups[g]:
                    if x in pinned or x in together or improved:
                        continue
                    for y in groups[h]:
                        if y in pinned or y in together:
                            continue
                        new_g = [r for r in groups[g] if r != x] + [y]
                        new_h = [r for r in groups[h] if r != y] + [x]
                        if clash(new_g[:-1], y) or clash(new_h[:-1], x):
                            continue
                        if (
                            _shared(table, new_g) > _shared(table, groups[g])
                            and _shared(table, new_h) >= min(minutes, _shared(table, groups[h]))
                            and not (breaks_rules(new_g) or breaks_rules(new_h))
                        ):
                            groups[g], groups[h] = new_g, new_h
                            improved = True
                            break
        if not improved:
            break
    return groups
