"""Generated MDGP instances: the MDGPLIB recipe, determinism, the file format, the large bench."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import pytest

from circles.formation import bench, instances


def test_an_instance_depends_on_its_arguments_alone() -> None:
    s = instances.spec("RanReal", 60, "ds", 3, groups=5)
    first, second = instances.generate(s), instances.generate(s)
    assert np.array_equal(first.distances, second.distances)
    assert first.lo.tolist() == second.lo.tolist()
    assert first.hi.tolist() == second.hi.tolist()
    assert instances.digest(first) == instances.digest(second)
    other = instances.generate(instances.spec("RanReal", 60, "ds", 4, groups=5))
    assert not np.array_equal(first.distances, other.distances)
    assert instances.digest(first) != instances.digest(other)


def test_as_in_mdgplib_ss_and_ds_share_distances_and_ds_bounds_do_not_depend_on_the_family() -> (
    None
):
    ss = instances.generate(instances.spec("Geo", 48, "ss", 2, groups=4))
    ds = instances.generate(instances.spec("Geo", 48, "ds", 2, groups=4))
    assert np.array_equal(ss.distances, ds.distances)
    real = instances.generate(instances.spec("RanReal", 48, "ds", 2, groups=4))
    assert real.lo.tolist() == ds.lo.tolist()
    assert real.hi.tolist() == ds.hi.tolist()


def test_distances_are_symmetric_with_a_zero_diagonal_and_three_decimals() -> None:
    for family in instances.FAMILIES:
        d = instances.generate(instances.spec(family, 40, "ss", 1, groups=4)).distances
        assert np.array_equal(d, d.T)
        assert not np.any(np.diag(d))
        assert np.allclose(d * 1000, np.round(d * 1000), atol=1e-6)


def test_ranint_distances_are_the_integers_0_to_100() -> None:
    d = instances.generate(instances.spec("RanInt", 200, "ss", 5, groups=10)).distances
    values = d[np.triu_indices(200, 1)]
    assert np.array_equal(values, np.round(values))
    assert values.min() == 0
    assert values.max() == 100
    assert 48 < values.mean() < 52


def test_ranreal_distances_are_uniform_on_0_to_100() -> None:
    d = instances.generate(instances.spec("RanReal", 200, "ss", 5, groups=10)).distances
    values = d[np.triu_indices(200, 1)]
    assert 0 <= values.min() < 0.1
    assert 99.9 < values.max() <= 100
    assert 48 < values.mean() < 52
    assert len(np.unique(values)) > 15_000


def test_geo_distances_are_euclidean() -> None:
    n = 80
    d = instances.generate(instances.spec("Geo", n, "ss", 7, groups=8)).distances
    rng = np.random.default_rng(0)
    i, j, k = rng.integers(0, n, (3, 5000))
    # Three decimals of rounding on each side.
    assert np.all(d[i, j] <= d[i, k] + d[k, j] + 1.5e-3)
    # Squared distances of points in r dimensions: the double-centred matrix has rank r, and
    # coordinates spread uniformly over [0, 100) have a variance of 100^2 / 12 each.
    centre = np.eye(n) - 1.0 / n
    gram = -0.5 * centre @ (d**2) @ centre
    w = np.sort(np.linalg.eigvalsh(gram))[::-1]
    rank = int(np.sum(w > 0.01 * w[0]))
    assert 2 <= rank <= 21
    spread = math.sqrt(12 * w[:rank].sum() / n / rank)
    assert 85 < spread < 115


def test_size_bounds_follow_the_recipe_and_are_feasible() -> None:
    assert instances.spec("RanReal", 960, "ds", 1).groups == 24
    assert instances.spec("RanReal", 2000, "ds", 1).groups == 50
    for n, g in ((960, 24), (2000, 50), (240, 12), (100, 7)):
        lo, hi = instances.size_bounds(instances.spec("RanReal", n, "ds", 1, groups=g))
        share = n / g
        assert lo.min() >= math.floor(0.75 * share)
        assert lo.max() <= math.floor(share)
        assert hi.min() >= math.ceil(share)
        assert hi.max() <= math.ceil(1.25 * share)
        assert lo.sum() <= n <= hi.sum()
        assert len(set(lo.tolist())) > 1
    lo, hi = instances.size_bounds(instances.spec("RanInt", 960, "ss", 1))
    assert lo.tolist() == hi.tolist() == [40] * 24
    lo, hi = instances.size_bounds(instances.spec("Geo", 2000, "ss", 1))
    assert lo.tolist() == hi.tolist() == [40] * 50


def test_unusable_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="multiple"):
        instances.spec("RanReal", 100, "ss", 1, groups=7)
    with pytest.raises(ValueError, match="number of groups"):
        instances.spec("RanReal", 100, "ds", 1)
    with pytest.raises(ValueError, match="family"):
        instances.spec("Random", 120, "ss", 1)


@pytest.mark.parametrize("suffix", [".txt", ".txt.gz"])
def test_the_mdgplib_format_round_trips_through_the_bench_reader(
    tmp_path: Path, suffix: str
) -> None:
    for family in instances.FAMILIES:
        inst = instances.generate(instances.spec(family, 30, "ds", 2, groups=3))
        path = tmp_path / f"{inst.spec.name}{suffix}"
        instances.write(inst, path)
        d, lo, hi = bench.read_instance(path)
        assert np.array_equal(d, inst.distances)
        assert lo.tolist() == inst.lo.tolist()
        assert hi.tolist() == inst.hi.tolist()
        assert bench.instance_name(path) == inst.spec.name
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode() if suffix.endswith(".gz") else raw.decode()
    first = text.splitlines()[0].split()
    assert first[:3] == ["30", "3", "ds"]
    assert len(first) == 3 + 2 * 3
    assert text.splitlines()[1].startswith("0 1 ")
    assert len(text.splitlines()) == 1 + 30 * 29 // 2
    # Same instance, same bytes (gzip without a timestamp).
    again = tmp_path / f"again{suffix}"
    instances.write(inst, again)
    assert again.read_bytes() == raw


def test_the_command_line_writes_gzip_for_a_gz_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.txt.gz"
    argv = ["--family", "RanInt", "--people", "40", "--kind", "ss", "--groups", "4", "--out"]
    assert instances.main([*argv, str(out)]) == 0
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    d, lo, _hi = instances.read(out)
    assert d.shape == (40, 40)
    assert lo.tolist() == [10] * 4
    assert "digest" in capsys.readouterr().out


def test_the_manifest_names_every_family_and_kind_at_960_and_2000_and_their_digests_hold() -> None:
    entries = instances.manifest()
    assert len(entries) >= 6
    assert {s.family for s, _ in entries} == set(instances.FAMILIES)
    assert {s.kind for s, _ in entries} == set(instances.KINDS)
    assert {s.people for s, _ in entries} == {960, 2000}
    for s, digest in entries:
        assert s.groups == instances.GROUPS[s.people]
        assert digest == instances.digest(instances.generate(s)), s.name


def test_time_to_target_is_the_first_report_at_or_above_it() -> None:
    trajectory = [(0.2, 90.0), (0.4, 99.85), (0.6, 99.95), (1.0, 100.0)]
    assert bench.time_to_target(trajectory, 0.999 * 100.0) == 0.6
    assert bench.time_to_target(trajectory, 99.85) == 0.4
    assert bench.time_to_target(trajectory, 80.0) == 0.2
    assert bench.time_to_target(trajectory, 100.5) is None
    assert bench.time_to_target([], 1.0) is None


def test_the_checker_sums_pairs_inside_groups_only() -> None:
    d = instances.generate(instances.spec("RanReal", 30, "ds", 1, groups=3)).distances
    assign = np.arange(30) % 3
    ok, value = bench.check_solution(d, np.full(3, 10), np.full(3, 10), assign)
    same = assign[:, None] == assign[None, :]
    assert ok
    assert value == pytest.approx(np.triu(d * same, 1).sum())
