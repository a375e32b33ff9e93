from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class GrowthConfig(AppConfig):
    name = "circles.growth"
    verbose_name = _("Growth")

    def ready(self) -> None:
        checks.register(pdf_fonts_installed)


def pdf_fonts_installed(**kwargs: Any) -> list[checks.CheckMessage]:
    """The career-conversation PDF needs its fonts to print anything beyond Latin-1."""
    from circles.lib.pdf import font_dir, missing_fonts

    missing = missing_fonts()
    if not missing:
        return []
    return [
        checks.Warning(
            f"{len(missing)} PDF font files are missing below {font_dir()} (first: {missing[0]}).",
            hint="Run `npm install` in the checkout (./dev does it), or set CIRCLES_PDF_FONT_DIR.",
            id="circles.W001",
        )
    ]
