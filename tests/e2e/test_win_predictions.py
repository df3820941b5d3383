"""Win probability and the forecast in the browser: a sales rep opens an open deal of theirs and reads its win
probability (the API's figure, marked as estimated from little data, with its reasons and the change since the last
score, in zh-CN), while a role that may not read it (the integrator) opens the same page with nothing asked for; a
lost deal's page shows where it differed from the won ones; a sales manager adds the forecast-with-range and the
lost-deal retrospective widgets to their dashboards and reads the API's figures there. At 1280 and 390 px."""

from __future__ import annotations

import json
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from playwright.async_api import Page, Request, expect

from rapport.analytics.winprob.jobs import rescore_changed
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.demo import seed_demo
from rapport.identity.service import create_user
from tests.conftest import GraphQLClient, app_document
from tests.e2e.conftest import ROOT, choose_option, network_quiet, screenshot_path, shoot_phone_and_desktop, sign_in

REP = "rep@demo.example"
MANAGER = "manager@demo.example"
#: A user of the integrator role, which reads every opportunity field but its win probability (default_policy.csv).
INTEGRATOR = "erp-viewer@demo.example"
ZH = {"accept-language": "zh-CN"}
IMAGES = ROOT / "docs" / "images"
CJK = re.compile(r"[\u4e00-\u9fff]")

DEALS = """
query Deals { opportunities(first: 100) { nodes { id name status lostReason stage { key } } } }
"""
WIN = """
query Win($id: ID!) {
  opportunity(id: $id) { winProbability { probability previousProbability smallData reasons } }
}
"""


@pytest.fixture
async def seeded(db: Database, settings: Settings) -> dict[str, Any]:
    """The zh_CN demo: its 240 closed deals train the win model, which scores every open deal (as the daily job)."""
    report = await seed_demo(db, settings, locale="zh_CN", customers=40)
    win = report["win_probability"]
    assert win["trained"] and win["scored"] > 0, win
    # Under 200 won and 200 lost deals: the model is labelled small data (the stage's win rate, shrunk).
    assert win["small_data"] is True, win
    return report


