"""Dashboards users arrange, in the browser: a sales director customizes the dashboards (moves and resizes a widget,
adds one from the catalogue, removes one), saves, reloads and finds them arranged; an administrator publishes a
layout to a role, whose users see it (source ROLE) until they save their own. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from playwright.async_api import Locator, Page, expect
from sqlalchemy import text

from rapport.config import Settings
from rapport.core.db import Database
from rapport.demo import seed_demo
from tests.e2e.conftest import ROOT, choose_option, screenshot_path, shoot_phone_and_desktop

PASSWORD = "rapport-demo"
IMAGES = ROOT / "docs" / "images"


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    return await seed_demo(db, settings, locale="zh_CN", customers=40)


async def _sign_in(page: Page, email: str) -> None:
    await page.context.clear_cookies()
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def _drag(page: Page, handle: Locator, dx: float, dy: float) -> None:
    """Press on `handle`, move by (dx, dy) in small steps (the grid follows the pointer), release."""
    box = await handle.bounding_box()
    assert box is not None
    x, y = box["x"] + min(box["width"] / 2, 60), box["y"] + box["height"] / 2
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + dx / 2, y + dy / 2, steps=8)
    await page.mouse.move(x + dx, y + dy, steps=8)
    await page.mouse.up()


async def _stored(db: Database, email: str) -> dict[str, dict[str, Any]]:
    """The user's own stored dashboards layout, by widget id."""
    async with db.read() as session:
        widgets = await session.scalar(
            text(
                "SELECT l.widgets FROM dashboard_layout l JOIN app_user u ON u.id = l.user_id "
                "WHERE u.email = :e AND l.page = 'dashboards'"
            ),
            {"e": email},
        )
    return {widget["id"]: widget for widget in widgets or []}


def _keep(name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot_path(name), IMAGES / f"{name}.png")


async def test_a_director_arranges_the_dashboards_and_finds_them_arranged_after_a_reload(
    page: Page, seeded: dict[str, Any], db: Database
) -> None:
    director = "director@demo.example"
    await page.set_viewport_size({"width": 1280, "height": 1600})  # the widgets dragged between stay in view
    await _sign_in(page, director)
    await page.goto("/dashboards")
    source = page.get_by_test_id("layout-source")
    await expect(source).to_have_attribute("data-source", "DEFAULT")
    await expect(page.get_by_test_id("panel-funnel-chart").locator("canvas")).to_have_count(1)

    await page.get_by_test_id("layout-customize").click()
    await expect(page.get_by_test_id("layout-grid")).to_have_attribute("data-editing", "true")
    # Remove revenue by month; move the forecast below the funnel; make the funnel full width.
    await page.get_by_test_id("widget-remove-revenueByMonth").click()
    await expect(page.get_by_test_id("widget-revenueByMonth")).to_have_count(0)
    funnel = page.get_by_test_id("widget-funnel")
    before = await funnel.bounding_box()
    assert before is not None
    resize = funnel.locator(".react-resizable-handle")
    await _drag(page, resize, 560, 0)
    await _until(page, lambda: _width(funnel), lambda width: width > before["width"] + 300)
    # Drag the region chart to the top left, before the funnel.
    region = page.get_by_test_id("widget-handle-revenueByRegion")
    region_box = await region.bounding_box()
    funnel_box = await funnel.bounding_box()
    assert region_box is not None and funnel_box is not None
    await _drag(page, region, funnel_box["x"] - region_box["x"] + 20, funnel_box["y"] - region_box["y"] - 10)
    region_item = page.get_by_test_id("widget-revenueByRegion")
    await _until(page, lambda: _top(region_item), lambda top: top < funnel_box["y"] + 20)
    # Add a second forecast from the catalogue, for this year.
    await page.get_by_test_id("layout-add").click()
    catalogue = page.get_by_test_id("widget-catalogue")
    await expect(catalogue.get_by_test_id("catalogue-rfm")).to_be_visible()
    await expect(catalogue.get_by_test_id("catalogue-csat")).to_have_count(0)  # directors read no service figures
    await catalogue.get_by_test_id("catalogue-add-forecast").click()
    added = page.get_by_test_id("widget-forecast-2")
    await expect(added).to_be_visible()
    await page.get_by_test_id("widget-configure-forecast-2").click()
    await choose_option(page, page.get_by_test_id("widget-settings-period"), "本年")
    await page.get_by_test_id("widget-settings-ok").click()
    await expect(page.locator(".ant-modal-wrap:visible")).to_have_count(0)
    await page.wait_for_timeout(400)
    await shoot_phone_and_desktop(page, "dashboard-layouts-customize")
    await page.get_by_test_id("layout-save").click()
    await expect(source).to_have_attribute("data-source", "OWN")

    stored = await _stored(db, director)
    assert "revenueByMonth" not in stored and "forecast-2" in stored
    assert stored["funnel"]["w"] == 12, stored["funnel"]
    assert stored["forecast-2"]["period"] == "year"
    assert (stored["revenueByRegion"]["y"], stored["revenueByRegion"]["x"]) < (stored["funnel"]["y"], 1), stored

    await page.reload()
    await expect(source).to_have_attribute("data-source", "OWN")
    await expect(page.get_by_test_id("widget-revenueByMonth")).to_have_count(0)
    await expect(
        page.get_by_test_id("widget-forecast-2").get_by_test_id("panel-forecast-chart").locator("canvas")
    ).to_have_count(1)
    region_after = await page.get_by_test_id("widget-revenueByRegion").bounding_box()
    funnel_after = await funnel.bounding_box()
    assert region_after is not None and funnel_after is not None
    assert region_after["y"] < funnel_after["y"], (region_after, funnel_after)
    assert funnel_after["width"] > 1000
    await shoot_phone_and_desktop(page, "dashboard-layouts-arranged")
    for name in (
        "dashboard-layouts-customize-1280",
        "dashboard-layouts-arranged-1280",
        "dashboard-layouts-arranged-390",
    ):
        _keep(name)

    # Reset to the default, with a confirmation.
    await page.get_by_test_id("layout-customize").click()
    await page.get_by_test_id("layout-reset").click()
    await page.get_by_test_id("layout-reset-confirm").click()
    await expect(source).to_have_attribute("data-source", "DEFAULT")
    await expect(page.get_by_test_id("widget-revenueByMonth")).to_have_count(1)
    assert await _stored(db, director) == {}


