"""/api/: the OpenAPI document and docs, version 1 under /api/v1/, the token pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from .etags import with_etag
from .v1.api import api


def _etagged(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    wrapped: list[URLPattern | URLResolver] = []
    for entry in patterns:
        if isinstance(entry, URLPattern):
            entry = URLPattern(
                entry.pattern, with_etag(entry.callback), entry.default_args, entry.name
            )
        wrapped.append(entry)
    return wrapped


_patterns, app_name, _namespace = api.urls
urlpatterns = _etagged(_patterns)
