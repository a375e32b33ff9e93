"""Pages reflow instead of scrolling sideways: at 320 px wide (WCAG 1.4.10) and at 200% zoom
of a laptop screen, on the main pages of a member, a lead and an admin; wide tables scroll
inside their own region."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.demo import DEMO_PASSWORD, create_demo

from .conftest import demo_pilot, sign_in
from .test_dark_mode import ADMIN, LEAD, MEMBER, _member_pages
from .test_layout import page_fits

NARROWEST = (320, 640)
LAPTOP_AT_200_PERCENT = (640, 450)


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def _fits(page, urls: list[str]) -> None:
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        page_fits(page)


@pytest.mark.parametrize(("width", "height"), [NARROWEST, LAPTOP_AT_200_PERCENT])
def test_the_main_pages_reflow_without_sideways_scrolling(demo, new_page, width, height):
    pilot = demo_pilot()
    member = new_page(width, height)
    member.goto("/accounts/login/")
    page_fits(member)
    sign_in(member, MEMBER, DEMO_PASSWORD)
    _fits(member, _member_pages())
    lead = new_page(width, height)
    sign_in(lead, LEAD, DEMO_PASSWORD)
    _fits(lead, [reverse("insights_dashboard", args=[pilot.pk]), reverse("library_index")])
    admin = new_page(width, height)
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    _fits(admin, [reverse("people_directory"), reverse("programme_detail", args=[pilot.pk])])
