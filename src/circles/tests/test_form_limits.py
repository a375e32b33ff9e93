"""Every form of the product bounds what it accepts, in one place each: text has a length,
dates a range, and chosen records an id the database can hold."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django import forms

import circles
from circles.lib.fields import BoundedDateField, BoundedDateTimeField, RecordChoicesField


def product_forms() -> list[Any]:
    for module in pkgutil.walk_packages(circles.__path__, "circles."):
        if (
            ".tests" in module.name
            or ".migrations" in module.name
            or module.name.endswith(("bench", ".faults"))
        ):
            continue
        importlib.import_module(module.name)
    found: list[Any] = []
    stack: list[Any] = [forms.Form, forms.ModelForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():  # every form class, however deep
            stack.append(sub)
            if sub.__module__.startswith("circles."):
                found.append(sub)
    return found


def test_the_scan_finds_the_product_forms():
    names = {f.__name__ for f in product_forms()}
    assert {"NoteForm", "CommitmentForm", "ProgrammeForm", "PersonForm"} <= names


def test_every_text_field_has_a_maximum_length():
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in product_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.EmailField | forms.URLField)
        and not field.max_length
    ]
    assert not unbounded, f"text fields without max_length: {unbounded}"


def test_every_date_field_is_bounded():
    loose = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in product_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and not isinstance(field, BoundedDateField | BoundedDateTimeField)
    ]
    assert not loose, f"date fields without bounds: {loose}"


def test_every_multiple_choice_of_records_refuses_ids_out_of_range():
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in product_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField)
        and not isinstance(field, RecordChoicesField)
    ]
    assert not plain, f"record choices without the id check: {plain}"
