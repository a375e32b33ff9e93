"""Speak each signed-in person's language: their own choice, else their organisation's.

Django's LocaleMiddleware (earlier in the chain) has already picked the language of the language
cookie or the browser; a choice stored on the person, or their organisation's default, comes
first. The response then says which language it is in (LocaleMiddleware sets Content-Language
from the active language on the way out).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .selection import chosen_language


class PersonLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(getattr(request, "person", None))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
