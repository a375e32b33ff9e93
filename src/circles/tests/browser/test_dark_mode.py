"""For a reader who prefers dark pages, the main pages turn dark and keep AA contrast, at
laptop and phone sizes; light stays the default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.demo import DEMO_PASSWORD, create_demo
from circles.groups.models import Circle
from circles.meetings.models import Meeting

from .conftest import assert_accessible, demo_pilot, sign_in

LAPTOP, PHONE = (1280, 900), (390, 844)
MEMBER = "member@northwind.example"
LEAD = "lead@northwind.example"
ADMIN = "admin@northwind.example"

# The relative luminance of the page's background colour (0 black, 1 white).
BACKGROUND_LUMINANCE = """() => {
  const style = getComputedStyle(document.documentElement);
  const linear = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const [r, g, b] = style.backgroundColor.match(/\\d+/g).map(Number).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def _member_pages() -> list[str]:
    circle = Circle.objects.get(name="Aspen", organisation__slug="northwind")
    held = Meeting.objects.filter(circle=circle, status="held").order_by("-starts_at").first()
    assert held is not None
    return [
        "/",
        reverse("circle_detail", args=[circle.pk]),
        reverse("meeting_detail", args=[held.pk]),
        f"/meetings/{held.pk}/run/",
        reverse("my_commitments"),
        reverse("insights_circle", args=[circle.pk]),
    ]


def _visit(page, urls: list[str]) -> None:
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        assert page.evaluate(BACKGROUND_LUMINANCE) < 0.02, f"{url} is not dark"
        assert_accessible(page)


@pytest.mark.parametrize(("width", "height"), [LAPTOP, PHONE])
def test_a_member_reads_the_main_pages_in_dark_mode(demo, new_page, width, height):
    page = new_page(width, height, color_scheme="dark")
    page.goto("/accounts/login/")
    assert page.evaluate(BACKGROUND_LUMINANCE) < 0.02
    assert_accessible(page)
    sign_in(page, MEMBER, DEMO_PASSWORD)
    _visit(page, _member_pages())


@pytest.mark.parametrize(("width", "height"), [LAPTOP, PHONE])
def test_a_lead_and_an_admin_read_their_pages_in_dark_mode(demo, new_page, width, height):
    pilot = demo_pilot()
    lead = new_page(width, height, color_scheme="dark")
    sign_in(lead, LEAD, DEMO_PASSWORD)
    _visit(lead, [reverse("insights_dashboard", args=[pilot.pk]), reverse("library_index")])
    admin = new_page(width, height, color_scheme="dark")
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    _visit(admin, [reverse("people_directory"), reverse("programme_detail", args=[pilot.pk])])


def test_light_stays_the_default(demo, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    assert page.evaluate(BACKGROUND_LUMINANCE) > 0.9
