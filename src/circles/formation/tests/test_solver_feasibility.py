"""Hard rules that cannot hold are refused up front, with the rule and a readable reason."""

from __future__ import annotations

import numpy as np
import pytest

from circles.formation.solver import (
    Attribute,
    FormationError,
    InfeasibleProblem,
    InvalidProblem,
    LoneMemberRule,
    Problem,
    TimeWindows,
    solve,
)


def distances(n: int) -> np.ndarray:
    rng = np.random.default_rng(n)
    d = rng.random((n, n))
    return d + d.T


def refused(problem: Problem) -> FormationError:
    with pytest.raises(FormationError) as caught:
        solve(problem, seconds=None, max_iterations=1)
    return caught.value


def test_it_rejects_sizes_impossible_for_n_from_below() -> None:
    err = refused(Problem(groups=3, sizes=(5, 6), distances=distances(12)))
    assert isinstance(err, InfeasibleProblem)
    assert err.rule == "sizes"
    assert "at least 15" in err.reason


def test_it_rejects_sizes_impossible_for_n_from_above() -> None:
    err = refused(Problem(groups=2, sizes=(2, 4), distances=distances(10)))
    assert err.rule == "sizes"
    assert "at most 8" in err.reason


def test_it_rejects_a_minimum_above_the_maximum() -> None:
    err = refused(Problem(groups=2, sizes=[(3, 2), (1, 9)], distances=distances(6)))
    assert isinstance(err, InvalidProblem)
    assert err.rule == "sizes"
    assert err.groups == (0,)


def test_it_rejects_a_person_locked_into_two_groups_through_a_together_set() -> None:
    err = refused(
        Problem(
            groups=3, sizes=(2, 4), distances=distances(9), locked={0: 0, 1: 2}, together=[(0, 1)]
        )
    )
    assert isinstance(err, InfeasibleProblem)
    assert err.rule == "together"
    assert set(err.people) == {0, 1}


def test_it_rejects_a_locked_group_over_its_upper_bound() -> None:
    err = refused(
        Problem(groups=3, sizes=(2, 3), distances=distances(8), locked={0: 1, 1: 1, 2: 1, 3: 1})
    )
    assert err.rule == "locked"
    assert err.groups == (1,)
    assert "at most 3" in err.reason


def test_it_rejects_people_who_must_be_together_and_apart() -> None:
    err = refused(
        Problem(
            groups=3,
            sizes=(2, 4),
            distances=distances(9),
            together=[(0, 1, 2)],
            keep_apart=[(2, 0)],
        )
    )
    assert err.rule == "keep_apart"
    assert set(err.people) == {0, 2}


def test_it_rejects_a_keep_apart_clique_larger_than_the_number_of_groups() -> None:
    clique = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    err = refused(Problem(groups=3, sizes=(2, 4), distances=distances(9), keep_apart=clique))
    assert err.rule == "keep_apart"
    assert set(err.people) == {0, 1, 2, 3}
    assert "only 3" in err.reason


def test_it_rejects_two_people_locked_together_who_must_be_apart() -> None:
    err = refused(
        Problem(
            groups=2, sizes=(2, 6), distances=distances(8), locked={3: 1, 5: 1}, keep_apart=[(3, 5)]
        )
    )
    assert err.rule == "keep_apart"
    assert err.groups == (1,)


def test_it_rejects_a_together_set_larger_than_any_group() -> None:
    err = refused(Problem(groups=3, sizes=(2, 3), distances=distances(8), together=[range(4)]))
    assert err.rule == "together"


def test_it_rejects_someone_kept_apart_from_every_group() -> None:
    err = refused(
        Problem(
            groups=2,
            sizes=(1, 5),
            distances=distances(6),
            locked={0: 0, 1: 1},
            keep_apart=[(5, 0), (5, 1)],
        )
    )
    assert err.rule == "keep_apart"
    assert err.people == (5,)


@pytest.mark.parametrize(
    ("problem", "fragment"),
    [
        (Problem(groups=2, sizes=(2, 3), distances=np.ones((4, 5))), "must be"),
        (Problem(groups=2, sizes=(2, 3), distances=np.triu(np.ones((4, 4)))), "symmetric"),
        (Problem(groups=2, sizes=(2, 3), distances=np.full((4, 4), np.nan)), "finite"),
        (Problem(groups=2, sizes=[(2, 3)] * 3, distances=np.ones((4, 4))), "per group"),
        (Problem(groups=2, sizes=(2, 3), distances=np.ones((4, 4)), keep_apart=[(0, 7)]), "0 to 3"),
        (Problem(groups=2, sizes=(2, 3), distances=np.ones((4, 4)), locked={1: 5}), "group 5"),
        (Problem(groups=2, sizes=(2, 3), attributes=[Attribute("a", [1, 2, 3])], people=4), "3"),
        (
            Problem(groups=2, sizes=(2, 3), attributes=[Attribute("a", [1, 2, 3, 4])] * 2),
            "twice",
        ),
        (
            Problem(groups=2, sizes=(2, 3), attributes=[Attribute("a", ["x"] * 4, kind="numeric")]),
            "non-numbers",
        ),
        (
            Problem(
                groups=2,
                sizes=(2, 3),
                attributes=[Attribute("a", [1, 2, 3, 4], kind="numeric")],
                lone_members=[LoneMemberRule("a")],
            ),
            "categorical",
        ),
        (
            Problem(
                groups=2,
                sizes=(2, 3),
                people=4,
                time_windows=TimeWindows([0, 1, 2], [5, 6, 7], required_minutes=60),
            ),
            "one start",
        ),
    ],
)
def test_it_rejects_malformed_input_with_a_reason(problem: Problem, fragment: str) -> None:
    err = refused(problem)
    assert isinstance(err, InvalidProblem)
    assert fragment in err.reason
    assert str(err) == err.reason


def test_it_needs_a_time_or_iteration_limit() -> None:
    with pytest.raises(InvalidProblem):
        solve(Problem(groups=2, sizes=(2, 2), distances=distances(4)), seconds=None)
