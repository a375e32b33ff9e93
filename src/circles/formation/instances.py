"""MDGP instances like MDGPLIB's, at any size, and the MDGPLIB text format.

    python -m circles.formation.instances --family RanReal --people 960 --kind ss --seed 1 \
        --out var/mdgp/RanReal_n960_g24_ss_seed1.txt.gz

The recipe follows MDGPLIB (Gallego, Laguna, Martí and Duarte, 2013), as its published files
show it:

- ``RanReal``: distances uniform in [0, 100), written with three decimals;
- ``RanInt``: distances uniform among the integers 0 to 100;
- ``Geo``: Euclidean distances, three decimals, between points with coordinates uniform in
  [0, 100) in a number of dimensions drawn from 2 to 21 (the published files are exactly
  Euclidean at that scale: their squared distances are of low rank with a per-dimension spread
  of 100);
- ``ss``: every group holds exactly n/g elements;
- ``ds``: group k holds between a_k and b_k elements, a_k drawn from [0.75 n/g, n/g] and b_k
  from [n/g, 1.25 n/g], integers, both ends included (the n = 240 and n = 480 files), so that
  sum a_k <= n <= sum b_k always holds.

As in MDGPLIB, an ``ss`` and a ``ds`` instance of the same family, size and seed share their
distances, and a ``ds`` instance's bounds depend on the size and seed, not on the family.
Everything depends on the arguments alone (numpy's PCG64 streams), so an instance named in a
manifest is the same wherever it is generated.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
from numpy.typing import NDArray

FAMILIES = ("RanReal", "RanInt", "Geo")
KINDS = ("ss", "ds")
# Group counts of MDGPLIB (n = 120 to 960) and, beyond it, groups of 40 as at n = 960.
GROUPS = {120: 10, 240: 12, 480: 20, 960: 24, 2000: 50}
# The larger instances the bench runs (``--large``), generated when needed, never stored.
MANIFEST = Path(__file__).resolve().parent / "benchmarks" / "large.json"
# Separate streams for the distances and the size bounds (see the module docstring).
_DISTANCES, _BOUNDS = 1, 2
_FAMILY_CODE = {name: k for k, name in enumerate(FAMILIES)}


@dataclass(frozen=True)
class Spec:
    family: str
    people: int
    kind: str
    seed: int
    groups: int

    @property
    def name(self) -> str:
        # Unlike MDGPLIB's names (``RanReal_n960_ss_01``), so that a generated instance is never
        # compared with a published one's reference value.
        return f"{self.family}_n{self.people}_g{self.groups}_{self.kind}_seed{self.seed}"


@dataclass(frozen=True)
class Instance:
    spec: Spec
    distances: NDArray[np.float64]  # symmetric, zero diagonal
    lo: NDArray[np.int64]
    hi: NDArray[np.int64]


def spec(family: str, people: int, kind: str, seed: int, groups: int | None = None) -> Spec:
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be ss or ds, not {kind!r}")
    if groups is None:
        if people not in GROUPS:
            raise ValueError(f"give the number of groups for {people} people")
        groups = GROUPS[people]
    if not 1 <= groups <= people // 2:
        raise ValueError("there must be at least one group and two people per group")
    if kind == "ss" and people % groups:
        raise ValueError(f"equal sizes need {people} to be a multiple of {groups} groups")
    if seed < 0:
        raise ValueError("the seed must be zero or more")
    return Spec(family, people, kind, seed, groups)


def _rng(stream: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([stream, *key]))


def size_bounds(s: Spec) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    share = s.people / s.groups
    if s.kind == "ss":
        size = np.full(s.groups, s.people // s.groups, np.int64)
        return size, size.copy()
    rng = _rng(_BOUNDS, s.seed, s.people, s.groups)
    lo = rng.integers(math.floor(0.75 * share), math.floor(share), s.groups, endpoint=True)
    hi = rng.integers(math.ceil(share), math.ceil(1.25 * share), s.groups, endpoint=True)
    return lo.astype(np.int64), hi.astype(np.int64)


def upper_values(s: Spec) -> NDArray[np.float64]:
    """The distances of pairs i < j in row order, rounded as they are written."""
    n = s.people
    pairs = n * (n - 1) // 2
    rng = _rng(_DISTANCES, _FAMILY_CODE[s.family], s.seed, n)
    if s.family == "RanReal":
        return np.round(rng.random(pairs) * 100.0, 3).astype(np.float64, copy=False)
    if s.family == "RanInt":
        return rng.integers(0, 100, pairs, endpoint=True).astype(np.float64)
    dims = int(rng.integers(2, 21, endpoint=True))
    points = rng.random((n, dims)) * 100.0
    # Coordinate by coordinate rather than |x|^2 + |y|^2 - 2 x.y: elementwise arithmetic gives
    # the same bits on every machine, a matrix product need not, and the rounding to three
    # decimals would show the difference.
    square = np.zeros((n, n))
    for k in range(dims):
        diff = points[:, k, None] - points[None, :, k]
        diff *= diff
        square += diff
    i, j = np.triu_indices(n, 1)
    return np.round(np.sqrt(square[i, j]), 3).astype(np.float64, copy=False)


def generate(s: Spec) -> Instance:
    n = s.people
    d = np.zeros((n, n))
    i, j = np.triu_indices(n, 1)
    values = upper_values(s)
    d[i, j] = values
    d[j, i] = values
    lo, hi = size_bounds(s)
    return Instance(s, d, lo, hi)


def digest(instance: Instance) -> str:
    """A fingerprint of the instance's numbers, to notice a generator that changed."""
    n = instance.spec.people
    h = hashlib.sha256()
    h.update(np.array([n, instance.lo.size], "<i8").tobytes())
    h.update(np.stack([instance.lo, instance.hi], axis=1).astype("<i8").tobytes())
    h.update(instance.distances[np.triu_indices(n, 1)].astype("<f8").tobytes())
    return h.hexdigest()[:16]


