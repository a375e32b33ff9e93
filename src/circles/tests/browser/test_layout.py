"""Pages fit a laptop and a phone: charts keep their labels, tables their columns, the header
one row on a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.demo import DEMO_PASSWORD, create_demo
from circles.groups.models import Circle

from .conftest import assert_accessible, demo_pilot, sign_in

LEAD = "lead@northwind.example"
MEMBER = "member@northwind.example"
LAPTOP, PHONE = (1280, 900), (390, 844)

# For every chart: text boxes that leave the drawing, and x-axis labels that overlap.
CHART_PROBLEMS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const width = svg.viewBox.baseVal.width;
  const boxes = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, left: b.x, right: b.x + b.width, axis: t.getAttribute('y')};
  });
  const outside = boxes.filter(b => b.left < 0 || b.right > width).map(b => b.text);
  const bottom = boxes.filter(b => b.axis === String(svg.viewBox.baseVal.height - 12));
  const overlaps = bottom.slice(1).filter((b, i) => b.left < bottom[i].right).map(b => b.text);
  return {labels: bottom.length, outside, overlaps};
})"""


@pytest.fixture
def demo(transactional_db: None) -> None:
    create_demo()


def page_fits(page) -> None:
    scroll, client, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " window.innerWidth]"
    )
    assert scroll == client == viewport, (page.url, scroll, client)


@pytest.mark.parametrize(("width", "height"), [LAPTOP, PHONE])
def test_charts_keep_every_axis_label_inside_and_apart(demo, new_page, width, height):
    page = new_page(width=width, height=height)
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.goto(reverse("insights_dashboard", args=[demo_pilot().pk]))
    charts = page.evaluate(CHART_PROBLEMS)
    assert charts
    for chart in charts:
        assert chart["labels"] >= 2, chart
        assert not chart["outside"], chart
        assert not chart["overlaps"], chart
    page_fits(page)


def test_the_department_and_circle_tables_fit_a_laptop_screen(demo, new_page):
    page = new_page(*LAPTOP)
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.goto(reverse("insights_dashboard", args=[demo_pilot().pk]))
    for region in ("Figures by department", "Figures by circle"):
        box = page.get_by_role("region", name=region)
        scroll, client = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll <= client, (region, scroll, client)
    page_fits(page)


def test_on_a_phone_the_meeting_lists_show_every_column_and_dates_on_few_lines(demo, new_page):
    page = new_page(*PHONE)
    sign_in(page, MEMBER, DEMO_PASSWORD)
    circle = Circle.objects.filter(memberships__person__email=MEMBER).first()
    assert circle is not None
    page.goto(reverse("circle_detail", args=[circle.pk]))
    page_fits(page)
    for heading in ("Coming up", "Past meetings"):
        section = page.locator("section", has=page.get_by_role("heading", name=heading))
        row = section.locator("tbody tr").first
        when = row.locator("td").first.bounding_box()
        line = row.locator("td").first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
        assert when["height"] <= 2.5 * line, (heading, when)
        note_taker = row.locator("td[data-label='Note taker']")
        assert note_taker.is_visible()
        box = note_taker.bounding_box()
        assert box["x"] + box["width"] <= PHONE[0]
    assert (
        page.get_by_role("heading", name="Coming up").bounding_box()["y"]
        < (page.get_by_role("heading", name="Members").bounding_box()["y"])
    )
    assert_accessible(page)


def test_on_a_phone_the_navigation_folds_into_a_menu_button(demo, new_page):
    page = new_page(*PHONE)
    sign_in(page, LEAD, DEMO_PASSWORD)
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 64
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Outcomes").is_visible()
    assert_accessible(page)
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Outcomes").is_visible()
    assert header.bounding_box()["height"] <= 260
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Programmes").click()
    page.wait_for_url("**/programmes/")
    page_fits(page)


def test_on_a_laptop_the_navigation_is_one_row_without_a_menu_button(demo, new_page):
    page = new_page(*LAPTOP)
    sign_in(page, LEAD, DEMO_PASSWORD)
    assert not page.get_by_role("button", name="Menu").is_visible()
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops


def test_without_javascript_the_whole_navigation_is_shown(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": PHONE[0], "height": PHONE[1]},
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        sign_in(page, LEAD, DEMO_PASSWORD)
        assert not page.get_by_role("button", name="Menu").is_visible()
        assert page.get_by_role("link", name="Outcomes").is_visible()
    finally:
        context.close()


@pytest.fixture
def demo_with_solver(transactional_db: None) -> None:
    from circles.formation.solver import warm_up

    warm_up()
    create_demo()


def test_formation_checkboxes_match_and_each_detail_line_sits_with_its_person(
    demo_with_solver, new_page
):
    page = new_page(*LAPTOP)
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.goto(reverse("formation_new", args=[demo_pilot().pk]))
    rules = page.locator("section", has=page.get_by_role("heading", name="Rules"))
    sizes = {
        (round(b["width"]), round(b["height"]))
        for b in (box.bounding_box() for box in rules.locator("input[type=checkbox]").all())
    }
    assert len(sizes) == 1, sizes
    page.get_by_label("Search time (seconds)").fill("1")
    page.get_by_role("button", name="Form circles").click()
    page.wait_for_url("**/formation/*/")
    members = page.locator(".proposed-circle").first.locator("li.proposed-member")
    assert members.count() >= 4
    for index in range(members.count() - 1):
        name = members.nth(index).locator(".member-name").bounding_box()
        detail = members.nth(index).locator(".member-detail").bounding_box()
        following = members.nth(index + 1).locator(".member-name").bounding_box()
        own_gap = detail["y"] - (name["y"] + name["height"])
        next_gap = following["y"] - (detail["y"] + detail["height"])
        assert own_gap < next_gap, (index, own_gap, next_gap)
    assert_accessible(page)


@pytest.mark.parametrize(("width", "height"), [LAPTOP, PHONE])
def test_the_sign_in_card_stands_clear_of_the_header(transactional_db, new_page, width, height):
    page = new_page(width=width, height=height)
    page.goto(reverse("login"))
    header = page.locator(".site-header").bounding_box()
    card = page.locator(".auth-card").bounding_box()
    assert card["y"] - (header["y"] + header["height"]) >= 16
