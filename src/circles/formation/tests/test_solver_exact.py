"""On small instances the solver reaches the optimum that exhaustive search or CP-SAT proves."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from circles.formation.solver import Attribute, Problem, evaluate, solve
from circles.formation.solver.model import _encode, pair_matrix

from .recount import broken_rules, recount


def brute_force(d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Best objective over every assignment whose sizes fit, vectorised over assignments."""
    n, g = d.shape[0], lo.shape[0]
    codes = np.array(list(itertools.product(range(g), repeat=n - 1)), dtype=np.int8)
    # Person 0 in group 0 would lose solutions when bounds differ, so enumerate its group too.
    best = -np.inf
    iu = np.triu_indices(n, 1)
    weights = d[iu]
    for first in range(g):
        a = np.concatenate((np.full((codes.shape[0], 1), first, np.int8), codes), axis=1)
        sizes = np.stack([(a == k).sum(axis=1) for k in range(g)], axis=1)
        ok = np.all((sizes >= lo) & (sizes <= hi), axis=1)
        a = a[ok]
        if a.size:
            same = a[:, iu[0]] == a[:, iu[1]]
            best = max(best, float((same * weights).sum(axis=1).max()))
    return best


def random_case(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 11))
    g = int(rng.integers(2, 4))
    lo = rng.integers(1, n // g + 1, size=g)
    hi = lo + rng.integers(0, 3, size=g)
    while hi.sum() < n:
        hi[rng.integers(g)] += 1
    d = rng.integers(0, 20, size=(n, n)).astype(float)
    d = np.triu(d, 1)
    return d + d.T, lo, hi


@pytest.mark.parametrize("seed", range(12))
def test_it_finds_the_optimum_of_small_matrix_instances(seed: int) -> None:
    d, lo, hi = random_case(seed)
    problem = Problem(groups=lo.shape[0], sizes=list(zip(lo, hi, strict=True)), distances=d)
    solution = solve(problem, seconds=None, max_iterations=300, seed=seed)
    assert broken_rules(problem, solution.assignment) == []
    assert recount(problem, solution.assignment) == pytest.approx(brute_force(d, lo, hi))
    assert solution.objective == pytest.approx(recount(problem, solution.assignment))


@pytest.mark.parametrize("seed", range(6))
def test_it_finds_the_optimum_of_small_attribute_instances(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = 9
    attributes = [
        Attribute("team", rng.integers(0, 3, n).tolist(), weight=1.0),
        Attribute("site", rng.choice(["a", "b", "c", "d"], n).tolist(), weight=0.7),
        Attribute("level", rng.integers(1, 6, n).tolist(), kind="ordinal", weight=0.5),
        Attribute("tenure", rng.random(n).round(2).tolist(), kind="numeric", weight=0.8),
        Attribute("topics", [{"x", "y"} if i % 3 else {"y"} for i in range(n)], similar=True),
    ]
    lo, hi = np.array([2, 2, 3]), np.array([4, 3, 4])
    d = np.sum([pair_matrix(_encode(a), n) for a in attributes], axis=0)
    np.fill_diagonal(d, 0.0)
    problem = Problem(groups=3, sizes=list(zip(lo, hi, strict=True)), attributes=attributes)
    solution = solve(problem, seconds=None, max_iterations=200_000, seed=seed)
    assert broken_rules(problem, solution.assignment) == []
    assert recount(problem, solution.assignment) == pytest.approx(brute_force(d, lo, hi))
    assert solution.objective == pytest.approx(recount(problem, solution.assignment))


def test_it_finds_the_constrained_optimum_that_cp_sat_proves() -> None:
    cp_model = pytest.importorskip("ortools.sat.python.cp_model")
    rng = np.random.default_rng(7)
    n, g = 11, 3
    d = np.triu(rng.integers(0, 50, size=(n, n)), 1)
    d = d + d.T
    apart = [(0, 1), (1, 2), (0, 2), (3, 4), (5, 9)]
    together = [(6, 7)]
    locked = {8: 2, 3: 0}
    earlier = [(6, 8, 10.0), (2, 5, 7.0)]
    lo, hi = 3, 4
    model = cp_model.CpModel()
    x = {(i, k): model.NewBoolVar(f"x{i}_{k}") for i in range(n) for k in range(g)}
    for i in range(n):
        model.AddExactlyOne(x[i, k] for k in range(g))
    for k in range(g):
        model.Add(sum(x[i, k] for i in range(n)) >= lo)
        model.Add(sum(x[i, k] for i in range(n)) <= hi)
        for i, j in apart:
            model.AddBoolOr([x[i, k].Not(), x[j, k].Not()])
        for i, j in together:
            model.Add(x[i, k] == x[j, k])
    for i, k in locked.items():
        model.Add(x[i, k] == 1)
    cost = {(i, j): 0 for i in range(n) for j in range(i + 1, n)}
    for i, j, w in earlier:
        cost[min(i, j), max(i, j)] = int(w)
    terms = []
    for (i, j), c in cost.items():
        for k in range(g):
            y = model.NewBoolVar(f"y{i}_{j}_{k}")
            model.AddImplication(y, x[i, k])
            model.AddImplication(y, x[j, k])
            terms.append((int(d[i, j]) - c) * y)
    model.Maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.num_workers = 1
    assert solver.Solve(model) == cp_model.OPTIMAL
    problem = Problem(
        groups=g,
        sizes=(lo, hi),
        distances=d.astype(float),
        keep_apart=apart,
        together=together,
        locked=locked,
        earlier_pairs=earlier,
    )
    solution = solve(problem, seconds=None, max_iterations=400, seed=3)
    assert broken_rules(problem, solution.assignment) == []
    assert recount(problem, solution.assignment) == pytest.approx(solver.ObjectiveValue())
    assert solution.objective == pytest.approx(recount(problem, solution.assignment))
    assert evaluate(problem, solution.assignment).objective == pytest.approx(solution.objective)