def _keep(name: str) -> None:
    """Copy a screenshot into the docs (docs/analytics.md shows it)."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot_path(name), IMAGES / f"{name}.png")


def _percent(probability: float) -> str:
    """A probability as the SPA writes it in zh-CN (Intl's percent, no decimals, half away from zero)."""
    return f"{(Decimal(str(probability)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def _money(value: float) -> str:
    """An amount as the SPA writes it in zh-CN (CNY, two decimals)."""
    return f"¥{value:,.2f}"


async def _run(gql: GraphQLClient, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The web app's own operation `operation` (its trusted document), as the signed-in user, in Chinese."""
    body = await gql(app_document(operation), variables, headers=ZH)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _deals(gql: GraphQLClient, status: str) -> list[dict[str, Any]]:
    body = await gql(DEALS, headers=ZH)
    assert "errors" not in body, body
    return [d for d in body["data"]["opportunities"]["nodes"] if d["status"] == status]


async def _win(gql: GraphQLClient, deal: str) -> dict[str, Any] | None:
    """A deal's win probability as the web app asks for it (OpportunityPredictions), for the signed-in user."""
    found = await _run(gql, "OpportunityPredictions", {"id": deal, "withWin": True, "withRetrospective": False})
    win: dict[str, Any] | None = found["opportunity"]["winProbability"]
    return win


def _record_graphql(page: Page) -> list[tuple[str, dict[str, Any]]]:
    """Every GraphQL operation the page sends from now on, by name with its variables."""
    sent: list[tuple[str, dict[str, Any]]] = []

    def on_request(request: Request) -> None:
        if request.url.endswith("/graphql") and request.method == "POST":
            body = json.loads(request.post_data or "{}")
            sent.append((body.get("operationName") or "", body.get("variables") or {}))

    page.on("request", on_request)
    return sent


async def test_a_rep_moves_a_deal_on_and_reads_its_new_win_probability_and_an_integrator_is_not_asked_for_it(
    page: Page, seeded: dict[str, Any], db: Database, gql: GraphQLClient
) -> None:
    # The rep's scored deal at the contract stage with the most reasons, and what the API answers for it.
    await gql.login(REP)
    scored = []
    for deal in await _deals(gql, "OPEN"):
        if deal["stage"]["key"] == "contract":
            found = await _win(gql, deal["id"])
            if found is not None:
                scored.append((deal, found))
    assert scored, "no deal of the rep at the contract stage was scored"
    deal, win = max(scored, key=lambda item: (len(item[1]["reasons"]), item[0]["name"]))
    assert win["smallData"] is True and win["previousProbability"] is None, win
    assert win["reasons"] and all(CJK.search(reason) for reason in win["reasons"]), win["reasons"]

    sent = _record_graphql(page)
    await sign_in(page, REP)
    await page.goto(f"/opportunities/{deal['id']}")
    await expect(page.get_by_test_id("opportunity-title")).to_have_text(deal["name"])
    await expect(page.get_by_test_id("opportunity-header")).to_contain_text("合同签订")
    card = page.get_by_test_id("win-probability")
    await expect(card).to_contain_text("赢单概率")
    await expect(card.get_by_test_id("win-percent")).to_have_text(_percent(win["probability"]))
    await expect(card.get_by_test_id("win-small-data")).to_have_text("数据较少：依据阶段赢率估计")
    await expect(card.get_by_test_id("win-reason")).to_have_text(win["reasons"])
    await expect(card.get_by_test_id("win-change")).to_have_count(0)  # its first score
    await network_quiet(page)
    assert ("OpportunityPredictions", {"id": deal["id"], "withWin": True, "withRetrospective": False}) in sent, sent

    # The rep moves it on to payment; the minute's rescoring job scores the changed deal again.
    await choose_option(page, page.get_by_test_id("opportunity-move-target"), "回款")
    await page.get_by_test_id("opportunity-move").click()
    header = page.get_by_test_id("opportunity-header")
    await expect(header).to_contain_text("回款")  # its stage, once the page has reloaded the deal
    await expect(header).not_to_contain_text("合同签订")
    await network_quiet(page)
    assert (await rescore_changed(db, clock.now()))["rescored"] >= 1
    moved = await _win(gql, deal["id"])
    assert moved is not None and moved["previousProbability"] == win["probability"], moved
    assert moved["probability"] > win["probability"], moved  # deals that reached payment were won more often

    await page.reload()
    await expect(card.get_by_test_id("win-percent")).to_have_text(_percent(moved["probability"]))
    change = card.get_by_test_id("win-change")
    await expect(change).to_contain_text(f"的 {_percent(win['probability'])}")
    await expect(change.locator(".anticon-arrow-up")).to_have_count(1)
    await expect(card.get_by_test_id("win-reason")).to_have_text(moved["reasons"])
    await network_quiet(page)
    await shoot_phone_and_desktop(page, "win-probability-deal")
    _keep("win-probability-deal-1280")

    # The integrator role reads every field of an opportunity but its win probability: the API refuses it ...
    async with db.write() as session:
        await create_user(session, email=INTEGRATOR, name="ERP 对接", password="rapport-demo", roles=["integrator"])
    await gql.login(INTEGRATOR)
    refused = await gql(WIN, {"id": deal["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
    # ... and the same page shows the deal without it, having asked for it in no request.
    await page.context.clear_cookies()
    sent.clear()
    await sign_in(page, INTEGRATOR)
    await page.goto(f"/opportunities/{deal['id']}")
    await expect(page.get_by_test_id("opportunity-title")).to_have_text(deal["name"])
    await expect(page.get_by_test_id("opportunity-amount")).to_be_visible()
    await network_quiet(page)
    await expect(page.get_by_test_id("win-probability")).to_have_count(0)
    await expect(page.get_by_test_id("opportunity-page")).not_to_contain_text("赢单概率")
    names = [name for name, _ in sent]
    assert "OpportunityDetail" in names, names
    asking = [(name, v) for name, v in sent if "winProbability" in app_document(name) and v.get("withWin") is not False]
    assert asking == [], asking


async def test_a_lost_deals_page_shows_where_it_differed_from_won_deals(
    page: Page, seeded: dict[str, Any], gql: GraphQLClient
) -> None:
    await gql.login(REP)
    described = []
    for deal in await _deals(gql, "LOST"):
        found = await _run(
            gql, "OpportunityPredictions", {"id": deal["id"], "withWin": False, "withRetrospective": True}
        )
        described.append((deal, found["opportunityRetrospective"]))
    deal, factors = max(described, key=lambda item: (len(item[1]), item[0]["name"]))
    assert len(factors) >= 2, described
    texts = [factor["text"] for factor in factors]
    assert all(CJK.search(text) and "赢单" in text for text in texts), texts

    await sign_in(page, REP)
    await page.goto(f"/opportunities/{deal['id']}")
    await expect(page.get_by_test_id("opportunity-status")).to_have_text("输单")
    assert deal["lostReason"], deal
    await expect(page.get_by_test_id("opportunity-lost-reason")).to_have_text(f"输单原因：{deal['lostReason']}")
    card = page.get_by_test_id("opportunity-retrospective")
    await expect(card).to_contain_text("丢单复盘")
    await expect(card).to_contain_text("与赢单相比的不同之处：")
    await expect(card.get_by_test_id("retrospective-factor")).to_have_text(texts)
    # A closed deal has no win probability to show.
    await expect(page.get_by_test_id("win-probability")).to_have_count(0)
    # Its follow-ups (planted with a subject only) read one per line: the subject, then when and by whom below it.
    activity = page.get_by_test_id("opportunity-activity").first
    subject, meta = activity.locator("strong"), activity.get_by_test_id("opportunity-activity-meta")
    await expect(meta).to_be_visible()
    subject_box, meta_box = await subject.bounding_box(), await meta.bounding_box()
    assert subject_box is not None and meta_box is not None
    assert meta_box["y"] >= subject_box["y"] + subject_box["height"] - 1, (subject_box, meta_box)
    await network_quiet(page)
    await shoot_phone_and_desktop(page, "win-retrospective-deal")


async def test_a_manager_adds_the_forecast_and_lost_deal_widgets_and_reads_the_apis_figures(
    page: Page, seeded: dict[str, Any], gql: GraphQLClient
) -> None:
    await sign_in(page, MANAGER)
    await page.goto("/dashboards?period=year")
    await expect(page.get_by_test_id("layout-source")).to_have_attribute("data-source", "DEFAULT")
    # Neither widget is on the default layout: the manager adds both from the catalogue and saves.
    await expect(page.get_by_test_id("widget-winForecast")).to_have_count(0)
    await page.get_by_test_id("layout-customize").click()
    await page.get_by_test_id("layout-add").click()
    catalogue = page.get_by_test_id("widget-catalogue")
    await expect(catalogue.get_by_test_id("catalogue-winForecast")).to_contain_text("预测区间（P10–P90）")
    await expect(catalogue.get_by_test_id("catalogue-lostDealRetrospective")).to_contain_text("丢单复盘")
    await catalogue.get_by_test_id("catalogue-add-winForecast").click()
    await expect(page.get_by_test_id("widget-winForecast")).to_be_visible()
    if await catalogue.is_hidden():
        await page.get_by_test_id("layout-add").click()
    await catalogue.get_by_test_id("catalogue-add-lostDealRetrospective").click()
    await expect(page.get_by_test_id("widget-lostDealRetrospective")).to_be_visible()
    if await catalogue.is_visible():
        await page.keyboard.press("Escape")
    await page.get_by_test_id("layout-save").click()
    await expect(page.get_by_test_id("layout-source")).to_have_attribute("data-source", "OWN")

    # After a reload both are still there, showing what the API answers the manager for the same operation.
    sent = _record_graphql(page)
    await page.reload()
    # Each is a card titled with its name in the catalogue, like the panels around it.
    forecast_card = page.get_by_test_id("widget-winForecast").get_by_test_id("widget-card-winForecast")
    lost_card = page.get_by_test_id("widget-lostDealRetrospective").get_by_test_id("widget-card-lostDealRetrospective")
    await expect(forecast_card.locator(".ant-card-head-title")).to_have_text("预测区间（P10–P90）")
    await expect(lost_card.locator(".ant-card-head-title")).to_have_text("丢单复盘")
    forecast = forecast_card.get_by_test_id("win-forecast")
    lost = lost_card.get_by_test_id("lost-deals")
    await expect(forecast).to_be_visible()
    await expect(lost).to_be_visible()
    await network_quiet(page)
    asked = dict(sent)
    assert {"DashboardWinForecast", "DashboardLostDeals"} <= asked.keys(), sent
    year = str(clock.now().astimezone(clock.BUSINESS_TZ).year)
    assert asked["DashboardWinForecast"]["from"].startswith(year), asked  # the page's period: this year

    await gql.login(MANAGER)
    win = (await _run(gql, "DashboardWinForecast", asked["DashboardWinForecast"]))["winForecast"]
    assert win["deals"] > 0 and 0 < win["low"] <= win["expected"] <= win["high"], win
    await expect(forecast.get_by_test_id("win-forecast-expected")).to_contain_text("预期赢单金额")
    await expect(forecast.get_by_test_id("win-forecast-expected")).to_contain_text(_money(win["expected"]))
    await expect(forecast.get_by_test_id("win-forecast-range")).to_have_text(
        f"P10（保守）：{_money(win['low'])}P90（乐观）：{_money(win['high'])}"
    )
    await expect(forecast).to_contain_text("P10–P90 区间")
    await expect(forecast).to_contain_text(f"{win['deals']} 个商机（{win['scored']} 个已评分）")
    await expect(forecast).to_contain_text("数据较少：依据阶段赢率估计")

    retrospective = (await _run(gql, "DashboardLostDeals", asked["DashboardLostDeals"]))["lostDealRetrospective"]
    assert retrospective["lostDeals"] > 0 and retrospective["factors"], retrospective
    await expect(lost).to_contain_text(f"丢单 {retrospective['lostDeals']} 个，赢单 {retrospective['wonDeals']} 个")
    texts = [factor["text"] for factor in retrospective["factors"]]
    assert all(CJK.search(text) for text in texts), texts
    await expect(lost.get_by_test_id("retrospective-factor")).to_have_text(texts)

    await page.get_by_test_id("widget-winForecast").scroll_into_view_if_needed()
    await shoot_phone_and_desktop(page, "win-forecast-dashboard")
    # For the docs: the two widgets on a phone, one screen from the forecast down.
    await page.set_viewport_size({"width": 390, "height": 900})
    await page.get_by_test_id("widget-winForecast").evaluate("w => w.scrollIntoView({ block: 'start' })")
    await expect(lost_card).to_be_visible()
    await page.screenshot(path=screenshot_path("win-forecast-widgets-390"))
    _keep("win-forecast-widgets-390")
