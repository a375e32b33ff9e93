"""Settings of the test suite and the type checker: the real settings, with keys made for the run.

pytest-django imports settings before any conftest runs, so the keys are put into the
environment here; processes the tests start inherit them. Nothing here is used outside tests.
"""

from __future__ import annotations

from circles.security.startup_keys import use_throwaway_keys

use_throwaway_keys()

from circles.settings import *  # noqa: E402, F403

# Pages in tests link static files by their plain names, served from the source folders: the
# hashed names of production need `collectstatic`, which circles/ops/tests/test_static.py runs.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# No cache between tests: every test sees the database as it wrote it (tests of what is cached
# switch a cache on for themselves).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# A page's query count must not depend on how long a test took since it signed in: sessions
# are refreshed only when a test says so (tests/test_sessions.py tests the refresh itself).
CIRCLES_SESSION_REFRESH_SECONDS = 24 * 3600
