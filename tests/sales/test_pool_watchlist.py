"""The watchlist's cheap pre-filters never leave out a customer its deadline keeps: both read paths answer as the
plain definition (every deadline computed, then filtered), whatever the rules, events and exemptions."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import DateTime, func, literal

from rapport.app import create_app
from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.sales.pipeline import service as pipeline
from rapport.sales.pool.repository import private_with_deadline
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

T0 = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
WATCHLIST = "query($d: Int!, $n: Int!) { poolWatchlist(withinDays: $d, first: $n) { id poolDaysLeft } }"
RULE = "rule { grade daysWithoutFollowUp } userErrors { field code }"
FIRST = 50


async def _customer(db: Database, sales: Sales, name: str, at: datetime, **values: Any) -> uuid.UUID:
    with clock.frozen_at(at):
        return (await factories.customer(db, sales.rep, name, **values)).id


async def _plain(db: Database, at: datetime, within: int) -> list[str]:
    """The watchlist by its definition (an admin sees every customer): each deadline, then `<=`, then the order."""
    pool = private_with_deadline()
    c = pool.statement.selected_columns
    until = literal(at, DateTime(timezone=True)) + func.make_interval(0, 0, 0, within)
    stmt = (
        pool.statement.with_only_columns(c.id).where(pool.deadline <= until).order_by(pool.deadline, c.id).limit(FIRST)
    )
    async with db.read() as session:
        return [to_global_id("Customer", i) for i in (await session.execute(stmt)).scalars()]


async def _rule(gql: GraphQLClient, days: int, grade: str | None = None, **values: Any) -> None:
    saved = await call(
        gql, "poolRuleSave", "PoolRuleInput", {"grade": grade, "daysWithoutFollowUp": days, **values}, RULE
    )
    assert saved["userErrors"] == [], saved


async def test_the_watchlist_answers_as_its_plain_definition_on_both_read_paths(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    # Customers whose deadlines a wrong pre-filter would lose: under the rule with the most days (A) and the
    # fewest (B), without a rule (30 days while every rule has more), kept by a recent order while their
    # follow-up is old, kept by a recent follow-up while their order is old, exempted by an open deal, and a
    # ticket that the rule does not count.
    names: dict[str, uuid.UUID] = {}
    names["long rule"] = await _customer(db, sales, "Long rule", T0, grade="A")
    names["short rule"] = await _customer(db, sales, "Short rule", T0 + timedelta(hours=5), grade="B")
    names["no rule"] = await _customer(db, sales, "No rule", T0 + timedelta(hours=1))
    names["late order"] = await _customer(db, sales, "Late order", T0, grade="C")
    await factories.activities(db, sales.rep, names["late order"], 1, start=T0, step=timedelta(0))
    await factories.orders(db, names["late order"], ["99.00"], start=T0 + timedelta(days=20), step=timedelta(0))
    names["late call"] = await _customer(db, sales, "Late call", T0, grade="D")
    await factories.orders(db, names["late call"], ["99.00"], start=T0 + timedelta(days=2), step=timedelta(0))
    await factories.activities(
        db, sales.rep, names["late call"], 1, start=T0 + timedelta(days=9, hours=7), step=timedelta(0)
    )
    names["exempt"] = await _customer(db, sales, "Exempt", T0, grade="A")
    with clock.frozen_at(T0):
        async with db.write() as session:
            deal = await pipeline.create(
                session, sales.rep, names["exempt"], "Big deal", Decimal("1000"), sales.raw_stages["contract"], None
            )
    assert deal.status == "open"
    names["slack"] = await _customer(db, sales, "Slack", T0 + timedelta(hours=23))
    with clock.frozen_at(T0):
        await factories.customer(db, sales.rep2, "Someone else's", grade="B")

    install()
    compiled_app = create_app(settings, database=db)
    resolver_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    transport = httpx.ASGITransport
    async with (
        httpx.AsyncClient(transport=transport(app=compiled_app), base_url="http://testserver") as fast_http,
        httpx.AsyncClient(transport=transport(app=resolver_app), base_url="http://testserver") as slow_http,
    ):
        fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
        for client in (gql, fast, slow):
            await client.login("admin@demo.example")

        async def compare(at: datetime, within: int) -> list[str]:
            expected = await _plain(db, at, within)
            variables = {"d": within, "n": FIRST}
            with clock.frozen_at(at):
                served = compiled_app.state.graphql.compiled.served
                got = await fast(WATCHLIST, variables, headers={"X-Rapport-Debug": "sql"})
                assert compiled_app.state.graphql.compiled.served == served + 1, "not compiled"
                assert got["extensions"]["sql"]["statements"] == 1  # the session's lookup is counted apart
                by_resolvers = await slow(WATCHLIST, variables)
            assert "errors" not in got and "errors" not in by_resolvers, (got, by_resolvers)
            assert [row["id"] for row in got["data"]["poolWatchlist"]] == expected, (at - T0, within)
            assert got["data"] == by_resolvers["data"], (at - T0, within)
            return expected

        times = [T0 + timedelta(days=d, hours=h) for d in (0, 3, 9, 14, 16, 22, 25, 29, 40, 52, 58) for h in (0, 8)]
        # Grade rules only, both past the 30 days of a customer without a rule.
        await _rule(gql, 60, "A", exemptFromStagePosition=3)
        await _rule(gql, 45, "B")
        seen: set[str] = set()
        for at in times:
            for within in (1, 7, 30):
                seen.update(await compare(at, within))
        # A default rule with fewer days than the grades', exempting from the contract stage; B fewer still.
        await _rule(gql, 10, exemptFromStagePosition=3)
        await _rule(gql, 5, "B", warnDaysBefore=2)
        for at in times:
            for within in (1, 7, 30):
                seen.update(await compare(at, within))
    listed = {name for name, raw in names.items() if to_global_id("Customer", raw) in seen}
    assert listed == set(names) - {"exempt"}
