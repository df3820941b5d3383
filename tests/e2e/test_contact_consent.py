"""A contact's marketing consent and send ledger on the customer's 360° page, in the browser: a marketer opens a
customer, records a contact's SMS opt-in (it shows at once), is refused an email opt-in over the contact's own
opt-out (the server's reason, inline), and reads why the contact got what they got. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Contact
from rapport.demo import seed_demo
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import Campaign, MarketingMessage
from rapport.marketing.consent import service as consent
from tests import factories
from tests.e2e.conftest import choose_option, shoot_phone_and_desktop

PASSWORD = "rapport-demo"


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    return await seed_demo(db, settings, locale="zh_CN", customers=12)


async def _shoot(page: Page, name: str) -> None:
    await shoot_phone_and_desktop(page, f"contact-consent-{name}")


async def test_a_marketer_records_an_sms_opt_in_and_reads_the_contacts_ledger(
    page: Page, seeded: dict[str, Any], db: Database, settings: Settings
) -> None:
    marketer = await factories.principal(db, "marketing@demo.example")
    now = clock.now()
    async with db.write() as session:
        contact = (
            await session.scalars(select(Contact).order_by(Contact.is_primary.desc(), Contact.id).limit(1))
        ).one()
        # The contact unsubscribed from email themselves, and a campaign skipped them for it.
        await consent.set_consent(session, contact.id, "email", False, "unsubscribe_link")
        campaign = Campaign(
            id=uuid7(), name="冬季焕新邮件", channels=["email"], status="done", owner_id=marketer.user_id,
            team_id=marketer.team_id, created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(campaign)
        await session.flush()
        session.add(
            MarketingMessage(
                id=uuid7(), campaign_id=campaign.id, contact_id=contact.id, customer_id=contact.customer_id,
                channel="email", source_key=f"campaign:{campaign.id}:email", status="skipped",
                skip_reason="opted_out", next_attempt_at=now, created_at=now,
            )
        )  # fmt: skip
        customer_id, contact_name = contact.customer_id, contact.name

    await page.goto("/login")
    await page.get_by_test_id("login-email").fill("marketing@demo.example")
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text("marketing@demo.example")
    await page.goto(f"/customers/{to_global_id('Customer', customer_id)}")

    row = page.get_by_test_id("contact").filter(has_text=contact_name).first
    await row.get_by_test_id("contact-marketing").click()
    drawer = page.get_by_test_id("contact-marketing-drawer")
    await expect(drawer).to_be_visible()
    await expect(drawer.get_by_test_id("consent-SMS").get_by_test_id("consent-state")).to_have_text("未记录")
    await expect(drawer.get_by_test_id("consent-EMAIL").get_by_test_id("consent-state")).to_have_text("已退订")

    # SMS is the channel the form starts on; the decision is the user's to make.
    await drawer.get_by_test_id("consent-grant").click()
    await choose_option(page, drawer.get_by_test_id("consent-source-kind"), "电话")
    await drawer.get_by_test_id("consent-save").click()
    await expect(drawer.get_by_test_id("consent-saved")).to_have_text("已记录短信同意。")
    await expect(drawer.get_by_test_id("consent-SMS").get_by_test_id("consent-state")).to_have_text("已同意")
    await expect(drawer.get_by_test_id("consent-SMS")).to_contain_text("电话")
    await _shoot(page, "recorded")

    # Email back in over the contact's own opt-out: a marketer is told why not, on the form.
    await choose_option(page, drawer.get_by_test_id("consent-channel"), "邮件")
    await expect(drawer.get_by_test_id("consent-own-opt-out")).to_be_visible()
    await drawer.get_by_test_id("consent-source").fill("客户来电要求恢复订阅")  # the evidence, in the user's words
    await drawer.get_by_test_id("consent-save").click()
    await expect(drawer.get_by_test_id("consent-error")).to_contain_text("只有市场经理")
    await expect(drawer.get_by_test_id("consent-EMAIL").get_by_test_id("consent-state")).to_have_text("已退订")
    await _shoot(page, "refused")

    # Why did this contact get this?
    await drawer.get_by_role("tab", name="发送记录").click()
    # (the demo's own campaigns may have written to the contact too)
    ledger = drawer.get_by_test_id("ledger-row").filter(has_text="活动：冬季焕新邮件")
    await expect(ledger).to_have_count(1)
    await expect(ledger.get_by_test_id("ledger-reason")).to_have_text("原因：已退订")
    await expect(ledger).to_contain_text("已跳过")
    await _shoot(page, "ledger")

    async with db.read() as session:
        stored = {row.channel: row for row in await consent.consents_of(session, [contact.id])}
    assert stored["sms"].granted and stored["sms"].source == "phone_call"
    assert not stored["email"].granted
    await expect(page).to_have_url(re.compile(r"/customers/"))
