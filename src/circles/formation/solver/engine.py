"""The driver: checks, builds a first assignment, then runs compiled chunks against a clock.

Compiled code runs in chunks of a fixed amount of work; between chunks Python checks the time,
the iteration limit and reports progress. Chunks are resumable, so the trajectory depends on the
seed alone: with an iteration limit the result is reproducible, and a time limit only decides
where along that trajectory the search stops.

With several workers, independent searches from different seeds (worker 0 keeps the caller's)
run on threads, the compiled chunks releasing the GIL, and the best result wins, the lowest
worker on a tie: still reproducible with an iteration limit, each worker running to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from . import attribute_search as attr_ks
from . import matrix_search as mat_ks
from .anchors import with_anchors
from .errors import InfeasibleProblem, InvalidProblem
from .explain import explain
from .feasibility import check, construct
from .model import Model, build_model
from .objective import evaluate
from .penalties import has_penalties, has_rules, static_tuple
from .penalties import new_state as new_extras_state
from .problem import Problem, people_count, validate
from .result import GroupReport, LeftOut, SearchStats, Solution
from .rng import new_state
from .waiting import restrict, to_leave_out

Progress = Callable[[float, float], object]
CHUNK_SECONDS = 0.2


class Runner(Protocol):
    iterations: int
    evaluations: int

    def run(self, evaluations: int, iterations: int) -> None: ...
    def best(self) -> tuple[float, NDArray[np.int64]]: ...


def ils_params(units: int) -> NDArray[np.float64]:
    """Search parameters by size: (local searches without gain that end a maxima search, weak
    perturbation steps, strong perturbation range min and max, share of moves among random
    steps, tournament size of a weak step)."""
    small = units <= 160
    alpha = 50 if small else (20 if units <= 320 else 10)
    weak = 2 if small else 3
    s_min = 3 if small else 5
    s_max = max(15, units // 16)
    # Random steps are swaps only: at unequal size bounds a random move mostly breaks the size
    # profile the search should keep, and the descent still moves when that helps.
    return np.array([alpha, weak, s_min, s_max, 0.0, 4], np.float64)


class MatrixRunner:
    def __init__(self, model: Model, assign: NDArray[np.int64], seed: int) -> None:
        xs = static_tuple(model.extras)
        self.P = mat_ks.make_static(
            model.dense,
            model.lo,
            model.hi,
            model.weight,
            model.fixed,
            model.apart_ptr,
            model.apart_idx,
            xs,
        )
        self.S = mat_ks.make_state(self.P, assign, new_extras_state(xs, model.groups))
        self.MS = mat_ks.clone_state(self.S)
        self.best_assign = assign.copy()
        self.ctl = np.zeros(4, np.int64)
        self.fv = np.zeros(3)
        self.st = new_state(seed)
        self.cnt = np.zeros(1, np.int64)
        self.params = ils_params(model.units)
        self.constant = model.constant
        self.started = False
        self.start_value = mat_ks.objective(self.P, self.S) + self.constant
        self.iterations = 0
        self.evaluations = 0

    def run(self, evaluations: int, iterations: int) -> None:
        if not self.started:
            # The first descent starts from every group dirty.
            self.started = True
            mat_ks.mark_all(self.S)
            mat_ks.descent(self.P, self.S, self.st, self.cnt)
            f = mat_ks.objective(self.P, self.S)
            self.fv[:] = f
            self.best_assign[:] = self.S[mat_ks.A]
            mat_ks.copy_state(self.S, self.MS)
        mat_ks.ils_run(
            self.P,
            self.S,
            self.MS,
            self.best_assign,
            self.ctl,
            self.fv,
            self.st,
            self.cnt,
            int(self.cnt[0]) + evaluations,
            iterations,
            self.params,
        )
        self.iterations = int(self.ctl[mat_ks.C_SEARCHES])
        self.evaluations = int(self.cnt[0])

    def best(self) -> tuple[float, NDArray[np.int64]]:
        if not self.started:
            return self.start_value, self.best_assign
        return float(self.fv[mat_ks.F_BEST]) + self.constant, self.best_assign


class AttributeRunner:
    def __init__(self, model: Model, assign: NDArray[np.int64], seed: int) -> None:
        xs = static_tuple(model.extras)
        g = model.groups
        movable = np.flatnonzero(model.fixed < 0).astype(np.int64)
        self.P = (
            model.lo,
            model.hi,
            model.weight,
            model.fixed,
            model.apart_ptr,
            model.apart_idx,
            model.avoid_ptr,
            model.avoid_idx,
            model.avoid_w,
            movable,
            model.pair_coef,
            model.cat_ptr,
            model.cat_code,
            model.cat_mult,
            model.cat_coef,
            model.num_s1,
            model.num_s2,
            model.num_coef,
            model.apart_idx.shape[0] > 0,
            model.avoid_idx.shape[0] > 0,
            has_penalties(xs) or has_rules(xs),
            xs,
        )
        nk = model.num_coef.shape[0]

        def fresh() -> tuple[Any, ...]:
            return (
                assign.copy(),
                np.zeros(g, np.int64),
                np.zeros((g, max(model.cat_coef.shape[0], 1)), np.int32),
                np.zeros((g, nk)),
                np.zeros((g, nk)),
                new_extras_state(xs, g),
            )

        self.S = fresh()
        attr_ks.rebuild(self.P, self.S)
        self.B = fresh()
        self.R = fresh()
        attr_ks.copy_state(self.S, self.B)
        attr_ks.copy_state(self.S, self.R)
        self.st = new_state(seed)
        self.cnt = np.zeros(1, np.int64)
        self.ctl = np.zeros(3, np.int64)
        f = attr_ks.objective(self.P, self.S)
        self.fv = np.array([f, f, 1.0, f])
        p_move = 0.0 if np.all(model.lo == model.hi) else 0.3
        self.fv[attr_ks.F_T0] = attr_ks.estimate_temperature(self.P, self.S, self.st, p_move, 2000)
        cycle = max(20_000, 40 * movable.shape[0])
        self.params = np.array([cycle, p_move, 1000.0])
        self.constant = model.constant
        self.iterations = 0
        self.evaluations = 0

    def run(self, evaluations: int, iterations: int) -> None:
        budget = min(int(self.cnt[0]) + evaluations, iterations)
        attr_ks.anneal_run(
            self.P,
            self.S,
            self.B,
            self.R,
            self.ctl,
            self.fv,
            self.st,
            self.cnt,
            budget,
            self.params,
        )
        self.iterations = int(self.cnt[0])
        self.evaluations = int(self.cnt[0])

    def best(self) -> tuple[float, NDArray[np.int64]]:
        fv = self.fv
        if fv[attr_ks.F_REPORT] >= fv[attr_ks.F_BEST]:
            return float(fv[attr_ks.F_REPORT]) + self.constant, self.R[attr_ks.A]
        return float(fv[attr_ks.F_BEST]) + self.constant, self.B[attr_ks.A]


def stratify_key(model: Model) -> NDArray[np.int64]:
    """Units ordered by their attribute values, heaviest attribute first, so that dealing them
    round-robin spreads every value over the groups."""
    first = model.member_idx[model.member_ptr[:-1]]
    columns: list[NDArray[np.float64]] = []
    ranked = sorted(model.encoded, key=lambda e: -abs(e.attribute.weight))
    for e in ranked:
        if e.kind == "categorical":
            # A person's smallest code stands for them (set-valued attributes hold several).
            smallest = np.full(model.n, np.inf)
            np.minimum.at(smallest, e.entry_people(), e.code_idx.astype(np.float64))
            has = np.diff(e.code_ptr) > 0
            smallest[~has] = -1.0
            columns.append(smallest[first])
        else:
            columns.append(e.scaled[first])
    if not columns:
        return np.arange(model.units, dtype=np.int64)
    order = np.lexsort(tuple(reversed(columns)))
    key = np.empty(model.units, np.int64)
    key[order] = np.arange(model.units)
    return key


def solve(
    problem: Problem,
    *,
    seconds: float | None = 10.0,
    seed: int = 0,
    progress: Progress | None = None,
    max_iterations: int | None = None,
    waiting_list: bool = False,
    workers: int = 1,
) -> Solution:
    """Form groups. Stops after ``seconds`` or ``max_iterations`` (whichever comes first) and
    returns the best feasible assignment found. The seconds count from the call: building the
    model, the first assignment and the final report are inside them. ``progress(fraction,
    best_objective)`` is called between compiled chunks; returning ``False`` stops the search.

    With ``waiting_list`` a problem whose hard rules cannot place everyone is not refused when
    leaving some people out helps: they get group -1 and are listed in ``left_out``.

    ``workers`` searches run side by side, one per core at best, each from its own seed (the
    first from ``seed``, so its result is what ``workers=1`` returns) and each to the limits;
    the best is returned. Memory grows by the search state only: they share the model."""
    if seconds is None and max_iterations is None:
        raise InvalidProblem("input", "Give a time limit, an iteration limit or both.")
    if seconds is not None and not seconds >= 0:
        raise InvalidProblem("input", "The time limit must be zero or more seconds.")
    if isinstance(workers, bool) or int(workers) != workers or workers < 1:
        raise InvalidProblem("input", "There must be at least one worker.")
    start = time.perf_counter()
    # A volunteer in every group: anchors become locks before anything else is built.
    asked, problem = problem, with_anchors(problem, validate(problem), seed)
    try:
        current, keep, left_out, model, assign = _prepare(problem, seed, waiting_list)
    except InfeasibleProblem as error:
        if problem is asked:
            raise
        # When the rules hold without the anchors, it is the at-least-one rule that cannot.
        check(build_model(replace(asked, at_least_one=())))
        rule = asked.at_least_one[0]
        raise InfeasibleProblem(
            rule.name,
            f"Every group needs at least one {rule.label}, but no placement of them keeps the "
            f"other rules: {error.reason}",
            people=error.people,
            groups=error.groups,
            code="anchors_break_rules",
            params={"label": rule.label, "cause": error},
        ) from error
    runner = _runner(model, assign, seed)
    first_value = runner.best()[0]
    # The report at the end takes time too: keep an estimate of it inside the budget, larger
    # when preparing was slow (a busy machine is slow at both).
    prepared = time.perf_counter() - start
    finish = max(FINISH_SECONDS_PER_PERSON * model.n, FINISH_PER_PREPARE * prepared)
    deadline = None if seconds is None else start + max(seconds - finish, 0.0)
    limit = max_iterations if max_iterations is not None else np.iinfo(np.int64).max
    runners = [runner]
    if workers > 1:
        key = None if model.matrix_mode else stratify_key(model)
        for k in range(1, int(workers)):
            ws = worker_seed(seed, k)
            try:
                start_k = construct(model, ws, key)
            except InfeasibleProblem:
                # Under tight rules another seed's deal can miss; the first one's start holds.
                start_k = assign.copy()
            runners.append(_runner(model, start_k, ws))
    stopped = _drive_all(runners, deadline, limit, seconds, max_iterations, progress)
    values = [r.best()[0] for r in runners]
    # max() keeps the first of equal values: the lowest worker wins a tie.
    runner = runners[max(range(len(runners)), key=values.__getitem__)]
    best_units = runner.best()[1]
    people = best_units[model.unit_of].astype(np.int64)
    ev = evaluate(current, people)
    reports = explain(current, people, ev)
    if left_out:
        full = np.full(people_count(problem), -1, np.int64)
        full[keep] = people
        people = full
        reports = [_renumber(r, keep) for r in reports]
    elapsed = time.perf_counter() - start
    if progress is not None:
        progress(1.0, ev.objective)
    return Solution(
        assignment=people,
        objective=ev.objective,
        diversity=ev.diversity,
        penalties=ev.penalties,
        groups=tuple(reports),
        stats=SearchStats(
            iterations=sum(r.iterations for r in runners),
            move_evaluations=sum(r.evaluations for r in runners),
            seconds=elapsed,
            stopped_by=stopped,
            engine="matrix" if model.matrix_mode else "attributes",
            construction_objective=first_value,
            workers=len(runners),
        ),
        seed=seed,
        spread=ev.spread,
        left_out=tuple(left_out),
    )


# The final evaluation and explanation: about 1.5 s for 100,000 people on an idle core, twice
# that on a busy machine.
FINISH_SECONDS_PER_PERSON = 3e-5
# Reporting takes about four times as long as building the model and the first assignment.
FINISH_PER_PREPARE = 4.0


def worker_seed(seed: int, worker: int) -> int:
    """The seed of a worker's search: the caller's for the first, unrelated ones after."""
    if worker == 0:
        return seed
    entropy = [int(seed) & ((1 << 64) - 1), worker]
    return int(np.random.SeedSequence(entropy).generate_state(1, np.uint64)[0] >> np.uint64(1))


def _runner(model: Model, assign: NDArray[np.int64], seed: int) -> MatrixRunner | AttributeRunner:
    if model.matrix_mode:
        return MatrixRunner(model, assign, seed)
    return AttributeRunner(model, assign, seed)


def _prepare(
    problem: Problem, seed: int, waiting_list: bool
) -> tuple[Problem, NDArray[np.int64], list[LeftOut], Model, NDArray[np.int64]]:
    """The model and a first feasible assignment, leaving people out if that is allowed and
    the rules need it."""
    n = people_count(problem) if waiting_list else 0
    keep = np.arange(n, dtype=np.int64)
    left_out: list[LeftOut] = []
    current = problem
    while True:
        try:
            model = build_model(current)
            check(model)
            key = None if model.matrix_mode else stratify_key(model)
            return current, keep, left_out, model, construct(model, seed, key)
        except InfeasibleProblem as error:
            if not waiting_list:
                raise
            out = to_leave_out(current, error, seed)
            if not out or len(left_out) + len(out) > max(1, n // 5) or len(out) >= keep.size:
                raise
            left_out += [LeftOut(int(keep[i]), error.rule, error.reason) for i in out]
            keep = np.delete(keep, out)
            current = restrict(problem, keep)


def _renumber(report: GroupReport, keep: NDArray[np.int64]) -> GroupReport:
    return replace(report, members=tuple(int(keep[m]) for m in report.members))


def _drive_all(
    runners: list[MatrixRunner | AttributeRunner],
    deadline: float | None,
    limit: int,
    seconds: float | None,
    max_iterations: int | None,
    progress: Progress | None,
) -> str:
    """Run every search to the limits; the first in this thread, the only one that reports
    progress (the best over all), so that the callback is never called from two threads."""
    if len(runners) == 1:
        return _drive(runners[0], deadline, limit, seconds, max_iterations, progress)
    stop = threading.Event()
    errors: list[BaseException] = []

    def work(runner: MatrixRunner | AttributeRunner) -> None:
        try:
            _drive(runner, deadline, limit, seconds, max_iterations, None, stop)
        except BaseException as error:  # re-raised in the calling thread
            errors.append(error)
            stop.set()

    threads = [threading.Thread(target=work, args=(r,), daemon=True) for r in runners[1:]]
    for thread in threads:
        thread.start()
    try:
        stopped = _drive(
            runners[0],
            deadline,
            limit,
            seconds,
            max_iterations,
            progress,
            stop,
            best=lambda: max(r.best()[0] for r in runners),
        )
    except BaseException:
        stop.set()
        raise
    finally:
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return stopped


def _drive(
    runner: MatrixRunner | AttributeRunner,
    deadline: float | None,
    limit: int,
    seconds: float | None,
    max_iterations: int | None,
    progress: Progress | None,
    stop: threading.Event | None = None,
    best: Callable[[], float] | None = None,
) -> str:
    chunk = 200_000
    started = time.perf_counter()
    last_report = started
    while True:
        now = time.perf_counter()
        if deadline is not None and now >= deadline:
            return "time"
        if runner.iterations >= limit:
            return "iterations"
        if stop is not None and stop.is_set():
            return "callback"
        t = time.perf_counter()
        before = runner.evaluations
        runner.run(chunk, limit)
        spent = time.perf_counter() - t
        done = runner.evaluations - before
        if spent > 0 and done > 0:
            rate = done / spent
            chunk = int(max(10_000, rate * CHUNK_SECONDS))
            if deadline is not None:
                chunk = int(max(10_000, min(chunk, rate * (deadline - time.perf_counter()))))
        if progress is not None and time.perf_counter() - last_report >= 0.1:
            last_report = time.perf_counter()
            frac = 0.0
            if seconds:
                frac = (last_report - started) / seconds
            if max_iterations:
                frac = max(frac, runner.iterations / max_iterations)
            value = best() if best is not None else runner.best()[0]
            if progress(min(frac, 1.0), value) is False:
                if stop is not None:
                    stop.set()
                return "callback"