async def _until(page: Page, measure: Any, holds: Any, tries: int = 40) -> None:
    """Wait until `holds(await measure())` (the grid animates its items into place)."""
    value = None
    for _ in range(tries):
        value = await measure()
        if holds(value):
            return
        await page.wait_for_timeout(100)
    raise AssertionError(f"still {value}")


async def _top(locator: Locator) -> float:
    box = await locator.bounding_box()
    return 1e9 if box is None else box["y"]


async def _width(locator: Locator) -> float:
    box = await locator.bounding_box()
    return 0.0 if box is None else box["width"]


async def test_an_admin_publishes_a_layout_to_a_role_until_its_user_saves_their_own(
    page: Page, seeded: dict[str, Any], db: Database
) -> None:
    await _sign_in(page, "admin@demo.example")
    await page.goto("/")
    await expect(page.get_by_test_id("layout-source")).to_have_attribute("data-source", "DEFAULT")
    await page.goto("/dashboards")
    await page.get_by_test_id("layout-customize").click()
    for kind in ("revenueByMonth", "revenueByRep", "csat", "csatByAgent", "ticketVolume", "customersByIndustry"):
        await page.get_by_test_id(f"widget-remove-{kind}").click()
    await page.get_by_test_id("layout-publish").click()
    await choose_option(page, page.get_by_test_id("publish-role"), "销售经理")
    await page.get_by_test_id("publish-ok").click()
    await expect(page.locator(".ant-message")).to_contain_text("销售经理")  # the role by its label, not its code
    # Publishing to that role again warns that it replaces the published layout, which the dialog lists.
    await page.get_by_test_id("layout-publish").click()
    await expect(page.get_by_test_id("published-layouts")).to_contain_text("销售经理")
    await choose_option(page, page.get_by_test_id("publish-role"), "销售经理")
    await expect(page.get_by_test_id("publish-replaces")).to_contain_text("销售经理")
    await expect(page.get_by_test_id("publish-ok")).to_contain_text("替")
    await page.get_by_test_id("publish-ok").click()
    await expect(page.get_by_test_id("publish-ok")).to_be_hidden()
    async with db.read() as session:
        versions = (
            await session.execute(text("SELECT version FROM dashboard_layout WHERE role = 'sales_manager'"))
        ).all()
    assert [v for (v,) in versions] == [2]  # replaced, not added
    await page.get_by_test_id("layout-cancel").click()
    # The administrator's own page is unchanged (publishing is for the role).
    await expect(page.get_by_test_id("layout-source")).to_have_attribute("data-source", "DEFAULT")

    await _sign_in(page, "manager@demo.example")
    await page.goto("/dashboards")
    source = page.get_by_test_id("layout-source")
    await expect(source).to_have_attribute("data-source", "ROLE")
    await expect(source).to_contain_text("销售经理")
    await expect(page.get_by_test_id("widget-revenueByMonth")).to_have_count(0)
    await expect(page.get_by_test_id("widget-funnel")).to_have_count(1)
    await expect(page.get_by_test_id("panel-funnel-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("panel-customers-rfm-chart").locator("canvas")).to_have_count(1)
    await page.wait_for_timeout(500)
    await shoot_phone_and_desktop(page, "dashboard-layouts-role")
    _keep("dashboard-layouts-role-1280")

    # Their own arrangement wins from then on.
    await page.get_by_test_id("layout-customize").click()
    await page.get_by_test_id("widget-remove-funnel").click()
    await page.get_by_test_id("layout-save").click()
    await expect(source).to_have_attribute("data-source", "OWN")
    await page.reload()
    await expect(source).to_have_attribute("data-source", "OWN")
    await expect(page.get_by_test_id("widget-funnel")).to_have_count(0)


async def test_on_a_phone_widgets_stack_and_reorder(page: Page, seeded: dict[str, Any], db: Database) -> None:
    await page.set_viewport_size({"width": 390, "height": 900})
    await _sign_in(page, "rep@demo.example")
    await page.goto("/")
    stack = page.get_by_test_id("layout-stack")
    await expect(stack).to_be_visible()
    order = await stack.locator(":scope > div").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert len(order) >= 2, order
    await page.get_by_test_id("layout-customize").click()
    await expect(page.get_by_test_id("layout-hint")).to_be_visible()
    await page.get_by_test_id(f"widget-down-{order[0]}").click()
    await page.screenshot(path=screenshot_path("dashboard-layouts-phone-edit"), full_page=True)
    _keep("dashboard-layouts-phone-edit")
    await page.get_by_test_id("layout-save").click()
    await expect(page.get_by_test_id("layout-source")).to_have_attribute("data-source", "OWN")
    await page.reload()
    await expect(stack.locator(":scope > div")).to_have_count(len(order))
    after = await stack.locator(":scope > div").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert after[:2] == [order[1], order[0]], (order, after)
    overflow = await page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390
