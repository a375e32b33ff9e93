"""Determinism, anytime behaviour, progress, explanations, and attribute/matrix agreement."""

from __future__ import annotations

import numpy as np
import pytest

from circles.formation.solver import (
    RULE_EARLIER,
    RULE_LONE,
    RULE_TIME,
    Attribute,
    LoneMemberRule,
    Problem,
    TimeWindows,
    evaluate,
    group_counts,
    solve,
)
from circles.formation.solver.model import _encode, pair_matrix


def people(n: int, seed: int = 0) -> list[Attribute]:
    rng = np.random.default_rng(seed)
    return [
        Attribute("department", rng.choice(["ops", "sales", "it", "hr"], n).tolist(), weight=2),
        Attribute("location", rng.integers(0, 5, n).tolist()),
        Attribute(
            "level",
            rng.choice(["junior", "mid", "senior"], n).tolist(),
            kind="ordinal",
            order=["junior", "mid", "senior"],
        ),
        Attribute("tenure", rng.exponential(3.0, n).round(1).tolist(), kind="numeric"),
        Attribute(
            "interests", [set(rng.choice(["a", "b", "c", "d"], 2)) for _ in range(n)], similar=True
        ),
    ]


def matrix(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    d = rng.random((n, n)) * 100
    d = np.triu(d, 1)
    return d + d.T


@pytest.mark.parametrize("kind", ["matrix", "attributes"])
def test_it_returns_the_same_result_for_the_same_seed(kind: str) -> None:
    n = 60
    problem = Problem(
        groups=8,
        sizes=(6, 9),
        distances=matrix(n) if kind == "matrix" else None,
        attributes=people(n) if kind == "attributes" else (),
        keep_apart=[(0, 1), (2, 3)],
    )
    limit = 200 if kind == "matrix" else 50_000
    first = solve(problem, seconds=None, max_iterations=limit, seed=5)
    second = solve(problem, seconds=None, max_iterations=limit, seed=5)
    assert np.array_equal(first.assignment, second.assignment)
    assert first.objective == second.objective
    assert first.stats.iterations == second.stats.iterations == limit


def test_a_tiny_time_limit_still_returns_a_feasible_result() -> None:
    n = 300
    problem = Problem(groups=30, sizes=(8, 12), distances=matrix(n), keep_apart=[(0, 1)])
    solution = solve(problem, seconds=0.001, seed=1)
    sizes = np.bincount(solution.assignment, minlength=30)
    assert sizes.min() >= 8
    assert sizes.max() <= 12
    assert solution.assignment[0] != solution.assignment[1]
    assert solution.stats.stopped_by == "time"
    assert solution.objective == pytest.approx(evaluate(problem, solution.assignment).objective)


def test_searching_longer_never_ends_worse_than_the_first_assignment() -> None:
    problem = Problem(groups=10, sizes=(10, 10), attributes=people(100))
    solution = solve(problem, seconds=None, max_iterations=100_000, seed=2)
    assert solution.objective >= solution.stats.construction_objective - 1e-9


def test_progress_is_reported_and_can_stop_the_search() -> None:
    seen: list[tuple[float, float]] = []

    def progress(fraction: float, best: float) -> bool:
        seen.append((fraction, best))
        return len(seen) < 2

    problem = Problem(groups=10, sizes=(12, 12), distances=matrix(120))
    solution = solve(problem, seconds=5.0, seed=1, progress=progress)
    assert solution.stats.stopped_by == "callback"
    assert solution.stats.seconds < 4.0
    assert all(0.0 <= f <= 1.0 for f, _ in seen)
    assert seen[-1] == (1.0, solution.objective)


def test_attribute_input_matches_the_equivalent_matrix_objective() -> None:
    n = 24
    attributes = people(n, seed=3)
    d = np.sum([pair_matrix(_encode(a), n) for a in attributes], axis=0)
    np.fill_diagonal(d, 0.0)
    by_attributes = Problem(groups=4, sizes=(5, 7), attributes=attributes)
    by_matrix = Problem(groups=4, sizes=(5, 7), distances=d)
    solution = solve(by_attributes, seconds=None, max_iterations=20_000, seed=4)
    assert evaluate(by_matrix, solution.assignment).objective == pytest.approx(solution.objective)
    other = solve(by_matrix, seconds=None, max_iterations=50, seed=4)
    assert evaluate(by_attributes, other.assignment).objective == pytest.approx(other.objective)


def test_it_reports_penalties_per_rule_and_explains_each_group() -> None:
    n = 30
    problem = Problem(
        groups=5,
        sizes=(6, 6),
        attributes=people(n),
        earlier_pairs=[(i, i + 1, 2.0) for i in range(0, n, 2)],
        time_windows=TimeWindows(
            start=[(60 * i) % 1440 for i in range(n)],
            end=[(60 * i + 480) % 1440 for i in range(n)],
            required_minutes=180,
            weight=0.01,
        ),
        lone_members=[LoneMemberRule("department", weight=3.0)],
    )
    solution = solve(problem, seconds=None, max_iterations=20_000, seed=1)
    assert set(solution.penalties) == {RULE_EARLIER, RULE_TIME, RULE_LONE}
    assert solution.objective == pytest.approx(
        solution.diversity - sum(solution.penalties.values())
    )
    assert len(solution.groups) == 5
    for report in solution.groups:
        assert report.size == 6
        assert report.members == tuple(solution.members(report.group))
        assert {m.attribute for m in report.attributes} == {a.name for a in problem.attributes}
        department = next(m for m in report.attributes if m.attribute == "department")
        assert department.distinct == len(department.counts)
        assert sum(department.counts.values()) == 6
        tenure = next(m for m in report.attributes if m.attribute == "tenure")
        assert tenure.low is not None
        assert tenure.high is not None
        assert report.shared_minutes is not None
        assert any("working minutes" in note for note in report.notes)
    assert sum(sum(r.penalties.values()) for r in solution.groups) == pytest.approx(
        sum(solution.penalties.values())
    )


def test_soft_rules_pull_the_search_their_way() -> None:
    n = 40
    rng = np.random.default_rng(9)
    d = matrix(n, seed=9)
    earlier = [(int(i), int(j), 50.0) for i, j in rng.integers(0, n, (30, 2)) if i != j]
    free = solve(Problem(groups=5, sizes=(8, 8), distances=d), seconds=None, max_iterations=300)
    ruled = solve(
        Problem(groups=5, sizes=(8, 8), distances=d, earlier_pairs=earlier),
        seconds=None,
        max_iterations=300,
    )
    repeated = [
        sum(a.assignment[i] == a.assignment[j] for i, j, _ in earlier) for a in (free, ruled)
    ]
    assert repeated[1] < repeated[0]


def test_it_lists_the_group_counts_that_fit() -> None:
    assert list(group_counts(20, 5, 8)) == [3, 4]
    assert list(group_counts(7, 5, 6)) == []
