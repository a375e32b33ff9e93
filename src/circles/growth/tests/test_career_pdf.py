"""The career-conversation PDF prints every script people write, read back from the file."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import checks
from pypdf import PdfReader

from circles.growth.models import Goal
from circles.growth.plans.export import CareerSummary, to_pdf
from circles.lib.pdf import missing_fonts

WORDS = {
    "latin": ["Lead", "calm", "Résumé"],
    "greek": ["Ηγεσία", "ηρεμία"],
    "cyrillic": ["Лидерство", "спокойствие"],
    "arabic": ["قيادة", "بهدوء"],
    "hebrew": ["מנהיגות", "בשקט"],
    "chinese": ["领导力"],
    "japanese": ["リーダーシップ"],
    "korean": ["리더십"],
}


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # pypdf puts a NUL before each glyph of a font with its own CID encoding (the CFF-based CJK
    # fonts) although their ToUnicode maps are right; poppler's pdftotext reads them cleanly.
    return text.replace("\x00", "")


def font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def summary(text: str, goal_title: str = "") -> CareerSummary:
    goals = [Goal(title=goal_title, status=Goal.Status.ACTIVE)] if goal_title else []
    return CareerSummary(
        name="Dmitri Volkov", made_on=dt.date(2026, 3, 2), summary=text, goals=goals
    )


@pytest.fixture(autouse=True)
def _fonts_installed():
    if missing_fonts():
        pytest.fail(f"PDF fonts not installed (run npm install): {missing_fonts()[0]}")


def test_every_script_survives_in_the_pdf_text():
    text = "Lead with calm 🧘 — قيادة بهدوء. Résumé: Ηγεσία με ηρεμία, Лидерство и спокойствие."
    pdf = to_pdf(summary(text, goal_title="מנהיגות בשקט · 领导力 · リーダーシップ · 리더십"))
    assert pdf.startswith(b"%PDF-")
    extracted = pdf_text(pdf)
    assert "?" not in extracted
    # Extractors space out CJK glyphs and lay right-to-left words out in visual order: compare
    # without spaces, word by word.
    squeezed = re.sub(r"\s+", "", extracted)
    missing = [w for words in WORDS.values() for w in words if w not in squeezed]
    assert not missing, (missing, extracted)
    assert "Developmentsummary:DmitriVolkov" in squeezed


def test_each_script_is_set_in_a_font_that_has_it():
    text = "قيادة بهدوء מנהיגות 领导力 리더십 🧘"
    names = font_names(to_pdf(summary(text)))
    for family in ("NotoSans", "NotoNaskhArabic", "NotoSansHebrew", "Chinese", "Korean"):
        assert any(family in name for name in names), (family, names)
    assert any("NotoEmoji" in name for name in names), names


def test_a_latin_text_embeds_only_the_latin_font():
    names = font_names(to_pdf(summary("Lead with calm, then ask.")))
    assert names
    assert {name.split("+")[-1] for name in names} <= {"NotoSans", "NotoSansBold"}, names


def test_without_the_fonts_the_pdf_still_renders_and_the_system_check_says_why(settings, tmp_path):
    settings.CIRCLES_PDF_FONT_DIR = tmp_path
    pdf = to_pdf(summary("Lead with calm — قيادة"))
    assert "Lead with calm" in pdf_text(pdf)
    warnings = [m for m in checks.run_checks() if m.id == "circles.W001"]
    assert len(warnings) == 1
    assert str(tmp_path) in warnings[0].msg
