"""Browser tests: Debian's Chromium driven by Playwright against a live server and the built SPA."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, Response, async_playwright, expect

from tests.conftest import ROOT, LiveServer

OUTPUT = ROOT / "test-output" / "e2e"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# How long an `expect` waits for the page by default (Playwright's is 5 s). CI runs two test workers, each with a
# server and a browser, on two cores: a page's first render after signing in took longer than 5 s there.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def spa_built() -> None:
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("The SPA is not built: run `make build` (make test does it for you).")


@pytest.fixture(scope="session")
async def browser(spa_built: None) -> AsyncIterator[Browser]:
    executable = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(f"No Chromium at {executable}: apt-get install chromium (or set CHROMIUM).")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, live_server: LiveServer) -> AsyncIterator[Page]:
    context = await browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    new_page = await context.new_page()
    problems: list[str] = []
    new_page.on(
        "console",
        lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    new_page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    # Say which request a 4xx or 5xx answered and what it said, so a failure names the operation and the error.
    async def on_response(response: Response) -> None:
        if response.status >= 400:
            sent = (response.request.post_data or "")[:200]
            with contextlib.suppress(Exception):
                sent += " -> " + (await response.text())[:300]
            problems.append(f"HTTP {response.status} for {response.request.method} {response.url}: {sent}")

    new_page.on("response", on_response)
    yield new_page
    await context.close()
    assert problems == [], "the page logged errors or warnings:\n" + "\n".join(problems)


def screenshot_path(name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT / f"{name}.png"


async def choose_option(page: Page, select: Locator, label: str) -> None:
    """Pick `label` in an Ant Design multiple select and wait until the select shows it.

    The dropdown slides in; on a loaded machine a click can land while it still moves and be lost (the option
    stays unselected). The pick is tried again then, never when the option already shows as selected (a second
    click would take it away again).
    """
    option = page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text=label)
    for _ in range(3):
        if await page.locator(".ant-select-dropdown:visible").count() == 0:
            await select.click()
        if "ant-select-item-option-selected" not in (await option.get_attribute("class") or ""):
            await option.click()
        try:
            await expect(select).to_contain_text(label, timeout=2_000)
            return
        except AssertionError:
            continue
    await expect(select).to_contain_text(label)
