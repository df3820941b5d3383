"""The service desk live, across three browsers: agent, supervisor and customer.

A ticket created through the API appears in the agent's open console without a reload; the agent works and
resolves it; the customer rates it 2 stars in the portal, which reopens it, and it appears in the
supervisor's open queue live. The supervisor assigns it again from the list, and a survey link rates it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from playwright.async_api import Browser, Page, expect

from rapport.core.db import Database
from rapport.graphql.node import from_global_id
from rapport.support.admin import service as admin
from rapport.support.portal import service as portal
from tests import factories
from tests.conftest import LiveServer
from tests.e2e.conftest import confirm_popover, new_context, screenshot_path
from tests.support.conftest import Desk, desk, emailed_survey_url  # noqa: F401 - the fixture, reused

PORTAL_EMAIL = "customer@demo.example"
LIVE = 15_000  # ms: how long a live change may take to reach another browser


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-name")).to_be_visible()


@asynccontextmanager
async def browser_page(browser: Browser, live_server: LiveServer) -> AsyncIterator[Page]:
    """Another browser (own cookies), failing the test on any console error or warning like the `page` fixture."""
    context = await new_context(browser, base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    try:
        yield page
    finally:
        await context.close()
    assert problems == [], "the page logged errors or warnings"


async def graphql(live_server: LiveServer, email: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """One operation as `email`, through the live server's HTTP API."""
    async with httpx.AsyncClient(base_url=live_server.url) as http:
        login = await http.post(
            "/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }",
                "variables": {"i": {"email": email, "password": "rapport-demo"}},
            },
        )
        assert login.json()["data"]["login"]["viewer"], login.text
        response = await http.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def prepare_desk(db: Database, desk: Desk) -> None:  # noqa: F811
    """Hardware tickets go to the service team and Alex Agent; the desk's contact gets a portal sign-in."""
    actor = await factories.principal(db, "admin@demo.example")
    agent_id = from_global_id(desk.agent_id, "User")[1]
    async with db.write() as session:
        await admin.set_agent_profile(session, actor, agent_id, ["hardware"], True, 20)
        await admin.save_routing_rule(
            session,
            actor,
            None,
            None,
            {"position": 0, "category": "hardware", "queue_id": desk.raw["team"], "skill": "hardware"},
        )
        await portal.create_account(session, actor, desk.raw["contact"], PORTAL_EMAIL, "rapport-demo", "zh-CN")


async def live(page: Page) -> None:
    await expect(page.get_by_test_id("live-status")).to_have_attribute("data-connection", "connected", timeout=LIVE)


