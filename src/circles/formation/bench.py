"""Benchmark the formation solver.

    python -m circles.formation.bench [FILE...] [--seconds S] [--seed K] [--workers W]
    python -m circles.formation.bench --large [--only TEXT] [--seconds S] [--workers W]
    python -m circles.formation.bench --scale 100000 [--seconds S] [--seed K] [--workers W]

Instance mode reads MDGPLIB files, plain or gzip (without FILE, the three small ones shipped in
`formation/benchmarks/`), prints one JSON line per instance and then a table with the ratio to
the reference value listed in the README.md next to the instance, if there is one.
Feasibility and objective are checked here, independently of the solver's own bookkeeping.
Large mode generates the instances named in `formation/benchmarks/large.json` (n = 960 and
2,000) and runs each twice: five times the budget (n/10 s, or ``--seconds``) for a reference
value, then the budget itself while recording the best objective over time; it prints the time
to reach 99.9% of the reference, the ratio at the budget, and the memory the solve added.
Scale mode generates people with attributes and a management tree and forms them within 10, 30
and 60 s (or ``--seconds``), model building and the final report included, printing the wall
time, peak memory, and quality against a random feasible assignment and against a run five times
longer than the longest budget.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from circles.formation import instances
from circles.formation.solver import (
    Attribute,
    FormationError,
    Problem,
    Solution,
    group_counts,
    solve,
    warm_up,
)
from circles.formation.solver.feasibility import construct
from circles.formation.solver.model import build_model
from circles.formation.solver.objective import evaluate


def read_instance(path: Path) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Distances and per-group (min, max) sizes of an MDGPLIB file (``.txt`` or ``.txt.gz``)."""
    return instances.read(path)


def instance_name(path: Path) -> str:
    """The file name without ``.txt`` or ``.txt.gz``: the key of the README tables."""
    name = path.name
    for suffix in (".gz", ".txt"):
        name = name.removesuffix(suffix)
    return name


SHIPPED = Path(__file__).resolve().parent / "benchmarks"
# Reference columns understood in an instance folder's README table, in order of preference.
REFERENCE_COLUMNS = ("reference", "ref_mean", "best-known")


def shipped_instances() -> list[Path]:
    return sorted([*SHIPPED.glob("*.txt"), *SHIPPED.glob("*.txt.gz")])


def references(folder: Path) -> dict[str, float]:
    """instance stem -> reference value from the README table, if the folder has one."""
    readme = folder / "README.md"
    if not readme.exists():
        return {}
    out: dict[str, float] = {}
    header: list[str] = []
    column = ""
    for line in readme.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "instance" in cells and any(name in cells for name in REFERENCE_COLUMNS):
            header = cells
            column = next(name for name in REFERENCE_COLUMNS if name in cells)
            continue
        if header and len(cells) == len(header) and re.match(r"^[\w.-]+$", cells[0]):
            try:
                out[cells[0]] = float(cells[header.index(column)])
            except ValueError:
                continue
    return out


def check_solution(
    d: NDArray[np.float64], lo: NDArray[np.int64], hi: NDArray[np.int64], assign: NDArray[np.int64]
) -> tuple[bool, float]:
    """Feasibility and objective recomputed from the assignment alone, group by group (memory
    of one group's block at a time, not another n x n array)."""
    g = lo.shape[0]
    if assign.shape != (d.shape[0],) or assign.min() < 0 or assign.max() >= g:
        return False, float("nan")
    sizes = np.bincount(assign, minlength=g)
    ok = bool(np.all(sizes >= lo) and np.all(sizes <= hi))
    value = 0.0
    for k in range(g):
        members = np.flatnonzero(assign == k)
        block = d[np.ix_(members, members)]
        value += float(np.triu(block, 1).sum())
    return ok, value


