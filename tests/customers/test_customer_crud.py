"""Creating, changing, archiving customers and contacts through GraphQL, with validation and versions."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select, text

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.customers.models import Customer
from tests.conftest import GraphQLClient

CREATE = """
mutation($i: CustomerCreateInput!) {
  customerCreate(input: $i) {
    customer { id version name kind status grade province city owner { email } team { name }
               contacts { id name isPrimary phones emails } tags { name } idNumber address }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation($i: CustomerUpdateInput!) {
  customerUpdate(input: $i) { customer { id version name grade city } userErrors { field code message } }
}
"""


async def _create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    body = await gql(CREATE, {"i": fields})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["customerCreate"]
    return payload


async def test_create_a_person_customer_with_normalised_contact_points(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("rep@demo.example")
    payload = await _create(
        gql,
        name="张伟",
        kind="PERSON",
        grade="A",
        province="上海市",
        city="上海市",
        idNumber="310101199001011234",
        address="浦东新区世纪大道100号",
        contacts=[
            {"name": "张伟", "phones": ["138 1234 5678", "+86-138-1234-5678"], "emails": [" Zhang.Wei@Example.COM "]}
        ],
        tags=["VIP", "华东"],
    )
    assert payload["userErrors"] == []
    customer = payload["customer"]
    assert customer["version"] == 1
    assert customer["kind"] == "PERSON" and customer["status"] == "PROSPECT" and customer["grade"] == "A"
    assert customer["owner"] == {"email": "rep@demo.example"}
    assert customer["team"] == {"name": "East Sales"}
    contact = customer["contacts"][0]
    assert contact["isPrimary"] is True  # a person's first contact is their primary one
    assert contact["phones"] == ["+8613812345678"]  # both spellings are one number
    assert contact["emails"] == ["zhang.wei@example.com"]
    assert [t["name"] for t in customer["tags"]] == ["VIP", "华东"]
    assert customer["idNumber"] == "310101199001011234"
    assert customer["address"] == "浦东新区世纪大道100号"
    async with db.read() as session:
        entry = (await session.execute(select(AuditEntry).where(AuditEntry.entity_type == "Customer"))).scalar_one()
    assert entry.action == "create"
    assert entry.changes["name"] == [None, "张伟"]
    assert entry.changes["id_number"] == [None, "(set)"]  # the audit log never holds the plaintext


async def test_personal_data_is_not_stored_in_plaintext(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    await gql.login("rep@demo.example")
    await _create(
        gql,
        name="李娜",
        kind="PERSON",
        idNumber="110101198002023456",
        address="朝阳区建国路88号",
        contacts=[{"name": "李娜", "phones": ["13987654321"], "emails": ["li.na@example.cn"]}],
    )
    rows: list[str] = []
    async with db.engine.connect() as conn:
        for table in ("customer", "contact", "contact_point", "audit_entry"):
            rows += [str(row) for row in (await conn.execute(text(f"SELECT * FROM {table}"))).all()]
    dump = " ".join(rows)
    assert "李娜" in dump  # names are not secret; the dump is real
    for secret in ("13987654321", "li.na@example.cn", "110101198002023456", "建国路"):
        assert secret not in dump


async def test_validation_problems_are_user_errors_and_change_nothing(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("rep@demo.example")
    blank = await _create(gql, name="   ")
    assert blank["customer"] is None
    assert blank["userErrors"] == [{"field": "name", "message": "Give the customer a name.", "code": "BAD_USER_INPUT"}]
    bad_phone = await _create(gql, name="Acme", contacts=[{"name": "Ann", "phones": ["13800000000", "not a phone"]}])
    assert bad_phone["userErrors"][0]["field"] == "contacts.0.phones.1"
    bad_email = await _create(gql, name="Acme", contacts=[{"name": "Ann", "emails": ["ann@"]}])
    assert bad_email["userErrors"][0]["field"] == "contacts.0.emails.0"
    future = await _create(gql, name="Baby", kind="PERSON", birthDate="2999-01-01")
    assert future["userErrors"][0]["field"] == "birthDate"
    async with db.read() as session:
        assert (await session.execute(select(Customer))).first() is None  # nothing half-created


async def test_update_with_a_stale_version_is_a_conflict(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("rep@demo.example")
    created = (await _create(gql, name="Acme Ltd", city="Hangzhou"))["customer"]
    first = await gql(UPDATE, {"i": {"id": created["id"], "version": 1, "grade": "B"}})
    assert first["data"]["customerUpdate"]["customer"]["version"] == 2
    stale = await gql(UPDATE, {"i": {"id": created["id"], "version": 1, "city": "Ningbo"}})
    assert stale["data"] is None
    error = stale["errors"][0]
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["currentVersion"] == 2
    async with db.read() as session:
        row = (await session.execute(select(Customer))).scalar_one()
    assert (row.city, row.grade, row.version) == ("杭州市", "B", 2)  # stored by its standard name


async def test_two_concurrent_updates_with_the_same_version_exactly_one_wins(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("rep@demo.example")
    created = (await _create(gql, name="Race Corp"))["customer"]

    async def update(city: str) -> dict[str, Any]:
        return await gql(UPDATE, {"i": {"id": created["id"], "version": 1, "city": city}})

    results = await asyncio.gather(*(update(c) for c in ("Suzhou", "Wuxi", "Changzhou", "Nanjing")))
    winners = [r for r in results if r.get("data") and r["data"]["customerUpdate"]["customer"]]
    conflicts = [r for r in results if r.get("errors") and r["errors"][0]["extensions"]["code"] == "CONFLICT"]
    assert len(winners) == 1 and len(conflicts) == 3
    async with db.read() as session:
        row = (await session.execute(select(Customer))).scalar_one()
    assert row.version == 2
    assert row.city == winners[0]["data"]["customerUpdate"]["customer"]["city"]


async def test_archive_hides_a_customer_from_lists_but_keeps_it(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    created = (await _create(gql, name="Old Shop"))["customer"]
    archived = await gql(
        "mutation($i: CustomerVersionInput!) { customerArchive(input: $i) { customer { archivedAt version } } }",
        {"i": {"id": created["id"], "version": 1}},
    )
    assert archived["data"]["customerArchive"]["customer"]["archivedAt"] is not None
    listed = await gql("{ customers { totalCount } all: customers(filter: {includeArchived: true}) { totalCount } }")
    assert listed["data"] == {"customers": {"totalCount": 0}, "all": {"totalCount": 1}}
    again = await gql("query($id: ID!) { customer(id: $id) { name } }", {"id": created["id"]})
    assert again["data"]["customer"] == {"name": "Old Shop"}


async def test_contacts_can_be_added_changed_and_deleted(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    created = (await _create(gql, name="Contoso", contacts=[{"name": "Ann", "isPrimary": True}]))["customer"]
    added = await gql(
        "mutation($i: ContactCreateInput!) { contactCreate(input: $i) { contact { id version isPrimary } "
        "customer { contacts { name isPrimary } } userErrors { field } } }",
        {"i": {"customerId": created["id"], "name": "Bob", "isPrimary": True, "phones": ["021-6123 4567"]}},
    )
    payload = added["data"]["contactCreate"]
    assert payload["customer"]["contacts"] == [{"name": "Bob", "isPrimary": True}, {"name": "Ann", "isPrimary": False}]
    bob = payload["contact"]
    changed = await gql(
        "mutation($i: ContactUpdateInput!) { contactUpdate(input: $i) { contact { version title phones emails } } }",
        {"i": {"id": bob["id"], "version": bob["version"], "title": "CTO", "emails": ["BOB@contoso.com"]}},
    )
    assert changed["data"]["contactUpdate"]["contact"] == {
        "version": 2,
        "title": "CTO",
        "phones": ["+862161234567"],
        "emails": ["bob@contoso.com"],
    }
    stale = await gql(
        "mutation($i: ContactDeleteInput!) { contactDelete(input: $i) { customer { contacts { name } } } }",
        {"i": {"id": bob["id"], "version": 1}},
    )
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    deleted = await gql(
        "mutation($i: ContactDeleteInput!) { contactDelete(input: $i) { customer { contacts { name } } } }",
        {"i": {"id": bob["id"], "version": 2}},
    )
    assert deleted["data"]["contactDelete"]["customer"]["contacts"] == [{"name": "Ann"}]


async def test_tags_are_added_and_removed(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    created = (await _create(gql, name="Tagged", tags=["a"]))["customer"]
    tagged = await gql(
        "mutation($i: CustomerTagInput!) { customerTag(input: $i) { customer { tags { name } } } }",
        {"i": {"customerId": created["id"], "tags": ["b", " c ", "a"]}},
    )
    assert [t["name"] for t in tagged["data"]["customerTag"]["customer"]["tags"]] == ["a", "b", "c"]
    untagged = await gql(
        "mutation($i: CustomerTagInput!) { customerUntag(input: $i) { customer { tags { name } } } }",
        {"i": {"customerId": created["id"], "tags": ["a", "c"]}},
    )
    assert [t["name"] for t in untagged["data"]["customerUntag"]["customer"]["tags"]] == ["b"]
    filtered = await gql('{ customers(filter: {tags: ["b"]}) { nodes { name } } }')
    assert filtered["data"]["customers"]["nodes"] == [{"name": "Tagged"}]
