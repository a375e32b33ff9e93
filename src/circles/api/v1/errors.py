"""One shape for every refusal: ``{"message": ..., "errors": [{"field": ..., "message": ...}]}``.

Services raise ``DomainError``; Django and django-ninja raise their own kinds. Each becomes a
4xx with that body here, in one place, so that no input reaches a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from circles.lib.errors import DomainError

logger = logging.getLogger(__name__)


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """A refusal raised by an operation itself: not allowed, not found, wrong token."""

    def __init__(self, status: int, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


NOT_FOUND = "Not found, or not yours to see."


def not_found() -> ApiError:
    # The same answer for "does not exist" and "not yours": existence is not revealed.
    return ApiError(404, NOT_FOUND)


def body(message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"message": message, "errors": errors or []}


def _location(loc: Any) -> str:
    parts = [str(part) for part in loc or () if part not in {"body", "query", "path", "form"}]
    # "payload" is the name of every operation's body parameter; it says nothing to a caller.
    return ".".join(part for part in parts if part != "payload") or "request"


def install(api: NinjaAPI) -> None:
    def respond(
        request: HttpRequest, status: int, payload: dict[str, Any], **headers: str
    ) -> HttpResponse:
        response = api.create_response(request, payload, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _location(error.get("loc")), "message": str(error.get("msg", "Invalid."))}
            for error in exc.errors
        ]
        return respond(request, 422, body("Some fields are not valid.", errors))

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
        return respond(request, 400, body(exc.message, errors))

    @api.exception_handler(ApiError)
    def refused(request: HttpRequest, exc: ApiError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
        return respond(request, exc.status, body(exc.message, errors))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "A valid API token is required: send Authorization: Bearer <token>."
        return respond(request, 401, body(message), **{"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, int(exc.wait or 1))
        message = f"Too many requests with this token: try again in {wait} s."
        return respond(request, 429, body(message), **{"Retry-After": str(wait)})

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, body(exc.message))

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, body(NOT_FOUND))

    @api.exception_handler(ObjectDoesNotExist)
    def missing_object(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return respond(request, 404, body(NOT_FOUND))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, body("The request body is too large."))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug: logged in full, answered in the same shape without details.
        logger.exception("API request failed: %s %s", request.method, request.path)
        return respond(request, 500, body("Something went wrong on our side; it was logged."))
