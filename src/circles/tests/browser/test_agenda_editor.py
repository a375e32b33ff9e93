"""The agenda editor: compact steps, reordered by drag, by keyboard, or by typed positions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.demo import DEMO_PASSWORD, create_demo
from circles.meetings.agenda.services import agenda_template_copy
from circles.meetings.models import AgendaTemplate

from .conftest import assert_accessible, demo_pilot, sign_in

LEAD = "lead@northwind.example"


@pytest.fixture
def template(transactional_db: None) -> AgendaTemplate:
    create_demo()
    programme = demo_pilot()
    clinic = AgendaTemplate.objects.get(
        organisation=programme.organisation, builtin_key="case-clinic"
    )
    return agenda_template_copy(source=clinic, programme=programme)


def titles(template: AgendaTemplate) -> list[str]:
    return list(template.steps.order_by("position").values_list("title", flat=True))


def page_titles(page) -> list[str]:
    return [
        value
        for value in page.locator("[data-step] .step-title input").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
        if value
    ]


def open_editor(new_page, template, width=1280, height=900):
    page = new_page(width=width, height=height)
    sign_in(page, LEAD, DEMO_PASSWORD)
    page.goto(reverse("agenda_edit", args=[template.programme_id, template.pk]))
    return page


@pytest.mark.parametrize(("width", "height", "tallest"), [(1280, 900, 3000), (390, 844, 5600)])
def test_the_editor_stays_compact(template, new_page, width, height, tallest):
    page = open_editor(new_page, template, width, height)
    page_height = page.evaluate("() => document.documentElement.scrollHeight")
    assert page_height < tallest, page_height
    steps = template.steps.count()
    assert page.locator("[data-step]").count() == steps + 1  # and the spare one
    width_now = page.evaluate("() => document.documentElement.scrollWidth")
    assert width_now == width
    # Each step shows four fields; the rest are folded away until asked for.
    first = page.locator("[data-step]").first
    assert first.locator("input:visible, select:visible, textarea:visible").count() <= 5
    first.get_by_text("Prompt, kind and silence").click()
    assert first.get_by_label("Prompt").is_visible()
    assert_accessible(page)


def test_keyboard_moves_a_step_and_saving_keeps_the_order(template, new_page):
    before = titles(template)
    page = open_editor(new_page, template)
    second = page.locator("[data-step]").nth(1)
    second.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expected = [before[1], before[0], *before[2:]]
    assert page_titles(page) == expected
    assert page.locator("[data-step-status]").inner_text().startswith(f"{before[1]}: position 1")
    # Focus stays with the moved step: at the top, on its "Move down" button.
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Move down"
    page.keyboard.press("Enter")
    assert page_titles(page) == before
    page.locator("[data-step]").nth(1).get_by_role("button", name="Move up").click()
    page.get_by_role("button", name="Save template").click()
    page.wait_for_url("**/agendas/*/")
    assert page.get_by_text("Template saved.").is_visible()
    assert titles(template) == expected


def test_dragging_a_step_by_its_handle_moves_it(template, new_page):
    before = titles(template)
    page = open_editor(new_page, template)
    steps = page.locator("[data-step]")
    steps.nth(1).scroll_into_view_if_needed()
    handle = steps.nth(2).locator(".step-handle").bounding_box()
    target = steps.nth(1).locator("legend").bounding_box()
    # A person's drag: press on the handle, move in small steps, let go over the step above.
    page.mouse.move(handle["x"] + 10, handle["y"] + 10)
    page.mouse.down()
    page.mouse.move(handle["x"] + 10, target["y"] + 4, steps=20)
    page.mouse.up()
    expected = [before[0], before[2], before[1], *before[3:]]
    assert page_titles(page) == expected
    assert page.locator("[data-step-status]").inner_text().startswith(f"{before[2]}: position 2")
    page.get_by_role("button", name="Save template").click()
    page.wait_for_url("**/agendas/*/")
    assert titles(template) == expected


def test_without_javascript_typed_positions_reorder_the_steps(browser, live_server, template):
    before = titles(template)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, LEAD, DEMO_PASSWORD)
        page.goto(reverse("agenda_edit", args=[template.programme_id, template.pk]))
        assert not page.get_by_role("button", name="Move up").first.is_visible()
        positions = page.get_by_label("Position")
        positions.nth(0).fill("2")
        positions.nth(1).fill("1")
        page.get_by_role("button", name="Save template").click()
        page.wait_for_url("**/agendas/*/")
        assert titles(template) == [before[1], before[0], *before[2:]]
    finally:
        context.close()
