"""The marketing workspace in the browser: a marketer builds a segment from a preset and sees its live count,
creates an email campaign to it and sends it now; above the approval threshold a marketing manager approves it
first; the campaign's progress then shows what the send job did. Screenshots at 1280 and 390 px wide."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.demo import seed_demo
from rapport.marketing.consent import service as consent
from rapport.marketing.sending.job import campaign_send
from tests import factories
from tests.e2e.conftest import choose_option, shoot_phone_and_desktop

PASSWORD = "rapport-demo"


@pytest.fixture
async def seeded(demo: dict[str, Any], db: Database, settings: Settings) -> dict[str, Any]:
    return await seed_demo(db, settings, locale="zh_CN", customers=40)


async def _sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def _sign_out(page: Page) -> None:
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login$"))


async def _shoot(page: Page, name: str) -> None:
    await shoot_phone_and_desktop(page, f"marketing-{name}")


async def test_a_marketer_segments_sends_a_campaign_and_sees_its_progress(
    page: Page, seeded: dict[str, Any], db: Database, settings: Settings
) -> None:
    # Any audience needs approval: the manager's part is always shown.
    manager = await factories.principal(db, "mktmanager@demo.example")
    async with db.write() as session:
        current = (await consent.settings_of(session)).version
        await consent.save_settings(session, manager, {"approval_threshold": 0}, current)

    await _sign_in(page, "marketing@demo.example")
    await page.get_by_test_id("nav-marketing").click()
    await expect(page).to_have_url(re.compile(r"/marketing/segments$"))
    await page.get_by_test_id("segment-new").click()
    await choose_option(page, page.get_by_test_id("segment-preset"), "沉睡唤醒")
    # The preset's rules are in the builder and the live count answers.
    await expect(page.get_by_test_id("rule-condition").first).to_be_visible()
    count = page.get_by_test_id("segment-preview-count")
    await expect(count).to_have_attribute("data-count", re.compile(r"^\d+$"))
    members = int(await count.get_attribute("data-count") or "0")
    await page.get_by_test_id("segment-name").fill("沉睡客户唤醒（测试）")
    await _shoot(page, "segment-editor")
    await page.get_by_test_id("segment-save").click()
    await expect(page).to_have_url(re.compile(r"/marketing/segments/(?!new$)[^/]+$"))
    await expect(page.get_by_test_id("segment-members")).to_be_visible()
    await page.get_by_test_id("marketing-tab-segments").click()
    await expect(page.get_by_test_id("segment-table")).to_contain_text("沉睡客户唤醒（测试）")
    await _shoot(page, "segments")

    await page.get_by_test_id("marketing-tab-campaigns").click()
    await page.get_by_test_id("campaign-new").click()
    await page.get_by_test_id("campaign-name").fill("冬季唤醒邮件")
    await choose_option(page, page.get_by_test_id("campaign-segment"), "沉睡客户唤醒（测试）")
    # The segment's size follows the choice (counted on its own: the segment list does not wait for counts).
    await expect(page.get_by_test_id("campaign-segment-size")).to_contain_text(re.compile(r"当前客户数：\s*[\d,]+"))
    await page.get_by_test_id("campaign-subject-EMAIL-zh-CN").fill("好久不见")
    await page.get_by_test_id("campaign-body-EMAIL-zh-CN").fill(
        "{{contact.name}} 您好，{{customer.name}} 的专属优惠已到。"
    )
    await _shoot(page, "campaign-form")
    await page.get_by_test_id("campaign-save").click()
    await expect(page).to_have_url(re.compile(r"/marketing/campaigns/(?!new$)[^/]+$"))
    campaign_url = page.url
    await expect(page.get_by_test_id("campaign-status")).to_have_attribute("data-status", "DRAFT")

    await page.get_by_test_id("campaign-send-now").click()
    await page.get_by_test_id("campaign-send-now-confirm").click()
    if members > 0:
        # Above the threshold: the marketer is told, and a marketing manager approves.
        told = page.get_by_test_id("campaign-approval-required")
        failure = page.get_by_test_id("campaign-action-error")
        await expect(told.or_(failure)).to_be_visible()
        assert not await failure.is_visible(), await failure.inner_text()
        await expect(told).to_contain_text("需要审批")
        await expect(page.get_by_test_id("campaign-approve")).to_have_count(0)
        await _shoot(page, "campaign-approval-required")
        await _sign_out(page)
        await _sign_in(page, "mktmanager@demo.example")
        await page.goto(campaign_url)
        await page.get_by_test_id("campaign-approve").click()
        await expect(page.get_by_test_id("campaign-approved")).to_be_visible()
        await page.get_by_test_id("campaign-send-now").click()
        await page.get_by_test_id("campaign-send-now-confirm").click()
    await expect(page.get_by_test_id("campaign-status")).not_to_have_attribute("data-status", "DRAFT")

    # The send job runs (every 10 s in production); the page polls and shows where the send stands.
    await campaign_send.run(db, settings, clock.now())
    await campaign_send.run(db, settings, clock.now())
    progress = page.get_by_test_id("campaign-progress")
    await expect(progress).to_be_visible()
    await expect(page.get_by_test_id("campaign-status")).to_have_attribute("data-status", re.compile("SENDING|DONE"))
    await expect(page.get_by_test_id("campaign-figure-sent")).to_be_visible()
    await _shoot(page, "campaign-progress")
    await page.get_by_test_id("marketing-tab-campaigns").click()
    await expect(page.get_by_test_id("campaign-table")).to_contain_text("冬季唤醒邮件")
    await _shoot(page, "campaigns")
