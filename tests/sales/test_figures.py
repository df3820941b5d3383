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

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update

from rapport.config import Settings
from rapport.core import clock
from rapport.core.authz.policy import Access
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.sales.authz import ARGUMENT_RULES
from rapport.sales.leads import service as leads
from rapport.sales.models import Lead, Opportunity
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.conftest import GraphQLClient, app_document, both_paths, compiled_sql
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


async def test_the_current_period_follows_the_clock_on_a_reused_compiled_statement(
    gql: GraphQLClient, march: Sales
) -> None:
    """Without `periodStart` the statement reads the request's clock: the SQL compiled in March and reused in April
    answers April (in China time: 1 April 00:30 there is still 31 March in UTC)."""
    await _target(gql, userId=march.users["rep@demo.example"], amount="100000")
    await gql.login("rep@demo.example")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    query = "{ salesForecast { periodStart periodEnd wonAmount target } q: salesForecast(period: QUARTER) { periodStart periodEnd } }"
    answers = []
    for now in ("2026-03-31T23:30:00+08:00", "2026-04-01T00:30:00+08:00"):
        with clock.frozen_at(datetime.fromisoformat(now)):
            served = compiled.served
            answers.append((await gql(query))["data"])
            assert compiled.served == served + 1, "not compiled"
    assert answers == [
        {
            "salesForecast": {
                "periodStart": "2026-03-01",
                "periodEnd": "2026-04-01",
                "wonAmount": "70000.00",
                "target": "100000.00",
            },
            "q": {"periodStart": "2026-01-01", "periodEnd": "2026-04-01"},
        },
        {
            "salesForecast": {
                "periodStart": "2026-04-01",
                "periodEnd": "2026-05-01",
                "wonAmount": "0.00",
                "target": None,
            },
            "q": {"periodStart": "2026-04-01", "periodEnd": "2026-07-01"},
        },
    ]


async def test_this_years_targets_follow_the_clock_on_a_reused_compiled_statement(
    gql: GraphQLClient, march: Sales
) -> None:
    await _target(gql, userId=march.users["rep@demo.example"], amount="100000")
    await _target(gql, userId=march.users["rep@demo.example"], amount="120000", periodStart="2027-01-01")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    years = []
    for now in ("2026-12-31T23:30:00+08:00", "2027-01-01T00:30:00+08:00"):  # still 2026 in UTC at 00:30
        with clock.frozen_at(datetime.fromisoformat(now)):
            await gql.login("director@demo.example")
            served = compiled.served
            answer = await gql("{ salesTargets { periodStart amount } }")
            assert "errors" not in answer, answer
            targets = answer["data"]["salesTargets"]
            assert compiled.served == served + 1, "not compiled"
            years.append(targets)
    assert years == [
        [{"periodStart": "2026-03-01", "amount": "100000.00"}],
        [{"periodStart": "2027-01-01", "amount": "120000.00"}],
    ]


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


OPPORTUNITY_COUNT = "query($f: OpportunityFilter) { opportunities(filter: $f, first: 1) { totalCount } }"


async def _listed(gql: GraphQLClient, **conditions: Any) -> int:
    body = await gql(OPPORTUNITY_COUNT, {"f": conditions})
    assert "errors" not in body, body
    count: int = body["data"]["opportunities"]["totalCount"]
    return count


async def test_every_sales_figure_counts_the_rows_its_drill_down_lists(
    gql: GraphQLClient, march: Sales, db: Database
) -> None:
    """The dashboards' links open `opportunities` with these filters: the list holds exactly the figure's deals."""
    async with db.write() as session:
        await session.execute(
            update(Customer).where(Customer.name.in_(["Customer 10000", "Customer 40000"])).values(province="浙江省")
        )
    days = {"createdFrom": MARCH["from"], "createdTo": MARCH["to"]}
    closed = {"closedFrom": MARCH["from"], "closedTo": MARCH["to"]}
    for login in ("rep@demo.example", "director@demo.example"):
        await gql.login(login)
        funnel = await gql(
            "query($from: Date, $to: Date) { salesFunnel(from: $from, to: $to) { stageKey reached } }", MARCH
        )
        for step in funnel["data"]["salesFunnel"]:
            listed = await _listed(gql, reachedStageId=march.stages[step["stageKey"]], **days)
            assert listed == step["reached"], (login, step)
        query = (
            "query($by: SalesDimension!, $from: Date, $to: Date) { salesPerformance(by: $by, from: $from, to: $to) "
            "{ key id won open } }"
        )
        for row in (await gql(query, {"by": "REP", **MARCH}))["data"]["salesPerformance"]:
            assert await _listed(gql, statuses=["WON"], ownerIds=[row["id"]], **closed) == row["won"], row
            assert await _listed(gql, statuses=["OPEN"], ownerIds=[row["id"]], **days) == row["open"], row
        regions = (await gql(query, {"by": "REGION", **MARCH}))["data"]["salesPerformance"]
        assert {r["key"] for r in regions} >= {"浙江省"}
        for row in regions:
            if row["key"] != "—":
                assert await _listed(gql, statuses=["WON"], provinces=[row["key"]], **closed) == row["won"], row
    # Days are China-time days, as the figures' periods: a deal opened at 07:00 in Shanghai on March 2nd (still
    # March 1st in UTC) is March 2nd's.
    async with db.write() as session:
        early = datetime.fromisoformat("2026-03-02T07:00:00+08:00")
        await session.execute(update(Opportunity).where(Opportunity.name == "Deal 50000").values(created_at=early))
    assert await _listed(gql, createdFrom="2026-03-02", createdTo="2026-03-03") == 7
    assert await _listed(gql, createdFrom="2026-03-01", createdTo="2026-03-02") == 0


