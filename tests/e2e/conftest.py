"""Browser tests: Debian's Chromium driven by Playwright against a live server and the built SPA."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, Response, async_playwright

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