def header(instance: Instance) -> str:
    s = instance.spec
    bounds = " ".join(f"{a} {b}" for a, b in zip(instance.lo, instance.hi, strict=True))
    return f"{s.people} {s.groups} {s.kind} {bounds}"


def lines(instance: Instance) -> Iterator[str]:
    """The body, one block of text per row i (the pairs i < j)."""
    d = instance.distances
    n = d.shape[0]
    integer = instance.spec.family == "RanInt"
    for i in range(n - 1):
        row = d[i, i + 1 :]
        if integer:
            values = row.astype(np.int64).tolist()
            text = "\n".join(f"{i} {j} {v}" for j, v in enumerate(values, i + 1))
        else:
            text = "\n".join(f"{i} {j} {v:.3f}" for j, v in enumerate(row.tolist(), i + 1))
        yield text + "\n"


def open_text(path: Path) -> IO[str]:
    """Read plain text, or gzip when the name ends in .gz."""
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="ascii")
    return path.open(encoding="ascii")


def write(instance: Instance, path: Path, progress: bool = False) -> None:
    """Write the MDGPLIB text, gzip when the name ends in .gz (with neither a timestamp nor a
    name in the gzip header, so that the same instance always gives the same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    rows: Iterable[str] = lines(instance)
    if progress:
        from rich.progress import track

        rows = track(rows, total=instance.spec.people - 1, description=path.name)
    try:
        with contextlib.ExitStack() as stack:
            raw: IO[bytes] | gzip.GzipFile = stack.enter_context(tmp.open("wb"))
            if path.name.endswith(".gz"):
                raw = stack.enter_context(
                    gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
                )
            handle = stack.enter_context(io.TextIOWrapper(raw, encoding="ascii", newline="\n"))
            handle.write(header(instance) + "\n")
            for block in rows:
                handle.write(block)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # Whole or not at all: an interrupted run leaves no truncated instance behind.
    tmp.replace(path)


def read(path: Path) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Distances and per-group (min, max) sizes of an MDGPLIB file, plain or gzip."""
    with open_text(path) as handle:
        head = handle.readline().split()
        n, g = int(head[0]), int(head[1])
        # numpy's loadtxt parses in C since 1.23: about a second for n = 2,000 (2,000,000
        # lines), where splitting the text into Python strings takes twice that and ten times
        # the memory.
        rows = np.loadtxt(handle, ndmin=2)
    bounds = np.array([int(x) for x in head[3 : 3 + 2 * g]], dtype=np.int64).reshape(g, 2)
    if rows.size and rows.shape[1] != 3:
        raise ValueError(f"{path.name}: every pair line needs i, j and a distance")
    d = np.zeros((n, n))
    i = rows[:, 0].astype(np.int64)
    j = rows[:, 1].astype(np.int64)
    d[i, j] = rows[:, 2]
    d[j, i] = rows[:, 2]
    return d, bounds[:, 0].copy(), bounds[:, 1].copy()


def manifest(path: Path = MANIFEST) -> list[tuple[Spec, str | None]]:
    """The instances a manifest names, each with its recorded digest (None if it has none)."""
    entries = json.loads(path.read_text())["instances"]
    return [
        (
            spec(e["family"], int(e["people"]), e["kind"], int(e["seed"]), int(e["groups"])),
            e.get("digest"),
        )
        for e in entries
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m circles.formation.instances")
    parser.add_argument("--family", choices=FAMILIES)
    parser.add_argument("--people", type=int)
    parser.add_argument("--kind", choices=KINDS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--groups", type=int, default=None, help="default: as in MDGPLIB")
    parser.add_argument("--out", type=Path, default=None, help="a .gz name writes gzip")
    parser.add_argument(
        "--large", type=Path, default=None, metavar="DIR", help="write the bench's large set"
    )
    args = parser.parse_args(argv)
    if args.large is not None:
        todo = [(s, args.large / f"{s.name}.txt.gz") for s, _ in manifest()]
    else:
        if args.family is None or args.people is None or args.kind is None:
            parser.error("give --family, --people and --kind, or --large DIR")
        try:
            s = spec(args.family, args.people, args.kind, args.seed, args.groups)
        except ValueError as err:
            parser.error(str(err))
        todo = [(s, args.out or Path(f"{s.name}.txt"))]
    for s, out in todo:
        instance = generate(s)
        write(instance, out, progress=sys.stderr.isatty())
        print(f"{out} {s.name} digest {digest(instance)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
