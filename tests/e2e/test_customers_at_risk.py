"""Customers at churn risk in the browser: a sales rep opens the at-risk list (zh-CN), sees their own high-risk
customers riskiest first with probability, band and top reason (never another rep's), and reaches a customer's 360°
page from it; the customer list links to it; the list fits a phone's width (390 px)."""

from __future__ import annotations

import re
import shutil
from typing import Any

from playwright.async_api import Page, expect
from sqlalchemy import text

from rapport.analytics.churn.score import Scored, store_scores
from rapport.core import clock
from rapport.core.db import Database
from tests import factories
from tests.e2e.conftest import ROOT, screenshot_path, sign_in

REP = "rep@demo.example"
IMAGES = ROOT / "docs" / "images"


async def _plant(db: Database) -> None:
    async with db.write() as session:
        await session.execute(text("UPDATE app_user SET locale = 'zh-CN' WHERE email = :e"), {"e": REP})
    rep = await factories.principal(db, REP)
    rep2 = await factories.principal(db, "rep2@demo.example")
    scores = []
    for owner, name, probability in (
        (rep, "云帆贸易有限公司", 0.88),
        (rep, "星河电子有限公司", 0.74),
        (rep, "稳健物流有限公司", 0.20),
        (rep2, "北方重工有限公司", 0.95),
    ):
        customer = await factories.customer(db, owner, name)
        scores.append(Scored(customer.id, probability, [{"code": "NO_RECENT_ORDER", "params": {"days": 126}}]))
    async with db.write() as session:
        await store_scores(session, scores, now=clock.now(), run_id=None, small_data=False)


async def test_a_rep_opens_the_at_risk_list_and_reaches_a_customers_360_page(
    page: Page, demo: dict[str, Any], db: Database
) -> None:
    await _plant(db)
    await sign_in(page, REP)
    await page.goto("/customers")  # the customer list leads to it
    await page.get_by_test_id("customers-at-risk").click()
    await expect(page).to_have_url(re.compile(r"/customers/at-risk$"))
    await expect(page.get_by_test_id("at-risk-customer")).to_have_count(2)
    for width in (390, 1280):
        await page.set_viewport_size({"width": width, "height": 900})
        await page.goto("/customers/at-risk")
        listing = page.get_by_test_id("at-risk-page")
        await expect(listing).to_contain_text("流失风险客户")
        rows = listing.get_by_test_id("at-risk-customer")
        await expect(rows).to_have_count(2)
        await expect(rows.nth(0)).to_contain_text("云帆贸易有限公司")
        await expect(rows.nth(0).get_by_test_id("at-risk-probability")).to_have_text("88%")
        await expect(rows.nth(0).get_by_test_id("at-risk-band")).to_have_text("高风险")
        await expect(rows.nth(0).get_by_test_id("at-risk-reason")).to_contain_text("126 天未下单")
        await expect(rows.nth(1)).to_contain_text("星河电子有限公司")
        await expect(listing).not_to_contain_text("北方重工")  # another rep's customer
        width_of_page = await page.evaluate("document.documentElement.scrollWidth")
        assert width_of_page <= width, f"the list overflows {width} px"
        await page.screenshot(path=screenshot_path(f"customers-at-risk-{width}"), full_page=True)
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot_path(f"customers-at-risk-{width}"), IMAGES / f"customers-at-risk-{width}.png")

    await page.get_by_test_id("at-risk-customer-link").first.click()
    await expect(page).to_have_url(re.compile(r"/customers/[^/]+$"))
    await expect(page.get_by_test_id("churn-risk").get_by_test_id("churn-band")).to_have_text("高风险")
