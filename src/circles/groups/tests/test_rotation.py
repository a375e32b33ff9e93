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
