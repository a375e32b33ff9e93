"""Networks under small-group suppression: an attacker who holds every network figure a lead
sees, the figures of a programme they lead and what they know as a member, and subtracts any
of them from any other, never isolates a group under the threshold."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.insights.cells import MONTH, TOTAL, Row, known_to_members
from circles.insights.network_cells import network_figures, network_universe, shown_atoms
from circles.insights.suppression import revealed, suppressed_cells
from circles.insights.tests.test_suppression import (
    MONTHS,
    TODAY,
    attacker_can_isolate,
    person_strategy,
    rows_for,
)

PROGRAMME_A = frozenset({1, 2})
PROGRAMME_B = frozenset({3, 4})


def test_one_network_minus_another_would_give_a_small_circle_away():
    # Network 1: circles 1 and 2 (eight people); network 2: circle 1 alone (six). Each total is
    # large, but their difference is circle 2's two people: one of them must stay hidden.
    rows = [Row(p, "Eng", 1, MONTHS[5], 1.0, 1.0) for p in range(6)]
    rows += [Row(10 + p, "Eng", 2, MONTHS[5], 0.0, 1.0) for p in range(2)]
    networks = {"one": frozenset({1, 2}), "two": frozenset({1})}
    figures = network_figures(rows, networks=networks, threshold=5, today=TODAY)
    shown = [name for name, found in figures.items() if not found.get("all", TOTAL).suppressed]
    assert len(shown) <= 1


def test_a_network_lead_who_leads_a_programme_cannot_subtract_it():
    # The programme (circle 1, six people) is shown to its lead; the network spans circles 1
    # and 2 (two more people): network minus programme is circle 2.
    rows = [Row(p, "Eng", 1, MONTHS[5], 1.0, 1.0) for p in range(6)]
    rows += [Row(10 + p, "Ops", 2, MONTHS[5], 0.0, 1.0) for p in range(2)]
    programme = [r for r in rows if r.circle == 1]
    known = shown_atoms(programme, threshold=5, today=TODAY, known=[])
    assert known  # the programme's total is shown to its lead
    figures = network_figures(
        rows, networks={"n": frozenset({1, 2})}, threshold=5, today=TODAY, known=known
    )
    assert figures["n"].get("all", TOTAL).suppressed
    assert figures["n"].get("all", MONTH, MONTHS[5]).suppressed
    alone = network_figures(rows, networks={"n": frozenset({1, 2})}, threshold=5, today=TODAY)
    assert not alone["n"].get("all", TOTAL).suppressed


networks_strategy = st.lists(
    st.frozensets(st.integers(1, 4), min_size=1, max_size=4), min_size=1, max_size=3
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    population=st.lists(person_strategy, min_size=3, max_size=24),
    chosen=networks_strategy,
    threshold=st.integers(3, 6),
    leads_programme=st.booleans(),
    own_circle=st.one_of(st.none(), st.integers(1, 4)),
)
def test_no_small_group_can_be_isolated_from_everything_a_network_lead_sees(
    population, chosen, threshold, leads_programme, own_circle
):
    rows = rows_for(population)
    networks = {number: circles for number, circles in enumerate(chosen)}
    member_known = (
        known_to_members(rows, own_circle, threshold=threshold, today=TODAY, protect=False)
        if own_circle is not None
        else []
    )
    known = list(member_known)
    if leads_programme:
        programme_rows = [r for r in rows if r.circle in PROGRAMME_A]
        programme_known = [
            atoms
            for circle in ([own_circle] if own_circle in PROGRAMME_A else [])
            for atoms in known_to_members(
                programme_rows, circle, threshold=threshold, today=TODAY, protect=False
            )
        ]
        known += shown_atoms(
            programme_rows, threshold=threshold, today=TODAY, known=programme_known
        )
    circles = {c for group in chosen for c in group} | set(PROGRAMME_A) | set(PROGRAMME_B)
    universe, _ = network_universe(
        rows,
        networks=networks,
        today=TODAY,
        known=known,
        circle_groups=[PROGRAMME_A, PROGRAMME_B, *(frozenset({c}) for c in circles)],
    )
    hidden = suppressed_cells(universe, threshold)
    seen = [c for c in universe.cells if c not in hidden]
    for cell in seen:
        if cell not in universe.known:
            assert universe.cell_people(cell) >= threshold, cell
    network_cells = [c for c in universe.cells if c not in universe.known]
    groups: set[frozenset] = {frozenset({a}) for a in universe.atoms}
    groups |= {universe.cells[c] for c in network_cells}
    for first, second in itertools.permutations(network_cells, 2):
        groups.add(universe.cells[first] - universe.cells[second])
    programmes = [
        frozenset(a for a in universe.atoms if a[1] in circles)
        for circles in (PROGRAMME_A, PROGRAMME_B)
    ]
    own = frozenset(a for a in universe.atoms if a[1] == own_circle)
    for cell in network_cells:
        for other in [*programmes, own]:
            groups.add(universe.cells[cell] - other)
    for dept, month in itertools.product(["Sales", "Eng", "Ops", "Legal"], MONTHS):
        groups.add(frozenset(a for a in universe.atoms if a[0] == dept and a[2] == month))
    groups = {g for g in groups if g and 0 < universe.people(g) < threshold and not g <= own}
    theirs = {
        frozenset(g)
        for g in revealed(universe, sorted(universe.known, key=repr), sorted(groups, key=repr))
    }
    for group in groups - theirs:
        assert not attacker_can_isolate(universe, seen, group), sorted(group)
