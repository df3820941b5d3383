"""Administering people: users (roles, team, deactivation signs out), teams (moving subtrees), the audit log."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.identity.models import Team, User
from tests.conftest import GraphQLClient

ERRORS = "userErrors { field code message }"


async def _ids(db: Database) -> tuple[dict[str, str], dict[str, Any]]:
    async with db.read() as session:
        users = {u.email: to_global_id("User", u.id) for u in (await session.execute(select(User))).scalars()}
        teams = {t.name: t for t in (await session.execute(select(Team))).scalars()}
    return users, teams


async def _mutate(gql: GraphQLClient, name: str, input_type: str, values: dict[str, Any], selection: str) -> Any:
    body = await gql(f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {selection} }} }}", {"i": values})
    assert "errors" not in body, body
    return body["data"][name]


async def test_admins_change_roles_and_team_and_deactivating_signs_the_user_out(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, client: httpx.AsyncClient
) -> None:
    users, teams = await _ids(db)
    async with httpx.AsyncClient(transport=client._transport, base_url="http://testserver") as other:
        rep_session = GraphQLClient(other)
        await rep_session.login("rep2@demo.example")
        assert (await rep_session("{ viewer { email } }"))["data"]["viewer"] == {"email": "rep2@demo.example"}
        await gql.login("admin@demo.example")
        east = to_global_id("Team", teams["East Sales"].id)
        changed = await _mutate(
            gql,
            "userUpdate",
            "UserUpdateInput",
            {"id": users["rep2@demo.example"], "roles": ["sales_manager"], "teamId": east, "name": "Ray Manager"},
            f"user {{ name roles team {{ name }} }} {ERRORS}",
        )
        assert changed == {
            "user": {"name": "Ray Manager", "roles": ["sales_manager"], "team": {"name": "East Sales"}},
            "userErrors": [],
        }
        unknown = await _mutate(
            gql, "userUpdate", "UserUpdateInput", {"id": users["rep2@demo.example"], "roles": ["wizard"]}, ERRORS
        )
        assert unknown["userErrors"][0]["field"] == "roles"
        myself = await _mutate(
            gql, "userUpdate", "UserUpdateInput", {"id": users["admin@demo.example"], "active": False}, ERRORS
        )
        assert myself["userErrors"][0]["field"] == "active"
        demote = await _mutate(
            gql, "userUpdate", "UserUpdateInput", {"id": users["admin@demo.example"], "roles": ["analyst"]}, ERRORS
        )
        assert demote["userErrors"][0]["field"] == "roles"
        off = await _mutate(
            gql,
            "userUpdate",
            "UserUpdateInput",
            {"id": users["rep2@demo.example"], "active": False, "teamId": None},
            f"user {{ active team {{ id }} }} {ERRORS}",
        )
        assert off["user"] == {"active": False, "team": None}
        # Their open session no longer works.
        assert (await rep_session("{ viewer { email } }"))["data"]["viewer"] is None
    # Only admins administer people.
    await gql.login("director@demo.example")
    denied = await gql(
        "mutation($i: UserUpdateInput!) { userUpdate(input: $i) { user { id } } }",
        {"i": {"id": users["rep@demo.example"], "active": False}},
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_teams_move_with_their_subtree_and_never_under_themselves(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    users, teams = await _ids(db)
    await gql.login("admin@demo.example")
    sales = to_global_id("Team", teams["Sales"].id)
    east = to_global_id("Team", teams["East Sales"].id)
    created = await _mutate(
        gql,
        "teamSave",
        "TeamSaveInput",
        {"name": "Hangzhou", "parentId": east, "managerId": users["manager@demo.example"]},
        f"team {{ id name parent {{ name }} manager {{ email }} }} {ERRORS}",
    )
    assert created["team"]["parent"] == {"name": "East Sales"} and created["team"]["manager"] == {
        "email": "manager@demo.example"
    }
    hangzhou = created["team"]["id"]
    cycle = await _mutate(
        gql, "teamSave", "TeamSaveInput", {"id": east, "name": "East Sales", "parentId": hangzhou}, ERRORS
    )
    assert cycle["userErrors"][0]["field"] == "parentId"
    # East moves to the top level: Hangzhou's path follows.
    moved = await _mutate(
        gql, "teamSave", "TeamSaveInput", {"id": east, "name": "East Sales"}, f"team {{ parent {{ id }} }} {ERRORS}"
    )
    assert moved["team"]["parent"] is None
    async with db.read() as session:
        rows = {t.name: t for t in (await session.execute(select(Team))).scalars()}
    assert rows["Hangzhou"].path == f"/{rows['East Sales'].id}/{rows['Hangzhou'].id}/"
    assert not rows["East Sales"].path.startswith(rows["Sales"].path)
    # The director (Sales) no longer sees East's subtree as theirs; the manager still does.
    assert rows["Hangzhou"].path.startswith(rows["East Sales"].path)
    del sales


async def test_the_audit_log_lists_who_did_what_newest_first_for_admins_only(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    users, _ = await _ids(db)
    await gql.login("admin@demo.example")
    for name in ("Ray One", "Ray Two", "Ray Three"):
        await _mutate(gql, "userUpdate", "UserUpdateInput", {"id": users["rep2@demo.example"], "name": name}, ERRORS)
    query = (
        "query($f: AuditLogFilter, $a: String) { auditLog(first: 2, after: $a, filter: $f) { totalCount "
        "pageInfo { hasNextPage endCursor } nodes { at entityType entityId action changes actor { email } } } }"
    )
    mine = {"entityId": users["rep2@demo.example"], "action": "update"}
    first = (await gql(query, {"f": mine}))["data"]["auditLog"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    assert [n["changes"]["name"][1] for n in first["nodes"]] == ["Ray Three", "Ray Two"]
    assert first["nodes"][0]["actor"] == {"email": "admin@demo.example"} and first["nodes"][0]["entityType"] == "User"
    rest = (await gql(query, {"f": mine, "a": first["pageInfo"]["endCursor"]}))["data"]["auditLog"]
    assert [n["changes"]["name"][1] for n in rest["nodes"]] == ["Ray One"]
    mismatch = await gql(query, {"f": {"entityType": "Customer", "entityId": users["rep2@demo.example"]}})
    assert mismatch["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    await gql.login("director@demo.example")
    assert (await gql("{ auditLog { totalCount } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
