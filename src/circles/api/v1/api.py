"""The REST API, version 1: one NinjaAPI at /api/, every operation under /api/v1/.

Each concept is one router module; ``ROUTERS`` lists them, so a new concept (the library, say)
is one module with a ``router`` and one line here. Every operation authenticates with a bearer
API token, is rate limited per token, and refuses in one error shape (``errors.py``).
"""

from __future__ import annotations

import importlib
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from . import errors
from .auth import TokenAuth, TokenRateThrottle

# Router modules of this package, in the order the documentation lists them.
ROUTERS = (
    "me",
    "people",
    "imports",
    "programmes",
    "circles",
    "meetings",
    "commitments",
    "plans",
    "library",
    "dashboards",
)

DESCRIPTION = """
The Coaching Circles API for HR systems, intranets, BI tools and chat.

**Authentication.** Every operation takes a bearer token: `Authorization: Bearer ccapi_…`.
Make a personal token on *API tokens* (`/me/api-tokens/`): it acts as you, never with more
than your pages allow. Organisation admins make service tokens for HR integrations on
*Service tokens* (`/organisation/api-tokens/`): they see what an admin sees, never circle content.
Scopes: `read`; `write` (also reads); `admin` (also people writes and imports).

**Confidentiality.** A circle's commitments and follow-ups reach only its members who accepted
its ground rules; a development plan only its owner. Outcome figures are suppressed below the
organisation's small-group threshold exactly as on the dashboard pages.

**Lists** page with `page` and `page_size` (at most 200). **Reads** carry an `ETag`; send it
back in `If-None-Match` for a 304 when nothing changed. **Refusals** are
`{"message": "...", "errors": [{"field": "...", "message": "..."}]}` with a 4xx status.
"""


class CirclesAPI(NinjaAPI):
    """Keeps the OpenAPI document once made: it only changes with the code, and building it
    walks every operation's schemas (over a second)."""

    _documents: dict[str, OpenAPISchema]

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        documents = self.__dict__.setdefault("_documents", {})
        if path_prefix not in documents:
            documents[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return documents[path_prefix]


def build() -> NinjaAPI:
    api = CirclesAPI(
        title="Coaching Circles",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=TokenAuth(),
        throttle=[TokenRateThrottle()],
    )
    errors.install(api)
    for name in ROUTERS:
        module = importlib.import_module(f"{__package__}.{name}")
        api.add_router("/v1/", module.router)
    return api


api = build()
