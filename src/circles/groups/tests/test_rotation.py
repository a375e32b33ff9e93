"""Property tests of the role rotation: the evenness bound stated in groups/rotation.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circles.groups.rotation import ROLES, SLACK, Tally, Turn, evenness_gap, next_roles


def simulate(size: int, absences: list[set[int]]) -> list[Turn[int]]:
    members = list(range(size))
    history: list[Turn[int]] = []
    for away in absences:
        roles = next_roles(members, history, away)
        history.append(Turn[int](roles=roles, unavailable=frozenset(away)))
    return history


@st.composite
def circles_with_absences(draw: st.DrawFn) -> tuple[int, list[set[int]]]:
    size = draw(st.integers(min_value=3, max_value=12))
    meetings = draw(st.integers(min_value=1, max_value=30))
    # Some members never miss; the others miss meetings in any pattern hypothesis can find.
    steady = draw(st.sets(st.integers(0, size - 1)))
    pattern = draw(
        st.lists(
            st.sets(st.integers(0, size - 1).filter(lambda p: p not in steady)),
            min_size=meetings,
            max_size=meetings,
        )
    )
    return size, pattern


@settings(max_examples=150, deadline=None)
@given(circles_with_absences())
def test_no_member_gets_more_than_two_plus_the_others_absences_ahead_in_any_role(case):
    size, absences = case
    members = list(range(size))
    history: list[Turn[int]] = []
    for away in absences:
        roles = next_roles(members, history, away)
        history.append(Turn[int](roles=roles, unavailable=frozenset(away)))
        # The bound holds after every meeting, not only at the end of a cycle.
        assert evenness_gap(members, history) <= SLACK


@settings(max_examples=150, deadline=None)
@given(circles_with_absences())
def test_members_who_never_miss_differ_by_at_most_two_in_every_role(case):
    size, absences = case
    history = simulate(size, absences)
    steady = [p for p in range(size) if not any(p in away for away in absences)]
    tally = Tally.of(list(range(size)), history)
    for role in ROLES:
        counts = [tally.counts[role][p] for p in steady]
        if counts:
            assert max(counts) - min(counts) <= SLACK


@settings(max_examples=150, deadline=None)
@given(circles_with_absences())
def test_roles_go_only_to_available_members_and_never_two_to_one_person_in_a_big_enough_circle(
    case,
):
    size, absences = case
    for turn in simulate(size, absences):
        available = set(range(size)) - turn.unavailable
        holders = [turn.roles[role] for role in ROLES]
        if not available:
            assert holders == [None, None, None]
            continue
        assert set(holders) <= available
        if len(available) >= 3:
            assert len(set(holders)) == 3
        else:
            # Everyone who is there helps: nobody is left without a role while another has two.
            assert set(holders) == available


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(min_value=3, max_value=12),
    meetings=st.integers(min_value=1, max_value=40),
    start=st.integers(min_value=0, max_value=39),
    length=st.integers(min_value=1, max_value=40),
)
def test_without_absences_any_run_of_meetings_shares_every_role_within_one(
    size, meetings, start, length
):
    history = simulate(size, [set()] * meetings)
    window = history[start : start + length]
    if not window:
        return
    tally = Tally.of(list(range(size)), window)
    for role in ROLES:
        counts = tally.counts[role].values()
        assert max(counts) - min(counts) <= 1


def test_without_absences_roles_move_round_the_circle_in_step():
    history = simulate(5, [set()] * 7)
    facilitators = [turn.roles["facilitator"] for turn in history]
    hosts = [turn.roles["host"] for turn in history]
    note_takers = [turn.roles["note_taker"] for turn in history]
    assert facilitators == [0, 1, 2, 3, 4, 0, 1]
    assert hosts == [1, 2, 3, 4, 0, 1, 2]
    assert note_takers == [2, 3, 4, 0, 1, 2, 3]


def test_an_absent_member_keeps_their_turn_and_takes_it_at_the_next_meeting():
    members = ["ana", "ben", "chi", "dev", "eli"]
    first = next_roles(members, [])
    assert first["facilitator"] == "ana"
    history = [Turn[str](roles=first)]
    # Ben is due to facilitate next but declines.
    second = next_roles(members, history, {"ben"})
    assert "ben" not in second.values()
    history.append(Turn[str](roles=second, unavailable=frozenset({"ben"})))
    third = next_roles(members, history)
    assert third["facilitator"] == "ben"


def test_a_swap_is_evened_out_by_later_turns():
    members = ["ana", "ben", "chi", "dev"]
    history: list[Turn[str]] = [
        Turn[str](roles={"facilitator": "ben", "host": "ana", "note_taker": "chi"})
    ]
    # Ana swapped her facilitation with Ben: she is now the one who has not facilitated.
    assert next_roles(members, history)["facilitator"] in {"ana", "chi", "dev"}
    for _ in range(3):
        roles = next_roles(members, history)
        history.append(Turn[str](roles=roles))
    tally = Tally.of(members, history)
    assert set(tally.counts["facilitator"].values()) == {1}


def test_with_two_people_one_holds_two_roles_and_with_nobody_the_roles_stay_open():
    members = ["ana", "ben", "chi"]
    roles = next_roles(members, [], {"chi"})
    assert set(roles.values()) == {"ana", "ben"}
    assert next_roles(members, [], {"ana", "ben", "chi"}) == dict.fromkeys(ROLES, None)


def test_a_member_listed_twice_is_refused():
    with pytest.raises(ValueError, match="only once"):
        next_roles(["ana", "ana", "ben"], [])


# --- Histories as the app builds them: members who join later, and roles swapped by hand ----


def simulate_with_joins(
    size: int, joins: dict[int, int], absences: list[set[int]]
) -> tuple[list[int], list[Turn[int]]]:
    """Member p joins before meeting ``joins.get(p, 0)``; earlier meetings had them outside."""
    members = list(range(size))
    history: list[Turn[int]] = []
    for number, away in enumerate(absences):
        outside = frozenset(p for p in members if joins.get(p, 0) > number)
        present = [p for p in members if p not in outside]
        roles = next_roles(present, [_within(t, present) for t in history], away - outside)
        history.append(
            Turn[int](roles=roles, unavailable=frozenset(away - outside), outside=outside)
        )
    return members, history


def _within(turn: Turn[int], present: list[int]) -> Turn[int]:
    return Turn[int](
        roles=turn.roles,
        unavailable=turn.unavailable & set(present),
        outside=turn.outside & set(present),
    )


@st.composite
def circles_with_late_joiners(draw: st.DrawFn) -> tuple[int, dict[int, int], list[set[int]]]:
    size, absences = draw(circles_with_absences())
    joiners = draw(st.sets(st.integers(0, size - 1), max_size=max(0, size - 3)))
    founders = [p for p in range(size) if p not in joiners]
    if len(founders) < 3:
        joiners = set(list(joiners)[: size - 3])
    joins = {p: draw(st.integers(1, max(1, len(absences)))) for p in joiners}
    return size, joins, absences


@settings(max_examples=150, deadline=None)
@given(circles_with_late_joiners())
def test_the_bound_holds_with_members_who_join_later(case):
    size, joins, absences = case
    members, history = simulate_with_joins(size, joins, absences)
    for end in range(1, len(history) + 1):
        present = [p for p in members if joins.get(p, 0) < end or p not in joins]
        assert evenness_gap(present, [_within(t, present) for t in history[:end]]) <= SLACK


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=5, max_value=10), late=st.integers(min_value=2, max_value=3))
def test_a_late_joiner_is_not_handed_a_role_at_every_meeting_to_catch_up(size, late):
    newcomer = size - 1
    join_at = late * size
    meetings = join_at + size
    members, history = simulate_with_joins(size, {newcomer: join_at}, [set()] * meetings)
    window = history[join_at:]
    held = {p: sum(1 for t in window for r in ROLES if t.roles[r] == p) for p in members}
    others = max(count for p, count in held.items() if p != newcomer)
    assert held[newcomer] <= others + 1, held


@settings(max_examples=100, deadline=None)
@given(
    case=circles_with_absences(),
    swaps=st.lists(
        st.tuples(st.integers(0, 29), st.sampled_from(ROLES), st.integers(0, 11)), max_size=6
    ),
)
def test_swaps_widen_a_gap_by_at_most_two_each_and_later_turns_narrow_it(case, swaps):
    size, absences = case
    members = list(range(size))
    by_meeting = {m: (role, to % size) for m, role, to in swaps}
    history: list[Turn[int]] = []
    swapped = 0
    for number, away in enumerate(absences):
        roles: dict[str, int | None] = next_roles(members, history, away)
        if number in by_meeting:
            role, to = by_meeting[number]
            if to not in away and roles[role] != to:
                # As the app's swap does: the two exchange when the taker held another role.
                for other, holder in list(roles.items()):
                    if holder == to:
                        roles[other] = roles[role]
                roles[role] = to
                swapped += 1
        history.append(Turn[int](roles=roles, unavailable=frozenset(away)))
        assert evenness_gap(members, history) <= SLACK + 2 * swapped
    # Then meetings without absences or swaps: the rotation brings every gap back within the
    # bound (each round of the circle lets the members furthest behind catch up).
    for _ in range(2 * size * (1 + swapped)):
        planned = next_roles(members, history)
        history.append(Turn[int](roles=planned))
    assert evenness_gap(members, history) <= SLACK
