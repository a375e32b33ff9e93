"""The README documents every setting and every `./dev` command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_read_by_settings_is_documented():
    settings = (ROOT / "src" / "circles" / "settings.py").read_text()
    names = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings))
    assert names, "no settings found: the pattern above is out of date"
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"settings missing from README: {missing}"


def test_the_quick_start_is_the_two_dev_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["./dev serve", "./dev test"]


def test_ci_runs_the_readme_test_command():
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()