def test_filtering_opportunities_by_province_reads_the_customers_province() -> None:
    """A province is the customer's: a role that may not read it may not filter deals by it either."""
    rule = ARGUMENT_RULES[("Query.opportunities", "filter")]
    assert ("Customer.province", Access.READ) in rule({"provinces": ["浙江省"]})
    assert ("Opportunity.stageHistory", Access.READ) in rule({"reachedStageId": "x"})
    assert ("Customer.province", Access.READ) not in rule({"statuses": ["WON"]})


async def test_each_rep_and_team_is_shown_against_its_own_target(gql: GraphQLClient, march: Sales) -> None:
    await _target(gql, userId=march.users["rep@demo.example"], amount="100000")  # March
    await _target(gql, teamId=march.teams["East Sales"], amount="350000")
    # rep2 has a quarterly target only: it counts for a period holding the whole quarter.
    await _target(
        gql, userId=march.users["rep2@demo.example"], amount="90000", period="QUARTER", periodStart="2026-01-01"
    )
    query = (
        "query($by: SalesDimension!, $from: Date, $to: Date) { salesPerformance(by: $by, from: $from, to: $to) "
        "{ key wonAmount target attainment } }"
    )
    await gql.login("director@demo.example")
    by_rep = (await gql(query, {"by": "REP", **MARCH}))["data"]["salesPerformance"]
    assert by_rep == [
        {"key": "Rita Rep", "wonAmount": "70000.00", "target": "100000.00", "attainment": 0.7},
        {"key": "Ray Rep", "wonAmount": "0.00", "target": None, "attainment": None},  # no target for March alone
    ]
    quarter = {"from": "2026-01-01", "to": "2026-04-01"}
    by_rep = (await gql(query, {"by": "REP", **quarter}))["data"]["salesPerformance"]
    assert [(r["key"], r["target"], r["attainment"]) for r in by_rep] == [
        ("Rita Rep", "100000.00", 0.7),  # her monthly target (no quarterly one)
        ("Ray Rep", "90000.00", 0.0),
    ]
    by_team = (await gql(query, {"by": "TEAM", **MARCH}))["data"]["salesPerformance"]
    assert {r["key"]: r["target"] for r in by_team} == {"East Sales": "350000.00", "North Sales": None}
    by_region = (await gql(query, {"by": "REGION", **MARCH}))["data"]["salesPerformance"]
    assert {r["target"] for r in by_region} == {None}
    # A rep sees their own row, target included.
    await gql.login("rep@demo.example")
    own = (await gql(query, {"by": "REP", **MARCH}))["data"]["salesPerformance"]
    assert [(r["key"], r["target"]) for r in own] == [("Rita Rep", "100000.00")]


async def test_the_dashboards_forecasts_compute_the_win_rates_once_with_the_resolvers_answer(
    settings: Settings, db: Database, march: Sales
) -> None:
    """The sales dashboard asks for two forecasts, each reading the stages' win rates twice: compiled, the four
    reads are one common table expression (one read of the stage changes), and the answer is the resolvers'."""
    text = app_document("DashboardSales")
    flags = ("withFunnel", "withRevenueByRegion", "withRevenueByMonth", "withRevenueByRep", "withForecast")
    variables: dict[str, Any] = {
        **MARCH,
        "monthStart": "2026-03-01",
        "quarterStart": "2026-01-01",
        **dict.fromkeys(flags, False),
        "withForecast": True,
    }
    for email in ("rep@demo.example", "manager@demo.example", "director@demo.example"):
        async with both_paths(settings, db, email) as paths:
            expected = await paths.slow(text, variables)
            assert "errors" not in expected, expected
            served = paths.served
            assert await paths.fast(text, variables) == expected
            assert paths.served == served + 1, "not compiled"
        principal = await factories.principal(db, email)
        sql = await compiled_sql(paths.app, principal, text, "DashboardSales", variables)
        assert len(re.findall(r"\brates_\d+ AS\b", sql)) == 1, sql
        assert sql.count("FROM stage_change") == 1, sql
    month = expected["data"]["forecastMonth"]
    assert (month["weightedByProbability"], month["wonAmount"]) == ("31000.00", "70000.00")  # the director's


async def _plan(db: Database, statement: Any) -> str:
    """PostgreSQL's plan of a statement, with its real parameters."""
    async with db.write() as session:
        conn = await session.connection()
        compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params = [compiled.params[name] for name in compiled.positiontup]
        raw = (await conn.get_raw_connection()).driver_connection
        return "\n".join(r[0] for r in await raw.fetch("EXPLAIN " + str(compiled), *params))


async def test_a_forecast_reads_its_won_sum_and_its_target_once(db: Database, march: Sales) -> None:
    """The won sum and the target are read by several fields of a forecast (each share reads the target twice):
    PostgreSQL computes each once for the answer, not once per field that reads it. A month's target is one scan of
    the targets and a quarter's two (its own, else its months'); the won deals one scan of the opportunities, beside
    the open pipeline's one and the two reads of the win rates (two each) outside a compiled statement. Flattened into
    the answer, the target was five scans and the won sum three."""
    from rapport.sales.figures.answers import forecast_answer

    for email in ("rep@demo.example", "manager@demo.example", "director@demo.example"):
        principal = await factories.principal(db, email)
        for period, start, targets in (("month", date(2026, 3, 1), 1), ("quarter", date(2026, 1, 1), 2)):
            plan = await _plan(db, forecast_answer(principal, period, start).statement)
            assert len(re.findall(r" on sales_target\b", plan)) == targets, (email, period, plan)
            assert len(re.findall(r" on opportunity\b", plan)) == 6, (email, period, plan)
