"""Search (Chinese fragments, phone digits, emails), duplicate finding and merging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from rapport.activities.models import Activity, Task
from rapport.activities.service import TaskDraft, create_task
from rapport.core.db import Database
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerTag, Order
from rapport.customers.service import ContactDraft
from tests import factories
from tests.conftest import GraphQLClient

SEARCH = "query($q: String!) { customers(search: $q, first: 50) { totalCount nodes { name } } }"


async def _names(gql: GraphQLClient, query: str) -> list[str]:
    body = await gql(SEARCH, {"q": query})
    assert "errors" not in body, body
    return sorted(n["name"] for n in body["data"]["customers"]["nodes"])


async def test_search_by_chinese_fragment_contact_name_phone_digits_and_email(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    await factories.customer(
        db, rep, "上海浦东发展科技有限公司", contacts=[ContactDraft("王小明", phones=["13812345678"])]
    )
    await factories.customer(
        db, rep, "北京中关村软件有限公司", contacts=[ContactDraft("李四", emails=["Li.Si@ZGC.cn"])]
    )
    await factories.customer(
        db, rep, "张伟", kind="person", contacts=[ContactDraft("张伟", phones=["+86 139 0000 5678"])]
    )
    await factories.customer(db, rep, "Acme Trading Co", contacts=[ContactDraft("Zhang Wei", phones=["021 6000 1111"])])
    await gql.login("rep@demo.example")

    assert await _names(gql, "浦东") == ["上海浦东发展科技有限公司"]
    assert await _names(gql, "有限公司") == ["上海浦东发展科技有限公司", "北京中关村软件有限公司"]
    assert await _names(gql, "张") == ["张伟"]  # one Chinese character is a meaningful fragment
    assert await _names(gql, "小明") == ["上海浦东发展科技有限公司"]  # a contact's name finds the customer
    assert await _names(gql, "5678") == ["上海浦东发展科技有限公司", "张伟"]  # last four digits
    assert await _names(gql, "138-1234-5678") == ["上海浦东发展科技有限公司"]  # a whole number, any format
    assert await _names(gql, "li.si@zgc.cn") == ["北京中关村软件有限公司"]
    assert await _names(gql, "acme trad") == ["Acme Trading Co"]
    assert await _names(gql, "zhang") == ["Acme Trading Co"]
    assert await _names(gql, "不存在") == []
    assert await _names(gql, "9999") == []


async def _plan(session: Any, stmt: Any) -> str:
    """EXPLAIN of a statement, run on the session's own connection with its real parameters."""
    conn = await session.connection()
    compiled = stmt.compile(dialect=conn.dialect)
    params = [compiled.params[name] for name in compiled.positiontup]
    raw = (await conn.get_raw_connection()).driver_connection
    return "\n".join(r[0] for r in await raw.fetch("EXPLAIN " + str(compiled), *params))


