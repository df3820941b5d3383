"""A campaign end to end in the browser: a marketer writes an email campaign with a link to a segment and sends it;
the send job and the mail delivery run; the message arrives in the development inbox; the customer follows its
tracked link (the /m/c redirect) and orders; the marketing dashboard then credits the campaign with the conversion
and its revenue. Screenshots at 1280 and 390 px wide."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.contacts import ContactDraft
from rapport.customers.orders import LineDraft, OrderDraft, upsert_orders
from rapport.customers.service import contacts_of
from rapport.demo import seed_demo
from rapport.marketing.campaigns.models import Campaign, MarketingEvent, MarketingMessage
from rapport.marketing.consent import service as consent
from rapport.marketing.segments import service as segments
from rapport.marketing.sending.job import campaign_send
from tests import factories
from tests.conftest import LiveServer, free_port
from tests.e2e.conftest import choose_option, new_context
from tests.e2e.test_admin import sign_in, sign_out
from tests.e2e.test_marketing import _shoot
from tests.mail_sink import MailSink

CUSTOMER = "杭州云栖茶业有限公司"
EMAIL = "lin.yun@yunqi-tea.example.cn"
TAG = "端到端内测"
SEGMENT = "内测客户（端到端）"
CAMPAIGN = "春茶会员专享邮件"
SUBJECT = "春茶上新，会员专享"
SHOP_PAGE = "<!doctype html><meta charset=utf-8><title>云栖茶铺</title><h1>明前龙井 · 会员九折</h1>".encode()
#: The customer reads the mail on a phone (a headless browser's own user agent would count as a machine's click).
PHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


class _Shop(BaseHTTPRequestHandler):
    """The company's shop, where the campaign's link leads."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(SHOP_PAGE)))
        self.end_headers()
        self.wfile.write(SHOP_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def shop() -> Iterator[str]:
    """A real HTTP server for the shop; the URL of its landing page."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Shop)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/spring-tea?from=mail"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
async def world(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    """The demo with a customer whose contact gave email consent, tagged into a segment the marketer saved."""
    await seed_demo(db, settings, locale="zh_CN", customers=20)
    rep = await factories.principal(db, "rep@demo.example")
    marketer = await factories.principal(db, "marketing@demo.example")
    manager = await factories.principal(db, "mktmanager@demo.example")
    contact = ContactDraft(name="林云", is_primary=True, emails=[EMAIL], language="zh-CN")
    customer = await factories.customer(db, rep, CUSTOMER, contacts=[contact], tags=[TAG])
    async with db.write() as session:
        # No approval for a small send, at any hour of the day, however many messages the contact had lately.
        current = (await consent.settings_of(session)).version
        await consent.save_settings(
            session,
            manager,
            {"approval_threshold": 1000, "clear_quiet_hours": True, "frequency_cap_count": 0},
            current,
        )
        contact_id = (await contacts_of(session, customer.id))[0].id
        await consent.set_consent(session, contact_id, "email", True, "web_form")
        rules = {"op": "and", "rules": [{"kind": "hasTag", "tag": TAG}]}
        await segments.save_segment(session, marketer, None, None, {"name": SEGMENT, "rules": rules})
    return {"customer": customer.id, "contact": contact_id}


async def test_a_campaign_email_is_read_clicked_and_credited_with_the_order_that_followed(
    page: Page,
    browser: Browser,
    world: dict[str, Any],
    db: Database,
    live_server: LiveServer,
    smtp_sink: MailSink,
    shop: str,
) -> None:
    # The marketer writes the campaign: one email, a link in its body, to the segment; and sends it now.
    await sign_in(page, "marketing@demo.example")
    await page.goto("/marketing/campaigns")
    await page.get_by_test_id("campaign-new").click()
    await page.get_by_test_id("campaign-name").fill(CAMPAIGN)
    await choose_option(page, page.get_by_test_id("campaign-segment"), SEGMENT)
    await page.get_by_test_id("campaign-subject-EMAIL-zh-CN").fill(SUBJECT)
    await page.get_by_test_id("campaign-body-EMAIL-zh-CN").fill(
        f"{{{{contact.name}}}} 您好，明前龙井已到店，会员九折：{shop}"
    )
    await _shoot(page, "flow-campaign-form")
    await page.get_by_test_id("campaign-save").click()
    await expect(page).to_have_url(re.compile(r"/marketing/campaigns/(?!new$)[^/]+$"))
    campaign_url = page.url
    await page.get_by_test_id("campaign-send-now").click()
    await page.get_by_test_id("campaign-send-now-confirm").click()
    await expect(page.get_by_test_id("campaign-status")).not_to_have_attribute("data-status", "DRAFT")

    # The send job writes the ledger and queues the email; the mail job delivers it; the next send run reads that.
    sending = smtp_sink.settings.model_copy(update={"public_url": live_server.url})
    first = await campaign_send.run(db, sending, clock.now())
    assert first["sent"] == 1 and first["finished"] == 1, first  # handed to the outbox: the campaign is done
    assert (await smtp_sink.deliver())["sent"] == 1
    second = await campaign_send.run(db, sending, clock.now())
    assert second["delivered"] == 1, second
    await page.goto(campaign_url)
    await expect(page.get_by_test_id("campaign-status")).to_have_attribute("data-status", "DONE")
    await expect(page.get_by_test_id("campaign-figure-sent")).to_contain_text("1")
    # What it cost: a cost line, from the campaign's page.
    await page.get_by_label("费用项").fill("邮件设计与发送")
    await page.get_by_label("金额").fill("600")
    await page.get_by_role("button", name="添加花费").click()
    await expect(page.get_by_text("实际 ¥600.00")).to_be_visible()
    await _shoot(page, "flow-campaign-done")
    campaign_page = page.url
    await sign_out(page)

    # The message in the development inbox: the link in it is a tracked one, pointing at Rapport.
    await sign_in(page, "admin@demo.example")
    await page.goto("/admin/dev-inbox")
    item = page.get_by_test_id("dev-inbox-item").filter(has_text=SUBJECT)
    await expect(item).to_contain_text(EMAIL)
    await item.click()
    await expect(page.get_by_test_id("dev-inbox-subject")).to_have_text(SUBJECT)
    mail = page.frame_locator("[data-testid='dev-inbox-html']")
    link = mail.locator("a[href*='/m/c/']")
    await expect(link).to_have_count(1)
    await expect(link).to_have_text(re.compile(r"/m/c/"))
    href = await link.get_attribute("href")
    assert href is not None and href.startswith(f"{live_server.url}/m/c/"), href
    await _shoot(page, "flow-dev-inbox")
    await sign_out(page)

    # The customer follows it on a phone: Rapport records the click and redirects to the shop.
    phone = await new_context(browser, user_agent=PHONE_AGENT)
    try:
        reader = await phone.new_page()
        await reader.goto(href)
        assert reader.url == shop
        await expect(reader.get_by_role("heading")).to_have_text("明前龙井 · 会员九折")
    finally:
        await phone.close()
    async with db.read() as session:
        clicks = (
            await session.execute(
                select(MarketingEvent.machine, MarketingEvent.url)
                .join(MarketingMessage, MarketingMessage.id == MarketingEvent.message_id)
                .join(Campaign, Campaign.id == MarketingMessage.campaign_id)
                .where(Campaign.name == CAMPAIGN, MarketingEvent.kind == "clicked")
            )
        ).all()
    assert [(machine, url) for machine, url in clicks] == [(False, shop)]  # a person's click, not a scanner's

    # The customer orders (the shop's order reaches Rapport through the orders service).
    admin = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:
        placed = await upsert_orders(
            session,
            admin,
            [
                OrderDraft(
                    external_id="e2e-spring-tea-1",
                    ordered_at=clock.now(),
                    customer_id=world["customer"],
                    lines=[LineDraft("SKU-2001", 2)],
                )
            ],
        )
    assert placed[0].order is not None and placed[0].order.total_amount == Decimal("7200.00")

    # The dashboard (this month) credits the campaign with the conversion and its revenue.
    await sign_in(page, "marketing@demo.example")
    await page.goto("/marketing/dashboard")
    row = page.get_by_test_id("figures-by-campaign").locator("tr", has_text=CAMPAIGN)
    await expect(row).to_be_visible()
    # reach 1, responses 1 (the click), conversions 1.00, revenue 7,200, cost 600: ROI (7200 - 600) / 600.
    await expect(row).to_contain_text("¥7,200")
    cells = [text.strip() for text in await row.locator("td").all_inner_texts()]
    assert cells[:7] == [CAMPAIGN, "1", "1", "1.00", "¥7,200", "¥600", "1,100%"], cells
    await _shoot(page, "flow-dashboard")
    # The campaign's own page counts the person's click.
    await page.goto(campaign_page)
    await expect(page.get_by_test_id("campaign-figure-humanClicks")).to_contain_text("1")
