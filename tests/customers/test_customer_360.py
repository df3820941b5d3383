"""The 360° view in one round trip with a bounded number of SQL statements; lists, timeline and pagination."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rapport.activities.service import TaskDraft, create_task
from rapport.core.db import Database
from rapport.customers.repository.scoring import refresh_scores
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

SQL = {"X-Rapport-Debug": "sql"}

VIEW_360 = """
query Customer360($id: ID!) {
  customer(id: $id) {
    id version name kind status grade province city createdAt
    owner { name email }
    tags { name color }
    rfm { recencyDays frequency monetary score segment }
    lifetimeValue
    contributionRank { overall withinRegion }
    orderSummary { count totalAmount averageAmount lastOrderAt }
    contacts { id name title isPrimary phones emails }
    timeline(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        __typename
        ... on Activity { id kind subject occurredAt }
        ... on Order { id number totalAmount orderedAt status }
      }
    }
    tasks { id title dueAt }
  }
}
"""
START = datetime(2025, 1, 1, 8, tzinfo=UTC)


async def _customer_with(db: Database, name: str, contacts: int, activities: int, orders: int, tasks: int) -> str:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(
        db,
        rep,
        name,
        province="浙江省",
        city="杭州市",
        grade="A",
        tags=["VIP", "重点"],
        contacts=[
            ContactDraft(f"联系人{i}", phones=[f"1380000{i:04d}"], emails=[f"c{i}@example.cn"]) for i in range(contacts)
        ],
    )
    await factories.activities(db, rep, customer.id, activities, start=START, step=timedelta(hours=7))
    await factories.orders(
        db, customer.id, [f"{100 + i}.00" for i in range(orders)], start=START, step=timedelta(days=3)
    )
    async with db.write() as session:
        for i in range(tasks):
            await create_task(
                session,
                rep,
                TaskDraft(title=f"Task {i}", due_at=START + timedelta(days=400 + i), customer_id=customer.id),
            )
        await refresh_scores(session, START + timedelta(days=365))
    return to_global_id("Customer", customer.id)


async def test_360_view_has_everything_and_its_statement_count_does_not_grow_with_children(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    big = await _customer_with(db, "大客户", contacts=10, activities=50, orders=20, tasks=3)
    small = await _customer_with(db, "小客户", contacts=1, activities=1, orders=1, tasks=1)
    await gql.login("rep@demo.example")
    await gql("{ viewer { id } }")  # the session's principal is cached from here on: counts compare alike

    body = await gql(VIEW_360, {"id": big}, headers=SQL)
    assert "errors" not in body, body
    view = body["data"]["customer"]
    assert view["name"] == "大客户" and view["owner"]["email"] == "rep@demo.example"
    assert [t["name"] for t in view["tags"]] == ["VIP", "重点"]
    assert len(view["contacts"]) == 10
    assert view["contacts"][3]["phones"] == ["+8613800000003"]
    assert view["orderSummary"]["count"] == 20
    assert view["orderSummary"]["totalAmount"] == "2190.00"  # 100 + ... + 119
    assert view["lifetimeValue"] == "2190.00"
    assert view["rfm"]["frequency"] == 20 and view["rfm"]["segment"] is not None
    assert view["contributionRank"] == {"overall": 1, "withinRegion": 1}
    timeline = view["timeline"]
    assert timeline["totalCount"] == 70
    assert len(timeline["nodes"]) == 20 and timeline["pageInfo"]["hasNextPage"] is True
    times = [n.get("occurredAt") or n.get("orderedAt") for n in timeline["nodes"]]
    assert times == sorted(times, reverse=True)  # newest first across both kinds
    assert {n["__typename"] for n in timeline["nodes"]} == {"Activity", "Order"}
    assert len(view["tasks"]) == 3
    big_statements = body["extensions"]["sql"]["statements"]
    assert big_statements <= 9 + 1  # + timeline.totalCount, which the 360° page asks for separately

    small_body = await gql(VIEW_360, {"id": small}, headers=SQL)
    assert small_body["data"]["customer"]["orderSummary"]["count"] == 1
    assert small_body["extensions"]["sql"]["statements"] == big_statements


async def test_360_view_without_total_count_is_at_most_10_statements(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    big = await _customer_with(db, "大客户", contacts=10, activities=50, orders=20, tasks=2)
    await gql.login("rep@demo.example")
    query = VIEW_360.replace("      totalCount\n", "")
    body = await gql(query, {"id": big}, headers=SQL)
    assert "errors" not in body, body
    # customer, owner, tags, contacts, timeline, order summary (and lifetime value), RFM scores, revenue ranks,
    # tasks (the session's lookup is counted apart)
    assert body["extensions"]["sql"]["statements"] <= 9


async def test_timeline_pages_walk_every_entry_once(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    cid = await _customer_with(db, "翻页客户", contacts=1, activities=13, orders=9, tasks=0)
    await gql.login("rep@demo.example")
    seen: list[str] = []
    after = None
    while True:
        page = (
            await gql(
                "query($id: ID!, $a: String) { customer(id: $id) { timeline(first: 5, after: $a) { "
                "pageInfo { hasNextPage endCursor } nodes { ... on Activity { id } ... on Order { id } } } } }",
                {"id": cid, "a": after},
            )
        )["data"]["customer"]["timeline"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 22


async def test_customer_list_with_nested_contacts_and_tags_is_at_most_4_statements(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    for i in range(55):
        await factories.customer(
            db,
            rep,
            f"客户{i:02d}",
            tags=[f"t{i % 3}"],
            contacts=[ContactDraft(f"甲{i}", phones=[f"1390000{i:04d}"]), ContactDraft(f"乙{i}")],
        )
    await gql.login("rep@demo.example")
    body = await gql(
        "{ customers(first: 50, orderBy: {field: NAME}) { pageInfo { hasNextPage } "
        "nodes { id name grade tags { name } contacts { name phones } } } }",
        headers=SQL,
    )
    nodes = body["data"]["customers"]["nodes"]
    assert len(nodes) == 50 and body["data"]["customers"]["pageInfo"]["hasNextPage"] is True
    assert nodes[0]["name"] == "客户00"
    assert {c["name"]: c["phones"] for c in nodes[0]["contacts"]} == {"甲0": ["+8613900000000"], "乙0": []}
    assert nodes[7]["tags"] == [{"name": "t1"}]
    # the page, contacts (one batch), tags (one batch); the session's lookup is counted apart
    assert body["extensions"]["sql"]["statements"] <= 3


async def test_filters_and_sorting(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    await factories.customer(db, rep, "甲公司", province="浙江省", industry="制造业", grade="A", status="active")
    await factories.customer(db, rep, "乙公司", province="江苏省", industry="零售", grade="B")
    await factories.customer(db, rep, "丙个人", kind="person", province="浙江省", grade="C", gender="female")
    await gql.login("rep@demo.example")

    async def names(args: str) -> list[str]:
        body = await gql(f"{{ customers({args}) {{ nodes {{ name }} }} }}")
        assert "errors" not in body, body
        return [n["name"] for n in body["data"]["customers"]["nodes"]]

    assert sorted(await names('filter: {provinces: ["浙江省"]}')) == ["丙个人", "甲公司"]
    assert await names("filter: {kinds: [PERSON]}") == ["丙个人"]
    assert await names("filter: {statuses: [ACTIVE]}") == ["甲公司"]
    assert await names('filter: {industries: ["零售"]}') == ["乙公司"]
    assert await names("orderBy: {field: GRADE, direction: DESC}") == ["丙个人", "乙公司", "甲公司"]
    assert await names("filter: {grades: [A, B]}, orderBy: {field: GRADE}") == ["甲公司", "乙公司"]
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert await names(f'filter: {{createdFrom: "{future}"}}') == []
