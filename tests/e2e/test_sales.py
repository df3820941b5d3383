"""Sales pages in the browser: a gated pipeline move approved by a director, the leads list with an import,
the public pool, and the win probability on pipeline cards."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from playwright.async_api import Locator, Page, expect
from sqlalchemy import text

from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.models import Customer
from rapport.graphql.node import to_global_id
from rapport.sales.leads import service as leads
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.e2e.conftest import choose_option, screenshot_path

PASSWORD = "rapport-demo"


async def _sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-email")).to_have_text(email)


async def _sign_out(page: Page) -> None:
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login$"))


async def _drag(page: Page, source: Locator, target: Locator) -> None:
    """Press, move in small steps (dnd-kit starts a drag after a few pixels), release over the target."""
    start = await source.bounding_box()
    end = await target.bounding_box()
    assert start is not None and end is not None
    await page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 20)
    await page.mouse.down()
    await page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 30, steps=5)
    await page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 120, steps=20)
    await page.mouse.up()


async def test_rep_drags_a_big_deal_into_the_gated_stage_and_a_director_approves_it(
    page: Page, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "杭州云栖科技")
    async with db.write() as session:
        deal = await pipeline.create(session, rep, customer.id, "年度框架协议", Decimal("150000"), None, None)
    card_id = f"opportunity-card-{to_global_id('Opportunity', deal.id)}"

    await _sign_in(page, "rep@demo.example")
    await page.goto("/pipeline")
    needs_analysis = page.get_by_test_id("pipeline-column-needs_analysis")
    quote = page.get_by_test_id("pipeline-column-quote")
    card = needs_analysis.get_by_test_id(card_id)
    await expect(card).to_contain_text("年度框架协议")
    await expect(needs_analysis.get_by_test_id("column-total")).to_contain_text("150,000")

    await _drag(page, card, quote)

    # A quote above 100,000 waits for a director: the card stays, marked, and the rep is told.
    await expect(page.get_by_test_id("pipeline-notice")).to_contain_text("需要销售总监审批")
    await expect(needs_analysis.get_by_test_id(card_id).get_by_test_id("awaiting-approval")).to_be_visible()
    await expect(quote.get_by_test_id(card_id)).to_have_count(0)
    await page.screenshot(path=screenshot_path("sales-pipeline"), full_page=True)
    await _sign_out(page)

    await _sign_in(page, "director@demo.example")
    await page.goto("/approvals")
    row = page.locator("[data-testid^=approval-row-]", has_text="年度框架协议")
    await expect(row).to_contain_text("杭州云栖科技")
    await expect(row).to_contain_text("¥150,000.00")
    await page.screenshot(path=screenshot_path("sales-approvals"), full_page=True)
    await row.locator("[data-testid^=approval-approve-]").click()
    await page.get_by_test_id("approval-comment").fill("同意报价")
    await page.get_by_test_id("approval-decision-submit").click()
    await expect(page.get_by_text("已批准，「年度框架协议」已进入「方案报价」。")).to_be_visible()
    await expect(page.get_by_text("没有待审批的申请")).to_be_visible()
    await _sign_out(page)

    await _sign_in(page, "rep@demo.example")
    await page.goto("/pipeline")
    moved = page.get_by_test_id("pipeline-column-quote").get_by_test_id(card_id)
    await expect(moved).to_contain_text("年度框架协议")
    await expect(moved.get_by_test_id("awaiting-approval")).to_have_count(0)
    await expect(page.get_by_test_id("pipeline-column-needs_analysis").get_by_test_id(card_id)).to_have_count(0)


async def test_rep_imports_leads_and_sees_the_rows_that_failed(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    async with db.write() as session:
        for name, phone, source in [("王芳", "13800138001", "展会"), ("李明", "13800138002", "官网")]:
            await leads.capture(
                session,
                leads.LeadDraft(name=name, source=source, phone=phone, company="上海某公司", owner_id=rep.user_id),
                rep,
            )

    await _sign_in(page, "rep@demo.example")
    await page.goto("/leads")
    await expect(page.locator("[data-testid^=lead-row-]")).to_have_count(2)
    await page.get_by_test_id("lead-import").click()
    await page.get_by_test_id("lead-import-text").fill("姓名,电话,来源\n赵强,13900139000,展会\n孙丽,,展会\n")
    # Without assignment rules (none in this database) imported leads would stay unassigned: take them.
    await choose_option(page, page.get_by_test_id("lead-import-owner"), "Rita Rep")
    await expect(page.get_by_test_id("lead-import-preview")).to_contain_text("识别到 2 行线索")
    await page.get_by_test_id("lead-import-submit").click()
    await expect(page.get_by_test_id("lead-import-result")).to_contain_text("新增 1 条")
    errors = page.get_by_test_id("lead-import-error")
    await expect(errors).to_have_count(1)
    await expect(errors).to_contain_text("第 2 行")
    await expect(errors).to_contain_text("孙丽")
    await page.screenshot(path=screenshot_path("sales-leads-import"), full_page=True)
    await page.get_by_test_id("lead-import-done").click()
    await expect(page.locator("[data-testid^=lead-row-]")).to_have_count(3)

    # Filters live in the URL: a filtered list is a link.
    await page.goto("/leads?source=%E5%B1%95%E4%BC%9A")
    await expect(page.locator("[data-testid^=lead-row-]")).to_have_count(2)
    await page.goto("/leads")
    await expect(page.locator("[data-testid^=lead-row-]")).to_have_count(3)
    await page.screenshot(path=screenshot_path("sales-leads"), full_page=True)


async def test_rep_claims_from_the_pool(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    names = ["宁波海曙机械", "温州鹿城电子"]
    for name in names:
        created = await factories.customer(db, rep, name, province="浙江省", city="宁波", industry="制造业", grade="B")
        async with db.write() as session:
            row = await session.get(Customer, created.id)
            assert row is not None
            row.owner_id, row.team_id, row.pool_status, row.in_pool_since = None, None, "public", clock.now()

    await _sign_in(page, "rep@demo.example")
    await page.goto("/pool")
    claims_left = page.get_by_test_id("pool-claims-left")
    await expect(claims_left).to_contain_text("今日还可领取")
    await expect(claims_left).to_contain_text("5")
    rows = page.locator("[data-testid^=pool-row-]")
    await expect(rows).to_have_count(2)
    await page.screenshot(path=screenshot_path("sales-pool"), full_page=True)

    await rows.filter(has_text="宁波海曙机械").locator("[data-testid^=pool-claim-]").click()
    await expect(page.get_by_test_id("pool-claim-result")).to_contain_text("已领取「宁波海曙机械」")
    await expect(claims_left).to_contain_text("4")
    await expect(rows).to_have_count(1)
    await page.get_by_test_id("pool-open-customer").click()
    await expect(page).to_have_url(re.compile(r"/customers/[^/]+$"))


async def test_rep_moves_a_card_with_the_keyboard(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "苏州园区物流")
    async with db.write() as session:
        deal = await pipeline.create(session, rep, customer.id, "仓储试点", Decimal("20000"), None, None)
    card_id = f"opportunity-card-{to_global_id('Opportunity', deal.id)}"

    await _sign_in(page, "rep@demo.example")
    await page.goto("/pipeline")
    card = page.get_by_test_id("pipeline-column-needs_analysis").get_by_test_id(card_id)
    await expect(card).to_be_visible()
    # Space lifts the card, each arrow key jumps one stage, space drops it; the live region says where it is.
    announcement = page.locator("[id^=DndLiveRegion]")
    await card.focus()
    await page.keyboard.press("Space")
    await expect(announcement).to_contain_text("在「需求分析」上方")
    await page.keyboard.press("ArrowRight")
    await expect(announcement).to_contain_text("在「方案报价」上方")
    await page.keyboard.press("ArrowRight")
    await expect(announcement).to_contain_text("在「合同签订」上方")
    await page.keyboard.press("Space")

    await expect(page.get_by_test_id("pipeline-notice")).to_contain_text("「仓储试点」已移至「合同签订」")
    await expect(page.get_by_test_id("pipeline-column-contract").get_by_test_id(card_id)).to_be_visible()


async def test_pipeline_cards_show_the_win_probability(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "杭州滨江电子")
    async with db.write() as session:
        scored = await pipeline.create(session, rep, customer.id, "产线改造", Decimal("80000"), None, None)
        unscored = await pipeline.create(session, rep, customer.id, "备件年包", Decimal("9000"), None, None)
        await session.execute(
            text(
                "INSERT INTO opportunity_win_score (opportunity_id, probability, small_data, reasons, scored_at, "
                "created_at, updated_at, version) VALUES (:id, 0.62, false, '[]', now(), now(), now(), 1)"
            ),
            {"id": scored.id},
        )

    await _sign_in(page, "rep@demo.example")
    await page.goto("/pipeline")
    column = page.get_by_test_id("pipeline-column-needs_analysis")
    card = column.get_by_test_id(f"opportunity-card-{to_global_id('Opportunity', scored.id)}")
    await expect(card.get_by_test_id("opportunity-win-probability")).to_have_text("赢率 62%")
    other = column.get_by_test_id(f"opportunity-card-{to_global_id('Opportunity', unscored.id)}")
    await expect(other).to_be_visible()
    await expect(other.get_by_test_id("opportunity-win-probability")).to_have_count(0)  # not scored yet
