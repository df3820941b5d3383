"""Every role opens every page it may open, every tab on it and one detail page of each kind, with no console
error or warning (the `page` fixture fails the test on any), no failed request and no "forbidden" page; and, the
interface being in zh-CN, no English text: a Latin-only text must be a ticket number, an email, a code, a number
with its unit or a name taken from the data (tests/e2e/latin_text.py)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from playwright.async_api import Page, expect

from rapport.config import Settings
from rapport.core.db import Database
from rapport.demo import seed_demo
from rapport.identity.demo import DEMO_USERS
from rapport.support.demo import PORTAL_EMAIL
from tests.e2e.conftest import network_quiet, screenshot_path
from tests.e2e.latin_text import data_names, latin_texts, unexplained

PASSWORD = "rapport-demo"
NAV_KEYS = (
    "home",
    "customers",
    "pipeline",
    "approvals",
    "leads",
    "pool",
    "service",
    "portal",
    "marketing",
    "dashboards",
    "prediction-models",
    "admin",
)
# The pages each role's navigation must offer (more are fine only where listed here: the check is exact).
EXPECTED_PAGES: dict[str, set[str]] = {
    "admin@demo.example": set(NAV_KEYS) - {"portal"},
    # Sales see the tickets of the customers they may see, in the console, read-only.
    "director@demo.example": {"home", "customers", "pipeline", "approvals", "leads", "pool", "service", "dashboards"},
    "manager@demo.example": {"home", "customers", "pipeline", "leads", "pool", "service", "dashboards"},
    "rep@demo.example": {"home", "customers", "pipeline", "leads", "pool", "service", "dashboards"},
    "rep2@demo.example": {"home", "customers", "pipeline", "leads", "pool", "service", "dashboards"},
    "supervisor@demo.example": {"home", "customers", "service", "dashboards"},
    "agent@demo.example": {"home", "customers", "service", "dashboards"},
    "agent2@demo.example": {"home", "customers", "service", "dashboards"},
    "marketing@demo.example": {"home", "customers", "leads", "marketing", "dashboards"},
    "mktmanager@demo.example": {"home", "customers", "leads", "marketing", "dashboards"},
    # Read-only, everything (in marketing: the segments), and how well the prediction models do.
    "analyst@demo.example": {
        "home",
        "customers",
        "pipeline",
        "leads",
        "service",
        "marketing",
        "dashboards",
        "prediction-models",
    },
    PORTAL_EMAIL: {"home", "portal"},
}
# A link to one detail page per list page, when the list has a row the viewer may open.
DETAIL_LINKS = {
    "customers": 'a[href^="/customers/"]',
    "service": 'a[href^="/service/tickets/"]',
    "portal": 'a[href^="/portal/tickets/"]',
    "marketing": 'a[href^="/marketing/segments/"]',
}


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    return await seed_demo(db, settings, locale="zh_CN", customers=40)


async def settled(page: Page) -> None:
    """Wait until the page's requests are done, then check it shows neither a failed request nor a refusal."""
    await network_quiet(page)
    await expect(page.locator(".ant-spin-spinning")).to_have_count(0, timeout=15_000)
    await expect(page.get_by_test_id("request-failed")).to_have_count(0)
    await expect(page.locator(".ant-result-403, .ant-result-404, .ant-result-500")).to_have_count(0)


async def visit_tabs(page: Page, check: Callable[[str], Awaitable[None]] | None = None) -> None:
    """Open every tab of the page's first tab bar (admin sections, the 360° page's panels, dashboards ...), and
    check each (`check(tab index)`) when asked."""
    tabs = page.locator(".ant-tabs").first.locator(":scope > .ant-tabs-nav [role=tab]")
    for index in range(await tabs.count()):
        await tabs.nth(index).click()
        await settled(page)
        if check is not None:
            await check(str(index))


def roles() -> list[Any]:
    emails = [user.email for user in DEMO_USERS] + [PORTAL_EMAIL]
    assert set(emails) == set(EXPECTED_PAGES), "a demo user without expected pages"
    return [pytest.param(email, id=email.split("@")[0]) for email in emails]


@pytest.mark.parametrize("email", roles())
async def test_each_role_opens_every_page_it_may_open_without_errors(
    page: Page, seeded: dict[str, Any], db: Database, email: str
) -> None:
    names = await data_names(db)
    english: dict[str, list[str]] = {}

    async def check_text(where: str) -> None:
        found = unexplained(await latin_texts(page), names)
        if found:
            english[where] = found

    def check_tabs(where: str) -> Callable[[str], Awaitable[None]]:
        return lambda tab: check_text(f"{where} tab {tab}")

    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)

    offered = {key for key in NAV_KEYS if await page.get_by_test_id(f"nav-{key}").count()}
    assert offered == EXPECTED_PAGES[email]

    details_opened = 0
    for key in NAV_KEYS:
        if key not in offered:
            continue
        await page.get_by_test_id(f"nav-{key}").click()
        await settled(page)
        await check_text(key)
        await visit_tabs(page, check_tabs(key))
        await page.screenshot(path=screenshot_path(f"every-page-{email.split('@')[0]}-{key}"), full_page=True)
        selector = DETAIL_LINKS.get(key)
        links = page.locator(selector).locator("visible=true") if selector else None
        if links is not None and await links.count():
            await links.first.click()
            await expect(page).to_have_url(
                re.compile(r"/(customers|service/tickets|portal/tickets|marketing/segments)/[^/]+$")
            )
            await settled(page)
            await check_text(page.url)
            await visit_tabs(page, check_tabs(page.url))
            details_opened += 1
    # Every staff role with the customer list reaches at least one customer it may see (the demo data gives each
    # role customers in scope), and the portal customer reaches one of their tickets.
    if "customers" in offered or "portal" in offered:
        assert details_opened >= 1
    if email != PORTAL_EMAIL:  # every notification the demo sent this user, as the bell's "view all" lists them
        await page.goto("/notifications")
        await settled(page)
        await check_text("notifications")
        await page.screenshot(path=screenshot_path(f"every-page-{email.split('@')[0]}-notifications"), full_page=True)
    assert english == {}, f"English text in the zh-CN interface (page: texts): {english}"
