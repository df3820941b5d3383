"""The prediction models page in the browser: an administrator opens it in zh-CN and reads the churn model in force
(its AUC against recency alone, its calibration chart) and this week's training that was not promoted, with the
reason; on a phone too. A sales rep is offered no such page and is refused it at its URL. Screenshots at 1280 and
390 px (docs/images/prediction-models-*.png come from them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Page, expect
from sqlalchemy import select, text

from rapport.analytics.runs.models import PredictionModelRun
from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.graphql.node import to_global_id
from tests.analytics.run_world import record_churn_runs
from tests.e2e.conftest import confirm_popover, shoot_phone_and_desktop, sign_in


async def test_an_administrator_reads_the_model_in_force_and_why_the_newest_run_was_not_promoted(
    page: Page, demo: dict[str, Any], db: Database
) -> None:
    runs = await record_churn_runs(db)
    async with db.read() as session:
        promoted = await session.get(PredictionModelRun, runs.promoted)
        assert promoted is not None and promoted.auc is not None and promoted.baseline_auc is not None
        auc, baseline = f"{promoted.auc:.3f}", f"{promoted.baseline_auc:.3f}"
        count = len((await session.scalars(select(PredictionModelRun.id))).all())

    await sign_in(page, "admin@demo.example")
    await page.get_by_test_id("nav-prediction-models").click()
    await expect(page).to_have_url("/prediction-models")
    summary = page.get_by_test_id("model-summary")
    await expect(summary.get_by_test_id("summary-auc")).to_contain_text(f"{auc}（基线 {baseline}）")
    await expect(summary.get_by_test_id("summary-auc")).to_contain_text("的情况把流失客户排在前面")
    await expect(summary.get_by_test_id("summary-note")).to_contain_text(f"已启用：AUC {auc}")
    await expect(page.get_by_test_id("calibration-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("calibration-table").locator("tbody tr")).to_have_count(10)
    # This week's training did not beat recency alone: it is not the model in force, and the page says why.
    await expect(page.get_by_test_id("newest-rejected")).to_contain_text("未启用：AUC")
    rejected = page.get_by_test_id(f"run-{to_global_id('PredictionModelRun', runs.rejected)}")
    await expect(rejected.get_by_test_id("run-status")).to_have_text("未启用")
    await expect(rejected.get_by_test_id("run-note")).to_contain_text("未比基线")
    in_force = page.get_by_test_id(f"run-{to_global_id('PredictionModelRun', runs.promoted)}")
    await expect(in_force.get_by_test_id("run-status")).to_contain_text("当前生效")
    await expect(page.get_by_test_id("history-total")).to_have_text(f"共 {count} 次训练")
    await page.wait_for_timeout(1500)  # the chart's entry animation, before the screenshots
    await shoot_phone_and_desktop(page, "prediction-models")

    # On a phone: the same figures, the chart, and one card per run instead of the table.
    await page.set_viewport_size({"width": 390, "height": 844})
    await expect(page.get_by_test_id("calibration-chart").locator("canvas")).to_have_count(1)
    await expect(page.get_by_test_id("run-history").locator("table")).to_have_count(0)
    await expect(rejected.get_by_test_id("run-note")).to_contain_text("未比基线")
    await expect(summary.get_by_test_id("summary-auc")).to_contain_text(auc)

    # The win model has no training yet: said plainly.
    await page.set_viewport_size({"width": 1280, "height": 800})
    await page.get_by_test_id("model-tab-win").click()
    await expect(page.get_by_test_id("models-empty")).to_contain_text("尚未训练")
    await expect(page).to_have_url("/prediction-models?model=win")


async def test_a_sales_rep_is_not_offered_the_page_and_is_refused_it(page: Page, demo: dict[str, Any]) -> None:
    await sign_in(page, "rep@demo.example")
    await expect(page.get_by_test_id("nav-customers")).to_be_visible()
    await expect(page.get_by_test_id("nav-prediction-models")).to_have_count(0)
    await page.goto("/prediction-models")
    await expect(page.get_by_test_id("no-access")).to_be_visible()
    await expect(page.get_by_test_id("model-summary")).to_have_count(0)


async def test_an_administrator_trains_the_win_model_now_and_finds_the_new_run(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    install()  # the jobs of every manifest
    await sign_in(page, "admin@demo.example")
    await page.goto("/prediction-models?model=win")
    await expect(page.get_by_test_id("models-empty")).to_contain_text("尚未训练")
    control = page.get_by_test_id("training-WIN")
    await confirm_popover(page, control.get_by_test_id("train-now"))
    # Queued until a worker takes it; the button waits too (a second click would answer the same request).
    await expect(control.get_by_test_id("training-state")).to_contain_text("排队中")
    await expect(control.get_by_test_id("train-now")).to_be_disabled()
    async with db.read() as session:
        waiting = (await session.execute(text("SELECT kind, status FROM prediction_training_request"))).all()
    assert [tuple(row) for row in waiting] == [("win", "queued")]

    await run_job("model-train-requests", db, settings, datetime.now(UTC))
    # The page follows the request: the message, then the run at the top of the history.
    await expect(page.locator(".ant-message")).to_contain_text("训练完成", timeout=15_000)
    await expect(control.get_by_test_id("training-state")).to_have_count(0)
    await expect(page.get_by_test_id("models-empty")).to_have_count(0)
    await expect(page.get_by_test_id("history-total")).to_have_text("共 1 次训练")
    await expect(control.get_by_test_id("train-now")).to_be_enabled()