def verified(
    d: NDArray[np.float64],
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    solution: Solution,
) -> tuple[bool, float]:
    """Feasible, and the objective the solver claims is the one recomputed here."""
    feasible, found = check_solution(d, lo, hi, solution.assignment)
    tolerance = 1e-6 * max(1.0, abs(found))
    return feasible and abs(found - solution.objective) <= tolerance, found


def run_instances(
    paths: list[Path], seconds: float | None, seed: int, console: Console, workers: int = 1
) -> None:
    warm_up()
    rows = []
    for path in paths:
        d, lo, hi = read_instance(path)
        n, g = d.shape[0], lo.shape[0]
        budget = seconds if seconds is not None else n / 10.0
        problem = Problem(
            groups=g, sizes=list(zip(lo.tolist(), hi.tolist(), strict=True)), distances=d
        )
        start = time.perf_counter()
        value: float | None = None
        try:
            solution = solve(problem, seconds=budget, seed=seed, workers=workers)
        except FormationError as err:
            Console(stderr=True).print(f"[red]{path.name}: {err.reason}[/red]")
            feasible = False
        else:
            feasible, found = verified(d, lo, hi, solution)
            value = round(found, 6)
        spent = time.perf_counter() - start
        record = {
            "instance": path.name,
            "n": n,
            "groups": g,
            "objective": value,
            "seconds": round(spent, 3),
            "feasible": feasible,
        }
        print(json.dumps(record), flush=True)
        ref = references(path.parent).get(instance_name(path))
        rows.append((record, ref))
    table = Table(title="MDGP benchmark")
    for column in ("instance", "n", "groups", "reference", "found", "ratio", "seconds", "feasible"):
        # Figures stay whole in a narrow terminal ("101598.…" helps nobody); names fold.
        if column == "instance":
            table.add_column(column, overflow="fold")
        else:
            table.add_column(column, justify="right", no_wrap=True)
    ratios = []
    for record, ref in rows:
        found = record["objective"]
        ratio = float(found) / ref if ref and isinstance(found, float) else None
        if ratio is not None:
            ratios.append(ratio)
        table.add_row(
            instance_name(Path(str(record["instance"]))),
            str(record["n"]),
            str(record["groups"]),
            f"{ref:.3f}" if ref else "",
            f"{found:.3f}" if isinstance(found, float) else "-",
            f"{ratio:.5f}" if ratio is not None else "",
            f"{record['seconds']:.1f}",
            "yes" if record["feasible"] else "NO",
        )
    console.print(table)
    if ratios:
        console.print(
            f"mean ratio {np.mean(ratios):.5f}, min ratio {np.min(ratios):.5f} "
            f"over {len(ratios)} instances with a reference"
        )


