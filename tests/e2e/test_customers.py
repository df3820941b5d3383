"""The customer pages in a browser: a rep finds a customer, opens its 360° page and logs a call; a service agent
sees a customer of one of their tickets with phones masked."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from playwright.async_api import Page, expect

from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.support.workflow import service as workflow
from tests import factories
from tests.e2e.conftest import screenshot_path


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-name")).to_be_visible()


async def test_rep_logs_a_call_and_sees_it_in_the_timeline(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    name = f"云帆科技 {uuid.uuid4().hex[:6]}"
    customer = await factories.customer(
        db,
        rep,
        name,
        grade="A",
        province="浙江省",
        city="杭州市",
        industry="软件",
        tags=["VIP"],
        contacts=[ContactDraft("王芳", title="采购经理", phones=["13600001111"], emails=["wang@yunfan.cn"])],
    )
    await factories.customer(db, rep, "上海浦东商贸", grade="B", province="上海市")
    now = clock.now()
    await factories.orders(
        db,
        customer.id,
        ["12800.00", "5600.50", "23000.00", "8800.00"],
        start=now - timedelta(days=100),
        step=timedelta(days=30),
    )

    await sign_in(page, "rep@demo.example")
    await page.goto("/customers")
    await expect(page.get_by_test_id("customer-row")).to_have_count(2)
    await expect(page.get_by_test_id("customers-total")).to_contain_text("2")
    await page.screenshot(path=screenshot_path("customers-list"), full_page=True)

    # Search by name: the list narrows and the search is in the address, ready to share.
    search = page.get_by_test_id("customers-search").locator("input")
    await search.fill("云帆")
    await search.press("Enter")
    await expect(page).to_have_url(re.compile(r"/customers\?q=%E4%BA%91%E5%B8%86$"))
    rows = page.get_by_test_id("customer-row")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text(name)
    await expect(rows.first).to_contain_text("+8613600001111")

    await rows.first.get_by_test_id("customer-link").click()
    await expect(page).to_have_url(re.compile(r"/customers/[^/?]+$"))
    await expect(page.get_by_test_id("customer-name")).to_have_text(name)
    await expect(page.get_by_test_id("customer-badges")).to_contain_text("A 级")
    await expect(page.get_by_test_id("customer-tags")).to_contain_text("VIP")
    await expect(page.get_by_test_id("contact-phone")).to_have_text("+8613600001111")
    await expect(page.get_by_test_id("customer-section-opportunities")).to_be_visible()
    # Orders by month, drawn by ECharts (loaded only now).
    await expect(page.get_by_test_id("orders-chart").locator("svg")).to_be_visible()
    # The timeline holds the orders so far, newest first.
    await expect(page.get_by_test_id("timeline-entry")).to_have_count(4)
    await expect(page.get_by_test_id("timeline-entry").first).to_have_attribute("data-kind", "Order")
    await expect(page.get_by_test_id("customer-details")).not_to_contain_text("几秒前")

    # Log a call: it appears at the top of the timeline without a reload.
    await page.get_by_test_id("activity-subject").fill("电话沟通年度采购报价")
    await page.get_by_test_id("activity-outcome").fill("客户要求发送报价单")
    await page.get_by_test_id("activity-body").fill("客户预算约 5 万元，下周二前需要报价。")
    await page.get_by_test_id("activity-submit").click()
    first = page.get_by_test_id("timeline-entry").first
    await expect(first).to_contain_text("电话沟通年度采购报价")
    await expect(first).to_contain_text("电话")
    await expect(first).to_contain_text("客户要求发送报价单")
    await expect(first).to_contain_text("Rita Rep")
    await expect(page.get_by_test_id("activity-subject")).to_have_value("")
    # The header follows: the follow-up counts as the latest activity.
    await expect(page.get_by_test_id("customer-details")).to_contain_text("几秒前")
    await page.screenshot(path=screenshot_path("customers-360"), full_page=True)

    # The server has it too: after a reload it is still on top.
    await page.reload()
    await expect(page.get_by_test_id("timeline-entry").first).to_contain_text("电话沟通年度采购报价")
    await expect(page.get_by_test_id("timeline-entry")).to_have_count(5)


async def test_agent_sees_a_related_customer_with_phones_masked(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    admin = await factories.principal(db, "admin@demo.example")
    agent = await factories.principal(db, "agent@demo.example")
    customer = await factories.customer(
        db,
        rep,
        "Contoso 客户",
        grade="A",
        contacts=[ContactDraft("王芳", phones=["13600001111"], emails=["wang@contoso.cn"])],
    )
    async with db.write() as session:
        ticket = await workflow.create_ticket(
            session,
            rep,
            workflow.TicketDraft(subject="打印机无法连接", category="hardware", customer_id=customer.id),
        )
        await workflow.assign(session, admin, ticket.id, agent.user_id, None)
        number = ticket.number

    await sign_in(page, "agent@demo.example")
    await page.goto(f"/customers/{to_global_id('Customer', customer.id)}")
    await expect(page.get_by_test_id("customer-name")).to_have_text("Contoso 客户")

    phone = page.get_by_test_id("contact-phone")
    await expect(phone).to_contain_text("****")
    await expect(phone).not_to_contain_text("13600001111")
    await expect(phone.locator("[data-masked='true']")).to_be_visible()
    await expect(page.get_by_test_id("contact-email").locator("[data-masked='true']")).to_be_visible()
    await expect(page.get_by_test_id("customer-section-tickets")).to_contain_text(number)

    # Sales-only and finance parts are left out, not shown as errors.
    await expect(page.get_by_test_id("customer-section-timeline")).to_be_visible()
    await expect(page.get_by_test_id("customer-section-opportunities")).to_have_count(0)
    await expect(page.get_by_test_id("customer-pool-days")).to_have_count(0)
    await expect(page.get_by_test_id("customer-lifetime-value")).to_have_count(0)
    await expect(page.get_by_test_id("customer-edit")).to_have_count(0)
    await expect(page.get_by_test_id("request-failed")).to_have_count(0)
    await page.screenshot(path=screenshot_path("customers-360-agent"), full_page=True)
