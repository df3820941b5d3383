"""Predictions in the browser: a sales rep opens a customer of theirs whose churn risk crossed into high, sees the
warning on the 360° page with its reasons in zh-CN (the new one marked, what changed since the last score), and
finds the follow-up task the crossing created, on the page and in My tasks. At 1280 and 390 px; the screenshots
docs/images/predictions-churn-*.png come from it."""

from __future__ import annotations

import shutil
from datetime import timedelta
from typing import Any

from playwright.async_api import Page, expect
from sqlalchemy import text

from rapport.analytics.churn.score import Scored, store_scores
from rapport.core import clock
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests import factories
from tests.e2e.conftest import ROOT, screenshot_path, shoot_phone_and_desktop, sign_in

IMAGES = ROOT / "docs" / "images"
REP = "rep@demo.example"


def _keep(name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot_path(name), IMAGES / f"{name}.png")


async def _scored_at_high_risk(db: Database) -> Any:
    """A customer of the rep scored twice by the scoring pass's own writer: a medium risk a week ago (the first
    score sets the state), then a high one today, which alerts the owner and creates their follow-up task."""
    async with db.write() as session:  # the rep reads Chinese: the task's title is in the owner's language
        await session.execute(text("UPDATE app_user SET locale = 'zh-CN' WHERE email = :e"), {"e": REP})
    rep = await factories.principal(db, REP)
    customer = await factories.customer(db, rep, "云帆贸易有限公司")
    now = clock.now()
    first = [{"code": "NO_RECENT_ORDER", "params": {"days": 70}}]
    then = [
        {"code": "NO_RECENT_ORDER", "params": {"days": 126}},
        # counts every ticket of the customer: a rep (tickets related to their work) is not shown it
        {"code": "UNRESOLVED_COMPLAINTS", "params": {"count": 2}},
        {"code": "NO_FOLLOW_UP", "params": {"days": 45}},
    ]
    async with db.write() as session:
        await store_scores(
            session, [Scored(customer.id, 0.45, first)], now=now - timedelta(days=7), run_id=None, small_data=False
        )
    async with db.write() as session:
        entered = await store_scores(session, [Scored(customer.id, 0.83, then)], now=now, run_id=None, small_data=False)
    assert entered == [customer.id]
    return customer


async def test_a_rep_sees_a_churn_warning_with_reasons_and_finds_its_follow_up_task(
    page: Page, demo: dict[str, Any], db: Database
) -> None:
    customer = await _scored_at_high_risk(db)
    await sign_in(page, REP)
    await page.goto(f"/customers/{to_global_id('Customer', customer.id)}")

    card = page.get_by_test_id("churn-risk")
    await expect(card.get_by_test_id("churn-band")).to_have_text("高风险")
    await expect(card.get_by_test_id("churn-probability")).to_contain_text("83%")
    reasons = card.get_by_test_id("churn-reason")
    await expect(reasons).to_have_count(2)
    await expect(reasons.nth(0)).to_contain_text("126 天未下单")
    await expect(reasons.nth(1)).to_contain_text("45 天未跟进")
    await expect(card).not_to_contain_text("投诉")
    # No follow-up is new since the last score; no orders for longer was a reason before.
    await expect(reasons.nth(1).get_by_test_id("churn-reason-new")).to_have_text("新")
    await expect(reasons.nth(0).get_by_test_id("churn-reason-new")).to_have_count(0)
    await expect(card.get_by_test_id("churn-change")).to_contain_text("45%")
    await expect(card.get_by_test_id("churn-follow-up")).to_contain_text("已为负责人创建跟进任务")

    # The follow-up task is in the customer's task list on the page; the warning links to it.
    await card.get_by_test_id("churn-tasks-link").click()
    tasks = page.get_by_test_id("customer-section-tasks")
    await expect(tasks).to_contain_text("挽回客户 云帆贸易有限公司（流失风险高）")
    await expect(tasks).to_be_in_viewport()
    await page.evaluate("window.scrollTo(0, 0)")
    await shoot_phone_and_desktop(page, "predictions-churn")
    _keep("predictions-churn-1280")
    _keep("predictions-churn-390")

    # At 390 px the warning comes before the timeline, and the task is in My tasks too.
    await page.set_viewport_size({"width": 390, "height": 900})
    await expect(card.get_by_test_id("churn-follow-up")).to_be_in_viewport()
    await page.goto("/")
    await expect(page.get_by_test_id("my-tasks")).to_contain_text("挽回客户 云帆贸易有限公司")
