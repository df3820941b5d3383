"""Win probability through the API: `Opportunity.winProbability`, `winForecast`, the retrospectives — granted to
exactly the roles the policy names, within each caller's Opportunity row scope, batched (statements bounded by
depth, not rows), with reasons in the reader's language and "what changed since the last score"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from rapport.analytics.winprob.jobs import rescore_changed, train_and_score
from rapport.analytics.winprob.training import score_open
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.demo import seed_customers
from rapport.demo import _sales_owners
from rapport.sales.demo import seed_sales
from rapport.sales.pipeline.service import move
from tests import factories
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient, both_paths

pytestmark = pytest.mark.usefixtures("demo")

SQL = {"X-Rapport-Debug": "sql"}
GRANTED = {"sales_rep", "sales_manager", "sales_director", "analyst", "admin"}
DEALS = """query($n: Int) { opportunities(first: $n) { nodes { id status owner { email } amount
  winProbability { probability previousProbability smallData reasons scoredAt } } } }"""
FORECAST = """query($from: Date!, $to: Date!) { winForecast(from: $from, to: $to) {
  deals scored smallData expected low high } }"""
RETRO = """query($from: Date!, $to: Date!) { lostDealRetrospective(from: $from, to: $to) {
  lostDeals wonDeals factors { factor lostValue wonValue text } } }"""
ONE = """query($id: ID!) { opportunityRetrospective(id: $id) { factor lostValue wonValue text } }"""


async def _world(db: Database) -> dict[str, Any]:
    async with db.write() as session:
        owners = await _sales_owners(session)
    await seed_customers(db, count=80, locale="en", random_seed=3, owners=owners)
    async with db.write() as session:
        await seed_sales(session, "en", 3)
    return await train_and_score(db, clock.now())


def _codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors") or []}


async def test_win_probability_by_role_scope_and_batching(db: Database, settings: Settings) -> None:
    report = await _world(db)
    assert report["trained"] and report["small_data"] and report["scored"] > 0
    for role, email in USERS.items():
        async with both_paths(settings, db, email) as paths:
            body = await paths.slow(DEALS, {"n": 60}, headers=SQL)
            fast = await paths.fast(DEALS, {"n": 60})
            if role not in GRANTED:
                assert _codes(body) & {"FORBIDDEN", "UNAUTHENTICATED"}, (role, body)
                assert _codes(fast) & {"FORBIDDEN", "UNAUTHENTICATED"}, (role, fast)
                continue
            assert "errors" not in body, (role, body)
            assert fast == {k: v for k, v in body.items() if k != "extensions"}, role
            nodes = body["data"]["opportunities"]["nodes"]
            open_nodes = [n for n in nodes if n["status"] == "OPEN"]
            assert open_nodes, role
            for node in open_nodes:
                score = node["winProbability"]
                assert score is not None and 0 < score["probability"] < 1 and score["smallData"], (role, node)
                assert score["reasons"], (role, node)
            if role == "sales_rep":  # row scope: only the rep's own deals
                assert {n["owner"]["email"] for n in nodes} == {email}
            # one statement for the scores however many deals: the same count for 2 deals as for 60
            few = await paths.slow(DEALS, {"n": 2}, headers=SQL)
            assert few["extensions"]["sql"]["statements"] == body["extensions"]["sql"]["statements"], role


async def test_reasons_in_both_languages_and_what_changed(db: Database, settings: Settings) -> None:
    await _world(db)
    later = clock.now() + timedelta(days=9)
    async with db.write() as session:
        assert await score_open(session, later) > 0
    async with db.write() as session:  # the same moment again: nothing moves (idempotent)
        await score_open(session, later)
    async with both_paths(settings, db, "director@demo.example") as paths:
        body = await paths.slow(DEALS, {"n": 60})
        zh = await paths.slow(DEALS, {"n": 60}, headers={"Accept-Language": "zh-CN"})
    scored = [n["winProbability"] for n in body["data"]["opportunities"]["nodes"] if n["status"] == "OPEN"]
    assert all(s["previousProbability"] is not None for s in scored)
    # nine more days without follow-up lower (or keep) each deal's chance; no deal gains from waiting
    assert all(s["probability"] <= s["previousProbability"] + 1e-9 for s in scored)
    words = " ".join(r for s in scored for r in s["reasons"])
    assert "of the deals that reached this stage were won" in words
    zh_words = " ".join(
        r for n in zh["data"]["opportunities"]["nodes"] if n["winProbability"] for r in n["winProbability"]["reasons"]
    )
    assert "赢单" in zh_words and "deals" not in zh_words


async def test_forecast_and_retrospective_by_role_and_scope(db: Database, settings: Settings) -> None:
    await _world(db)
    window = {"from": "2000-01-01", "to": "2002-12-31"}
    today = clock.now().date()
    wide = {"from": str(today - timedelta(days=800)), "to": str(today + timedelta(days=200))}
    totals: dict[str, dict[str, Any]] = {}
    for role, email in USERS.items():
        async with both_paths(settings, db, email) as paths:
            forecast = await paths.slow(FORECAST, wide)
            retro = await paths.slow(RETRO, wide)
            if role not in GRANTED:
                assert _codes(forecast) & {"FORBIDDEN", "UNAUTHENTICATED"}, (role, forecast)
                assert _codes(retro) & {"FORBIDDEN", "UNAUTHENTICATED"}, (role, retro)
                continue
            assert "errors" not in forecast and "errors" not in retro, (role, forecast, retro)
            found = forecast["data"]["winForecast"]
            assert found["low"] <= found["expected"] <= found["high"] and found["smallData"], role
            totals[role] = {**found, **retro["data"]["lostDealRetrospective"]}
            assert (await paths.slow(FORECAST, window))["data"]["winForecast"]["deals"] == 0
    assert 0 < totals["sales_rep"]["deals"] < totals["sales_director"]["deals"] == totals["admin"]["deals"]
    assert totals["sales_rep"]["lostDeals"] < totals["sales_director"]["lostDeals"]
    factors = {f["factor"] for f in totals["admin"]["factors"]}
    assert factors, totals["admin"]


async def test_one_lost_deal_and_a_role_without_amounts(db: Database, settings: Settings, gql: GraphQLClient) -> None:
    await _world(db)
    async with both_paths(settings, db, "rep@demo.example") as paths:
        rep_ids = {n["id"] for n in (await paths.slow(DEALS, {"n": 100}))["data"]["opportunities"]["nodes"]}
    async with both_paths(settings, db, "director@demo.example") as paths:
        deals = (await paths.slow(DEALS, {"n": 100}))["data"]["opportunities"]["nodes"]
        lost = [n for n in deals if n["status"] == "LOST"]
        assert lost
        found = await paths.slow(ONE, {"id": lost[0]["id"]})
        assert "errors" not in found, found
        for factor in found["data"]["opportunityRetrospective"]:
            assert "for this deal" in factor["text"]
    other = next(n for n in deals if n["id"] not in rep_ids)
    async with both_paths(settings, db, "rep@demo.example") as paths:
        assert _codes(await paths.slow(ONE, {"id": other["id"]})) == {"NOT_FOUND"}
    # a role that may not read amounts: no forecast, and no reasons about amounts
    await gql.login("admin@demo.example")
    change = """mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { message } } }"""
    for field in ("amount",):
        body = await gql(change, {"i": {"role": "sales_rep", "type": "Opportunity", "field": field, "access": "NONE"}})
        assert not body["data"]["permissionSet"]["userErrors"], body
    async with both_paths(settings, db, "rep@demo.example") as paths:
        today = clock.now().date()
        wide = {"from": str(today - timedelta(days=800)), "to": str(today + timedelta(days=200))}
        assert _codes(await paths.slow(FORECAST, wide)) == {"FORBIDDEN"}
        retro = await paths.slow(RETRO, wide)
        assert all(f["factor"] != "amount" for f in retro["data"]["lostDealRetrospective"]["factors"])


async def test_a_moved_deal_is_scored_again_within_the_minute_and_only_it(db: Database) -> None:
    """The daily scoring is not the only one: the minute's job scores again the open deals changed since their
    score (a stage move), once, and leaves the others alone."""
    await _world(db)
    later = clock.now() + timedelta(minutes=1)
    assert await rescore_changed(db, later) == {"rescored": 0}  # nothing changed since the daily scoring
    async with db.read() as session:
        before = dict(
            (await session.execute(text("SELECT opportunity_id, scored_at FROM opportunity_win_score"))).all()
        )
        moved_id, owner = (
            await session.execute(
                text(
                    "SELECT o.id, u.email FROM opportunity o JOIN pipeline_stage s ON s.id = o.stage_id "
                    "JOIN app_user u ON u.id = o.owner_id WHERE o.status = 'open' AND s.key = 'contract' LIMIT 1"
                )
            )
        ).one()
        payment = await session.scalar(text("SELECT id FROM pipeline_stage WHERE key = 'payment'"))
    async with db.write() as session:
        principal = await factories.principal(db, owner)
        result = await move(session, principal, moved_id, payment, None, None)
        assert result.moved and result.approval is None
    tick = clock.now() + timedelta(minutes=2)
    assert await rescore_changed(db, tick) == {"rescored": 1}
    assert await rescore_changed(db, tick + timedelta(minutes=1)) == {"rescored": 0}  # once per change
    async with db.read() as session:
        after = {
            row.opportunity_id: row
            for row in (await session.execute(text("SELECT * FROM opportunity_win_score"))).mappings()
        }
    assert after[moved_id]["scored_at"] == tick and after[moved_id]["previous_scored_at"] == before[moved_id]
    assert {i for i, row in after.items() if row["scored_at"] != before.get(i)} == {moved_id}
