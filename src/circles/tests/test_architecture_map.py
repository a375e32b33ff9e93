"""The architecture map names only folders and files that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src" / "circles"


def named_paths() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    return [name for name in re.findall(r"`([\w./<>-]+)`", text) if "/" in name and "<" not in name]


def test_the_map_names_real_apps_folders_and_files():
    names = named_paths()
    assert len(names) > 20, "the pattern above no longer finds the map's paths"
    missing = [
        name
        for name in names
        if not any((base / name).exists() for base in (ROOT, SRC, SRC / "meetings"))
    ]
    assert not missing, f"named in docs/architecture.md but missing: {missing}"


def test_every_app_and_concept_folder_is_on_the_map():
    text = (ROOT / "docs" / "architecture.md").read_text()
    skipped = {"tests", "migrations", "management", "commands", "templatetags"}
    folders = [
        path.parent.relative_to(SRC).as_posix()
        for path in SRC.glob("*/**/__init__.py")
        if not skipped & set(path.relative_to(SRC).parts)
    ]
    unmapped = [folder for folder in folders if f"{folder}/" not in text]
    assert not unmapped, f"folders missing from docs/architecture.md: {unmapped}"
