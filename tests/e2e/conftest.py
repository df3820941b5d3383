"""Browser tests: Debian's Chromium driven by Playwright against a live server and the built SPA."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Request,
    Response,
    async_playwright,
    expect,
)
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

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


#: The requests each page has sent and not yet seen answered (every page of a test's browser context).
_IN_FLIGHT: dict[Page, set[Request]] = {}


def _track_requests(context: BrowserContext) -> None:
    def started(request: Request) -> None:
        with contextlib.suppress(Exception):  # a service worker's request belongs to no page
            _IN_FLIGHT.setdefault(request.frame.page, set()).add(request)

    def ended(request: Request) -> None:
        for pending in _IN_FLIGHT.values():
            pending.discard(request)

    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)


async def network_quiet(page: Page, *, quiet: float = 0.5, timeout: float = 30) -> None:
    """Wait until the page has had no request in flight for `quiet` seconds.

    Playwright's "networkidle" load state is not used: it is reached once per document, and never while the page
    holds a frame that fires no lifecycle events of its own (the dev inbox shows a mail in a sandboxed srcdoc
    iframe), so a page that had settled long ago could time out. On a timeout the requests still open are named.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet_since: float | None = None
    while True:
        now = loop.time()
        pending = _IN_FLIGHT.get(page, set())
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet:
            return
        if now > deadline:
            waiting = [f"{r.method} {r.url} {(r.post_data or '')[:120]}" for r in pending]
            raise AssertionError(f"{page.url} never settled in {timeout:.0f} s; still waiting for: {waiting}")
        await asyncio.sleep(0.05)


#: What each running browser test saw, for its failure report: the GraphQL answers its pages received and
#: where the live server's log stood when it began (`pytest_runtest_makereport` adds both to the report).
_SEEN: dict[str, list[str]] = {}
_LOG_START: dict[str, tuple[Path, int]] = {}
_SEEN_KEPT = 25


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed browser test's report shows what the server answered and logged meanwhile: a page that shows
    "not found" or never loads then says whether the server refused, returned nothing, or failed."""
    report = yield
    if report.failed and report.when in ("call", "teardown"):
        seen = _SEEN.get(item.nodeid)
        if seen:
            report.sections.append((f"GraphQL answers (last {len(seen)})", "\n".join(seen)))
        start = _LOG_START.get(item.nodeid)
        if start is not None:
            path, offset = start
            with contextlib.suppress(OSError), path.open("rb") as log:
                log.seek(offset)
                logged = log.read().decode("utf-8", "replace")[-6000:]
                if logged.strip():
                    report.sections.append(("live server log meanwhile", logged))
    if report.when == "teardown":
        _SEEN.pop(item.nodeid, None)
        _LOG_START.pop(item.nodeid, None)
    return report


async def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A browser context as every browser test opens one: Chinese, and asking for reduced motion, which the app
    answers by turning Ant Design's animations off. A click that lands while a dropdown, popover or dialog still
    slides or zooms in can be lost on a loaded machine (CI saw picks lost and a publish button stay disabled); with
    no animation there is nothing to land on too early. Animations themselves are not what these tests check."""
    return await browser.new_context(**{"locale": "zh-CN", "reduced_motion": "reduce", **options})


