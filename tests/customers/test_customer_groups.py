"""`Query.customerGroups`: revenue of the caller's customers only, in the period, on both read paths; a statement
that reads no order when the operation selects no revenue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from tests import factories
from tests.conftest import both_paths, compiled_sql

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)

GROUPS = """query Groups($by: Dimension!, $filter: CustomerFilter, $from: DateTime, $withRevenue: Boolean!) {
  customerGroups(by: $by, filter: $filter, revenueFrom: $from) {
    total
    groups { key customers share revenue @include(if: $withRevenue) }
    largest { key revenue @include(if: $withRevenue) }
    smallest { key customers }
  }
}"""


async def _customers(db: Database) -> None:
    """The rep's customers in two provinces and one grade filter, and another rep's customer beside them."""
    rep = await factories.principal(db, "rep@demo.example")
    other = await factories.principal(db, "rep2@demo.example")
    recent = NOW - timedelta(days=10)
    for name, province, grade, amounts, status in (
        ("SH-A", "上海市", "A", ["100.00", "20.50"], "completed"),
        ("SH-B", "上海市", "B", ["7.25"], "paid"),
        ("SH-A-cancelled", "上海市", "A", ["999.00"], "cancelled"),
        ("ZJ-A", "浙江省", "A", ["40.00"], "shipped"),
        ("ZJ-none", "浙江省", "A", [], "completed"),
    ):
        customer = await factories.customer(db, rep, name, province=province, grade=grade)
        await factories.orders(db, customer.id, amounts, start=recent, step=timedelta(days=1), status=status)
    old = await factories.customer(db, rep, "SH-A-old", province="上海市", grade="A")
    await factories.orders(db, old.id, ["5000.00"], start=NOW - timedelta(days=400), step=timedelta(days=1))
    hidden = await factories.customer(db, other, "SH-A-other-rep", province="上海市", grade="A")
    await factories.orders(db, hidden.id, ["123456.00"], start=recent, step=timedelta(days=1))


async def test_revenue_counts_the_callers_customers_in_the_period_alike_on_both_paths(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    """The rep's groups: another rep's customer and its orders are not counted, nor a cancelled order or one
    before the period; a filter narrows counts and revenue together. The compiled path gives the resolvers'
    answer, and reads no order when no revenue is selected."""
    await _customers(db)
    since = (NOW - timedelta(days=30)).isoformat()
    async with both_paths(settings, db, "rep@demo.example") as paths:
        fast, slow, fast_app = paths.fast, paths.slow, paths.app
        answers: dict[tuple[str, bool], Any] = {}
        for given in (None, {"grades": ["A"]}):
            for with_revenue in (True, False):
                variables = {"by": "REGION", "filter": given, "from": since, "withRevenue": with_revenue}
                expected = await slow(GROUPS, variables)
                served = fast_app.state.graphql.compiled.served
                assert await fast(GROUPS, variables) == expected, variables
                assert fast_app.state.graphql.compiled.served == served + 1, f"{variables}: not compiled"
                answers[("all" if given is None else "A", with_revenue)] = expected["data"]["customerGroups"]
        rep = await factories.principal(db, "rep@demo.example")
        for with_revenue in (True, False):
            variables = {"by": "REGION", "filter": None, "from": since, "withRevenue": with_revenue}
            sql = await compiled_sql(fast_app, rep, GROUPS, None, variables)
            assert ("sales_order" in sql) is with_revenue
    assert answers[("all", True)] == {
        "total": 6,
        "groups": [
            {"key": "上海市", "customers": 4, "share": 0.6667, "revenue": "127.75"},  # 100 + 20.50 + 7.25
            {"key": "浙江省", "customers": 2, "share": 0.3333, "revenue": "40.00"},
        ],
        "largest": {"key": "上海市", "revenue": "127.75"},
        "smallest": {"key": "浙江省", "customers": 2},
    }
    assert answers[("A", True)] == {
        "total": 5,
        "groups": [
            {"key": "上海市", "customers": 3, "share": 0.6, "revenue": "120.50"},
            {"key": "浙江省", "customers": 2, "share": 0.4, "revenue": "40.00"},
        ],
        "largest": {"key": "上海市", "revenue": "120.50"},
        "smallest": {"key": "浙江省", "customers": 2},
    }
    for given in ("all", "A"):  # the same groups without revenue
        full, bare = answers[(given, True)], answers[(given, False)]
        assert bare["groups"] == [{k: v for k, v in g.items() if k != "revenue"} for g in full["groups"]]
        assert bare["largest"] == {"key": full["largest"]["key"]} and bare["total"] == full["total"]


async def test_revenue_by_rfm_segment_counts_scored_and_unscored_customers_of_the_caller_only(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    """By RFM segment, with and without a period's start: a scored customer's revenue under its segment, the
    unscored ones' under "none", and another rep's scored customer nowhere, on both paths."""
    from sqlalchemy import insert, select

    from rapport.customers.models import Customer, CustomerScore

    await _customers(db)
    async with db.write() as session:
        scored = (
            await session.execute(select(Customer.id).where(Customer.name.in_(("SH-A", "SH-A-other-rep"))))
        ).scalars()
        for customer_id in scored:
            await session.execute(
                insert(CustomerScore).values(customer_id=customer_id, segment="champions", computed_at=NOW)
            )
    since = (NOW - timedelta(days=30)).isoformat()
    async with both_paths(settings, db, "rep@demo.example") as paths:
        answers = {}
        for start in (since, None):
            variables = {"by": "RFM_SEGMENT", "filter": None, "from": start, "withRevenue": True}
            expected = await paths.slow(GROUPS, variables)
            served = paths.app.state.graphql.compiled.served
            assert await paths.fast(GROUPS, variables) == expected, variables
            assert paths.app.state.graphql.compiled.served == served + 1, f"{variables}: not compiled"
            answers[start] = expected["data"]["customerGroups"]["groups"]
    assert answers[since] == [
        {"key": "none", "customers": 5, "share": 0.8333, "revenue": "47.25"},  # 7.25 + 40
        {"key": "champions", "customers": 1, "share": 0.1667, "revenue": "120.50"},
    ]
    assert answers[None] == [
        {"key": "none", "customers": 5, "share": 0.8333, "revenue": "5047.25"},  # and the old order
        {"key": "champions", "customers": 1, "share": 0.1667, "revenue": "120.50"},
    ]
