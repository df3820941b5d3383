"""Sign in as a sales rep, see the home page, switch language and back, sign out."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page, expect

from tests.e2e.conftest import screenshot_path


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
