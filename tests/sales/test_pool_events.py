"""Public-pool rules count events of the customer as contact: an order, a won deal, a ticket, as each rule says."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers.models import Customer
from rapport.graphql.node import to_global_id
from rapport.support.workflow.service import TicketDraft, create_ticket
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

T0 = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
RULE = "rule { grade daysWithoutFollowUp countedEvents } userErrors { field code }"


async def _customer(db: Database, sales: Sales, name: str) -> uuid.UUID:
    with clock.frozen_at(T0):
        return (await factories.customer(db, sales.rep, name)).id


async def _days_left(gql: GraphQLClient, at: datetime, **ids: uuid.UUID) -> dict[str, Any]:
    fields = " ".join(f"{name}: customer(id: ${name}) {{ poolDaysLeft }}" for name in ids)
    variables = ", ".join(f"${name}: ID!" for name in ids)
    with clock.frozen_at(at):
        body = await gql(f"query({variables}) {{ {fields} }}", {k: to_global_id("Customer", v) for k, v in ids.items()})
    assert "errors" not in body, body
    return {name: value["poolDaysLeft"] for name, value in body["data"].items()}


async def _status(db: Database, customer_id: uuid.UUID) -> str:
    async with db.read() as session:
        row = await session.get(Customer, customer_id)
        assert row is not None
        return row.pool_status


async def test_the_pool_rule_counts_an_order_placed_18_days_earlier_and_the_events_it_counts_are_set_per_rule(
    gql: GraphQLClient, sales: Sales, db: Database, settings: Settings
) -> None:
    ordered = await _customer(db, sales, "Ordered Co")
    ticketed = await _customer(db, sales, "Ticket Co")
    idle = await _customer(db, sales, "Idle Co")
    await factories.orders(db, ordered, ["980.00"], start=T0 + timedelta(days=12), step=timedelta(0))
    with clock.frozen_at(T0 + timedelta(days=12)):
        async with db.write() as session:
            await create_ticket(
                session, sales.rep, TicketDraft(subject="发票", category="billing", customer_id=ticketed)
            )
    install()

    # Without a rule, orders (and won deals) count, tickets do not: 30 days from the order, from creation.
    await gql.login("rep@demo.example")
    assert await _days_left(gql, T0 + timedelta(days=20), o=ordered, t=ticketed, i=idle) == {"o": 22, "t": 10, "i": 10}

    await gql.login("admin@demo.example")
    saved = await call(
        gql, "poolRuleSave", "PoolRuleInput", {"daysWithoutFollowUp": 30, "countedEvents": ["TICKET", "ORDER"]}, RULE
    )
    assert saved == {
        "rule": {"grade": None, "daysWithoutFollowUp": 30, "countedEvents": ["ORDER", "TICKET"]},
        "userErrors": [],
    }
    # 30 days after creation and 18 days after the order and the ticket: only the idle customer goes back.
    at = T0 + timedelta(days=30, hours=1)
    assert await run_job("pool-reclaim", db, settings, at) == {"warned": 0, "reclaimed": 1}
    assert [await _status(db, c) for c in (ordered, ticketed, idle)] == ["private", "private", "public"]
    await gql.login("rep@demo.example")
    assert await _days_left(gql, at, o=ordered, t=ticketed) == {"o": 12, "t": 12}  # 11 days 23 hours, rounded up

    # A rule that counts nothing but follow-ups: the order and the ticket no longer keep them.
    await gql.login("admin@demo.example")
    saved = await call(gql, "poolRuleSave", "PoolRuleInput", {"daysWithoutFollowUp": 30, "countedEvents": []}, RULE)
    assert saved["rule"]["countedEvents"] == []
    # Leaving countedEvents out keeps what the rule counts.
    kept = await call(gql, "poolRuleSave", "PoolRuleInput", {"daysWithoutFollowUp": 31}, RULE)
    assert kept["rule"] == {"grade": None, "daysWithoutFollowUp": 31, "countedEvents": []}
    assert await run_job("pool-reclaim", db, settings, T0 + timedelta(days=31, hours=1)) == {
        "warned": 0,
        "reclaimed": 2,
    }
    assert [await _status(db, c) for c in (ordered, ticketed)] == ["public", "public"]
    listed = await gql("{ poolRules { grade countedEvents } }")
    assert listed["data"]["poolRules"] == [{"grade": None, "countedEvents": []}]
