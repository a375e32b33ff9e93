"""Deploy checks of the keys: an installation never runs on a checkout's development keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def development_keys_off(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.CIRCLES_DEVELOPMENT_KEYS:
        return []
    return [
        checks.Warning(
            "CIRCLES_DEVELOPMENT_KEYS is on: missing keys are taken from the checkout's "
            "development-keys.json, which is for ./dev only.",
            hint="Unset it and give SECRET_KEY and CIRCLES_DATA_KEYS (circles generate_keys).",
            id="circles.W001",
        )
    ]