@pytest.fixture
async def page(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    context = await new_context(browser, base_url=live_server.url, viewport={"width": 1280, "height": 800})
    _track_requests(context)
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
        elif response.url.endswith("/graphql") and response.request.method == "POST":
            with contextlib.suppress(Exception):
                operation = json.loads(response.request.post_data or "{}").get("operationName")
                answer = (await response.text())[:400]
                seen.append(f"{response.status} {operation}: {answer}")
                del seen[:-_SEEN_KEPT]

    seen = _SEEN.setdefault(request.node.nodeid, [])
    with contextlib.suppress(OSError):
        _LOG_START[request.node.nodeid] = (live_server.log_path, live_server.log_path.stat().st_size)
    new_page.on("response", on_response)
    yield new_page
    tabs = [*context.pages]
    await context.close()
    for tab in tabs:
        _IN_FLIGHT.pop(tab, None)
    assert problems == [], "the page logged errors or warnings:\n" + "\n".join(problems)


def screenshot_path(name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT / f"{name}.png"


async def shoot_phone_and_desktop(page: Page, name: str) -> None:
    """Screenshots `name` at 1280 and 390 px wide; at 390 nothing may be wider than the screen."""
    for width in (1280, 390):
        await page.set_viewport_size({"width": width, "height": 900})
        await page.wait_for_timeout(300)
        await page.screenshot(path=screenshot_path(f"{name}-{width}"), full_page=True)
        if width == 390:
            overflow = await page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 390, f"{name} overflows a 390 px screen ({overflow} px)"
    await page.set_viewport_size({"width": 1280, "height": 900})


async def choose_option(page: Page, select: Locator, label: str, typed: str | None = None) -> None:
    """Pick `label` in an Ant Design select (single or multiple; typing `typed` to search first) and wait until the
    select shows it. Every browser test picks options through this one function.

    On a loaded machine a pick can be lost: the dropdown zooms in after the click that opens it (and a dialog around
    it may still zoom in), and a click that lands while it moves hits nothing and leaves the select empty (CI saw a
    publish button stay disabled for 30 s). So each try opens this select only when it is not open (when no other
    select's dropdown is still on screen: typing would search in that one), waits until the dropdown has stopped
    moving, and clicks the option unless it already shows as selected (a second click would take it away from a
    multiple select); a try that did not take is closed and made again. The dropdown's list is virtual: an option
    below its first rows is only rendered once the list scrolls to it.
    """
    dropdown = page.locator(".ant-select-dropdown:visible")
    option = dropdown.locator(".ant-select-item-option", has_text=label).first
    holder = dropdown.locator(".rc-virtual-list-holder")
    expanded = select.locator("[aria-expanded=true]")
    for _ in range(3):
        if await expanded.count() == 0:
            await expect(dropdown).to_have_count(0)
            await select.click()
            if typed:
                await page.keyboard.type(typed)
            await expect(dropdown).to_have_count(1)
        await dropdown.evaluate(
            "d => Promise.all(d.getAnimations({ subtree: true })"
            ".filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished))"
        )
        for _ in range(20):
            if await option.count() > 0 or await holder.count() == 0:
                break
            await holder.first.evaluate("list => { list.scrollTop += 96; }")
            await page.wait_for_timeout(50)
        try:
            if "ant-select-item-option-selected" not in (await option.get_attribute("class", timeout=10_000) or ""):
                await option.click(timeout=10_000)
            await expect(select).to_contain_text(label, timeout=2_000)
            return
        except (AssertionError, PlaywrightTimeoutError):
            if await expanded.count() > 0:
                await page.keyboard.press("Escape")
    await expect(select).to_contain_text(label)


async def confirm_popover(page: Page, trigger: Locator) -> None:
    """Open a confirmation popover with `trigger`, press its primary button and wait until it has closed.

    On a loaded machine a click can be lost: the trigger's click can land while the page still scrolls or
    re-renders after a live update (CI saw the resolve button clicked and no popover for 30 s), and the confirm's
    click can land while the popover still zooms in (CI saw the popover stay open and no request leave). Each
    click is tried again only while its effect is missing: the trigger only while no popover is open (a second
    click would close it), the confirm only while the popover is still open, so an action is never sent twice.
    """
    popover = page.locator(".ant-popconfirm:visible")
    for _ in range(3):
        if await popover.count() == 0:
            await trigger.click()
        try:
            await expect(popover).to_have_count(1, timeout=3_000)
            break
        except AssertionError:
            continue
    for _ in range(3):
        await popover.locator(".ant-btn-primary").click()
        try:
            await expect(popover).to_have_count(0, timeout=3_000)
            return
        except AssertionError:
            continue
    await expect(popover).to_have_count(0)


async def sign_in(page: Page, email: str, password: str = "rapport-demo") -> None:
    """Sign in as a demo user from /login and wait until the header names them."""
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(password)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)
