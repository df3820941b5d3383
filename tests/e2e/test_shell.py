"""Sign in as a sales rep, see the home page, switch language and back, sign out."""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

import pytest
from playwright.async_api import Page, Route, expect

from tests.e2e.conftest import network_quiet, screenshot_path


async def test_rep_signs_in_switches_language_and_signs_out(page: Page, demo: dict[str, Any]) -> None:
    await page.goto("/")  # a signed-in route: the shell sends us to the sign-in page first
    await expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    await page.get_by_test_id("login-email").fill("rep@demo.example")
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()

    await expect(page.get_by_test_id("viewer-email")).to_have_text("rep@demo.example")
    await page.goto("/")
    greeting = page.get_by_test_id("home-greeting")
    await expect(greeting).to_contain_text("欢迎")
    await expect(greeting).to_contain_text("Rita Rep")
    await expect(page.get_by_test_id("viewer-roles")).to_contain_text("销售代表")
    await expect(page.get_by_test_id("viewer-team")).to_contain_text("East Sales")
    await page.screenshot(path=screenshot_path("home-zh-CN"), full_page=True)

    await page.get_by_test_id("lang-switch").click()
    await page.get_by_text("English", exact=True).click()
    await expect(greeting).to_contain_text("Welcome")
    await page.screenshot(path=screenshot_path("home-en"), full_page=True)

    # The choice is remembered across a reload.
    await page.reload()
    await expect(page.get_by_test_id("home-greeting")).to_contain_text("Welcome")

    await page.get_by_test_id("lang-switch").click()
    await page.get_by_text("中文", exact=True).click()
    await expect(page.get_by_test_id("home-greeting")).to_contain_text("欢迎")

    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login$"))


async def test_wrong_password_shows_the_error_on_the_field(page: Page, demo: dict[str, Any]) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill("rep@demo.example")
    await page.get_by_test_id("login-password").fill("not-the-password")
    await page.get_by_test_id("login-submit").click()
    await expect(page.locator(".ant-form-item-explain-error")).to_be_visible()
    await page.screenshot(path=screenshot_path("login-error"))


async def test_unknown_route_shows_not_found(page: Page, demo: dict[str, Any]) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill("rep@demo.example")
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_be_visible()
    await page.goto("/no/such/page")
    await expect(page.locator(".ant-result-404")).to_be_visible()


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    "email", ["rep@demo.example", "agent@demo.example", "supervisor@demo.example", "admin@demo.example"]
)
async def test_on_a_phone_the_shell_fits_the_screen_and_the_menu_opens_over_the_page(
    page: Page, demo: dict[str, Any], email: str
) -> None:
    """At 390 px the header holds the menu button, the search box and icons; no page of the role's menu is wider
    than the screen; the menu opens over the page and closes on the way to where it leads, or on a tap beside it."""
    await page.set_viewport_size(PHONE)
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)

    menu = page.get_by_test_id("side-navigation")
    opener = page.get_by_test_id("side-navigation-open")
    mask = page.get_by_test_id("side-navigation-mask")
    # Folded away entirely: the page has the whole width.
    assert (await menu.bounding_box() or {"width": 1})["width"] == 0
    await opener.click()
    items = page.locator("[data-testid^='nav-']")
    await expect(items.first).to_be_visible()
    await expect(mask).to_be_visible()
    keys = [key for key in await items.evaluate_all("els => els.map(e => e.dataset.testid)") if key]
    assert len(keys) >= 3, keys
    await mask.click(position={"x": 370, "y": 400})
    await expect(mask).to_have_count(0)

    for key in keys:
        await opener.click()
        before = page.url
        await page.get_by_test_id(key).click()
        await expect(mask).to_have_count(0)
        if key != "nav-home":
            await expect(page).not_to_have_url(before)
        await network_quiet(page)
        width = await page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
        header = await page.locator(".ant-layout-header").evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert header[0] <= header[1], (page.url, header)
        for control in ("global-search-input", "lang-switch", "logout"):
            if await page.get_by_test_id(control).count():
                box = await page.get_by_test_id(control).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (control, box)
    await page.screenshot(path=screenshot_path(f"shell-390-{email.split('@')[0]}"), full_page=False)


async def test_once_signing_out_begins_the_app_sends_nothing_but_the_logout(page: Page, demo: dict[str, Any]) -> None:
    """While the logout is on its way (the server has ended the session, its answer has not arrived) the page is
    taken away: a section still loading, or a page the person opens meanwhile, sends no query that would reach
    the server without a session (401s in the console; the `page` fixture fails the test on any console error
    or 4xx)."""
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill("rep@demo.example")
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text("rep@demo.example")

    sent: list[str] = []

    async def slow_logout_answer(route: Route) -> None:
        body = route.request.post_data_json
        name = body.get("operationName", "?") if isinstance(body, dict) else "?"
        sent.append(name)
        if name != "Logout":
            await route.continue_()
            return
        answer = await route.fetch()  # the server ends the session now...
        await asyncio.sleep(1.5)  # ...and its answer is slow to come back
        with contextlib.suppress(Exception):
            await route.fulfill(response=answer)

    await page.route("**/graphql", slow_logout_answer)
    await page.get_by_test_id("logout").click()
    await page.get_by_test_id("nav-customers").click()  # the menu is still there while signing out
    await expect(page).to_have_url(re.compile(r"/login$"))
    await page.wait_for_timeout(500)
    after = sent[sent.index("Logout") + 1 :]
    assert all(name == "Viewer" for name in after), after
