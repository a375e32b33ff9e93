"""HR exports made up for the import tests: a clean file of N people, and the same with bad rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from circles.orgs.importing.bench import generate_csv

ROOT = Path(__file__).resolve().parents[4]


def _samples() -> Path:
    """The shared folder sits beside the repository (or beside the folder of its worktree)."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        if (folder / "shared" / "samples").is_dir():
            return folder / "shared" / "samples"
    return ROOT / ".." / "shared" / "samples"


SAMPLES = _samples()
GERMAN_CSV = SAMPLES / "hr-export-de-semicolon-cp1252.csv"
TITLED_XLSX = SAMPLES / "hr-export-en-titlerow.xlsx"
GERMAN_ZONES = {
    "Berlin": "Europe/Berlin",
    "Lissabon": "Europe/Lisbon",
    "München": "Europe/Berlin",
    "Wien": "Europe/Vienna",
    "Zürich": "Europe/Zurich",
}
# (index of the person in the file, column, value, the reason the page shows for it). The file
# lists managers before their reports, so the last person manages nobody and a bad email there
# leaves every manager reference intact.
THREE_BAD_ROWS = (
    (99, "Time Zone", "Europe/Atlantis", "is not a known time zone"),
    (499, "Job Level", "42", "out of range"),
    (-1, "Work Email", "not-an-email", "is not a valid email address"),
)


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def to_csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


def people_csv(people: int = 1000, *, bad: tuple[tuple[int, str, str, str], ...] = ()) -> bytes:
    """Employee ids E000000…, emails person.N@bench.example, managers by email."""
    rows = rows_of(generate_csv(people))
    header = rows[0]
    for index, column, value, _reason in bad:
        rows[index + 1 if index >= 0 else index][header.index(column)] = value
    return to_csv(rows)


def change_cell(content: bytes, index: int, column: str, value: str) -> bytes:
    rows = rows_of(content)
    rows[index + 1][rows[0].index(column)] = value
    return to_csv(rows)
