"""The benchmark command keeps its output format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from circles.formation import bench


def write_instance(path: Path, n: int = 12, g: int = 3, kind: str = "ss") -> np.ndarray:
    rng = np.random.default_rng(n)
    d = np.round(rng.random((n, n)) * 100, 3)
    bounds = " ".join("4 4" if kind == "ss" else "3 5" for _ in range(g))
    lines = [f"{n} {g} {kind} {bounds}"]
    lines += [f"{i} {j} {d[i, j]:.3f}" for i in range(n) for j in range(i + 1, n)]
    path.write_text("\n".join(lines) + "\n")
    upper = np.triu(d, 1)
    return upper + upper.T


def test_the_bench_prints_one_json_line_per_instance_and_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "tiny_ss_01.txt"
    second = tmp_path / "tiny_ds_01.txt"
    d = write_instance(first)
    write_instance(second, kind="ds")
    (tmp_path / "README.md").write_text(
        "| instance | n | groups | ref_mean | ref_best | spread % |\n"
        "|---|---|---|---|---|---|\n"
        "| tiny_ss_01 | 12 | 3 | 1000.000 | 1000.000 | 0.000 |\n"
    )
    assert bench.main([str(first), str(second), "--seconds", "0.2", "--seed", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in out if line.startswith("{")]
    assert [list(r) for r in records] == [
        ["instance", "n", "groups", "objective", "seconds", "feasible"]
    ] * 2
    assert records[0]["instance"] == "tiny_ss_01.txt"
    assert records[0]["n"] == 12
    assert records[0]["groups"] == 3
    assert records[0]["feasible"] is True
    assert records[1]["feasible"] is True
    assert isinstance(records[0]["objective"], float)
    assert 0.0 < records[0]["seconds"] < 5.0
    loaded, lo, hi = bench.read_instance(first)
    assert np.allclose(loaded, d)
    assert lo.tolist() == hi.tolist() == [4, 4, 4]
    ratio = records[0]["objective"] / 1000.0
    assert any(f"{ratio:.5f}" in line for line in out)
    assert any("mean ratio" in line for line in out)


def test_the_bench_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "tiny_ss_02.txt"
    write_instance(path, n=12)
    done = subprocess.run(
        [sys.executable, "-m", "circles.formation.bench", str(path), "--seconds", "0.1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    record = json.loads(done.stdout.splitlines()[0])
    assert record["instance"] == "tiny_ss_02.txt"
    assert record["feasible"] is True


def test_an_impossible_instance_is_reported_infeasible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tiny_ss_03.txt"
    write_instance(path, n=9)
    assert bench.main([str(path), "--seconds", "0.1"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["feasible"] is False
    assert record["objective"] is None


def test_the_checker_catches_a_wrong_size() -> None:
    d = np.ones((4, 4)) - np.eye(4)
    ok, value = bench.check_solution(d, np.array([2, 2]), np.array([2, 2]), np.array([0, 0, 0, 1]))
    assert not ok
    assert value == 3.0


def test_without_files_the_bench_runs_the_instances_shipped_in_the_repository(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shipped = bench.shipped_instances()
    assert [p.stem.split("_")[0] for p in shipped] == ["Geo", "RanInt", "RanReal"]
    assert all(p.stat().st_size < 150_000 for p in shipped)
    assert bench.main(["--seconds", "0.3"]) == 0
    out = capsys.readouterr().out
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["instance"] for r in records] == [p.name for p in shipped]
    assert all(r["feasible"] and r["n"] == 120 for r in records)
    assert set(bench.references(bench.SHIPPED)) == {p.stem for p in shipped}
    assert "over 3 instances with a reference" in out


def test_the_published_set_s_best_known_column_is_a_reference(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "| instance | n | groups | IMS Nov mean | best-known |\n"
        "|---|---|---|---|---|\n"
        "| Geo_n120_ds_01 | 120 | 10 | 111494.006 | 111867.794 |\n"
        "| RanInt_n120_ds_01 | 120 | 10 | 51135.500 | — |\n"
    )
    assert bench.references(tmp_path) == {"Geo_n120_ds_01": 111867.794}


def test_a_missing_instance_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["../shared/benchmarks/mdgp/nothing.txt"])
    assert exit_info.value.code == 2
    assert "no such instance file" in capsys.readouterr().err