async def test_ticket_flows_live_from_api_to_agent_to_customer_to_supervisor(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    db: Database,
    desk: Desk,  # noqa: F811
) -> None:
    await prepare_desk(db, desk)

    # The agent's console is open, and so is the supervisor's queue, before the ticket exists.
    await sign_in(page, "agent@demo.example")
    await page.goto("/service")
    await expect(page.get_by_test_id("console-list-mine")).to_contain_text("没有分派给你的工单")
    await live(page)

    async with browser_page(browser, live_server) as supervisor:
        await sign_in(supervisor, "supervisor@demo.example")
        await supervisor.goto("/service?tab=queue")
        await expect(supervisor.get_by_test_id("console-list-queue")).to_be_visible()
        await live(supervisor)

        # A sales rep files a ticket for the customer through the API.
        created = await graphql(
            live_server,
            "rep@demo.example",
            "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id number } userErrors { message } } }",
            {
                "i": {
                    "subject": "打印机无法连接网络",
                    "category": "hardware",
                    "priority": "HIGH",
                    "customerId": desk.customer_id,
                    "contactId": desk.contact_id,
                    "description": "三楼的打印机从早上开始连不上网络。",
                }
            },
        )
        number = created["ticketCreate"]["ticket"]["number"]

        # It reaches the agent (routed to them) and the supervisor's open queue without a reload.
        row = page.get_by_test_id("console-list-mine").get_by_test_id(f"ticket-row-{number}")
        await expect(row).to_be_visible(timeout=LIVE)
        await expect(row).to_contain_text("打印机无法连接网络")
        await expect(row.get_by_test_id("sla-countdown")).to_be_visible()
        supervisor_row = supervisor.get_by_test_id("console-list-queue").get_by_test_id(f"ticket-row-{number}")
        await expect(supervisor_row).to_be_visible(timeout=LIVE)
        await page.screenshot(path=screenshot_path("service-console"), full_page=True)

        # The agent works it: start, a public reply, an internal note, resolve (the survey link is emailed to the
        # customer, who has an email address: the agent is told so and never shown the link).
        await row.get_by_test_id("ticket-link").click()
        ticket_page = page.get_by_test_id("ticket-page")
        await expect(page.get_by_test_id("ticket-subject")).to_have_text("打印机无法连接网络")
        await expect(page.get_by_test_id("ticket-customer")).to_have_text("Contoso 客户")
        await page.get_by_test_id("action-start").click()
        await expect(ticket_page).to_have_attribute("data-ticket-status", "IN_PROGRESS")
        await page.get_by_test_id("reply-body").fill("您好，请先重启打印机和路由器。")
        await page.get_by_test_id("reply-submit").click()
        await expect(page.get_by_test_id("public-comment")).to_contain_text("请先重启打印机和路由器")
        await page.get_by_test_id("reply-internal").click()
        await page.get_by_test_id("reply-body").fill("客户是 A 级，优先处理。")
        await page.get_by_test_id("reply-submit").click()
        await expect(page.get_by_test_id("internal-note")).to_contain_text("客户是 A 级")
        await confirm_popover(page, page.get_by_test_id("action-resolve"))
        await expect(page.get_by_test_id("survey-emailed")).to_contain_text("满意度评价链接已通过邮件发给客户")
        await expect(page.get_by_test_id("survey-url")).to_have_count(0)
        first_survey_url = await emailed_survey_url(db, created["ticketCreate"]["ticket"]["id"])
        await expect(ticket_page).to_have_attribute("data-ticket-status", "RESOLVED")
        await expect(page.get_by_test_id("ticket-history")).to_contain_text("已解决")
        await page.screenshot(path=screenshot_path("service-ticket"), full_page=True)

        # Resolved is not open: it leaves the supervisor's queue, live.
        await expect(supervisor_row).to_have_count(0, timeout=LIVE)

        # The customer rates 2 stars in the portal: told that this reopens the ticket.
        async with browser_page(browser, live_server) as customer:
            await sign_in(customer, PORTAL_EMAIL)
            await customer.goto("/portal")
            portal_row = customer.get_by_test_id(f"portal-ticket-{number}")
            await expect(portal_row).to_contain_text("已解决")
            await customer.screenshot(path=screenshot_path("portal"), full_page=True)
            await portal_row.get_by_test_id("portal-ticket-link").click()
            await expect(customer.get_by_test_id("portal-comments")).to_contain_text("请先重启打印机和路由器")
            await expect(customer.get_by_test_id("internal-note")).to_have_count(0)
            await customer.get_by_test_id("rating-stars").locator("[role='radio']").nth(1).click()
            await expect(customer.get_by_test_id("rating-low-warning")).to_contain_text("工单会重新打开")
            await customer.get_by_test_id("rating-comment").fill("还是连不上")
            await customer.get_by_test_id("rating-submit").click()
            await expect(customer.get_by_test_id("portal-rated")).to_contain_text("工单已重新打开")
            await expect(customer.get_by_test_id("portal-ticket")).to_have_attribute("data-ticket-status", "REOPENED")
            await customer.screenshot(path=screenshot_path("portal-ticket"), full_page=True)

        # ...and it is back in the supervisor's queue, reopened and unassigned, without a reload.
        await expect(supervisor_row).to_have_attribute("data-status", "REOPENED", timeout=LIVE)
        await expect(supervisor_row).to_contain_text("未分派")
        # The agent's open ticket page followed too.
        await expect(ticket_page).to_have_attribute("data-ticket-status", "REOPENED", timeout=LIVE)

        # The supervisor gives it back to the agent from the list.
        await supervisor_row.get_by_test_id(f"assign-{number}").click()
        await supervisor.locator(".ant-select-item-option").filter(has_text="Alex Agent").click()
        await expect(supervisor_row).to_contain_text("Alex Agent", timeout=LIVE)
        await supervisor.screenshot(path=screenshot_path("service-console-supervisor"), full_page=True)

    # The first survey link can no longer rate: the ticket was rated and reopened since.
    async with browser_page(browser, live_server) as anonymous:
        await anonymous.goto(re.sub(r"^https?://[^/]+", "", first_survey_url))
        await expect(anonymous.get_by_test_id("survey-closed")).to_be_visible()

    # Resolved again, the customer rates through the new link emailed to them, without signing in.
    resolved = await graphql(
        live_server,
        "agent@demo.example",
        "mutation($i: TicketActionInput!) { ticketResolve(input: $i) { surveyUrl userErrors { message } } }",
        {"i": {"id": created["ticketCreate"]["ticket"]["id"]}},
    )
    assert resolved["ticketResolve"] == {"surveyUrl": None, "userErrors": []}
    survey_url = await emailed_survey_url(db, created["ticketCreate"]["ticket"]["id"])
    assert survey_url != first_survey_url
    survey_path = re.sub(r"^https?://[^/]+", "", survey_url)
    async with browser_page(browser, live_server) as anonymous:
        await anonymous.goto(survey_path)
        await expect(anonymous.get_by_test_id("survey-ticket")).to_contain_text(number)
        await anonymous.get_by_test_id("rating-stars").locator("[role='radio']").nth(4).click()
        await anonymous.screenshot(path=screenshot_path("survey"), full_page=True)
        await anonymous.get_by_test_id("rating-submit").click()
        await expect(anonymous.get_by_test_id("survey-thanks")).to_contain_text("感谢你的评价")
        await anonymous.reload()
        await expect(anonymous.get_by_test_id("survey-answered")).to_be_visible()

    # The agent's console shows the ticket closed: no longer among the open tickets.
    await page.goto("/service")
    await live(page)
    await expect(page.get_by_test_id(f"ticket-row-{number}")).to_have_count(0)
