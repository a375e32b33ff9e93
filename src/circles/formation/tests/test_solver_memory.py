"""Matrix input: the solver keeps one n x n matrix, the caller's, and leaves it untouched."""

from __future__ import annotations

import tracemalloc

import numpy as np

from circles.formation.solver import Problem, solve
from circles.formation.solver.model import build_model


def distances(n: int, seed: int = 0) -> np.ndarray:
    d = np.triu(np.random.default_rng(seed).random((n, n)) * 100, 1)
    return d + d.T


def test_a_plain_float_matrix_is_used_as_given_and_others_are_copied() -> None:
    d = distances(40)
    model = build_model(Problem(groups=4, sizes=(10, 10), distances=d))
    assert np.shares_memory(model.dense, d)
    with_diagonal = d + np.eye(40)
    model = build_model(Problem(groups=4, sizes=(10, 10), distances=with_diagonal))
    assert not np.shares_memory(model.dense, with_diagonal)
    assert not np.any(np.diag(model.dense))
    assert np.all(np.diag(with_diagonal) == 1.0)


def test_solving_allocates_far_less_than_another_matrix() -> None:
    n = 1500
    d = distances(n)
    kept = d.copy()
    problem = Problem(groups=30, sizes=(40, 60), distances=d)
    solve(problem, seconds=None, max_iterations=2, seed=1)
    tracemalloc.start()
    try:
        solution = solve(problem, seconds=None, max_iterations=2, seed=1, workers=2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert solution.stats.iterations == 4
    assert peak < d.nbytes / 4
    assert np.array_equal(d, kept)
