"""Every drill-down link in the app opens a list with exactly as many rows as the figure it stands for.

The links are not listed here: for each role, the test opens the pages that show figures (the home page and the
dashboards), turns every chart into its table, and collects every link on the page that leads to a list page. A
link to a list with a query is a drill-down, and must say which figure it stands for (`data-drill-count`, which
the app's one drill link component sets); each is then opened and the list's own total (`data-list-total`, its
totalCount) must equal that figure. A new link anywhere on these pages is picked up the same way.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.async_api import Page, expect

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.demo import seed_demo
from tests.e2e.conftest import network_quiet, screenshot_path

PASSWORD = "rapport-demo"
#: Lists opened at once, each in a tab.
TABS = 3
#: The pages that list rows: a link to one of them with a query is a drill-down.
LIST_PAGES = {"/customers", "/service", "/opportunities", "/leads", "/approvals", "/pool", "/pipeline"}
#: Who looks at figures: every role whose home page or dashboards show some.
ROLES = [
    "director@demo.example",
    "manager@demo.example",
    "rep@demo.example",
    "supervisor@demo.example",
    "agent@demo.example",
    "marketing@demo.example",
    "analyst@demo.example",
]


@dataclass(frozen=True)
class Drill:
    """A drill-down link as a page shows it."""

    source: str
    href: str
    count: int


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    report = await seed_demo(db, settings, locale="zh_CN", customers=60)
    install()  # the jobs of every manifest
    await run_job("sla-check", db, settings)  # the demo's overdue tickets get escalated
    await run_job("rfm-refresh", db, settings)
    return report


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def settled(page: Page) -> None:
    """Every request answered, no section still loading and none failed."""
    await network_quiet(page)
    await expect(page.locator(".ant-skeleton")).to_have_count(0, timeout=15_000)
    await expect(page.locator(".ant-spin-spinning")).to_have_count(0, timeout=15_000)
    await expect(page.get_by_test_id("request-failed")).to_have_count(0)


async def list_links(page: Page, source: str) -> list[Drill]:
    """The links to list pages shown now; one to a list with a query but without its figure fails the test."""
    found: list[Drill] = []
    for link in await page.locator("a[href]").all():
        href = await link.get_attribute("href") or ""
        url = urlparse(href)
        if url.netloc or url.path not in LIST_PAGES:
            continue
        if not url.query and await link.get_attribute("data-drill-count") is None:
            continue  # a plain way to a list page ("view all" of something else)
        # A filtered list's link is a drill-down: it carries its figure (once the figure has loaded).
        try:
            await expect(link).to_have_attribute("data-drill-count", re.compile(r"^\d+$"), timeout=10_000)
        except AssertionError as error:
            raise AssertionError(
                f"{source}: a link to a filtered list without the figure it stands for: {href}"
            ) from error
        found.append(Drill(source, href, int(await link.get_attribute("data-drill-count") or -1)))
    return found


async def drill_links(page: Page, path: str, email: str) -> list[Drill]:
    """Every drill-down link of a page: its figures as shown, and each chart's table, page by page."""
    await page.goto(path)
    # The page itself first (the viewer's permissions decide what it shows), then everything it asked for.
    await expect(page.get_by_test_id("home-greeting").or_(page.get_by_test_id("dashboards-page"))).to_be_visible()
    await settled(page)
    source = f"{email} {path}"
    found = await list_links(page, source)
    for toggle in await page.locator('[data-testid$="-view-table"]').all():
        await toggle.click()
    await settled(page)
    for table in await page.locator('[data-testid^="panel-"][data-testid$="-table"]').all():
        panel = await table.get_attribute("data-testid")
        while True:
            for link in await table.locator("a[data-drill-count]").all():
                href = await link.get_attribute("href") or ""
                found.append(Drill(f"{source} {panel}", href, int(await link.get_attribute("data-drill-count") or -1)))
            following = table.locator(".ant-pagination-next:not(.ant-pagination-disabled)")
            if await following.count() == 0:
                break
            await following.click()
    return found


async def navigate(page: Page, href: str) -> None:
    """Go to `href` inside the app, as its links do (no reload: the app and the signed-in session stay)."""
    await page.evaluate(
        "href => { history.pushState(null, '', href); dispatchEvent(new PopStateEvent('popstate')); }", href
    )


async def listed(page: Page, href: str) -> int:
    """How many rows the list at `href` says it holds (its totalCount)."""
    # Through a page without a list, so that no total of the list shown before is read by mistake.
    await navigate(page, "/no-list-here")
    await expect(page.get_by_test_id("not-found")).to_be_visible()
    await navigate(page, href)
    total = page.locator("[data-list-total]:visible").first
    await expect(total).to_have_attribute("data-list-total", re.compile(r"^\d+$"), timeout=20_000)
    value = await total.get_attribute("data-list-total")
    assert value is not None
    return int(value)


async def listed_all(pages: list[Page], hrefs: list[str]) -> dict[str, int]:
    """The totals of many lists, opened a few at a time (each page a tab of the signed-in browser context)."""
    totals: dict[str, int] = {}
    queue = list(dict.fromkeys(hrefs))

    async def work(tab: Page) -> None:
        while queue:
            href = queue.pop()
            totals[href] = await listed(tab, href)

    await asyncio.gather(*(work(tab) for tab in pages))
    return totals


async def test_every_drill_down_opens_exactly_the_rows_it_counts(page: Page, seeded: dict[str, Any]) -> None:
    today = datetime.now(UTC).date()
    # Half a year: the demo's deals (the last five months) and tickets, whatever today's date.
    dashboards = f"/dashboards?period=custom&from={today - timedelta(days=180)}&to={today}"
    mismatches: list[str] = []
    checked: dict[str, int] = {}
    for email in ROLES:
        await sign_in(page, email)
        drills = [*await drill_links(page, "/", email), *await drill_links(page, dashboards, email)]
        assert drills, f"{email} sees no drill-down"
        tabs = [page, *[await page.context.new_page() for _ in range(TABS - 1)]]
        for tab in tabs[1:]:
            await tab.goto("/no-list-here")
        opened = await listed_all(tabs, [drill.href for drill in drills])
        for tab in tabs[1:]:
            await tab.close()
        for drill in drills:
            if opened[drill.href] != drill.count:
                mismatches.append(f"{drill.source}: {drill.href} counts {drill.count}, lists {opened[drill.href]}")
        checked[email] = len(drills)
        if email == "director@demo.example":
            funnel = next(d for d in drills if d.href.startswith("/opportunities?reached="))
            await page.goto(funnel.href)
            await settled(page)
            await page.screenshot(path=screenshot_path("drilldown-funnel-opportunities"), full_page=True)
            # On a phone the list's table scrolls inside itself: the page's content is no wider than the screen
            # (the shell's header is the layout pass's business).
            await page.set_viewport_size({"width": 390, "height": 844})
            await page.goto(funnel.href)
            await settled(page)
            widths = await page.locator(".ant-layout-content").evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert widths[0] <= widths[1], widths
            await page.screenshot(path=screenshot_path("drilldown-opportunities-390"), full_page=True)
            await page.set_viewport_size({"width": 1280, "height": 800})
        await page.get_by_test_id("logout").click()
        await expect(page).to_have_url(re.compile(r"/login$"))
    assert mismatches == []
    # Every kind of list is reached: the sales, service, customer, lead and approval figures all drill down.
    assert sum(checked.values()) > 100, checked
