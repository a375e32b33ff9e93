"""Benchmark the formation solver.

    python -m circles.formation.bench [FILE...] [--seconds S] [--seed K]
    python -m circles.formation.bench --scale 100000 [--seconds S] [--seed K]

Instance mode reads MDGPLIB files (without FILE, the three small ones shipped in
`formation/benchmarks/`), prints one JSON line per instance and then a table with the ratio to
the reference value listed in the README.md next to the instance, if there is one.
Feasibility and objective are checked here, independently of the solver's own bookkeeping.
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

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from circles.formation.solver import (
    Attribute,
    FormationError,
    Problem,
    group_counts,
    solve,
    warm_up,
)
from circles.formation.solver.feasibility import construct
from circles.formation.solver.model import build_model
from circles.formation.solver.objective import evaluate


def read_instance(path: Path) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Distances and per-group (min, max) sizes of an MDGPLIB file."""
    with path.open() as handle:
        head = handle.readline().split()
        n, g = int(head[0]), int(head[1])
        bounds = np.array([int(x) for x in head[3 : 3 + 2 * g]], dtype=np.int64).reshape(g, 2)
        rows = np.loadtxt(handle, ndmin=2)
    d = np.zeros((n, n))
    if rows.size:
        i = rows[:, 0].astype(np.int64)
        j = rows[:, 1].astype(np.int64)
        d[i, j] = rows[:, 2]
        d[j, i] = rows[:, 2]
    return d, bounds[:, 0].copy(), bounds[:, 1].copy()


SHIPPED = Path(__file__).resolve().parent / "benchmarks"
# Reference columns understood in an instance folder's README table, in order of preference.
REFERENCE_COLUMNS = ("reference", "ref_mean", "best-known")


def shipped_instances() -> list[Path]:
    return sorted(SHIPPED.glob("*.txt"))


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
    """Feasibility and objective recomputed from the assignment alone."""
    g = lo.shape[0]
    if assign.shape != (d.shape[0],) or assign.min() < 0 or assign.max() >= g:
        return False, float("nan")
    sizes = np.bincount(assign, minlength=g)
    ok = bool(np.all(sizes >= lo) and np.all(sizes <= hi))
    same = assign[:, None] == assign[None, :]
    value = float(np.triu(d * same, 1).sum())
    return ok, value


def run_instances(paths: list[Path], seconds: float | None, seed: int, console: Console) -> None:
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
            solution = solve(problem, seconds=budget, seed=seed)
        except FormationError as err:
            Console(stderr=True).print(f"[red]{path.name}: {err.reason}[/red]")
            feasible = False
        else:
            feasible, found = check_solution(d, lo, hi, solution.assignment)
            tolerance = 1e-6 * max(1.0, abs(found))
            feasible = feasible and abs(found - solution.objective) <= tolerance
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
        ref = references(path.parent).get(path.stem)
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
            Path(str(record["instance"])).stem,
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


def run_scale(n: int, seconds: float | None, seed: int, console: Console) -> None:
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
        with Progress(
            TextColumn(label),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("best {task.fields[best]:.1f}"),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task(label, total=1.0, best=float("nan"))

            def report(fraction: float, best: float) -> None:
                bar.update(task, completed=fraction, best=best)

            start = time.perf_counter()
            solution = solve(problem, seconds=budget, seed=seed, progress=report)
            spent = time.perf_counter() - start
        sizes = np.bincount(solution.assignment, minlength=problem.groups)
        apart = np.array(problem.keep_apart)
        ok = bool(
            np.all(sizes >= 5)
            and np.all(sizes <= 8)
            and not np.any(solution.assignment[apart[:, 0]] == solution.assignment[apart[:, 1]])
        )
        if not ok:
            console.print("[red]infeasible result[/red]")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        return solution.objective, spent, peak_mb

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m circles.formation.bench")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=None, metavar="PEOPLE")
    args = parser.parse_args(argv)
    console = Console(stderr=False)
    if args.scale:
        run_scale(args.scale, args.seconds, args.seed, console)
        return 0
    files = args.files or shipped_instances()
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        parser.error(f"no such instance file: {', '.join(missing)}")
    run_instances(files, args.seconds, args.seed, console)
    return 0


if __name__ == "__main__":
    sys.exit(main())
