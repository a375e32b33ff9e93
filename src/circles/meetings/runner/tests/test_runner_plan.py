from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from circles.meetings.runner.plan import EACH_CLIENT, EACH_MEMBER, ONCE, Stop, move, progress, stops

modes = st.lists(st.sampled_from([ONCE, EACH_MEMBER, EACH_CLIENT]), min_size=1, max_size=8)


def test_a_member_round_stops_once_per_person():
    assert stops([ONCE, EACH_MEMBER, ONCE], people=3, clients=1) == [
        Stop(0, 0),
        Stop(1, 0),
        Stop(1, 1),
        Stop(1, 2),
        Stop(2, 0),
    ]


def test_consecutive_client_steps_run_as_one_block_per_client():
    walk = stops([ONCE, EACH_CLIENT, EACH_CLIENT, ONCE], people=5, clients=2)
    assert walk == [Stop(0, 0), Stop(1, 0), Stop(2, 0), Stop(1, 1), Stop(2, 1), Stop(3, 0)]


def test_moving_past_either_end_stays_at_the_end():
    assert move([ONCE, ONCE], 3, 1, Stop(1, 0), 1) == Stop(1, 0)
    assert move([ONCE, ONCE], 3, 1, Stop(0, 0), -1) == Stop(0, 0)


def test_a_round_position_beyond_a_shrunken_go_round_resumes_at_the_next_stop():
    assert move([EACH_MEMBER, ONCE], 2, 1, Stop(0, 5), 0) == Stop(1, 0)


@given(modes, st.integers(0, 12), st.integers(0, 6))
def test_every_step_is_visited_in_order(round_modes, people, clients):
    walk = stops(round_modes, people, clients)
    visited = [stop.step_index for stop in walk]
    assert sorted(set(visited)) == list(range(len(round_modes)))
    assert len(walk) == len(set(walk))


@given(modes, st.integers(0, 12), st.integers(0, 6), st.data())
def test_next_then_previous_comes_back(round_modes, people, clients, data):
    walk = stops(round_modes, people, clients)
    index = data.draw(st.integers(0, len(walk) - 2)) if len(walk) > 1 else 0
    here = walk[index]
    forward = move(round_modes, people, clients, here, 1)
    if len(walk) > 1:
        assert move(round_modes, people, clients, forward, -1) == here
        assert progress(round_modes, people, clients, forward)[0] == index + 2


@given(modes, st.lists(st.integers(1, 30), min_size=8, max_size=8), st.integers(1, 12), st.data())
def test_the_timeboxes_of_all_stops_add_up_to_the_planned_total(round_modes, minutes, people, data):
    from circles.meetings.agenda.services import StepInput, step_total

    clients = data.draw(st.integers(1, people))
    steps = [
        StepInput(title=f"s{i}", minutes=minutes[i], round_mode=mode)
        for i, mode in enumerate(round_modes)
    ]
    walked = sum(steps[stop.step_index].minutes for stop in stops(round_modes, people, clients))
    assert walked == step_total(steps, people=people, clients=clients)