async def test_search_uses_indexes_not_table_scans(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    from sqlalchemy import text

    from rapport.customers.repository import CustomerFilterSpec, filtered_customers
    from rapport.customers.service import prepare_search

    rep = await factories.principal(db, "rep@demo.example")
    for i in range(30):
        await factories.customer(
            db, rep, f"测试客户{i:03d}号", contacts=[ContactDraft(f"联系人{i}", phones=[f"1380000{i:04d}"])]
        )
    async with db.write() as session:
        for table in ("customer", "contact", "contact_point"):
            await session.execute(text(f"ANALYZE {table}"))
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        by_name = await _plan(session, filtered_customers(rep, CustomerFilterSpec(), prepare_search("客户01")))
        assert "ix_customer_search_tokens" in by_name
        assert "ix_contact_search_tokens" in by_name
        by_phone = await _plan(session, filtered_customers(rep, CustomerFilterSpec(), prepare_search("0007")))
        assert "ix_contact_point_digest" in by_phone


async def test_duplicates_are_found_by_phone_in_any_format_and_by_name(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    original = await factories.customer(
        db,
        rep,
        "杭州西湖茶叶有限公司",
        contacts=[ContactDraft("陈静", phones=["0571-8888 1234"], emails=["chen@tea.cn"])],
    )
    by_phone = await factories.customer(
        db, rep, "西湖龙井", contacts=[ContactDraft("陈小姐", phones=["+86 571 88881234"])]
    )
    by_email = await factories.customer(db, rep, "茶叶批发", contacts=[ContactDraft("Chen", emails=["CHEN@TEA.CN"])])
    by_name = await factories.customer(db, rep, "杭州西湖茶叶公司")
    await factories.customer(db, rep, "无关的公司", contacts=[ContactDraft("路人", phones=["13900001111"])])
    await gql.login("rep@demo.example")
    from rapport.graphql.node import to_global_id

    body = await gql(
        "query($id: ID!) { customerDuplicates(id: $id) { customer { name } reasons score } }",
        {"id": to_global_id("Customer", original.id)},
    )
    found = {d["customer"]["name"]: d for d in body["data"]["customerDuplicates"]}
    assert set(found) == {"西湖龙井", "茶叶批发", "杭州西湖茶叶公司"}
    assert found["西湖龙井"]["reasons"] == ["SAME_PHONE"]
    assert found["茶叶批发"]["reasons"] == ["SAME_EMAIL"]
    assert found["杭州西湖茶叶公司"]["reasons"] == ["SAME_TRADE_NAME"]  # 西湖茶叶, the legal form set aside
    assert 0.5 <= found["杭州西湖茶叶公司"]["score"] < 1
    del by_phone, by_email, by_name


async def test_merge_moves_every_child_and_leaves_a_resolvable_tombstone(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    survivor = await factories.customer(
        db, rep, "Survivor", contacts=[ContactDraft("Sam", is_primary=True)], tags=["a"]
    )
    merged = await factories.customer(
        db, rep, "Duplicate", contacts=[ContactDraft("Dee", is_primary=True, phones=["13800001234"])], tags=["a", "b"]
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    await factories.orders(db, merged.id, ["100.00", "250.50"], start=start, step=timedelta(days=10))
    await factories.activities(db, rep, merged.id, 3, start=start, step=timedelta(days=1))
    async with db.write() as session:
        await create_task(
            session, rep, TaskDraft(title="Call back", due_at=start + timedelta(days=40), customer_id=merged.id)
        )
    await gql.login("manager@demo.example")
    from rapport.graphql.node import to_global_id

    sid, mid = to_global_id("Customer", survivor.id), to_global_id("Customer", merged.id)
    body = await gql(
        "mutation($i: CustomerMergeInput!) { customerMerge(input: $i) { customer { id name "
        "contacts { name isPrimary } tags { name } orderSummary { count totalAmount } } moved { kind count } "
        "userErrors { field } } }",
        {"i": {"survivorId": sid, "mergedId": mid}},
    )
    payload = body["data"]["customerMerge"]
    assert payload["userErrors"] == []
    assert payload["customer"]["contacts"] == [{"name": "Sam", "isPrimary": True}, {"name": "Dee", "isPrimary": False}]
    assert [t["name"] for t in payload["customer"]["tags"]] == ["a", "b"]
    assert payload["customer"]["orderSummary"] == {"count": 2, "totalAmount": "350.50"}
    moved = {m["kind"]: m["count"] for m in payload["moved"]}
    assert moved == {
        "activities": 3,
        "contact_points": 2,
        "contacts": 1,
        "contacts_merged": 0,
        "orders": 2,
        "tags": 1,
        "tasks": 1,
        "tickets": 0,
        "opportunities": 0,
        "leads": 0,
        "marketing_touches": 0,
        "marketing_messages": 0,
        "page_views": 0,
        "journey_enrollments": 0,
    }

    async with db.read() as session:
        for model in (Contact, ContactPoint, Order, Activity, Task, CustomerTag):
            left = await session.execute(select(func.count()).select_from(model).where(model.customer_id == merged.id))
            assert left.scalar() == 0, model.__name__
        tomb = await session.get(Customer, merged.id)
    assert tomb is not None and tomb.merged_into_id == survivor.id and tomb.archived_at is not None

    # The old id still resolves, to the survivor; lists show the survivor only.
    old = await gql("query($id: ID!) { customer(id: $id) { id name } }", {"id": mid})
    assert old["data"]["customer"] == {"id": sid, "name": "Survivor"}
    listed = await gql("{ customers(filter: {includeArchived: true}) { nodes { name } } }")
    assert listed["data"]["customers"]["nodes"] == [{"name": "Survivor"}]
    # The phone of the merged contact now finds the survivor.
    assert await _names(gql, "1234") == ["Survivor"]


async def test_merge_rejects_merging_a_customer_into_itself(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    only = await factories.customer(db, rep, "Only")
    await gql.login("manager@demo.example")
    from rapport.graphql.node import to_global_id

    cid = to_global_id("Customer", only.id)
    body = await gql(
        "mutation($i: CustomerMergeInput!) { customerMerge(input: $i) { customer { id } userErrors { field code } } }",
        {"i": {"survivorId": cid, "mergedId": cid}},
    )
    assert body["data"]["customerMerge"] == {
        "customer": None,
        "userErrors": [{"field": "mergedId", "code": "BAD_USER_INPUT"}],
    }
