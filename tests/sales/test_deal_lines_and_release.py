"""A rep's deal and customer edits: products on a deal (its amount is their total, as the approval gates allow),
the product catalogue, and giving a customer back to the public pool with a reason."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Customer, Product
from rapport.graphql.node import to_global_id
from rapport.sales.models import PoolMovement
from tests import factories
from tests.conftest import GraphQLClient
from tests.sales.conftest import Sales, call

ERRORS = "userErrors { field code message }"
DEAL = (
    "opportunity { id version amount stage { key } lines { position name quantity unitPrice amount product { sku } } }"
)


async def _products(db: Database) -> dict[str, str]:
    """Three catalogue products (one no longer sold), by SKU: their global ids."""
    rows = [
        Product(id=uuid7(), sku="PRN-01", name="激光打印机", category="hardware", unit_price=Decimal("2999.00")),
        Product(id=uuid7(), sku="SVC-01", name="Service plan", category="service", unit_price=Decimal("1200.50")),
        Product(id=uuid7(), sku="OLD-01", name="Fax machine", unit_price=Decimal("800.00"), active=False),
    ]
    async with db.write() as session:
        session.add_all(rows)
    return {p.sku: to_global_id("Product", p.id) for p in rows}


async def _deal(gql: GraphQLClient, sales: Sales, db: Database, amount: str) -> dict[str, Any]:
    customer = await factories.customer(db, sales.rep, f"Lines {uuid.uuid4().hex[:6]}")
    await gql.login("rep@demo.example")
    created = await call(
        gql,
        "opportunityCreate",
        "OpportunityCreateInput",
        {"customerId": to_global_id("Customer", customer.id), "name": "Office kit", "amount": amount},
        DEAL,
    )
    deal: dict[str, Any] = created["opportunity"]
    return deal


async def _set_lines(gql: GraphQLClient, deal: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    return await call(
        gql,
        "opportunityLinesSet",
        "OpportunityLinesSetInput",
        {"id": deal["id"], "version": deal["version"], "lines": lines},
        f"{DEAL} {ERRORS}",
    )


async def test_the_lines_of_a_deal_make_its_amount_and_are_replaced_at_the_version_read(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    products = await _products(db)
    deal = await _deal(gql, sales, db, "1000")
    set_ = await _set_lines(
        gql,
        deal,
        [
            {"productId": products["PRN-01"], "quantity": 3},
            {"productId": products["SVC-01"], "quantity": 2, "unitPrice": "1000"},
        ],
    )
    assert set_["userErrors"] == []
    lined = set_["opportunity"]
    assert lined["amount"] == "10997.00" and lined["version"] == deal["version"] + 1
    assert lined["lines"] == [
        {
            "position": 1,
            "name": "激光打印机",
            "quantity": 3,
            "unitPrice": "2999.00",
            "amount": "8997.00",
            "product": {"sku": "PRN-01"},
        },
        {
            "position": 2,
            "name": "Service plan",
            "quantity": 2,
            "unitPrice": "1000.00",
            "amount": "2000.00",
            "product": {"sku": "SVC-01"},
        },
    ]
    stale = await gql(
        "mutation($i: OpportunityLinesSetInput!) { opportunityLinesSet(input: $i) { opportunity { id } } }",
        {"i": {"id": deal["id"], "version": deal["version"], "lines": []}},
    )
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    # Bad lines are input errors naming the line; nothing changes.
    for line, field in (
        ({"productId": products["OLD-01"], "quantity": 1}, "lines.0.productId"),
        ({"productId": to_global_id("Product", uuid.uuid4()), "quantity": 1}, "lines.0.productId"),
        ({"productId": products["PRN-01"], "quantity": 0}, "lines.0.quantity"),
        ({"productId": products["PRN-01"], "quantity": 1, "unitPrice": "-1"}, "lines.0.unitPrice"),
    ):
        bad = await _set_lines(gql, lined, [line])
        assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [(field, "BAD_USER_INPUT")], line
    body = await gql("query($id: ID!) { opportunity(id: $id) { version amount lines { name } } }", {"id": deal["id"]})
    assert body["data"]["opportunity"]["version"] == lined["version"]
    assert len(body["data"]["opportunity"]["lines"]) == 2
    # No lines: the lines go, the amount stays as it was (the rep may set it by hand again).
    cleared = await _set_lines(gql, lined, [])
    assert cleared["opportunity"]["lines"] == [] and cleared["opportunity"]["amount"] == "10997.00"


async def test_a_deal_past_a_gate_cannot_grow_past_what_the_gate_lets_through(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    products = await _products(db)
    deal = await _deal(gql, sales, db, "50000")  # under the quote stage's 100,000 threshold
    moved = await call(
        gql,
        "opportunityMoveStage",
        "OpportunityMoveStageInput",
        {"id": deal["id"], "stageId": sales.stages["quote"]},
        f"moved {DEAL} {ERRORS}",
    )
    assert moved["moved"] is True
    in_quote = moved["opportunity"]
    bigger = await call(
        gql,
        "opportunityUpdate",
        "OpportunityUpdateInput",
        {"id": deal["id"], "version": in_quote["version"], "amount": "500000"},
        f"{DEAL} {ERRORS}",
    )
    assert [(e["field"], e["code"]) for e in bigger["userErrors"]] == [("amount", "APPROVAL_REQUIRED")]
    many = await _set_lines(
        gql, in_quote, [{"productId": products["PRN-01"], "quantity": 100}]
    )  # 299,900: past the threshold
    assert [(e["field"], e["code"]) for e in many["userErrors"]] == [("lines", "APPROVAL_REQUIRED")]
    # Within the threshold, or smaller: fine.
    few = await _set_lines(gql, in_quote, [{"productId": products["PRN-01"], "quantity": 10}])
    assert few["userErrors"] == [] and few["opportunity"]["amount"] == "29990.00"
    # Moved back before the gate, it may grow; entering the gate again then asks a director.
    back = await call(
        gql,
        "opportunityMoveStage",
        "OpportunityMoveStageInput",
        {"id": deal["id"], "stageId": sales.stages["needs_analysis"]},
        f"moved {DEAL} {ERRORS}",
    )
    grown = await call(
        gql,
        "opportunityUpdate",
        "OpportunityUpdateInput",
        {"id": deal["id"], "version": back["opportunity"]["version"], "amount": "500000"},
        f"{DEAL} {ERRORS}",
    )
    assert grown["userErrors"] == [] and grown["opportunity"]["amount"] == "500000.00"
    again = await call(
        gql,
        "opportunityMoveStage",
        "OpportunityMoveStageInput",
        {"id": deal["id"], "stageId": sales.stages["quote"]},
        f"moved approval {{ status amount }} {ERRORS}",
    )
    assert again["moved"] is False and again["approval"] == {"status": "PENDING", "amount": "500000.00"}


async def test_the_catalogue_offers_products_sold_to_sales_only(gql: GraphQLClient, sales: Sales, db: Database) -> None:
    await _products(db)
    await gql.login("rep@demo.example")
    query = "query($s: String, $all: Boolean!) { products(search: $s, includeInactive: $all) { sku name unitPrice } }"
    sold = (await gql(query, {"s": None, "all": False}))["data"]["products"]
    assert [p["sku"] for p in sold] == ["SVC-01", "PRN-01"]  # by name
    assert (await gql(query, {"s": "prn", "all": False}))["data"]["products"] == [
        {"sku": "PRN-01", "name": "激光打印机", "unitPrice": "2999.00"}
    ]
    assert [p["sku"] for p in (await gql(query, {"s": "fax", "all": True}))["data"]["products"]] == ["OLD-01"]
    await gql.login("agent@demo.example")
    refused = await gql(query, {"s": None, "all": False})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


RELEASE = f"customer {{ name poolStatus owner {{ email }} }} released {ERRORS}"


async def test_a_rep_gives_a_customer_back_to_the_pool_with_a_reason_and_cannot_take_it_again_at_once(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    mine = await factories.customer(db, sales.rep, "Give Back Co")
    cid = to_global_id("Customer", mine.id)
    await gql.login("rep@demo.example")
    no_reason = await call(gql, "poolRelease", "PoolReleaseInput", {"customerId": cid, "reason": "  "}, RELEASE)
    assert [(e["field"], e["code"]) for e in no_reason["userErrors"]] == [("reason", "BAD_USER_INPUT")]
    released = await call(
        gql, "poolRelease", "PoolReleaseInput", {"customerId": cid, "reason": "Moved abroad, no budget"}, RELEASE
    )
    # The rep no longer sees it (own scope): the payload says it is released.
    assert released == {"customer": None, "released": True, "userErrors": []}
    async with db.read() as session:
        row = await session.get(Customer, mine.id)
        assert row is not None and (row.pool_status, row.owner_id, row.team_id) == ("public", None, None)
        movement = (await session.execute(select(PoolMovement).where(PoolMovement.customer_id == mine.id))).scalar_one()
    assert (movement.kind, movement.user_id, movement.actor_id) == ("released", sales.rep.user_id, sales.rep.user_id)
    assert movement.data == {"reason": "Moved abroad, no budget"}
    # Taking it straight back would restart the follow-up clock: the cooldown applies as for a reclaim.
    claim = await call(gql, "poolClaim", "PoolClaimInput", {"customerId": cid}, ERRORS)
    assert claim["userErrors"][0]["code"] == "COOLDOWN"
    # Another rep may claim it; it cannot be given back twice.
    await gql.login("rep2@demo.example")
    taken = await call(gql, "poolClaim", "PoolClaimInput", {"customerId": cid}, "customer { owner { email } }")
    assert taken["customer"]["owner"] == {"email": "rep2@demo.example"}
    # Directors see why in the customer's timeline.
    await gql.login("director@demo.example")
    timeline = await gql(
        "query($id: ID!) { customer(id: $id) { timeline { nodes { ... on PoolMovementEntry { kind data } } } } }",
        {"id": cid},
    )
    kinds = [n for n in timeline["data"]["customer"]["timeline"]["nodes"] if n]
    assert {"kind": "RELEASED", "data": {"reason": "Moved abroad, no budget"}} in kinds


async def test_only_an_owned_customer_one_may_see_goes_back_and_a_manager_tells_the_rep(
    gql: GraphQLClient, sales: Sales, db: Database
) -> None:
    theirs = await factories.customer(db, sales.rep, "Team Co")
    cid = to_global_id("Customer", theirs.id)
    # rep2 (another team) does not find it; a service agent may not give customers back at all.
    await gql.login("rep2@demo.example")
    hidden = await gql(
        "mutation($i: PoolReleaseInput!) { poolRelease(input: $i) { released } }",
        {"i": {"customerId": cid, "reason": "x"}},
    )
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await gql.login("agent@demo.example")
    refused = await gql(
        "mutation($i: PoolReleaseInput!) { poolRelease(input: $i) { released } }",
        {"i": {"customerId": cid, "reason": "x"}},
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The rep's manager gives it back: it is in the pool (out of the team, so out of the manager's sight), and the
    # rep is told why.
    await gql.login("manager@demo.example")
    released = await call(
        gql, "poolRelease", "PoolReleaseInput", {"customerId": cid, "reason": "Rebalancing the team"}, RELEASE
    )
    assert released == {"customer": None, "released": True, "userErrors": []}
    # A director still sees it, in the pool: it cannot go back twice.
    await gql.login("director@demo.example")
    again = await call(gql, "poolRelease", "PoolReleaseInput", {"customerId": cid, "reason": "again"}, RELEASE)
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [("customerId", "IN_POOL")]
    async with db.read() as session:
        told = (
            await session.execute(select(Notification).where(Notification.user_id == sales.rep.user_id))
        ).scalar_one()
    assert (told.kind, told.title, told.body) == (
        "pool_released",
        "Team Co was given back to the public pool",
        "Rebalancing the team",
    )
