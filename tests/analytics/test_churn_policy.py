"""Generated over every shipped role: who reads `Customer.churnRisk` and its fields, and which reasons each sees (a
reason shows only to a reader of every field it is computed from: a role that cannot read order amounts never sees
a reason that reveals them)."""

from __future__ import annotations

import pytest

from rapport.analytics.churn.reasons import REASONS, Reason
from rapport.analytics.churn.score import Scored, store_scores
from rapport.core import clock
from rapport.core.authz.policy import Access, Scope, current
from rapport.core.db import Database
from tests.authz.conftest import USERS, World
from tests.authz.conftest import world as world  # the fixture, shared with the authz tests
from tests.conftest import GraphQLClient

QUERY = """query($id: ID!) { customer(id: $id) { churnRisk {
  probability band reasons { code text new } scoredAt previousProbability previousScoredAt smallData } } }"""
READERS = {
    "admin",
    "sales_rep",
    "sales_manager",
    "sales_director",
    "service_agent",
    "service_supervisor",
    "marketing",
    "marketing_manager",
    "analyst",
}
PARAMS = {"days": 120, "percent": 40, "count": 2, "score": "2.0"}


def _readable(role: str, reason: Reason) -> bool:
    policy = current().for_roles([role])
    return all(policy.access(source) >= Access.READ for source in reason.sources) and all(
        Scope.ALL in policy.scope(type_name) for type_name in reason.counts_all
    )


@pytest.mark.parametrize("role", list(USERS))
async def test_churn_risk_and_its_reasons_by_role(gql: GraphQLClient, world: World, db: Database, role: str) -> None:
    async with db.write() as session:
        stored = [{"code": r.code, "params": PARAMS} for r in REASONS]
        await store_scores(
            session, [Scored(world.raw_customer_id, 0.8, stored)], now=clock.now(), run_id=None, small_data=False
        )
    assert (await gql.login(USERS[role]))["data"]["login"]["viewer"]
    body = await gql(QUERY, {"id": world.customer_id})
    if role not in READERS:
        customer = (body.get("data") or {}).get("customer")
        assert customer is None or customer.get("churnRisk") is None, (role, body)
        assert {e["extensions"]["code"] for e in body.get("errors") or []} & {"FORBIDDEN", "NOT_FOUND"}, body
        return
    risk = body["data"]["customer"]["churnRisk"]
    assert risk["band"] == "HIGH" and risk["probability"] == 0.8 and not body.get("errors"), (role, body)
    codes = [r["code"] for r in risk["reasons"]]
    assert codes == [r.code for r in REASONS if _readable(role, r)], role
    # by hand, from the requirements: amounts stay with those who read them, tickets with those who read tickets,
    # and counts of tickets or deals with those who see all of them (an agent sees their team's tickets, a rep their
    # own deals: a count over every owner's would tell them of rows outside their scope)
    if role in ("service_agent", "service_supervisor"):
        assert "SPENDING_DOWN" not in codes and "LOW_SPENDING" not in codes and "UNRESOLVED_COMPLAINTS" not in codes
        assert "NO_FOLLOW_UP" in codes
    if role in ("marketing", "marketing_manager"):
        assert "UNRESOLVED_COMPLAINTS" not in codes and "SPENDING_DOWN" in codes
    if role in ("sales_rep", "sales_manager"):
        assert "SPENDING_DOWN" in codes and "NO_RECENT_ORDER" in codes
        assert "UNRESOLVED_COMPLAINTS" not in codes and "DEALS_LOST" not in codes
    if role in ("admin", "analyst"):
        assert "SPENDING_DOWN" in codes and "UNRESOLVED_COMPLAINTS" in codes and "DEALS_LOST" in codes
    for reason in REASONS:
        order_fields = any(source.startswith("Order.") for source in reason.sources)
        if order_fields and current().for_roles([role]).access("Order.orderedAt") < Access.READ:
            assert reason.code not in codes
