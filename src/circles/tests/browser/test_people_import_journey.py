"""A new organisation's first admin brings 1,000 people in from an HR export, as a person would:
the set-password link, a file with 3 bad rows, the fixed file, the same again, one change."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from playwright.sync_api import expect

from circles.notify.worker import run_pending_tasks
from circles.orgs.importing import services
from circles.orgs.models import Person
from circles.orgs.tests.import_files import GERMAN_CSV, THREE_BAD_ROWS, change_cell, people_csv

from .conftest import assert_accessible, sign_in

ADMIN = "it@acme.example"
PASSWORD = "a-fresh-long-passphrase"
PEOPLE = 1000


def upload(page, content: bytes, name: str = "people.csv") -> None:
    page.goto("/people/import/")
    page.get_by_label("HR export (CSV or XLSX)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/people/import/*/**")


def people() -> int:
    return Person.objects.filter(organisation__slug="acme").count()


@pytest.fixture
def new_organisation(transactional_db: None) -> str:
    out = StringIO()
    call_command("create_organisation", name="Acme", slug="acme", admin_email=ADMIN, stdout=out)
    link = re.search(r"http://\S+/accounts/welcome/\S+/", out.getvalue())
    assert link is not None
    return "/" + link.group(0).split("/", 3)[3]


def test_a_new_admin_imports_a_thousand_people_fixes_three_rows_and_imports_again(
    new_organisation, new_page, monkeypatch
):
    page = new_page()
    page.goto(new_organisation)
    page.get_by_label("New password:", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation:").fill(PASSWORD)
    page.get_by_role("button", name="Save password and sign in").click()
    page.wait_for_url("**/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, ADMIN, PASSWORD)

    page.goto("/people/import/")
    assert page.get_by_role("heading", name="Import people from an HR export").is_visible()
    assert_accessible(page)

    # 1,000 people with 3 bad rows: each is listed with its reason, nothing is imported.
    clean = people_csv(PEOPLE)
    upload(page, people_csv(PEOPLE, bad=THREE_BAD_ROWS))
    expect(
        page.get_by_role("heading", name="3 problems to fix: nothing was imported")
    ).to_be_visible()
    rows = page.locator("table.import-list tbody tr")
    expect(rows).to_have_count(3)
    for (_index, column, value, reason), number in zip(
        THREE_BAD_ROWS, ("101", "501", "1001"), strict=True
    ):
        row = rows.filter(has_text=reason)
        expect(row).to_contain_text(number)
        expect(row).to_contain_text(column)
        expect(row).to_contain_text(value)
    assert people() == 1
    assert_accessible(page)

    # The fixed file: a preview of 1,000 new people, then applied.
    upload(page, clean)
    expect(page.get_by_text(f"Applying adds {PEOPLE} new people")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(f"{PEOPLE} new people added")).to_be_visible()
    assert people() == PEOPLE + 1
    expect(page.get_by_role("link", name="Go to the people directory")).to_have_attribute(
        "href", "/people/"
    )

    # The same file again changes nothing; this time the worker checks and applies it while
    # the page shows a progress bar (it polls, then reloads by itself).
    monkeypatch.setattr(services, "INLINE_ROWS", 100)
    stamp = Person.objects.aggregate(last=Max("updated_at"))["last"]
    upload(page, clean, "people-again.csv")
    expect(page.get_by_role("heading", name=f"Checking {PEOPLE} rows…")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page)
    run_pending_tasks()
    expect(page.get_by_text(f"leaves {PEOPLE} unchanged")).to_be_visible()
    expect(page.get_by_text("Applying adds 0 new people, changes 0")).to_be_visible()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name=f"Applying {PEOPLE} rows…")).to_be_visible()
    run_pending_tasks()
    expect(page.get_by_text("0 new people added, 0 changed")).to_be_visible()
    assert Person.objects.aggregate(last=Max("updated_at"))["last"] == stamp
    monkeypatch.setattr(services, "INLINE_ROWS", 2000)

    # One department changed in the file: exactly that person changes, field by field.
    upload(page, change_cell(clean, 41, "Department", "Research"), "people-moved.csv")
    expect(page.get_by_text("changes 1,")).to_be_visible()
    expect(page.locator("table.import-list")).to_contain_text("Research")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("0 new people added, 1 changed")).to_be_visible()
    moved = Person.objects.get(employee_id="E000041")
    assert moved.department == "Research"
    assert Person.objects.filter(updated_at__gt=stamp).count() == 1


def test_the_import_pages_are_accessible_on_a_phone(new_organisation, new_page):
    page = new_page(390, 844)
    page.goto(new_organisation)
    page.get_by_label("New password:", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation:").fill(PASSWORD)
    page.get_by_role("button", name="Save password and sign in").click()
    page.wait_for_url("**/")
    page.goto("/people/import/")
    assert_accessible(page)
    upload(page, GERMAN_CSV.read_bytes(), "export.csv")
    expect(page.get_by_role("heading", name="Which column holds what?")).to_be_visible()
    assert_accessible(page)
    for office in ("Berlin", "Lissabon", "München", "Wien", "Zürich"):
        expect(page.get_by_label(f"Time zone for {office}")).not_to_have_value("")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Applying adds 400 new people")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("400 new people added")).to_be_visible()
    assert_accessible(page)
