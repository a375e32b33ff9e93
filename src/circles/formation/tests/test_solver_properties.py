"""Property tests: hard rules always hold, and incremental bookkeeping never drifts."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.formation.solver import (
    Attribute,
    LoneMemberRule,
    Problem,
    TimeWindows,
    evaluate,
    solve,
)
from circles.formation.solver import attribute_search as ak
from circles.formation.solver import matrix_search as mk
from circles.formation.solver.engine import AttributeRunner, MatrixRunner
from circles.formation.solver.feasibility import check, construct
from circles.formation.solver.model import build_model

from .recount import broken_rules, recount

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def feasible_problems(draw: st.DrawFn, with_matrix: bool | None = None) -> Problem:
    """Rules derived from a hidden assignment, so at least one feasible answer exists."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    g = draw(st.integers(1, 5))
    n = draw(st.integers(g, 24))
    hidden = np.concatenate((np.arange(g), rng.integers(0, g, n - g)))
    rng.shuffle(hidden)
    sizes = np.bincount(hidden, minlength=g)
    slack = draw(st.integers(0, 2))
    if draw(st.booleans()):
        bounds: tuple[int, int] | list[tuple[int, int]] = (
            max(0, int(sizes.min()) - slack),
            int(sizes.max()) + slack,
        )
    else:
        bounds = [(max(0, int(s) - slack), int(s) + int(rng.integers(0, 2))) for s in sizes]
    people = np.arange(n)
    pairs = [(int(i), int(j)) for i in people for j in people if i < j]
    picked = [pairs[k] for k in rng.permutation(len(pairs))[: draw(st.integers(0, 12))]]
    apart = [p for p in picked if hidden[p[0]] != hidden[p[1]]]
    locked = {int(i): int(hidden[i]) for i in rng.permutation(n)[: draw(st.integers(0, 3))]}
    together = []
    for k in range(g):
        members = np.flatnonzero(hidden == k)
        if members.size >= 2 and rng.random() < 0.4:
            together.append(tuple(int(x) for x in members[:2]))
    use_matrix = draw(st.booleans()) if with_matrix is None else with_matrix
    d = rng.random((n, n)) * 10
    d = np.triu(d, 1)
    attributes = [
        Attribute("team", rng.integers(0, 3, n).tolist(), weight=1.5),
        Attribute("level", rng.integers(1, 5, n).tolist(), kind="ordinal"),
        Attribute("tenure", rng.random(n).tolist(), kind="numeric", weight=0.5),
        Attribute("topics", [set(rng.choice(4, 2).tolist()) for _ in range(n)], similar=True),
    ]
    soft = draw(st.booleans())
    windows = TimeWindows(
        start=rng.integers(0, 1440, n).tolist(),
        end=rng.integers(0, 1440, n).tolist(),
        required_minutes=120,
        weight=0.02,
        slot_minutes=30,
    )
    return Problem(
        groups=g,
        sizes=bounds,
        distances=d + d.T if use_matrix else None,
        attributes=attributes if (not use_matrix or soft) else (),
        keep_apart=apart,
        locked=locked,
        together=together,
        earlier_pairs=[(i, j, 0.5) for i, j in picked[:4]] if soft else (),
        time_windows=windows if soft else None,
        lone_members=[LoneMemberRule("team", weight=0.3)] if soft else (),
    )


def assert_hard_rules(problem: Problem, assignment: np.ndarray) -> None:
    g = problem.groups
    sizes = np.bincount(assignment, minlength=g)
    bounds = np.broadcast_to(np.asarray(problem.sizes), (g, 2))
    assert np.all(sizes >= bounds[:, 0])
    assert np.all(sizes <= bounds[:, 1])
    for i, j in problem.keep_apart:
        assert assignment[i] != assignment[j]
    for i, k in problem.locked.items():
        assert assignment[i] == k
    for members in problem.together:
        assert len({int(assignment[i]) for i in members}) == 1


@FAST
@given(feasible_problems())
def test_every_solution_keeps_sizes_keep_apart_locks_and_together_sets(problem: Problem) -> None:
    solution = solve(problem, seconds=None, max_iterations=30, seed=1)
    assert_hard_rules(problem, solution.assignment)
    assert broken_rules(problem, solution.assignment) == []
    # Recounted pair by pair, independently of the evaluation the solver reports.
    expected = recount(problem, solution.assignment)
    assert abs(solution.objective - expected) < 1e-6 * max(1.0, abs(expected))


