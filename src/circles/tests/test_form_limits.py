"""Every form of the product bounds what it accepts, in one place each: text has a length,
dates a range, and chosen records an id the database can hold."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

import circles
from circles.lib.fields import (
    BoundedDateField,
    BoundedDateTimeField,
    ListedChoiceIterator,
    RecordChoicesField,
)
from circles.orgs.models import Person


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


def test_every_menu_of_records_reads_its_choices_in_one_plain_query():
    streamed = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in product_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not issubclass(field.iterator, ListedChoiceIterator)
    ]
    assert not streamed, f"menus read through a server-side cursor: {streamed}"


@pytest.mark.django_db
def test_a_menu_of_members_renders_from_one_query_without_a_cursor(world):
    from circles.meetings.record.forms import CaseForm

    members = Person.objects.filter(memberships__circle=world.circle).order_by("full_name")
    form = CaseForm(members=members)
    with CaptureQueriesContext(connection) as queries:
        html = str(form["giver"])
    assert world.member.full_name in html
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "DECLARE" not in queries[0]["sql"].upper()


@pytest.mark.django_db
def test_members_read_once_are_offered_by_every_menu_without_reading_them_again(world):
    from circles.growth.commitments.forms import CommitmentForm
    from circles.meetings.record.forms import AttendanceForm, CaseForm

    members = Person.objects.filter(memberships__circle=world.circle).order_by("full_name")
    list(members)
    forms_of_one_page = [
        CaseForm(members=members),
        CommitmentForm(members=members),
        AttendanceForm(members=members),
    ]
    with CaptureQueriesContext(connection) as queries:
        html = "".join(str(form) for form in forms_of_one_page)
    assert html.count(world.member.full_name) >= 3
    assert not queries, [q["sql"] for q in queries]


@pytest.mark.django_db
def test_a_choice_outside_what_was_read_is_still_checked_against_the_database(world):
    from circles.meetings.record.forms import CaseForm

    members = Person.objects.filter(memberships__circle=world.circle).order_by("full_name")
    list(members)
    data = {"kind": "skill", "title": "t", "situation": "s"}
    assert not CaseForm({**data, "giver": world.outsider.pk}, members=members).is_valid()
    assert CaseForm({**data, "giver": world.member.pk}, members=members).is_valid()
