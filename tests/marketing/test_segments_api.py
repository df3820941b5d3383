"""Segments through GraphQL: validation (typed, nothing saved), the live count under every role's scope, rules on
fields a role cannot read, freezing, optimistic concurrency, audit, and the one statement of a live count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.identity.demo import DEMO_USERS
from rapport.marketing.segments import service
from rapport.marketing.segments.service import save_segment
from tests import factories
from tests.conftest import GraphQLClient
from tests.marketing.planted import plant

SQL = {"X-Rapport-Debug": "sql"}
SAVE = """mutation($i: SegmentSaveInput!) { segmentSave(input: $i) {
  segment { id version name kind memberCount rules preset owner { email } } userErrors { field code message } } }"""
FREEZE = """mutation($i: SegmentFreezeInput!) { segmentFreeze(input: $i) {
  segment { id version kind memberCount frozenAt members(first: 100) { totalCount nodes { name } } } userErrors { field } } }"""
PREVIEW = "query($r: JSON!) { segmentPreview(rules: $r) { count sample { id name } } }"
MEMBERS = "query($id: ID!) { segment(id: $id) { memberCount members(first: 100) { totalCount nodes { id name } } } }"
BUYERS = {"op": "and", "rules": [{"kind": "orderCount", "min": 1}]}


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None


async def _save(gql: GraphQLClient, **values: Any) -> dict[str, Any]:
    body = await gql(SAVE, {"i": {"name": "Buyers", "rules": BUYERS, **values}})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["segmentSave"]
    return payload


INVALID: list[tuple[Any, str]] = [
    ({"op": "xor", "rules": []}, "rules.op"),
    ({"op": "and", "rules": [{"kind": "orderCount"}]}, "rules.rules.0.min"),
    ({"op": "and", "rules": [{"kind": "hasTag"}, {"kind": "noOrder", "days": 0}]}, "rules.rules.0.tag"),
    ({"op": "and", "rules": [{"kind": "hasTag", "tag": "x"}, {"kind": "noOrder", "days": 0}]}, "rules.rules.1.days"),
    ({"op": "and", "rules": [{"kind": "noOrder", "days": "30"}]}, "rules.rules.0.days"),
    ({"op": "and", "rules": [{"kind": "churnRisk"}]}, "rules.rules.0.kind"),
    ({"op": "and", "rules": [{"kind": "profile", "field": "idNumber", "values": ["1"]}]}, "rules.rules.0.field"),
    ({"op": "and", "rules": [{"kind": "profile", "field": "kind", "values": ["robot"]}]}, "rules.rules.0.values"),
    ({"op": "and", "rules": [{"kind": "orderAmount", "min": "12x"}]}, "rules.rules.0.min"),
    ({"op": "and", "rules": [{"kind": "orderCount", "min": 5, "max": 2}]}, "rules.rules.0.min"),
    ({"op": "and", "rules": [{"kind": "csat", "days": 30, "min": 7}]}, "rules.rules.0.min"),
    (
        {"op": "and", "rules": [{"op": "or", "rules": [{"op": "and", "rules": [{"op": "or"}]}]}]},
        "rules.rules.0.rules.0.rules.0",
    ),
    ({"op": "or", "rules": [{"kind": "hasTag", "tag": f"t{i}"} for i in range(31)]}, "rules.rules.30"),
    ([1, 2], "rules"),
]


@pytest.mark.parametrize(("rules", "field"), INVALID, ids=[f for _, f in INVALID])
async def test_invalid_rules_are_refused_by_path_and_nothing_is_saved(
    gql: GraphQLClient, demo: dict[str, Any], rules: Any, field: str
) -> None:
    await gql.login("marketing@demo.example")
    body = await gql(SAVE, {"i": {"name": "Broken", "rules": rules}})
    payload = body["data"]["segmentSave"]
    assert payload["segment"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, "BAD_USER_INPUT")]
    assert (await gql("{ segments { totalCount } }"))["data"]["segments"]["totalCount"] == 0
    assert _code(await gql(PREVIEW, {"r": rules})) == "BAD_USER_INPUT"


#: Demo users by role (one user per role).
USERS = {user.roles[0]: user.email for user in DEMO_USERS}
READERS = {"marketing", "marketing_manager", "analyst", "admin"}


@pytest.mark.parametrize("role", sorted(USERS))
async def test_every_role_counts_exactly_the_members_it_may_see(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, role: str
) -> None:
    await plant(db)
    await gql.login(USERS[role])
    body = await gql(PREVIEW, {"r": BUYERS})
    if role not in READERS:
        assert _code(body) == "FORBIDDEN"
        return
    assert "errors" not in body, body
    visible = await gql("{ customers(first: 100) { nodes { id } } }")
    scope = {n["id"] for n in visible["data"]["customers"]["nodes"]}
    preview = body["data"]["segmentPreview"]
    assert {c["id"] for c in preview["sample"]} <= scope
    if role == "analyst":  # analysts read segments and change none: admin saves this one
        admin = await factories.principal(db, USERS["admin"])
        async with db.write() as session:
            row = await save_segment(session, admin, None, None, {"name": "Buyers", "rules": BUYERS})
        saved = {"id": to_global_id("Segment", row.id), "memberCount": preview["count"]}
    else:
        saved = (await _save(gql))["segment"]
    members = (await gql(MEMBERS, {"id": saved["id"]}))["data"]["segment"]
    ids = {n["id"] for n in members["members"]["nodes"]}
    assert preview["count"] == saved["memberCount"] == members["memberCount"] == members["members"]["totalCount"]
    assert len(ids) == preview["count"] == 4 and ids <= scope


async def test_a_rep_counts_only_their_own_customers_through_the_service(db: Database, demo: dict[str, Any]) -> None:
    world = await plant(db)
    rep = await factories.principal(db, "rep2@demo.example")
    tree = service.checked_rules(BUYERS, await factories.principal(db, "admin@demo.example"))
    async with db.read() as session:
        assert await service.count_of(session, rep, tree, world.now) == 1  # rep2 owns one buyer of four
        assert [c.name for c in await service.sample_of(session, rep, tree, world.now)] == ["happy"]


@pytest.mark.parametrize(("email", "code"), [("marketing@demo.example", "FORBIDDEN"), ("analyst@demo.example", None)])
async def test_a_rule_on_fields_the_caller_cannot_read_is_forbidden(
    gql: GraphQLClient, demo: dict[str, Any], email: str, code: str | None
) -> None:
    await gql.login(email)
    csat = {"op": "and", "rules": [{"kind": "csat", "days": 90, "min": 4}]}
    assert _code(await gql(PREVIEW, {"r": csat})) == code
    if code:
        saved = await gql(SAVE, {"i": {"name": "Happy", "rules": csat}})
        assert _code(saved) == code
        assert (await gql("{ segments { totalCount } }"))["data"]["segments"]["totalCount"] == 0


async def test_freezing_keeps_the_members_as_of_now(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    world = await plant(db)
    await gql.login("admin@demo.example")
    dynamic = (await _save(gql, preset="dormant_winback"))["segment"]
    assert dynamic["kind"] == "DYNAMIC" and dynamic["memberCount"] == 4
    body = await gql(FREEZE, {"i": {"id": dynamic["id"], "name": "Send of today"}})
    frozen = body["data"]["segmentFreeze"]["segment"]
    assert frozen["kind"] == "STATIC" and frozen["frozenAt"] and frozen["memberCount"] == 4
    before = {n["name"] for n in frozen["members"]["nodes"]}
    assert before == {"new_buyer", "repeat", "dormant", "happy"}
    # the prospect buys: the dynamic segment grows, the frozen one does not
    await factories.orders(db, world.ids["prospect"], ["10.00"], start=world.now, step=timedelta(days=1))
    assert (await gql(MEMBERS, {"id": dynamic["id"]}))["data"]["segment"]["memberCount"] == 5
    again = (await gql(MEMBERS, {"id": frozen["id"]}))["data"]["segment"]
    assert again["memberCount"] == 4 and {n["name"] for n in again["members"]["nodes"]} == before
    # freezing a static segment copies its frozen members
    copy = (await gql(FREEZE, {"i": {"id": frozen["id"], "name": "Copy"}}))["data"]["segmentFreeze"]["segment"]
    assert {n["name"] for n in copy["members"]["nodes"]} == before
    # a static segment's rules cannot change
    changed = await gql(
        SAVE,
        {"i": {"id": frozen["id"], "version": frozen["version"], "name": "x", "kind": "STATIC", "rules": {"op": "or"}}},
    )
    assert changed.get("data") and changed["data"]["segmentSave"]["userErrors"][0]["field"] == "rules", changed


async def test_stale_versions_conflict_and_every_change_is_audited(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("marketing@demo.example")
    created = (await _save(gql))["segment"]
    assert created["owner"]["email"] == "marketing@demo.example" and created["rules"] == BUYERS
    renamed = await gql(SAVE, {"i": {"id": created["id"], "version": 1, "name": "Renamed", "rules": BUYERS}})
    assert renamed["data"]["segmentSave"]["segment"]["version"] == 2
    stale = await gql(SAVE, {"i": {"id": created["id"], "version": 1, "name": "Late", "rules": BUYERS}})
    assert _code(stale) == "CONFLICT"
    delete = "mutation($i: SegmentDeleteInput!) { segmentDelete(input: $i) { deletedId userErrors { field } } }"
    assert _code(await gql(delete, {"i": {"id": created["id"], "version": 1}})) == "CONFLICT"
    frozen = await gql(FREEZE, {"i": {"id": created["id"], "name": "Snapshot"}})
    assert frozen["data"]["segmentFreeze"]["segment"]["kind"] == "STATIC"
    gone = await gql(delete, {"i": {"id": created["id"], "version": 2}})
    assert gone["data"]["segmentDelete"]["deletedId"] == created["id"]
    assert (await gql(MEMBERS, {"id": created["id"]}))["data"]["segment"] is None
    async with db.read() as session:
        actions = (await session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "Segment"))).all()
    assert sorted(actions) == ["create", "delete", "freeze", "update"]


async def test_segments_are_scoped_by_team(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("admin@demo.example")
    admins = (await _save(gql, name="Admin's"))["segment"]
    await gql.login("marketing@demo.example")
    mine = (await _save(gql, name="Mine"))["segment"]
    listed = await gql("{ segments { nodes { name } } }")
    assert [n["name"] for n in listed["data"]["segments"]["nodes"]] == ["Mine"]
    assert (await gql(MEMBERS, {"id": admins["id"]}))["data"]["segment"] is None
    freeze = await gql(FREEZE, {"i": {"id": admins["id"], "name": "Stolen"}})
    assert _code(freeze) == "NOT_FOUND"
    await gql.login("analyst@demo.example")
    seen = await gql('{ segments(filter: {search: "i"}) { nodes { name } } }')
    assert {n["name"] for n in seen["data"]["segments"]["nodes"]} == {"Admin's", "Mine"}
    assert _code(await gql(SAVE, {"i": {"id": mine["id"], "version": 1, "name": "x", "rules": BUYERS}})) == "FORBIDDEN"


async def test_presets_are_named_in_the_readers_language(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("marketing@demo.example")
    query = "{ segmentPresets { key name rules } }"
    english = (await gql(query))["data"]["segmentPresets"]
    assert [p["key"] for p in english] == ["first_purchase", "high_value_repeat", "dormant_winback"]
    assert english[0]["name"] == "New first-time buyers"
    chinese = (await gql(query, headers={"accept-language": "zh-CN"}))["data"]["segmentPresets"]
    assert [p["name"] for p in chinese] == ["新客首购", "高价值复购", "沉睡唤醒"]
    for preset in english:  # every preset is a valid tree the marketing role may count
        assert "errors" not in await gql(PREVIEW, {"r": preset["rules"]})


async def test_a_live_count_is_one_sql_statement_after_jit_is_turned_off(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await plant(db)
    await gql.login("admin@demo.example")
    await gql("{ viewer { id } }")  # the session's principal is cached from here on
    rules = {
        "op": "and",
        "rules": [
            {"kind": "orderCount", "days": 365, "min": 1},
            {"kind": "noOrder", "days": 30},
            {"kind": "ticketCount", "days": 90, "min": 1},
        ],
    }
    body = await gql("query($r: JSON!) { segmentPreview(rules: $r) { count } }", {"r": rules}, headers=SQL)
    assert body["data"]["segmentPreview"]["count"] == 2  # dormant and happy
    assert body["extensions"]["sql"]["statements"] == 2  # JIT off for the transaction, then the count
    # every source of facts at once (orders in two windows, order lines, tickets), under OR
    rules = {
        "op": "or",
        "rules": [
            {"kind": "csat", "days": 30, "max": "2.5"},
            {"kind": "orderAmount", "days": 365, "min": "16000"},
            {"kind": "orderedCategory", "category": "coffee", "days": 365},
            {"op": "and", "rules": [{"kind": "orderCount", "max": 0}, {"kind": "lacksTag", "tag": "VIP"}]},
        ],
    }
    body = await gql("query($r: JSON!) { segmentPreview(rules: $r) { count } }", {"r": rules}, headers=SQL)
    assert body["data"]["segmentPreview"]["count"] == 4  # dormant, repeat, happy and prospect
    assert body["extensions"]["sql"]["statements"] == 2  # JIT off for the transaction, then the count
