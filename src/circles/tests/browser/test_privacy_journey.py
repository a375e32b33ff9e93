"""A member downloads their data; an admin reads the audit log and erases the member."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from circles.orgs.models import Person, Role
from circles.testing import PASSWORD, make_org, make_person

from .conftest import assert_accessible, main_nav, nav_link, sign_in


@pytest.fixture
def people(transactional_db: None):
    organisation = make_org("Acme")
    admin = make_person(organisation, "Ada Admin", role=Role.ADMIN)
    member = make_person(organisation, "Mo Member", department="Finance")
    return admin, member


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["laptop", "phone"])
def test_download_then_audit_log_then_erasure(people, new_page, size):
    admin, member = people
    page = new_page(*size)
    sign_in(page, member.email, PASSWORD)
    page.get_by_role("link", name="Your data").click()
    page.wait_for_url("**/me/data/")
    assert page.get_by_role("heading", name="Your data").is_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    assert json.loads(archive.read("data.json"))["profile"]["full_name"] == "Mo Member"
    main_nav(page).get_by_role("button", name=re.compile("Sign out")).click()

    sign_in(page, admin.email, PASSWORD)
    nav_link(page, "People").click()
    page.get_by_role("link", name="Mo Member").click()
    page.wait_for_url("**/people/*/")
    page.get_by_role("link", name="Audit log events about Mo Member").click()
    page.wait_for_url("**/organisation/audit/**")
    assert page.get_by_role("heading", name=re.compile("Audit log")).is_visible()
    assert page.get_by_role("cell", name="Downloaded their own data").is_visible()
    assert page.get_by_role("cell", name="Opened a person's page").first.is_visible()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Erase…").click()
    page.wait_for_url("**/erase/")
    assert_accessible(page)
    page.get_by_label("Type the person's full name to confirm").fill("Mo Membr")
    page.get_by_role("button", name="Erase their personal data").click()
    assert page.get_by_text("nothing was erased").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Type the person's full name to confirm").fill("mo member")
    page.get_by_role("button", name="Erase their personal data").click()
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    assert page.get_by_role("heading", name=re.compile("A former member")).is_visible()
    assert Person.objects.get(pk=member.pk).full_name == "A former member"
    assert_accessible(page)
