"""Cells for files people open in a spreadsheet program."""

from __future__ import annotations

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def inert_cell(text: str) -> str:
    """Text from people's input that a spreadsheet shows as text and never runs."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
