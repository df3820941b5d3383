"""Forecast, funnel and performance equal values computed by hand on a small fixture.

March 2026, all of rep's (East Sales) unless said otherwise; stage probabilities 10/30/60/80/100:

    O1  10,000  needs analysis -> quote -> contract -> won (Mar 10)
    O2  20,000  needs analysis -> quote -> lost (Mar 12)
    O3  40,000  needs analysis -> contract (skips quote), open, expected Mar 25
    O4  30,000  needs analysis -> quote, open, expected Apr 10 (outside March)
    O5  50,000  needs analysis, open, no expected date (counts in)
    O6  60,000  needs analysis -> contract -> won (Mar 20)
    O7  20,000  rep2's (North Sales), needs analysis, open, no expected date
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.sales import leads, pipeline
from rapport.sales.models import Lead
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

T0 = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
MARCH = {"from": "2026-03-01", "to": "2026-04-01"}


async def _deal(
    db: Database, sales: Sales, who: Principal, amount: str, path: list[tuple[str, int]], expected: date | None
) -> None:
    with clock.frozen_at(T0):
        customer = await factories.customer(db, who, f"Customer {amount}")
        async with db.write() as session:
            opp = await pipeline.create(session, who, customer.id, f"Deal {amount}", Decimal(amount), None, expected)
    for stage, day in path:
        with clock.frozen_at(T0 + timedelta(days=day)):
            async with db.write() as session:
                reason = "price" if stage == "lost" else None
                await pipeline.move(session, who, opp.id, sales.raw_stages[stage], None, reason)


@pytest.fixture
async def march(sales: Sales, db: Database) -> Sales:
    await _deal(db, sales, sales.rep, "10000", [("quote", 1), ("contract", 3), ("won", 8)], date(2026, 3, 10))
    await _deal(db, sales, sales.rep, "20000", [("quote", 1), ("lost", 10)], None)
    await _deal(db, sales, sales.rep, "40000", [("contract", 2)], date(2026, 3, 25))
    await _deal(db, sales, sales.rep, "30000", [("quote", 2)], date(2026, 4, 10))
    await _deal(db, sales, sales.rep, "50000", [], None)
    await _deal(db, sales, sales.rep, "60000", [("contract", 4), ("won", 18)], None)
    await _deal(db, sales, sales.rep2, "20000", [], None)
    with clock.frozen_at(T0):
        async with db.write() as session:
            for name in ("Lead one", "Lead two"):
                draft = leads.LeadDraft(
                    name=name, source="web", email=f"{name[-3:]}@example.com", owner_id=sales.rep.user_id
                )
                await leads.capture(session, draft, sales.rep)
            await session.execute(update(Lead).where(Lead.name == "Lead one").values(status="converted"))
    return sales


FORECAST = (
    '{ salesForecast(period: MONTH, periodStart: "2026-03-01") { periodStart periodEnd openCount openAmount '
    "weightedByProbability weightedByHistory wonAmount target attainment projectedAttainment "
    "stageWinRates { stageKey rate } } }"
)


async def _target(gql: GraphQLClient, **values: Any) -> None:
    await gql.login("director@demo.example")
    payload = await call(
        gql,
        "salesTargetSet",
        "SalesTargetInput",
        {"period": "MONTH", "periodStart": "2026-03-01", **values},
        "target { amount } userErrors { field message }",
    )
    assert payload["userErrors"] == [], payload


async def test_the_forecast_weights_the_pipeline_by_probability_and_by_history_against_the_target(
    gql: GraphQLClient, march: Sales
) -> None:
    await _target(gql, userId=march.users["rep@demo.example"], amount="100000")
    await _target(gql, teamId=march.teams["East Sales"], amount="300000")
    await _target(gql, teamId=march.teams["Sales"], amount="500000")
    await gql.login("rep@demo.example")
    forecast = (await gql(FORECAST))["data"]["salesForecast"]
    assert forecast == {
        "periodStart": "2026-03-01",
        "periodEnd": "2026-04-01",
        "openCount": 2,  # O3 and O5 (O4 closes in April)
        "openAmount": "90000.00",
        "weightedByProbability": "29000.00",  # 40,000 x 60% + 50,000 x 10%
        # closed deals reaching needs analysis/quote: O1 won, O2 lost, O6 won (passed quote) -> 2/3;
        # contract and later: O1, O6 -> 1. So 40,000 x 1 + 50,000 x 0.666667.
        "weightedByHistory": "73333.35",
        "wonAmount": "70000.00",  # O1 + O6
        "target": "100000.00",
        "attainment": 0.7,
        "projectedAttainment": 0.99,
        "stageWinRates": [
            {"stageKey": "needs_analysis", "rate": 0.6667},
            {"stageKey": "quote", "rate": 0.6667},
            {"stageKey": "contract", "rate": 1.0},
            {"stageKey": "payment", "rate": 1.0},
            {"stageKey": "won", "rate": 1.0},
        ],
    }
    await gql.login("manager@demo.example")
    team = (await gql(FORECAST))["data"]["salesForecast"]
    assert (team["openCount"], team["target"]) == (2, "300000.00")
    await gql.login("director@demo.example")
    everyone = (await gql(FORECAST))["data"]["salesForecast"]
    assert (everyone["openCount"], everyone["openAmount"], everyone["target"]) == (3, "110000.00", "500000.00")
    assert everyone["weightedByProbability"] == "31000.00"  # + O7 20,000 x 10%
    # A quarter without a quarterly target sums the monthly ones.
    await _target(gql, userId=march.users["rep@demo.example"], amount="50000", periodStart="2026-02-01")
    await gql.login("rep@demo.example")
    quarter = await gql('{ salesForecast(period: QUARTER, periodStart: "2026-01-01") { target periodEnd wonAmount } }')
    assert quarter["data"]["salesForecast"] == {
        "target": "150000.00",
        "periodEnd": "2026-04-01",
        "wonAmount": "70000.00",
    }
    bad = await gql('{ salesForecast(period: QUARTER, periodStart: "2026-02-01") { target } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_funnel_counts_every_stage_a_deal_reached_or_passed(gql: GraphQLClient, march: Sales) -> None:
    await gql.login("rep@demo.example")
    body = await gql(
        "query($from: Date, $to: Date) { salesFunnel(from: $from, to: $to) { stageKey reached amount toNext } }", MARCH
    )
    assert body["data"]["salesFunnel"] == [
        {"stageKey": "needs_analysis", "reached": 6, "amount": "210000.00", "toNext": 0.8333},
        {"stageKey": "quote", "reached": 5, "amount": "160000.00", "toNext": 0.6},  # all but O5
        {"stageKey": "contract", "reached": 3, "amount": "110000.00", "toNext": 0.6667},  # O1, O3, O6
        {"stageKey": "payment", "reached": 2, "amount": "70000.00", "toNext": 1.0},  # O1 and O6 passed it
        {"stageKey": "won", "reached": 2, "amount": "70000.00", "toNext": None},
    ]
    april = await gql('{ salesFunnel(from: "2026-04-01", to: "2026-05-01") { reached } }')
    assert {s["reached"] for s in april["data"]["salesFunnel"]} == {0}


async def test_performance_by_rep_and_by_month(gql: GraphQLClient, march: Sales) -> None:
    query = (
        "query($by: SalesDimension!, $from: Date, $to: Date) { salesPerformance(by: $by, from: $from, to: $to) "
        "{ key wonAmount won lost open winRate avgCycleDays leads convertedLeads leadConversionRate } }"
    )
    await gql.login("director@demo.example")
    by_rep = (await gql(query, {"by": "REP", **MARCH}))["data"]["salesPerformance"]
    assert by_rep == [
        {
            "key": "Rita Rep",
            "wonAmount": "70000.00",
            "won": 2,
            "lost": 1,
            "open": 3,  # O3, O4, O5
            "winRate": 0.6667,
            "avgCycleDays": 13.0,  # O1 in 8 days, O6 in 18
            "leads": 2,
            "convertedLeads": 1,
            "leadConversionRate": 0.5,
        },
        {
            "key": "Ray Rep",
            "wonAmount": "0.00",
            "won": 0,
            "lost": 0,
            "open": 1,
            "winRate": None,
            "avgCycleDays": None,
            "leads": 0,
            "convertedLeads": 0,
            "leadConversionRate": None,
        },
    ]
    await gql.login("rep@demo.example")
    by_month = (await gql(query, {"by": "MONTH", **MARCH}))["data"]["salesPerformance"]
    assert [(r["key"], r["won"], r["open"]) for r in by_month] == [("2026-03", 2, 3)]
    too_long = await gql(query, {"by": "TEAM", "from": "2020-01-01", "to": "2026-01-01"})
    assert too_long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
