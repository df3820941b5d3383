"""The home page per role and the dashboards, on the demo data (zh_CN): what each role sees, charts, drill-down."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.async_api import Locator, Page, expect

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.demo import seed_demo
from tests.e2e.conftest import screenshot_path

PASSWORD = "rapport-demo"
REP_SECTIONS = ["myOpportunities", "poolWatchlist", "newLeads"]  # and myTasks, which every staff member gets
MANAGER_SECTIONS = ["teamPerformance", "funnel"]
AGENT_SECTIONS = ["myTickets"]
SUPERVISOR_SECTIONS = ["backlog", "csat", "escalations"]


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    """Customers, orders, opportunities, leads and tickets, in Chinese."""
    return await seed_demo(db, settings, locale="zh_CN", customers=120)


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def sign_out(page: Page) -> None:
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login$"))


def section(page: Page, key: str) -> Locator:
    return page.get_by_test_id(f"home-section-{key}")


async def expect_sections(page: Page, shown: list[str], hidden: list[str]) -> None:
    for key in shown:
        await expect(section(page, key)).to_be_visible()
        # Loaded: neither the skeleton nor an error is left.
        await expect(section(page, key).get_by_test_id(f"home-section-{key}-loading")).to_have_count(0)
    await expect(page.get_by_test_id("request-failed")).to_have_count(0)
    for key in hidden:
        await expect(section(page, key)).to_have_count(0)


async def click_first_bar(page: Page, chart: Locator) -> None:
    """Click a bar on a canvas chart: hover along the bottom of the plot until ECharts shows a pointer."""
    await chart.locator("canvas").first.wait_for()
    await chart.scroll_into_view_if_needed()
    box = await chart.bounding_box()
    assert box is not None
    for dy in (50, 70, 90, 120):
        y = box["y"] + box["height"] - dy
        for step in range(4, 100, 2):
            x = box["x"] + box["width"] * step / 100
            await page.mouse.move(x, y)
            cursor = await chart.evaluate("el => el.firstElementChild && el.firstElementChild.style.cursor")
            if cursor == "pointer":
                await page.mouse.click(x, y)
                return
    raise AssertionError("found no bar to click on the chart")


async def test_director_home_and_dashboards(page: Page, seeded: dict[str, Any]) -> None:
    await sign_in(page, "director@demo.example")
    await page.goto("/")

    # Team performance against target, the funnel and the approvals waiting.
    await expect_sections(page, [*MANAGER_SECTIONS, "approvals"], AGENT_SECTIONS + SUPERVISOR_SECTIONS)
    performance = section(page, "teamPerformance")
    await expect(performance.get_by_test_id("team-target")).to_contain_text("¥")
    await expect(performance.get_by_test_id("team-attainment")).to_contain_text("%")
    await expect(performance.get_by_test_id("team-reps").locator("tbody tr.ant-table-row").first).to_be_visible()
    steps = section(page, "funnel").get_by_test_id("funnel-step")
    await expect(steps.first).to_be_visible()
    assert await steps.count() >= 4
    approvals = section(page, "approvals")
    await expect(approvals.get_by_test_id("home-section-approvals-count")).to_contain_text("1")
    await expect(approvals.get_by_test_id("home-section-approvals-link")).to_have_attribute("href", "/approvals")
    # Directors see the whole customer base, so its segments too (a small chart, loaded on demand).
    await expect(page.get_by_test_id("home-rfm-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("home-rfm-segments").get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"^/customers\?rfm=[A-Z_]+$")
    )
    await page.screenshot(path=screenshot_path("dashboards-home-director"), full_page=True)

    # The dashboards: every panel a director may read, drawn on canvases.
    await page.goto("/dashboards?period=year")
    for panel in [
        "panel-funnel",
        "panel-forecast",
        "panel-revenue-region",
        "panel-revenue-month",
        "panel-revenue-rep",
        "panel-customers-rfm",
        "panel-customers-grade",
        "panel-customers-region",
        "panel-customers-industry",
    ]:
        await expect(page.get_by_test_id(f"{panel}-chart").locator("canvas")).to_have_count(1)
    # Directors read no service figures: the section is neither drawn nor asked for.
    await expect(page.get_by_test_id("dashboard-service")).to_have_count(0)
    await expect(page.get_by_test_id("period-year")).to_be_visible()
    await page.screenshot(path=screenshot_path("dashboards-dashboards"), full_page=True)

    # Clicking a region's bar opens the deals of that province won in the period.
    await click_first_bar(page, page.get_by_test_id("panel-revenue-region-chart"))
    await expect(page).to_have_url(re.compile(r"/opportunities\?status=WON&province="))
    provinces = parse_qs(urlparse(page.url).query)["province"]
    assert len(provinces) == 1 and provinces[0].endswith(("省", "市", "区"))
    await expect(page.get_by_test_id("opportunity-table")).to_be_visible()

    # The same through the accessible table view.
    await page.goto("/dashboards?period=year")
    panel = page.get_by_test_id("panel-customers-region")
    await panel.get_by_test_id("panel-customers-region-view-table").click()
    first = panel.get_by_test_id("panel-customers-region-drill-0")
    province = await first.inner_text()
    await first.click()
    await expect(page).to_have_url(re.compile(r"/customers\?province="))
    assert parse_qs(urlparse(page.url).query)["province"] == [province]

    # The period is in the URL: choosing "this quarter" changes it.
    await page.goto("/dashboards")
    await page.get_by_test_id("period-quarter").click()
    await expect(page).to_have_url(re.compile(r"/dashboards\?period=quarter$"))
    await expect(page.get_by_test_id("panel-funnel-chart").locator("canvas")).to_have_count(1)


async def test_rep_agent_and_supervisor_homes(
    page: Page, seeded: dict[str, Any], db: Database, settings: Settings
) -> None:
    install()  # the jobs of every manifest
    await run_job("sla-check", db, settings)  # the demo's overdue tickets get escalated
    await sign_in(page, "rep@demo.example")
    await page.goto("/")
    await expect_sections(
        page, [*REP_SECTIONS, "myTasks"], MANAGER_SECTIONS + AGENT_SECTIONS + SUPERVISOR_SECTIONS + ["approvals"]
    )
    await expect(section(page, "myOpportunities").get_by_test_id("my-opportunities-item").first).to_be_visible()
    await expect(section(page, "newLeads").get_by_test_id("home-section-newLeads-link")).to_have_attribute(
        "href", "/leads"
    )
    await page.screenshot(path=screenshot_path("dashboards-home-rep"), full_page=True)
    await sign_out(page)

    await sign_in(page, "agent@demo.example")
    await page.goto("/")
    await expect_sections(page, AGENT_SECTIONS, REP_SECTIONS + MANAGER_SECTIONS + SUPERVISOR_SECTIONS)
    tickets = section(page, "myTickets")
    first = tickets.get_by_test_id("my-tickets-item").first
    await expect(first).to_be_visible()
    await expect(tickets.get_by_test_id("sla-countdown").first).to_have_text(re.compile(r"响应|解决|暂停"))
    href = await first.get_by_role("link").first.get_attribute("href")
    assert href is not None and re.fullmatch(r"/service/tickets/[^/]+", href)
    await page.screenshot(path=screenshot_path("dashboards-home-agent"), full_page=True)
    await sign_out(page)

    await sign_in(page, "supervisor@demo.example")
    await page.goto("/")
    await expect_sections(page, SUPERVISOR_SECTIONS + AGENT_SECTIONS, REP_SECTIONS + MANAGER_SECTIONS)
    backlog = section(page, "backlog")
    await expect(backlog.get_by_test_id("backlog-by-status")).to_contain_text("处理中")
    await expect(page.get_by_test_id("home-csat-chart").locator("canvas")).to_have_count(1)
    escalated = section(page, "escalations").get_by_test_id("escalations-item")
    await expect(escalated.first).to_be_visible()
    await expect(escalated.first.get_by_role("link").first).to_have_attribute("href", re.compile(r"^/service/tickets/"))
    await page.screenshot(path=screenshot_path("dashboards-home-supervisor"), full_page=True)

    # A supervisor's dashboards are the service ones only. The last 90 days hold the demo's ratings whatever
    # the date ("this month" has none in its first days, and the CSAT panel then shows "no data").
    today = datetime.now(UTC).date()
    await page.goto(f"/dashboards?period=custom&from={today - timedelta(days=90)}&to={today}")
    await expect(page.get_by_test_id("panel-csat-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("panel-backlog-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("dashboard-sales")).to_have_count(0)
    await expect(page.get_by_test_id("dashboard-customers")).to_have_count(0)
