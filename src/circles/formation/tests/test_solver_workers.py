"""Several searches side by side: reproducible, never worse than one, stoppable."""

from __future__ import annotations

import numpy as np
import pytest

from circles.formation.solver import Attribute, InvalidProblem, Problem, solve
from circles.formation.solver.engine import worker_seed


def matrix_problem(n: int = 72, seed: int = 0) -> Problem:
    rng = np.random.default_rng(seed)
    d = np.triu(rng.random((n, n)) * 100, 1)
    return Problem(groups=8, sizes=(7, 11), distances=d + d.T)


def attribute_problem(n: int = 60) -> Problem:
    rng = np.random.default_rng(1)
    return Problem(
        groups=6,
        sizes=(9, 11),
        attributes=[
            Attribute("department", rng.integers(0, 5, n).tolist(), weight=2),
            Attribute("tenure", rng.exponential(3.0, n).round(1).tolist(), kind="numeric"),
        ],
    )


@pytest.mark.parametrize(("kind", "limit"), [("matrix", 150), ("attributes", 40_000)])
def test_two_workers_with_an_iteration_limit_give_the_same_result_twice(
    kind: str, limit: int
) -> None:
    problem = matrix_problem() if kind == "matrix" else attribute_problem()
    first = solve(problem, seconds=None, max_iterations=limit, seed=4, workers=2)
    second = solve(problem, seconds=None, max_iterations=limit, seed=4, workers=2)
    assert first.assignment.tolist() == second.assignment.tolist()
    assert first.objective == second.objective
    assert first.stats.workers == 2
    assert first.stats.stopped_by == "iterations"


@pytest.mark.parametrize(("kind", "limit"), [("matrix", 150), ("attributes", 40_000)])
def test_two_workers_are_never_worse_than_one_from_the_same_seed(kind: str, limit: int) -> None:
    problem = matrix_problem(seed=2) if kind == "matrix" else attribute_problem()
    for seed in (1, 7):
        one = solve(problem, seconds=None, max_iterations=limit, seed=seed)
        two = solve(problem, seconds=None, max_iterations=limit, seed=seed, workers=2)
        assert two.objective >= one.objective
        # Each worker runs to the limit: twice the work of one.
        assert two.stats.iterations == 2 * one.stats.iterations


def test_worker_zero_keeps_the_callers_seed_and_the_others_get_distinct_ones() -> None:
    assert worker_seed(5, 0) == 5
    seeds = {worker_seed(5, k) for k in range(1, 8)} | {worker_seed(6, 1)}
    assert len(seeds) == 8
    assert all(0 <= s < 2**63 for s in seeds)
    assert worker_seed(-3, 1) == worker_seed(-3, 1)


def test_a_progress_callback_that_returns_false_stops_every_worker() -> None:
    calls: list[float] = []

    def stop(fraction: float, best: float) -> bool:
        calls.append(best)
        return False

    solution = solve(matrix_problem(), seconds=30, seed=1, workers=2, progress=stop)
    assert solution.stats.stopped_by == "callback"
    assert solution.stats.seconds < 10
    assert calls


def test_a_time_limit_holds_with_two_workers() -> None:
    solution = solve(matrix_problem(), seconds=0.6, seed=1, workers=2)
    assert solution.stats.stopped_by == "time"
    assert solution.stats.seconds < 1.2


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_positive_whole_number(workers: object) -> None:
    with pytest.raises(InvalidProblem):
        solve(matrix_problem(), seconds=None, max_iterations=5, workers=workers)  # type: ignore[arg-type]
