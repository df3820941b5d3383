"""Integrations in a browser: an admin issues an API token, subscribes a real local receiver to customer events,
sees the signed delivery arrive and replays it, then pauses the webhook."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Page, expect
from standardwebhooks import Webhook

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.identity.service import create_user
from tests.e2e.conftest import choose_option, screenshot_path
from tests.e2e.test_admin import sign_in
from tests.integrations.receiver import webhook_receiver
from tests.integrations.test_webhooks import new_customer


async def test_an_admin_connects_a_system_with_a_token_and_a_webhook(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    async with db.write() as session:
        await create_user(session, email="erp@demo.example", name="ERP 集成", password=None, roles=["integrator"])
    with webhook_receiver() as receiver:
        await sign_in(page, "admin@demo.example")
        await page.goto("/admin/integrations")

        # An API token acting as the integration user; its secret is shown once.
        await page.get_by_test_id("api-token-create").click()
        form = page.get_by_test_id("api-token-form")
        await form.get_by_test_id("api-token-name").fill("ERP 同步")
        await choose_option(page, form.get_by_test_id("api-token-user"), "ERP 集成")
        await page.get_by_role("button", name="保 存").click()
        token_secret = page.get_by_test_id("api-token-secret")
        await expect(token_secret).to_contain_text("rpt_")
        await page.get_by_role("button", name="我已复制").click()
        await expect(page.get_by_test_id("api-token-row-ERP 同步")).to_contain_text("可用")

        # A webhook for new customers, read as that token's user.
        await page.get_by_test_id("webhook-create").click()
        form = page.get_by_test_id("webhook-form")
        await form.get_by_test_id("webhook-name").fill("ERP")
        await form.get_by_test_id("webhook-url").fill(receiver.url)
        await choose_option(page, form.get_by_test_id("webhook-token"), "ERP 同步")
        await form.get_by_test_id("webhook-event-customer.created").check()
        await page.screenshot(path=screenshot_path("admin-webhook-form"), full_page=True)
        await page.get_by_role("button", name="保 存").click()
        shown = page.get_by_test_id("webhook-secret")
        await expect(shown).to_contain_text("whsec_")
        secret = (await shown.inner_text()).strip()
        await page.get_by_role("button", name="我已复制").click()
        await expect(page.get_by_test_id("webhook-status-ERP")).to_have_text("运行中")

        # A rep's new customer reaches the receiver, signed with that secret.
        customer_id = await new_customer(db, "华东贸易有限公司")
        await run_job("webhook-deliver", db, settings, datetime.now(UTC))
        [received] = receiver.received
        event = Webhook(secret).verify(received.body, received.headers)
        assert event["type"] == "customer.created"
        assert event["data"]["customer"]["name"] == "华东贸易有限公司"
        assert customer_id

        # The deliveries drawer shows it delivered, with the body as sent; a replay sends it again.
        await page.reload()
        await expect(page.get_by_test_id("webhook-counts-ERP")).to_contain_text("已送达 1")
        await page.get_by_test_id("webhook-deliveries-ERP").click()
        drawer = page.get_by_test_id("webhook-deliveries")
        row = drawer.get_by_test_id("webhook-delivery-row-customer.created-1")
        await expect(row).to_contain_text("已送达")
        await row.locator(".ant-table-row-expand-icon").click()
        await expect(drawer.get_by_test_id("webhook-delivery-payload")).to_contain_text("华东贸易有限公司")
        await page.screenshot(path=screenshot_path("admin-webhook-deliveries"), full_page=True)
        await drawer.get_by_test_id("webhook-delivery-replay-1").click()
        await expect(page.get_by_text("已重新投递：接收方返回 200")).to_be_visible()
        assert len(receiver.received) == 2
        assert receiver.received[1].headers["webhook-id"] == received.headers["webhook-id"]
        await page.locator(".ant-drawer-close").click()

        # Paused: nothing more goes out until it is resumed.
        await page.get_by_test_id("webhook-more-ERP").click()
        await page.get_by_test_id("webhook-pause-ERP").click()
        await expect(page.get_by_test_id("webhook-status-ERP")).to_contain_text("已暂停")
        await new_customer(db, "华北贸易有限公司")
        await run_job("webhook-deliver", db, settings, datetime.now(UTC))
        assert len(receiver.received) == 2

        # On a phone, both cards and their actions are reachable.
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.reload()
        await expect(page.get_by_test_id("webhook-create")).to_be_visible()
        await expect(page.get_by_test_id("api-token-create")).to_be_visible()
        await page.screenshot(path=screenshot_path("admin-integrations-phone"), full_page=True)
