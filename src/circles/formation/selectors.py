"""Reads for the proposal page: the people of a page of proposed circles, with their figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from circles.orgs.models import Person

from .inputs import ATTRIBUTES
from .models import FormationRun

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class ProposedCircle:
    number: int
    members: list[Person]
    figures: dict[str, Any]
    locked: set[int]


def proposal_page(run: FormationRun, circle_indices: list[int]) -> list[ProposedCircle]:
    """The circles on one page of the proposal, with their members in one query."""
    wanted = [pid for index in circle_indices for pid in run.groups[index]]
    people = Person.objects.in_bulk(wanted)
    groups_figures = run.figures.get("groups", [])
    fixed = {int(pid) for pid in run.locks.get("fixed", {})}
    return [
        ProposedCircle(
            number=index + 1,
            members=sorted(
                (people[pid] for pid in run.groups[index] if pid in people),
                key=lambda p: p.full_name,
            ),
            figures=groups_figures[index] if index < len(groups_figures) else {},
            locked=fixed,
        )
        for index in circle_indices
    ]


@dataclass
class MixRow:
    label: StrOrPromise
    share: float
    previous_share: float | None
    distinct: float


def overall_mix(run: FormationRun) -> list[MixRow]:
    """One row per mixed attribute, with the value before the last adjustment if it changed."""
    mix = run.figures.get("mix", {})
    previous = (run.figures.get("previous") or {}).get("mix") or {}
    distinct = run.figures.get("mean_distinct", {})
    rows = []
    for name, (_kind, label) in ATTRIBUTES.items():
        if name not in mix:
            continue
        before = previous.get(name)
        rows.append(
            MixRow(
                label=label,
                share=mix[name],
                previous_share=before if before is not None and before != mix[name] else None,
                distinct=distinct.get(name, 0),
            )
        )
    return rows