def scale_problem(n: int, seed: int) -> Problem:
    """People with six categorical and two numeric attributes, managers kept apart."""
    rng = np.random.default_rng(seed)

    def skewed(values: int) -> NDArray[np.int64]:
        p = 1.0 / np.arange(1, values + 1) ** 0.8
        return rng.choice(values, size=n, p=p / p.sum())

    attributes = [
        Attribute("department", skewed(25), weight=2.0),
        Attribute("location", skewed(40), weight=1.5),
        Attribute("job_family", skewed(12)),
        Attribute("gender", rng.choice(3, size=n, p=[0.48, 0.48, 0.04])),
        Attribute("language", skewed(8), weight=0.5),
        Attribute("time_zone", skewed(10), weight=0.5),
        Attribute("tenure", rng.exponential(4.0, size=n).round(1), kind="numeric"),
        Attribute("age", rng.normal(40, 10, size=n).clip(20, 67).round(), kind="numeric"),
    ]
    # A management tree: everyone but the first person reports to someone earlier.
    managers = [(int(rng.integers(0, max(1, i // 6))), i) for i in range(1, n)]
    count = group_counts(n, 5, 8)
    groups = min(max(round(n / 6.5), count.start), count.stop - 1)
    return Problem(groups=groups, sizes=(5, 8), attributes=attributes, keep_apart=managers)


SCALE_BUDGETS = (10.0, 30.0, 60.0)


def run_scale(n: int, seconds: float | None, seed: int, console: Console, workers: int = 1) -> None:
    """Form ``n`` generated people within each budget (building the model included) and
    compare with a run five times longer than the longest budget."""
    warm_up()
    problem = scale_problem(n, seed)
    model = build_model(problem)
    shuffled = construct(model, seed + 1)
    random_value = evaluate(problem, shuffled[model.unit_of]).objective
    del model
    budgets = (seconds,) if seconds is not None else SCALE_BUDGETS

    def timed(budget: float, label: str) -> tuple[float, float, float]:
        run = timed_solve(problem, budget, seed, workers, label, console)
        solution = run.solution
        sizes = np.bincount(solution.assignment, minlength=problem.groups)
        apart = np.array(problem.keep_apart)
        ok = bool(
            np.all(sizes >= 5)
            and np.all(sizes <= 8)
            and not np.any(solution.assignment[apart[:, 0]] == solution.assignment[apart[:, 1]])
        )
        if not ok:
            console.print("[red]infeasible result[/red]")
        return solution.objective, run.spent, run.peak_mb

    found = [(budget, *timed(budget, f"{budget:g} s")) for budget in budgets]
    longest = 5 * max(budgets)
    reference, reference_spent, _ = timed(longest, f"{longest:g} s")
    table = Table(title=f"Scale: {n} people in {problem.groups} groups")
    for column in ("budget s", "wall s", "peak MB", "objective", "ratio to random", "ratio to 5x"):
        table.add_column(column, justify="right")
    for budget, value, spent, peak_mb in found:
        record = {
            "people": n,
            "groups": problem.groups,
            "budget": budget,
            "seconds": round(spent, 2),
            "peak_mb": round(peak_mb, 1),
            "objective": round(value, 3),
            "random_objective": round(random_value, 3),
            "ratio_to_random": round(value / random_value, 4),
            "objective_5x": round(reference, 3),
            "ratio_to_5x": round(value / reference, 5),
        }
        print(json.dumps(record), flush=True)
        table.add_row(
            f"{budget:g}",
            f"{spent:.1f}",
            f"{peak_mb:.0f}",
            f"{value:.1f}",
            f"{value / random_value:.4f}",
            f"{value / reference:.5f}",
        )
    table.add_row(f"{longest:g}", f"{reference_spent:.1f}", "", f"{reference:.1f}", "", "1")
    console.print(table)


# Large mode: the reference run is this many budgets long, and "reached" means this share of it.
LONG_FACTOR = 5
TARGET = 0.999

Trajectory = list[tuple[float, float]]


def time_to_target(trajectory: Trajectory, target: float) -> float | None:
    """The first time the best objective was at least ``target``; None if it never was."""
    for seconds, best in trajectory:
        if best >= target:
            return seconds
    return None


def _status_mb(key: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Restart the kernel's peak-RSS count, so that the peak seen next is the solve's own."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def _peak_mb() -> float:
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TimedSolve(NamedTuple):
    solution: Solution
    trajectory: Trajectory
    spent: float  # wall seconds of the call, model building and the report included
    peak_mb: float
    added_mb: float | None


def timed_solve(
    problem: Problem, budget: float, seed: int, workers: int, label: str, console: Console
) -> TimedSolve:
    """Solve with a progress bar, recording (seconds since the call, best objective) at every
    report; also the peak RSS and, where the kernel allows measuring it, what the solve added
    to the resident memory it started from."""
    trajectory: Trajectory = []
    before = _status_mb("VmRSS")
    reset = _reset_peak()
    with Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("best {task.fields[best]:.1f}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=1.0, best=float("nan"))
        start = time.perf_counter()

        def report(fraction: float, best: float) -> None:
            trajectory.append((time.perf_counter() - start, best))
            bar.update(task, completed=fraction, best=best)

        solution = solve(problem, seconds=budget, seed=seed, progress=report, workers=workers)
        spent = time.perf_counter() - start
    peak = _peak_mb()
    added = peak - before if reset and before is not None else None
    return TimedSolve(solution, trajectory, spent, peak, added)


def run_large(
    seconds: float | None, seed: int, console: Console, workers: int = 1, only: str = ""
) -> None:
    warm_up()
    rows: list[dict[str, Any]] = []
    for spec, digest in instances.manifest():
        if only and only not in spec.name:
            continue
        instance = instances.generate(spec)
        if digest and instances.digest(instance) != digest:
            Console(stderr=True).print(
                f"[yellow]{spec.name}: generated numbers differ from the manifest's "
                "(numpy's random streams changed?); figures are not comparable[/yellow]"
            )
        d, lo, hi = instance.distances, instance.lo, instance.hi
        n, g = spec.people, spec.groups
        problem = Problem(
            groups=g, sizes=list(zip(lo.tolist(), hi.tolist(), strict=True)), distances=d
        )
        budget = seconds if seconds is not None else n / 10.0
        long_budget = LONG_FACTOR * budget
        long_run = timed_solve(
            problem, long_budget, seed, workers, f"{spec.name} {long_budget:g} s", console
        ).solution
        long_ok, reference = verified(d, lo, hi, long_run)
        run, trajectory, _, peak, added = timed_solve(
            problem, budget, seed, workers, f"{spec.name} {budget:g} s", console
        )
        ok, found = verified(d, lo, hi, run)
        reached = time_to_target(trajectory, TARGET * reference)
        record: dict[str, Any] = {
            "instance": spec.name,
            "n": n,
            "groups": g,
            "workers": workers,
            "budget": budget,
            "objective": round(found, 6),
            "objective_long": round(reference, 6),
            "ratio": round(found / reference, 6),
            "seconds_to_999": None if reached is None else round(reached, 2),
            "seconds": round(run.stats.seconds, 2),
            "peak_mb": round(peak, 1),
            "solve_added_mb": None if added is None else round(added, 1),
            "matrix_mb": round(d.nbytes / 2**20, 1),
            "feasible": ok and long_ok,
        }
        print(json.dumps(record), flush=True)
        rows.append(record)
    table = Table(title=f"Large MDGP instances against {LONG_FACTOR}x the budget")
    for column in ("instance", "budget s", "ratio", "s to 99.9%", "peak MB", "solve +MB", "ok"):
        if column == "instance":
            table.add_column(column, overflow="fold", min_width=14)
        else:
            table.add_column(column, justify="right", no_wrap=True)
    for r in rows:
        reached = r["seconds_to_999"]
        added = r["solve_added_mb"]
        table.add_row(
            str(r["instance"]),
            f"{r['budget']:g}",
            f"{r['ratio']:.5f}",
            "never" if reached is None else f"{reached:.1f}",
            f"{r['peak_mb']:.0f}",
            "" if added is None else f"{added:.1f}",
            "yes" if r["feasible"] else "NO",
        )
    console.print(table)
    if rows:
        ratios = [r["ratio"] for r in rows]
        console.print(f"mean ratio at the budget {np.mean(ratios):.5f} over {len(rows)} instances")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m circles.formation.bench")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=None, metavar="PEOPLE")
    parser.add_argument("--large", action="store_true", help="the instances of large.json")
    parser.add_argument("--only", default="", help="large mode: names containing this")
    parser.add_argument("--workers", type=int, default=1, help="searches side by side")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    console = Console(stderr=False)
    if args.scale:
        run_scale(args.scale, args.seconds, args.seed, console, args.workers)
        return 0
    if args.large:
        run_large(args.seconds, args.seed, console, args.workers, args.only)
        return 0
    files = args.files or shipped_instances()
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        parser.error(f"no such instance file: {', '.join(missing)}")
    run_instances(files, args.seconds, args.seed, console, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
