"""The marketing user builds the requirement's journey in the flow editor, saves, dry-runs and activates it, then
opens the marketing dashboard and switches the attribution model; at 1280 and 390 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from rapport.config import Settings
from rapport.core.db import Database
from rapport.demo import seed_demo
from tests.e2e.conftest import network_quiet, screenshot_path

PASSWORD = "rapport-demo"


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    return await seed_demo(db, settings, locale="zh_CN", customers=40)


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def no_horizontal_overflow(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page is {width}px wide on a 390px screen"


async def test_marketing_user_builds_dry_runs_and_activates_the_example_journey(
    page: Page, seeded: dict[str, Any]
) -> None:
    await page.set_viewport_size({"width": 1280, "height": 900})
    # The example tags customers and exports hashed contacts: rights the shipped marketing role lacks (it reads tags
    # and sees contacts masked; a journey may only do what its owner may), so an administrator builds it here.
    await sign_in(page, "admin@demo.example")
    await page.goto("/marketing/journeys")
    await expect(page.get_by_test_id("journeys-table")).to_be_visible()
    await page.get_by_test_id("journey-new").click()
    await expect(page).to_have_url(re.compile(r"/marketing/journeys/new$"))
    await page.get_by_test_id("journey-name").fill("浏览定价页跟进")

    # Page view trigger -> SMS -> wait 24 h -> ordered within 24 h? yes: tag / no: audience export.
    # Each step added from the palette follows the selected one (a condition's yes, then its no).
    await page.get_by_test_id("palette-trigger").click()
    await page.get_by_test_id("config-pattern").fill("/pricing")
    await page.get_by_test_id("palette-send").click()
    await page.get_by_test_id("config-body-zh-CN").fill("您关注的产品限时优惠，回复 TD 退订")
    await page.get_by_test_id("palette-wait").click()
    await expect(page.get_by_test_id("config-hours")).to_have_value("24")
    await page.get_by_test_id("palette-condition").click()
    await page.get_by_test_id("palette-tag_add").click()
    await page.get_by_test_id("config-tags").fill("定价页已下单")
    # The audience export follows the condition (its no branch): select the condition first. On a loaded machine a
    # click can land while the canvas re-renders and be lost, so click again until React Flow shows it selected.
    condition = page.locator(".react-flow__node").filter(has=page.get_by_test_id("journey-node-n4"))
    for _ in range(3):
        await page.get_by_test_id("journey-node-n4").click()
        try:
            await expect(condition).to_have_class(re.compile(r"\bselected\b"), timeout=2_000)
            break
        except AssertionError:
            continue
    await expect(condition).to_have_class(re.compile(r"\bselected\b"))
    await page.get_by_test_id("palette-audience").click()
    await page.get_by_test_id("config-audience").fill("pricing-retarget")
    for node in ("n1", "n2", "n3", "n4", "n5", "n6"):
        await expect(page.get_by_test_id(f"journey-node-{node}")).to_be_visible()
    # Both of the condition's branches are drawn.
    await expect(page.locator(".react-flow__edge")).to_have_count(5)

    await page.get_by_test_id("journey-save").click()
    await expect(page).to_have_url(re.compile(r"/marketing/journeys/(?!new)[^/]+$"))
    await expect(page.get_by_test_id("journey-status")).to_have_text("草稿")
    await expect(page.get_by_test_id("journey-problem")).to_have_count(0)
    # Saved as drawn: reloading shows the same six steps with their positions and the yes / no edges.
    await page.reload()
    await expect(page.get_by_test_id("journey-node-n6")).to_be_visible()
    await expect(page.locator(".react-flow__edge")).to_have_count(5)
    await expect(page.get_by_test_id("journey-node-n6")).to_contain_text("pricing-retarget")

    await page.get_by_test_id("dry-run").click()
    await expect(page.get_by_test_id("dry-run-entries").or_(page.get_by_test_id("dry-run-empty"))).to_be_visible()
    await expect(page.get_by_test_id("dry-run-problem")).to_have_count(0)

    await page.get_by_test_id("journey-activate").click()
    await expect(page.get_by_test_id("journey-status")).to_have_text("运行中")
    await expect(page.get_by_test_id("journey-pause")).to_be_visible()
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("marketing-journey-editor-1280"), full_page=True)

    # On a phone the journey is shown read-only, without overflowing.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.reload()
    await expect(page.get_by_test_id("journey-node-n1")).to_be_visible()
    await expect(page.get_by_test_id("journey-palette")).to_have_count(0)
    await network_quiet(page)
    await no_horizontal_overflow(page)
    await page.screenshot(path=screenshot_path("marketing-journey-editor-390"), full_page=True)

    await page.goto("/marketing/journeys")
    await expect(page.get_by_test_id("journeys-table")).to_contain_text("浏览定价页跟进")
    await no_horizontal_overflow(page)

    # Retiring it: archiving the running journey is confirmed first, then it leaves the list until archived ones
    # are shown, and comes back paused.
    row = page.get_by_test_id("journeys-table").locator("tr", has_text="浏览定价页跟进")
    await row.get_by_role("button", name="归 档").click()
    confirm = page.locator(".ant-popover:visible")
    await expect(confirm).to_contain_text("它会立即停止")
    await confirm.get_by_role("button", name="确 定").click()
    await expect(page.get_by_test_id("journeys-table")).not_to_contain_text("浏览定价页跟进")
    await expect(page.get_by_test_id("journeys-pager-total")).to_be_visible()
    await page.get_by_test_id("journeys-show-archived").click()
    archived = page.get_by_test_id("journeys-table").locator("tr", has_text="浏览定价页跟进")
    await expect(archived).to_contain_text("已归档")
    await archived.get_by_role("button", name="恢 复").click()
    await expect(archived).to_contain_text("已暂停")
    await expect(page.get_by_test_id("journeys-problem")).to_have_count(0)
    await network_quiet(page)
    await no_horizontal_overflow(page)
    await page.screenshot(path=screenshot_path("marketing-journeys-list-390"), full_page=True)

    # The dashboard: the model switch asks again and the comparison stays.
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto("/marketing/dashboard?period=year")
    await expect(page.get_by_test_id("figures-by-campaign")).to_be_visible()
    await expect(page.get_by_test_id("attribution-compare")).to_contain_text("首次触达")
    await page.get_by_test_id("model-FIRST_TOUCH").click()
    await expect(page).to_have_url(re.compile(r"model=FIRST_TOUCH"))
    await expect(page.get_by_test_id("figures-by-channel")).to_be_visible()
    await expect(page.get_by_test_id("request-failed")).to_have_count(0)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("marketing-dashboard-1280"), full_page=True)
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.reload()
    await expect(page.get_by_test_id("figures-by-campaign")).to_be_visible()
    await network_quiet(page)
    await no_horizontal_overflow(page)
    # On a phone each channel's figures are a card: its cost and ROI are on the screen, not scrolled off it.
    channel = page.get_by_test_id("figures-by-channel-item").first
    for label in ("成本", "ROI"):
        box = await channel.get_by_text(label, exact=True).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, (label, box)
    await expect(page.get_by_test_id("funnel-note")).to_contain_text("可能多于点击数")
    await page.screenshot(path=screenshot_path("marketing-dashboard-390"), full_page=True)
