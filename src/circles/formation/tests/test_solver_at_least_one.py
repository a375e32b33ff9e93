"""The hard rule "every group holds at least one of these people" (a volunteer per circle of
new hires): never broken by any solution, and refused by name when it cannot hold."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.formation.solver import AtLeastOneRule, InfeasibleProblem, Problem, solve
from circles.formation.tests.test_solver_properties import assert_hard_rules, feasible_problems

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def groups_with_one_of(assignment: np.ndarray, people: list[int], groups: int) -> set[int]:
    return {int(assignment[p]) for p in people} & set(range(groups))


@st.composite
def problems_with_volunteers(draw: st.DrawFn) -> tuple[Problem, list[int]]:
    """A feasible problem, with one volunteer placed in every group of its hidden answer (the
    people locked there, or anyone) and a few more anywhere."""
    problem = draw(feasible_problems())
    n = problem.size
    picked = draw(st.lists(st.integers(0, n - 1), min_size=problem.groups, max_size=n))
    volunteers = sorted(set(picked))
    return problem, volunteers


@FAST
@given(problems_with_volunteers())
def test_every_solution_has_a_volunteer_in_every_group_or_the_rule_is_refused_by_name(case):
    problem, volunteers = case
    ruled = dataclasses.replace(
        problem, at_least_one=[AtLeastOneRule(volunteers, label="volunteer", name="volunteer")]
    )
    refused: InfeasibleProblem | None = None
    try:
        solution = solve(ruled, seconds=None, max_iterations=30, seed=3)
    except InfeasibleProblem as error:
        refused = error
    if refused is not None:
        # Only the volunteer rule may make a feasible problem infeasible, and it says so.
        assert refused.rule == "volunteer", refused
        assert "volunteer" in refused.reason
        return
    assert_hard_rules(problem, solution.assignment)
    covered = groups_with_one_of(solution.assignment, volunteers, problem.groups)
    assert covered == set(range(problem.groups)), (solution.assignment, volunteers)


@FAST
@given(problems_with_volunteers(), st.integers(0, 2**16))
def test_the_rule_holds_for_every_seed_on_equal_sizes(case, seed):
    problem, volunteers = case
    n = problem.size
    groups = max(1, min(problem.groups, len(volunteers)))
    ruled = Problem(
        groups=groups,
        sizes=(n // groups, -(-n // groups)),
        people=n,
        at_least_one=[AtLeastOneRule(volunteers)],
    )
    solution = solve(ruled, seconds=None, max_iterations=20, seed=seed)
    covered = groups_with_one_of(solution.assignment, volunteers, groups)
    assert covered == set(range(groups))


def test_too_few_volunteers_is_refused_naming_the_rule():
    problem = Problem(
        groups=3, sizes=(2, 4), people=9, at_least_one=[AtLeastOneRule([0, 1], name="volunteer")]
    )
    with pytest.raises(InfeasibleProblem) as raised:
        solve(problem, seconds=None, max_iterations=10)
    assert raised.value.rule == "volunteer"
    assert "at least one volunteer" in raised.value.reason
    assert "2 volunteers for 3 groups" in raised.value.reason


def test_volunteers_locked_into_one_group_cannot_cover_the_others():
    problem = Problem(
        groups=2,
        sizes=(2, 4),
        people=6,
        locked={0: 0, 1: 0},
        at_least_one=[AtLeastOneRule([0, 1])],
    )
    with pytest.raises(InfeasibleProblem) as raised:
        solve(problem, seconds=None, max_iterations=10)
    assert raised.value.rule == "at_least_one"


def test_a_volunteer_kept_apart_from_everyone_locked_elsewhere_goes_where_it_can():
    # Volunteer 0 must be kept apart from person 5, locked into group 1: 0 anchors group 0.
    problem = Problem(
        groups=2,
        sizes=(3, 3),
        people=6,
        locked={5: 1},
        keep_apart=[(0, 5)],
        at_least_one=[AtLeastOneRule([0, 1])],
    )
    solution = solve(problem, seconds=None, max_iterations=20, seed=0)
    assert solution.assignment[0] != solution.assignment[5]
    assert groups_with_one_of(solution.assignment, [0, 1], 2) == {0, 1}


def test_a_volunteer_in_a_together_set_brings_the_set_along():
    problem = Problem(
        groups=2,
        sizes=(3, 3),
        people=6,
        together=[(0, 2)],
        at_least_one=[AtLeastOneRule([0, 1])],
    )
    solution = solve(problem, seconds=None, max_iterations=20, seed=0)
    assert solution.assignment[0] == solution.assignment[2]
    assert groups_with_one_of(solution.assignment, [0, 1], 2) == {0, 1}
