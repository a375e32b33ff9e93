"""What every operation shares: ids in paths, pages of results, and the documented refusals."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Schema
from ninja.pagination import PaginationBase
from pydantic import (
    AfterValidator,
    AwareDatetime,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from circles.lib.bounds import EARLIEST_DATE, LATEST_DATE

from .errors import ErrorOut

# Ids fit the database's 64-bit integers: anything larger is simply not found.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000

# The refusals every operation may answer, in the one error shape.
REFUSALS: frozenset[int] = frozenset({400, 401, 403, 404, 409, 413, 422, 429})


def answers(success: Any, status: int = 200) -> dict[Any, Any]:
    return {status: success, REFUSALS: ErrorOut}


class Page(PaginationBase):
    """Page-number pagination with bounded input: ``?page=2&page_size=100``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page, at most 200."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Results over all pages.")
        page: int
        page_size: int
        pages: int

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = pagination.page_size
        count = self._items_count(queryset)
        start = (pagination.page - 1) * size
        return {
            "items": list(queryset[start : start + size]) if start < count else [],
            "count": count,
            "page": pagination.page,
            "page_size": size,
            "pages": max(1, math.ceil(count / size)),
        }


def _printable(value: str) -> str:
    # Control characters never belong in a name or a sentence; NUL breaks PostgreSQL text.
    if any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise ValueError("Control characters are not allowed.")
    return value


_Plain = AfterValidator(_printable)
# Strings by their longest length; a name that must not be empty says so.
Str64 = Annotated[str, StringConstraints(max_length=64), _Plain]
Str120 = Annotated[str, StringConstraints(max_length=120), _Plain]
Str200 = Annotated[str, StringConstraints(max_length=200), _Plain]
Str255 = Annotated[str, StringConstraints(max_length=255), _Plain]
Str500 = Annotated[str, StringConstraints(max_length=500), _Plain]
Str5000 = Annotated[str, StringConstraints(max_length=5000), _Plain]
Name200 = Annotated[str, StringConstraints(min_length=1, max_length=200), _Plain]
Email = Annotated[str, StringConstraints(min_length=3, max_length=254), _Plain]
BigId = Annotated[int, Field(ge=1, le=MAX_ID)]

# A local wall-clock time such as working hours, "09:00": JSON Schema's "time" format would
# demand a UTC offset that a time of day in someone's own zone does not have.
CLOCK_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
Clock = Annotated[
    dt.time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "09:00"}
    ),
]
Day = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Moment = Annotated[
    AwareDatetime,
    Field(
        ge=dt.datetime.combine(EARLIEST_DATE, dt.time(), tzinfo=dt.UTC),
        le=dt.datetime.combine(LATEST_DATE, dt.time(), tzinfo=dt.UTC),
    ),
]
