"""Changing the policy through GraphQL: validation, audit, effect here and in another server within a second."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from tests.authz.conftest import USERS, World
from tests.conftest import GraphQLClient, LiveServer, _restore_policy, app_document

SET = """
mutation($i: PermissionSetInput!) {
  permissionSet(input: $i) { role { role explicit { type field access } } userErrors { field code message } }
}
"""


@pytest.fixture
async def restore_policy(db: Database) -> AsyncIterator[None]:
    """Put the shipped policy back after a test that changes it."""
    yield
    await _restore_policy(db)  # (every test gets it after it too: tests.conftest._clean_tables)


async def test_viewer_permissions_tell_the_client_what_it_may_do(gql: GraphQLClient, world: World) -> None:
    await gql.login("agent@demo.example")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    body = await gql("{ viewer { permissions { isAdmin fields { type field access } scopes { type scopes } } } }")
    assert compiled.served == 1, "not compiled"
    permissions = body["data"]["viewer"]["permissions"]
    access = {(f["type"], f["field"]): f["access"] for f in permissions["fields"]}
    assert access[("Contact", "phones")] == "MASKED"
    assert access[("Customer", "name")] == "READ"
    assert ("Customer", "idNumber") not in access  # none is not listed
    assert permissions["scopes"] == [
        {"type": "Customer", "scopes": ["RELATED"]},
        {"type": "Ticket", "scopes": ["TEAM"]},
    ]
    assert permissions["isAdmin"] is False
    # Another user's permissions are not shown.
    await gql.login("admin@demo.example")
    others = await gql("{ users { nodes { email permissions { isAdmin } } } }")
    shown = {u["email"]: u["permissions"] for u in others["data"]["users"]["nodes"]}
    assert shown["admin@demo.example"] == {"isAdmin": True}
    assert shown["agent@demo.example"] is None


async def test_permission_matrix_is_for_admins(gql: GraphQLClient, world: World) -> None:
    await gql.login("manager@demo.example")
    assert (await gql("{ permissionMatrix { version } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("admin@demo.example")
    matrix = (
        await gql(
            "{ permissionMatrix { maskable types { name scoped fields } roles { role inherits explicit { type field access } "
            "scopes { type scopes } } } }"
        )
    )["data"]["permissionMatrix"]
    roles = {r["role"]: r for r in matrix["roles"]}
    assert "admin" not in roles
    assert roles["sales_manager"]["inherits"] == ["sales_rep"]
    assert roles["sales_manager"]["scopes"] == [
        {"type": "Customer", "scopes": ["TEAM"]},
        {"type": "Lead", "scopes": ["TEAM"]},
        {"type": "Opportunity", "scopes": ["TEAM"]},
        {"type": "Ticket", "scopes": ["RELATED"]},
    ]
    assert {"type": "Contact", "field": "phones", "access": "MASKED"} in roles["service_agent"]["explicit"]
    types = {t["name"]: t for t in matrix["types"]}
    assert types["Customer"]["scoped"] is True and "idNumber" in types["Customer"]["fields"]
    assert "Contact.phones" in matrix["maskable"]


async def test_permission_set_validates_audits_and_applies_at_once(
    gql: GraphQLClient, world: World, db: Database, restore_policy: None
) -> None:
    await gql.login("admin@demo.example")
    bad = [
        ({"role": "nobody", "type": "Customer", "field": "name", "access": "READ"}, "role"),
        ({"role": "admin", "type": "Customer", "field": "name", "access": "NONE"}, "role"),
        ({"role": "analyst", "type": "Customer", "field": "noSuchField", "access": "READ"}, "field"),
        ({"role": "analyst", "type": "Customer", "field": "name", "access": "MASKED"}, "access"),
    ]
    for values, field in bad:
        errors = (await gql(SET, {"i": values}))["data"]["permissionSet"]["userErrors"]
        assert [e["field"] for e in errors] == [field], values
    # Unmask phones for agents.
    changed = await gql(SET, {"i": {"role": "service_agent", "type": "Contact", "field": "phones", "access": "READ"}})
    explicit = changed["data"]["permissionSet"]["role"]["explicit"]
    assert {"type": "Contact", "field": "phones", "access": "READ"} in explicit
    async with db.read() as session:
        entry = (await session.execute(select(AuditEntry).where(AuditEntry.action == "permission_set"))).scalar_one()
    assert entry.changes == {"service_agent:Contact.phones": ["masked", "read"]}
    await gql.login("agent@demo.example")
    body = await gql("query($id: ID!) { customer(id: $id) { contacts { phones } } }", {"id": world.customer_id})
    assert body["data"]["customer"]["contacts"][0]["phones"] == ["+8613912345678"]
    # The viewer's permissions, compiled with the policy as a constant, follow the new policy at once.
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    served = compiled.served
    viewer = await gql("{ viewer { permissions { fields { type field access } } } }")
    assert compiled.served == served + 1, "not compiled"
    assert {"type": "Contact", "field": "phones", "access": "READ"} in viewer["data"]["viewer"]["permissions"]["fields"]
    # Scopes too: agents lose their related customers.
    await gql.login("admin@demo.example")
    scoped = await gql(
        'mutation { scopeSet(input: {role: "service_agent", type: "Customer", scopes: [OWN]}) '
        "{ role { scopes { type scopes } } userErrors { field } } }"
    )
    assert scoped["data"]["scopeSet"]["role"]["scopes"][0] == {"type": "Customer", "scopes": ["OWN"]}
    await gql.login("agent@demo.example")
    assert (await gql("{ customers { totalCount } }"))["data"]["customers"]["totalCount"] == 0


async def test_a_policy_change_reaches_another_server_process_within_a_second(
    live_server: LiveServer, world: World, database_url: str, tmp_path: Path, restore_policy: None
) -> None:
    second = LiveServer(
        {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING"}, tmp_path / "b.log"
    )
    try:
        second.wait_ready()
        async with (
            httpx.AsyncClient(base_url=live_server.url) as first_http,
            httpx.AsyncClient(base_url=second.url) as second_http,
        ):

            async def login(http: httpx.AsyncClient, email: str) -> None:
                await http.post(
                    "/graphql",
                    json={
                        "query": f'mutation {{ login(input: {{email: "{email}", '
                        'password: "rapport-demo"}) { viewer { email } } }'
                    },
                )

            await login(first_http, "admin@demo.example")
            await login(second_http, "marketing@demo.example")
            probe = {
                "query": "query($id: ID!) { customer(id: $id) { idNumber } }",
                "variables": {"id": world.customer_id},
            }
            before = (await second_http.post("/graphql", json=probe)).json()
            assert before["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            change = {
                "query": SET,
                "variables": {"i": {"role": "marketing", "type": "Customer", "field": "idNumber", "access": "MASKED"}},
            }
            assert (await first_http.post("/graphql", json=change)).json()["data"]["permissionSet"]["userErrors"] == []
            changed_at = time.monotonic()
            seen: dict[str, Any] = {}
            while time.monotonic() - changed_at < 1.0:
                seen = (await second_http.post("/graphql", json=probe)).json()
                if "errors" not in seen:
                    break
                await asyncio.sleep(0.02)
            elapsed = time.monotonic() - changed_at
            assert "errors" not in seen, seen
            assert seen["data"]["customer"]["idNumber"] == "**************1234"
            assert elapsed < 1.0
    finally:
        second.stop()


@pytest.mark.parametrize("role", ["sales_rep", "service_agent", "marketing", "analyst"])
async def test_a_request_the_compiled_path_prepared_is_refused_once_its_field_is_revoked(
    gql: GraphQLClient, world: World, restore_policy: None, role: str
) -> None:
    """The compiled path keeps the web app's requests whose checks passed (`rapport.graphql.prepared`); a policy
    change that denies what such a request reads refuses it at once, although nothing about the request changed."""
    options = app_document("SalesCustomerOptions")
    compiled = gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    await gql.login(USERS[role])
    first = await gql(options, {"search": None})
    assert "errors" not in first and first["data"]["customers"]["nodes"][0]["city"], first
    kept, served = len(compiled.prepared), compiled.served
    assert await gql(options, {"search": None}) == first
    assert (len(compiled.prepared), compiled.served) == (kept, served + 1), "the repeat was not served as prepared"
    await gql.login("admin@demo.example")
    change = {"role": role, "type": "Customer", "field": "city", "access": "NONE"}
    assert (await gql(SET, {"i": change}))["data"]["permissionSet"]["userErrors"] == []
    await gql.login(USERS[role])
    refused = await gql(options, {"search": None})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", refused
    assert "city" in refused["errors"][0]["message"]
