"""No oracle: filters, sorts, searches, groupings, payloads and sockets obey the same policy as plain reads."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from websockets.asyncio.client import connect

from rapport.activities.models import Activity
from rapport.core.audit import AuditEntry
from rapport.core.authz.readlog import read_log
from rapport.core.db import Database
from tests import factories
from tests.authz.conftest import PHONE, World
from tests.conftest import GraphQLClient, LiveServer


def _code(body: dict[str, Any]) -> str | None:
    return body.get("errors", [{}])[0].get("extensions", {}).get("code")


async def test_filtering_sorting_searching_and_grouping_need_unmasked_read(gql: GraphQLClient, world: World) -> None:
    await gql.login("marketing@demo.example")  # phones masked, rfm readable
    assert _code(await gql('{ customers(search: "5678") { totalCount } }')) == "FORBIDDEN"  # by phone digits
    assert _code(await gql('{ customers(search: "zhang.wei@example.com") { totalCount } }')) == "FORBIDDEN"
    ok = await gql('{ customers(search: "Shared") { totalCount } }')  # names are readable
    assert ok["data"]["customers"]["totalCount"] == 1
    assert "errors" not in await gql("{ customerGroups(by: RFM_SEGMENT) { total } }")

    await gql.login("agent@demo.example")  # no rfm, no birth dates, no amounts
    assert _code(await gql("{ customers(filter: {rfmSegments: [AT_RISK]}) { totalCount } }")) == "FORBIDDEN"
    assert _code(await gql("{ customerGroups(by: AGE_BAND) { total } }")) == "FORBIDDEN"
    assert _code(await gql("{ customerGroups(by: REGION) { groups { revenue } } }")) == "FORBIDDEN"
    assert _code(await gql("{ contributionRanking { rank } }")) == "FORBIDDEN"
    counted = await gql("{ customers { totalCount } }")
    assert counted["data"]["customers"]["totalCount"] == 1  # only the related customer is counted
    assert _code(await gql("query($v: String) { customers(search: $v) { totalCount } }", {"v": PHONE})) == "FORBIDDEN"


async def test_aggregates_and_counts_only_count_rows_in_scope(gql: GraphQLClient, world: World, db: Database) -> None:
    rep2 = await factories.principal(db, "rep2@demo.example")
    for i in range(3):
        await factories.customer(db, rep2, f"North {i}", province="北京市")
    await gql.login("rep@demo.example")
    body = await gql("{ customers { totalCount } customerGroups(by: REGION) { total groups { key customers } } }")
    assert body["data"]["customers"]["totalCount"] == 1
    assert body["data"]["customerGroups"]["groups"] == [{"key": "上海市", "customers": 1}]
    await gql.login("director@demo.example")
    body = await gql("{ customers { totalCount } customerGroups(by: REGION) { total } }")
    assert body["data"]["customers"]["totalCount"] == 4
    assert body["data"]["customerGroups"]["total"] == 4


async def test_a_hidden_field_in_a_mutation_payload_refuses_the_mutation(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.login("agent@demo.example")
    body = await gql(
        "mutation($i: ActivityLogInput!) { activityLog(input: $i) { activity { customer { name idNumber } } } }",
        {"i": {"customerId": world.customer_id, "kind": "CALL", "subject": "Support call"}},
    )
    assert _code(body) == "FORBIDDEN" and body["data"] is None
    assert "read Customer.idNumber" in body["errors"][0]["extensions"]["denied"]
    async with db.read() as session:
        calls = await session.execute(
            select(func.count()).select_from(Activity).where(Activity.subject == "Support call")
        )
    assert calls.scalar() == 0  # nothing ran
    allowed = await gql(
        "mutation($i: ActivityLogInput!) { activityLog(input: $i) { activity { customer { name } } } }",
        {"i": {"customerId": world.customer_id, "kind": "CALL", "subject": "Support call"}},
    )
    assert allowed["data"]["activityLog"]["activity"]["customer"] == {"name": "Shared Person Co"}


async def test_writing_a_field_without_write_access_changes_nothing(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.login("analyst@demo.example")
    body = await gql(
        "mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id } } }",
        {"i": {"name": "Sneaky"}},
    )
    assert _code(body) == "FORBIDDEN"
    await gql.login("agent@demo.example")
    tagged = await gql(
        "mutation($i: CustomerTagInput!) { customerTag(input: $i) { customer { id } } }",
        {"i": {"customerId": world.customer_id, "tags": ["x"]}},
    )
    assert _code(tagged) == "FORBIDDEN"


async def test_clear_reads_of_sensitive_fields_are_audited_masked_ones_are_not(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.login("analyst@demo.example")
    masked = await gql(
        "query($id: ID!) { customer(id: $id) { idNumber contacts { phones } } }", {"id": world.customer_id}
    )
    assert masked["data"]["customer"]["idNumber"].startswith("****")
    await gql.login("rep@demo.example")
    clear = await gql(
        "query($id: ID!) { customer(id: $id) { idNumber contacts { phones emails } } }", {"id": world.customer_id}
    )
    assert clear["data"]["customer"]["contacts"][0]["phones"] == [PHONE]
    assert await read_log.flush() == 1
    async with db.read() as session:
        entries = (
            (await session.execute(select(AuditEntry).where(AuditEntry.action == "read_sensitive"))).scalars().all()
        )
    assert len(entries) == 1
    entry = entries[0]
    assert entry.entity_id == world.raw_customer_id
    assert entry.changes == {"fields": ["Contact.emails", "Contact.phones", "Customer.idNumber"]}
    rep = await factories.principal(db, "rep@demo.example")
    assert entry.actor_id == rep.user_id


async def test_the_same_outcomes_over_the_websocket(live_server: LiveServer, world: World) -> None:
    import httpx

    def cookie(email: str) -> str:
        response = httpx.post(
            f"{live_server.url}/graphql",
            json={
                "query": f'mutation {{ login(input: {{email: "{email}", password: "rapport-demo"}}) {{ viewer {{ email }} }} }}'
            },
        )
        return str(response.cookies["rapport_session"])

    async def over_socket(email: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        url = live_server.url.replace("http://", "ws://") + "/graphql"
        async with connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"Cookie": f"rapport_session={cookie(email)}"},
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(
                json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}})
            )
            message = json.loads(await ws.recv())
            return dict(message["payload"][0] if message["type"] == "error" else message["payload"])

    query = "query($id: ID!) { customer(id: $id) { name contacts { phones } } }"
    analyst = await over_socket("analyst@demo.example", query, {"id": world.customer_id})
    assert analyst["data"]["customer"]["contacts"][0]["phones"] == ["139****5678"]
    forbidden = await over_socket(
        "marketing@demo.example", "query($id: ID!) { customer(id: $id) { idNumber } }", {"id": world.customer_id}
    )
    assert forbidden.get("extensions", forbidden.get("errors", [{}])[0].get("extensions", {}))["code"] == "FORBIDDEN"
    rep2 = await over_socket("rep2@demo.example", query, {"id": world.customer_id})
    assert rep2["data"]["customer"] is None  # out of scope, exactly like a missing id


async def test_fields_left_out_by_include_or_skip_need_nothing_but_included_ones_do(
    gql: GraphQLClient, world: World
) -> None:
    await gql.login("agent@demo.example")  # no Customer.address, no rfm
    query = (
        "query($id: ID!, $private: Boolean!) { customer(id: $id) { name address @include(if: $private) "
        "... on Customer @skip(if: $private) { status } rfm @skip(if: true) { segment } } }"
    )
    left_out = await gql(query, {"id": world.customer_id, "private": False})
    assert "errors" not in left_out and left_out["data"]["customer"]["name"] == "Shared Person Co"
    assert "address" not in left_out["data"]["customer"]
    assert _code(await gql(query, {"id": world.customer_id, "private": True})) == "FORBIDDEN"
    # The same document text, cached, still follows each request's variables.
    assert "errors" not in await gql(query, {"id": world.customer_id, "private": False})
    named = (
        "query($id: ID!, $a: Boolean!) { customer(id: $id) { ...F @include(if: $a) name } } "
        "fragment F on Customer { address }"
    )
    assert _code(await gql(named, {"id": world.customer_id, "a": True})) == "FORBIDDEN"
    assert "errors" not in await gql(named, {"id": world.customer_id, "a": False})
