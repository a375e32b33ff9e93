"""PDF documents that print any script people write: fpdf2 with HarfBuzz shaping and Noto fonts.

The fonts come from npm packages (`@embedpdf/fonts-*`, `@expo-google-fonts/noto-emoji`, SIL Open
Font License) that `./dev` installs into node_modules; `CIRCLES_PDF_FONT_DIR` points elsewhere
when they live somewhere else. Noto Sans carries Latin, Greek and Cyrillic; the other families
are fallbacks that fpdf2 switches to glyph by glyph, loaded only when the text needs them (the
CJK fonts are large). Right-to-left paragraphs are shaped and set right-aligned.

Without the fonts a document still renders in the PDF core font, which knows Latin-1 only; a
system check (`circles.W001`) says so at start-up.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont
from fpdf import FPDF

logger = logging.getLogger(__name__)

BASE = "noto"
CORE = "helvetica"


@dataclass(frozen=True)
class Family:
    name: str
    regular: str  # paths below CIRCLES_PDF_FONT_DIR
    bold: str


FAMILIES = (
    Family(
        BASE,
        "@embedpdf/fonts-latin/fonts/NotoSans-Regular.ttf",
        "@embedpdf/fonts-latin/fonts/NotoSans-Bold.ttf",
    ),
    Family(
        "arabic",
        "@embedpdf/fonts-arabic/fonts/NotoNaskhArabic-Regular.ttf",
        "@embedpdf/fonts-arabic/fonts/NotoNaskhArabic-Bold.ttf",
    ),
    Family(
        "hebrew",
        "@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Regular.ttf",
        "@embedpdf/fonts-hebrew/fonts/NotoSansHebrew-Bold.ttf",
    ),
    # Simplified Chinese with Japanese kana; Korean apart (its Hangul is not in the first).
    Family(
        "cjk",
        "@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf",
        "@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf",
    ),
    Family(
        "korean",
        "@embedpdf/fonts-kr/fonts/NotoSansKR-Regular.otf",
        "@embedpdf/fonts-kr/fonts/NotoSansKR-Bold.otf",
    ),
    Family(
        "emoji",
        "@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf",
        "@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf",
    ),
)


def font_dir() -> Path:
    return Path(settings.CIRCLES_PDF_FONT_DIR)


def missing_fonts() -> list[Path]:
    files = [font_dir() / path for family in FAMILIES for path in (family.regular, family.bold)]
    return [path for path in files if not path.is_file()]


@cache
def _characters(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (read once per process)."""
    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def _needed(texts: Iterable[str]) -> list[Family]:
    """The base family and the fallbacks that hold a character of the texts the base lacks."""
    wanted = {ord(c) for text in texts for c in text if not c.isspace()}
    base, *fallbacks = FAMILIES
    wanted -= _characters(font_dir() / base.regular)
    needed = [base]
    for family in fallbacks:
        if not wanted:
            break
        covered = wanted & _characters(font_dir() / family.regular)
        if covered:
            needed.append(family)
            wanted -= covered
    return needed


def is_right_to_left(text: str) -> bool:
    """Whether the first character with a strong direction is Hebrew or Arabic script."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in {"R", "AL"}:
            return True
        if direction == "L":
            return False
    return False


class Document(FPDF):
    """An A4 page set-up whose `body_font` prints every script of the texts it was made for."""

    def __init__(self, texts: Iterable[str], *, title: str) -> None:
        super().__init__(format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title)
        self.set_creator("Coaching Circles")
        texts = [title, *texts]
        if missing_fonts():
            logger.warning("PDF fonts missing below %s: only Latin-1 text prints.", font_dir())
            self.family = CORE
            return
        self.family = BASE
        families = _needed(texts)
        for family in families:
            self.add_font(family.name, "", str(font_dir() / family.regular))
            self.add_font(family.name, "B", str(font_dir() / family.bold))
        self.set_fallback_fonts([f.name for f in families[1:]], exact_match=False)
        self.set_text_shaping(True)

    def clean(self, text: str) -> str:
        if self.family == CORE:
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def paragraph(
        self, text: str, *, size: float = 11, bold: bool = False, gap: float = 1.5
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        align = "R" if is_right_to_left(text) else "L"
        self.multi_cell(0, size * 0.5, self.clean(text), align=align, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)
