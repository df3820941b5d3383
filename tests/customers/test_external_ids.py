"""External ids and upserts for integrators: customers, orders (in bulk) and tickets, found by another system's ids."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.core.domain_events import DomainEvent
from rapport.core.ids import uuid7
from rapport.customers.merge import merge_customers
from rapport.customers.models import Customer, Order, OrderLine, Product
from rapport.customers.orders import BULK_LIMIT
from rapport.graphql.node import from_global_id, to_global_id
from rapport.support.models import Ticket
from tests import factories
from tests.conftest import GraphQLClient
from tests.graphql.test_idempotency import integration

pytestmark = pytest.mark.usefixtures("demo")

UPSERT = """
mutation Upsert($i: CustomerUpsertInput!) {
  customerUpsert(input: $i) {
    created customer { id name grade externalId version tags { name } contacts { name } }
    userErrors { field code message }
  }
}"""
ORDERS = """
mutation Orders($i: OrdersUpsertInput!) {
  ordersUpsert(input: $i) {
    created updated unchanged rejected
    results { index externalId outcome order { id number totalAmount status externalId customer { name } }
              userErrors { field code message } }
    userErrors { field code message }
  }
}"""
TICKET = """
mutation Ticket($i: TicketUpsertInput!) {
  ticketUpsert(input: $i) {
    created ticket { id subject priority externalId channel customer { name } }
    userErrors { field code message }
  }
}"""
SQL = {"X-Rapport-Debug": "sql"}


class Caller:
    """An integrator's API token over HTTP."""

    def __init__(self, client: httpx.AsyncClient, token: str) -> None:
        self.client, self.token = client, token

    async def __call__(self, query: str, variables: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {self.token}", **(headers or {})},
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
async def erp(client: httpx.AsyncClient, db: Database) -> Caller:
    return Caller(client, await integration(db))


async def count(db: Database, model: Any, *where: Any) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def skus(db: Database) -> list[Product]:
    """Two products of the catalogue."""
    now = datetime.now(UTC)
    products = [
        Product(id=uuid7(), version=1, created_at=now, updated_at=now, sku=sku, name=name, unit_price=Decimal(price))
        for sku, name, price in (("SKU-A", "打印机", "1999.00"), ("SKU-B", "墨盒", "89.90"))
    ]
    async with db.write() as session:
        session.add_all(products)
    return products


# --- customers ------------------------------------------------------------------------------------------------


async def test_an_upsert_creates_once_then_updates_the_same_customer(erp: Caller, db: Database) -> None:
    first = await erp(
        UPSERT,
        {
            "i": {
                "externalId": " K-100 ",
                "name": "云杉贸易",
                "grade": "B",
                "tags": ["ERP"],
                "contacts": [{"name": "王芳"}],
            }
        },
    )
    made = first["data"]["customerUpsert"]
    assert made["created"] is True and made["userErrors"] == []
    assert made["customer"]["externalId"] == "K-100"  # trimmed
    again = await erp(
        UPSERT, {"i": {"externalId": "K-100", "grade": "A", "tags": ["重点"], "contacts": [{"name": "不会添加"}]}}
    )
    kept = again["data"]["customerUpsert"]
    assert kept["created"] is False
    assert kept["customer"]["id"] == made["customer"]["id"]
    assert kept["customer"]["name"] == "云杉贸易" and kept["customer"]["grade"] == "A"  # omitted fields stay
    assert {t["name"] for t in kept["customer"]["tags"]} == {"ERP", "重点"}  # tags are added
    assert [c["name"] for c in kept["customer"]["contacts"]] == ["王芳"]  # contacts only come with a new customer
    assert await count(db, Customer, Customer.external_id == "K-100") == 1
    stale = await erp(UPSERT, {"i": {"externalId": "K-100", "grade": "C", "version": 1}})
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    missing_name = await erp(UPSERT, {"i": {"externalId": "K-101"}})
    assert missing_name["data"]["customerUpsert"]["userErrors"][0]["field"] == "name"
    assert await count(db, Customer, Customer.external_id == "K-101") == 0


async def test_concurrent_upserts_of_one_new_external_id_make_one_customer(erp: Caller, db: Database) -> None:
    answers = await asyncio.gather(
        *(erp(UPSERT, {"i": {"externalId": "RACE-1", "name": f"竞速{i}"}}) for i in range(8))
    )
    assert all("errors" not in a and a["data"]["customerUpsert"]["userErrors"] == [] for a in answers), answers
    assert sum(a["data"]["customerUpsert"]["created"] for a in answers) == 1
    assert len({a["data"]["customerUpsert"]["customer"]["id"] for a in answers}) == 1
    assert await count(db, Customer, Customer.external_id == "RACE-1") == 1


async def test_an_external_id_is_unique_on_create_and_on_update(gql: GraphQLClient, db: Database) -> None:
    await gql.login("rep@demo.example")
    create = "mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id version externalId } userErrors { field code message } } }"
    one = (await gql(create, {"i": {"name": "甲公司", "externalId": "X-1"}}))["data"]["customerCreate"]["customer"]
    assert one["externalId"] == "X-1"
    dup = await gql(create, {"i": {"name": "乙公司", "externalId": "X-1"}}, headers={"accept-language": "zh-CN"})
    errors = dup["data"]["customerCreate"]["userErrors"]
    assert errors[0]["field"] == "externalId" and "X-1" in errors[0]["message"] and "外部编号" in errors[0]["message"]
    assert await count(db, Customer, Customer.name == "乙公司") == 0
    two = (await gql(create, {"i": {"name": "乙公司"}}))["data"]["customerCreate"]["customer"]
    update = "mutation($i: CustomerUpdateInput!) { customerUpdate(input: $i) { customer { externalId } userErrors { field } } }"
    taken = await gql(update, {"i": {"id": two["id"], "version": two["version"], "externalId": "X-1"}})
    assert taken["data"]["customerUpdate"]["userErrors"][0]["field"] == "externalId"
    bad = await gql(update, {"i": {"id": two["id"], "version": two["version"], "externalId": "x" * 101}})
    assert bad["data"]["customerUpdate"]["userErrors"][0]["field"] == "externalId"
    freed = await gql(update, {"i": {"id": one["id"], "version": one["version"], "externalId": None}})
    assert freed["data"]["customerUpdate"]["customer"]["externalId"] is None
    now_free = await gql(update, {"i": {"id": two["id"], "version": two["version"], "externalId": "X-1"}})
    assert now_free["data"]["customerUpdate"]["customer"]["externalId"] == "X-1"


async def test_an_upsert_of_a_merged_customer_changes_the_survivor(erp: Caller, db: Database) -> None:
    loser = (await erp(UPSERT, {"i": {"externalId": "M-1", "name": "合并前"}}))["data"]["customerUpsert"]["customer"]
    survivor = (await erp(UPSERT, {"i": {"externalId": "M-2", "name": "存续方"}}))["data"]["customerUpsert"]["customer"]
    admin = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:
        await merge_customers(session, admin, from_global_id(survivor["id"])[1], from_global_id(loser["id"])[1])
    after = (await erp(UPSERT, {"i": {"externalId": "M-1", "grade": "A"}}))["data"]["customerUpsert"]
    assert after["created"] is False and after["customer"]["id"] == survivor["id"] and after["customer"]["grade"] == "A"


async def test_a_rep_cannot_reach_another_reps_customer_through_its_external_id(
    erp: Caller, gql: GraphQLClient, db: Database
) -> None:
    made = (await erp(UPSERT, {"i": {"externalId": "P-1", "name": "别人的客户"}}))["data"]["customerUpsert"]
    assert made["created"] is True  # owned by the integrator, out of a rep's own scope
    await gql.login("rep@demo.example")
    body = await gql(UPSERT, {"i": {"externalId": "P-1", "grade": "D"}})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    async with db.read() as session:
        assert (await session.scalar(select(Customer.grade).where(Customer.external_id == "P-1"))) is None


# --- orders ---------------------------------------------------------------------------------------------------


def order(external_id: str, **values: Any) -> dict[str, Any]:
    return {"externalId": external_id, "customerExternalId": "C-1", "orderedAt": "2026-11-02T10:00:00+08:00", **values}


async def test_orders_are_upserted_row_by_row_and_each_problem_is_reported(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-1", "name": "订单客户"}})
    a, b = await skus(db)
    rows = [
        order("O-1", lines=[{"sku": a.sku, "quantity": 2}, {"sku": b.sku, "quantity": 1, "unitPrice": "10.50"}]),
        order("O-2", totalAmount="99.90", status="paid", channel="wechat"),
        order("O-3", lines=[{"sku": "NO-SUCH-SKU", "quantity": 1}]),
        order("O-4", totalAmount="-1"),
        order("O-5", totalAmount="1", channel="telegraph"),
        order("O-1", totalAmount="5"),
        order("O-6", totalAmount="1", customerExternalId="C-404"),
        order("O-7"),
        order("O-8", totalAmount="1", orderedAt="2099-01-01T00:00:00Z"),
        order("O-9", totalAmount="1.001"),
        order(
            "O-10",
            totalAmount="1",
            customerExternalId=None,
            customerId=to_global_id("Customer", "0190f0f0-0000-7000-8000-000000000000"),
        ),
    ]
    body = (await erp(ORDERS, {"i": {"orders": rows}}))["data"]["ordersUpsert"]
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (2, 0, 0, 9)
    results = body["results"]
    assert [r["index"] for r in results] == list(range(len(rows)))
    first = results[0]["order"]
    assert Decimal(first["totalAmount"]) == a.unit_price * 2 + Decimal("10.50")
    assert first["customer"]["name"] == "订单客户" and first["externalId"] == "O-1"
    fields = {r["index"]: [(e["field"], e["code"]) for e in r["userErrors"]] for r in results if r["userErrors"]}
    assert fields == {
        2: [("orders.2.lines.0.sku", "BAD_USER_INPUT")],
        3: [("orders.3.totalAmount", "BAD_USER_INPUT")],
        4: [("orders.4.channel", "BAD_USER_INPUT")],
        5: [("orders.5.externalId", "BAD_USER_INPUT")],
        6: [("orders.6.customerExternalId", "NOT_FOUND")],
        7: [("orders.7.totalAmount", "BAD_USER_INPUT")],
        8: [("orders.8.orderedAt", "BAD_USER_INPUT")],
        9: [("orders.9.totalAmount", "BAD_USER_INPUT")],
        10: [("orders.10.customerId", "NOT_FOUND")],
    }
    assert await count(db, Order, Order.external_id.is_not(None)) == 2
    assert await count(db, OrderLine) >= 2
    assert await count(db, DomainEvent, DomainEvent.type == "order.created") == 2
    assert await count(db, AuditEntry, AuditEntry.entity_type == "Order", AuditEntry.action == "create") == 2


async def test_sending_a_batch_again_changes_nothing_and_a_change_updates_in_place(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-1", "name": "订单客户"}})
    a, b = await skus(db)
    rows = [order("R-1", lines=[{"sku": a.sku, "quantity": 1}]), order("R-2", totalAmount="20.00", number="ERP-0002")]
    assert (await erp(ORDERS, {"i": {"orders": rows}}))["data"]["ordersUpsert"]["created"] == 2
    events = await count(db, DomainEvent)
    again = (await erp(ORDERS, {"i": {"orders": rows}}))["data"]["ordersUpsert"]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert await count(db, DomainEvent) == events
    rows[0]["lines"] = [{"sku": b.sku, "quantity": 3}]
    rows[1]["status"] = "refunded"
    changed = (await erp(ORDERS, {"i": {"orders": rows}}))["data"]["ordersUpsert"]
    assert (changed["created"], changed["updated"]) == (0, 2)
    assert changed["results"][1]["order"]["status"] == "refunded"
    assert changed["results"][1]["order"]["number"] == "ERP-0002"
    async with db.read() as session:
        r1 = (await session.scalars(select(Order).where(Order.external_id == "R-1"))).one()
        lines = (await session.scalars(select(OrderLine).where(OrderLine.order_id == r1.id))).all()
    assert r1.version == 2 and [(line.product_id, line.quantity) for line in lines] == [(b.id, 3)]
    assert r1.total_amount == b.unit_price * 3
    clash = await erp(ORDERS, {"i": {"orders": [order("R-3", totalAmount="1", number="ERP-0002")]}})
    assert clash["data"]["ordersUpsert"]["results"][0]["userErrors"][0]["field"] == "orders.0.number"


async def test_a_call_takes_at_most_1000_orders_and_refuses_more_whole(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-1", "name": "订单客户"}})
    too_many = [order(f"T-{i}", totalAmount="1") for i in range(BULK_LIMIT + 1)]
    body = await erp(ORDERS, {"i": {"orders": too_many}})  # refused whole, as any list past 1,000 items
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "1,000" in body["errors"][0]["message"]
    assert await count(db, Order, Order.external_id.is_not(None)) == 0
    empty = (await erp(ORDERS, {"i": {"orders": []}}))["data"]["ordersUpsert"]
    assert empty["userErrors"][0]["field"] == "orders"


async def test_a_batch_runs_in_a_bounded_number_of_statements(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-1", "name": "订单客户"}})
    a, _ = await skus(db)

    async def statements(n: int, prefix: str) -> int:
        rows = [order(f"{prefix}-{i}", lines=[{"sku": a.sku, "quantity": 1}]) for i in range(n)]
        body = await erp(ORDERS, {"i": {"orders": rows}}, SQL)
        assert body["data"]["ordersUpsert"]["created"] == n
        return int(body["extensions"]["sql"]["statements"])

    small, large = await statements(10, "S"), await statements(110, "L")
    # the reads up front do not grow with the batch; each row is its savepoint, its writes, its audit and its event
    assert (large - small) / 100 <= 8, (small, large)


async def test_concurrent_batches_sharing_orders_neither_duplicate_nor_deadlock(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-1", "name": "订单客户"}})
    rows = [order(f"D-{i}", totalAmount=str(i + 1)) for i in range(60)]
    answers = await asyncio.gather(
        erp(ORDERS, {"i": {"orders": rows}}), erp(ORDERS, {"i": {"orders": list(reversed(rows))}})
    )
    assert all("errors" not in a for a in answers), answers
    assert sum(a["data"]["ordersUpsert"]["created"] for a in answers) == 60
    assert await count(db, Order, Order.external_id.like("D-%")) == 60


async def test_only_those_granted_may_sync_orders(gql: GraphQLClient, db: Database) -> None:
    for email in ("rep@demo.example", "agent@demo.example", "analyst@demo.example"):
        await gql.login(email)
        body = await gql(ORDERS, {"i": {"orders": [order("F-1", totalAmount="1")]}})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", email
    assert await count(db, Order, Order.external_id == "F-1") == 0


# --- tickets --------------------------------------------------------------------------------------------------


async def test_a_ticket_upsert_opens_once_then_sets_its_text_and_priority(erp: Caller, db: Database) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-9", "name": "工单客户"}})
    new = {"externalId": "CC-77", "subject": "打印机卡纸", "category": "hardware", "customerExternalId": "C-9"}
    first = (await erp(TICKET, {"i": new}))["data"]["ticketUpsert"]
    assert first["created"] is True and first["ticket"]["customer"]["name"] == "工单客户"
    assert first["ticket"]["channel"] == "API" and first["ticket"]["externalId"] == "CC-77"
    events = await count(db, DomainEvent, DomainEvent.type == "ticket.changed")
    second = (await erp(TICKET, {"i": {**new, "subject": "打印机卡纸（加急）", "priority": "HIGH"}}))["data"][
        "ticketUpsert"
    ]
    assert second["created"] is False and second["ticket"]["id"] == first["ticket"]["id"]
    assert (second["ticket"]["subject"], second["ticket"]["priority"]) == ("打印机卡纸（加急）", "HIGH")
    assert await count(db, DomainEvent, DomainEvent.type == "ticket.changed") == events + 1
    same = (await erp(TICKET, {"i": {**new, "subject": "打印机卡纸（加急）", "priority": "HIGH"}}))["data"][
        "ticketUpsert"
    ]
    assert same["created"] is False
    assert await count(db, DomainEvent, DomainEvent.type == "ticket.changed") == events + 1  # nothing differed
    assert await count(db, Ticket, Ticket.external_id == "CC-77") == 1
    omitted = (await erp(TICKET, {"i": {**new, "subject": "打印机卡纸（加急）"}}))["data"]["ticketUpsert"]
    assert omitted["ticket"]["priority"] == "HIGH"  # what a resend leaves out stays
    create = "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } userErrors { field } } }"
    dup = await erp(create, {"i": {"subject": "又一个", "category": "hardware", "externalId": "CC-77"}})
    assert dup["data"]["ticketCreate"]["userErrors"][0]["field"] == "externalId"
    unknown = await erp(TICKET, {"i": {**new, "externalId": "CC-78", "customerExternalId": "C-404"}})
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await count(db, Ticket, Ticket.external_id == "CC-78") == 0


async def test_a_service_agent_reads_external_ids_but_cannot_upsert_tickets(erp: Caller, gql: GraphQLClient) -> None:
    await erp(UPSERT, {"i": {"externalId": "C-9", "name": "工单客户"}})
    await erp(
        TICKET, {"i": {"externalId": "CC-1", "subject": "s", "category": "hardware", "customerExternalId": "C-9"}}
    )
    await gql.login("agent@demo.example")
    body = await gql(TICKET, {"i": {"externalId": "CC-1", "subject": "改", "category": "hardware"}})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