def runner_for(problem: Problem, seed: int) -> tuple[MatrixRunner | AttributeRunner, object]:
    model = build_model(problem)
    check(model)
    assign = construct(model, seed)
    if model.matrix_mode:
        return MatrixRunner(model, assign, seed), model
    return AttributeRunner(model, assign, seed), model


@FAST
@given(feasible_problems(with_matrix=True), st.integers(1, 60), st.floats(0.0, 1.0))
def test_matrix_bookkeeping_matches_a_full_recomputation(
    problem: Problem, steps: int, p_move: float
) -> None:
    runner, model = runner_for(problem, seed=steps)
    assert isinstance(runner, MatrixRunner)
    before = recount(problem, runner.S[mk.A][model.unit_of])  # type: ignore[attr-defined]
    assert abs(mk.objective(runner.P, runner.S) + runner.constant - before) < 1e-6 * max(
        1.0, abs(before)
    )
    gained = mk.perturb(runner.P, runner.S, runner.st, steps, p_move, 1)
    after = recount(problem, runner.S[mk.A][model.unit_of])  # type: ignore[attr-defined]
    assert_hard_rules(problem, runner.S[mk.A][model.unit_of])  # type: ignore[attr-defined]
    assert abs(before + gained - after) < 1e-6 * max(1.0, abs(after))
    assert abs(mk.objective(runner.P, runner.S) + runner.constant - after) < 1e-6 * max(
        1.0, abs(after)
    )
    assert abs(evaluate(problem, runner.S[mk.A][model.unit_of]).objective - after) < 1e-6 * max(  # type: ignore[attr-defined]
        1.0, abs(after)
    )


@FAST
@given(feasible_problems(with_matrix=False), st.integers(1, 60), st.floats(0.0, 1.0))
def test_attribute_bookkeeping_matches_a_full_recomputation(
    problem: Problem, steps: int, p_move: float
) -> None:
    runner, model = runner_for(problem, seed=steps)
    assert isinstance(runner, AttributeRunner)
    before = recount(problem, runner.S[ak.A][model.unit_of])  # type: ignore[attr-defined]
    assert abs(ak.objective(runner.P, runner.S) + runner.constant - before) < 1e-6 * max(
        1.0, abs(before)
    )
    gained = ak.random_walk(runner.P, runner.S, runner.st, steps, p_move)
    people = runner.S[ak.A][model.unit_of]  # type: ignore[attr-defined]
    assert_hard_rules(problem, people)
    after = recount(problem, people)
    assert abs(evaluate(problem, people).objective - after) < 1e-6 * max(1.0, abs(after))
    assert abs(before + gained - after) < 1e-6 * max(1.0, abs(after))
    assert abs(ak.objective(runner.P, runner.S) + runner.constant - after) < 1e-6 * max(
        1.0, abs(after)
    )


@FAST
@given(feasible_problems(with_matrix=True), st.integers(0, 20), st.booleans())
def test_the_descent_ends_where_no_single_move_or_swap_improves(
    problem: Problem, steps: int, plain: bool
) -> None:
    """Both descent kernels (the plain-matrix hot path and the general one) stop only at a
    local optimum, checked by trying every move and swap on a recount."""
    if plain:
        problem = Problem(groups=problem.groups, sizes=problem.sizes, distances=problem.distances)
    runner, model = runner_for(problem, seed=steps)
    assert isinstance(runner, MatrixRunner)
    if plain:
        assert runner.P[mk.PURE]  # the hot path, distances being non-negative
    mk.perturb(runner.P, runner.S, runner.st, steps, 0.0, 1)
    mk.mark_all(runner.S)
    mk.descent(runner.P, runner.S, runner.st, runner.cnt)
    units = runner.S[mk.A].copy()
    unit_of = model.unit_of  # type: ignore[attr-defined]
    value = recount(problem, units[unit_of])
    assert abs(mk.objective(runner.P, runner.S) + runner.constant - value) < 1e-6 * max(1, value)
    movable = [u for u in range(units.size) if model.fixed[u] < 0]  # type: ignore[attr-defined]
    for u in movable:
        for q in range(problem.groups):
            trial = units.copy()
            trial[u] = q
            if q != units[u] and not broken_rules(problem, trial[unit_of]):
                assert recount(problem, trial[unit_of]) <= value + 1e-6
        for v in movable:
            if units[v] != units[u]:
                trial = units.copy()
                trial[u], trial[v] = units[v], units[u]
                if not broken_rules(problem, trial[unit_of]):
                    assert recount(problem, trial[unit_of]) <= value + 1e-6
