"""Retiring journeys: archive (an active one stops at once, its enrollments stay where they are), restore (paused
when it ran, else a draft), delete (only a journey that never ran); each names the version it read, is audited,
and is allowed exactly to the roles the policy grants it, within the journey's row scope."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.audit import AuditEntry
from rapport.core.authz.policy import Access, current
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from rapport.marketing.journeys import service
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import Journey, JourneyEnrollment
from rapport.marketing.journeys.triggers import segment_entries
from tests import factories
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient
from tests.marketing.journey_world import (
    T0,
    active_journey,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)

pytestmark = pytest.mark.usefixtures("demo")

ARCHIVE = """mutation($i: JourneyStatusInput!) { journeyArchive(input: $i) {
  journey { id version status } userErrors { field message code } } }"""
RESTORE = """mutation($i: JourneyStatusInput!) { journeyRestore(input: $i) {
  journey { id version status } userErrors { field message code } } }"""
DELETE = """mutation($i: JourneyDeleteInput!) { journeyDelete(input: $i) {
  deletedId userErrors { field message code } } }"""
LIST = """query($all: Boolean!) { journeys(first: 20, includeArchived: $all) { totalCount nodes { name status } } }"""
MUTATIONS = ("journeyArchive", "journeyRestore", "journeyDelete")


def _codes(body: dict[str, Any], root: str) -> list[str]:
    """The error codes of a response: GraphQL errors and the payload's user errors."""
    codes = [e["extensions"]["code"] for e in body.get("errors") or []]
    if body.get("data") and body["data"].get(root):
        codes += [e["code"] for e in body["data"][root]["userErrors"]]
    return codes


async def _draft(db: Database, email: str, name: str = "Welcome") -> uuid.UUID:
    """A draft journey (a page-view trigger, then a wait) owned by the user with this email."""
    owner = await factories.principal(db, email)
    graph = {
        "nodes": [node("start", "trigger", kind="page_view", pattern="/product/"), node("wait", "wait", hours=1)],
        "edges": [edge("start", "wait")],
    }
    async with db.write() as session:
        journey = await service.save(session, owner, None, service.JourneyDraft(name, graph))
    return journey.id


async def _version(db: Database, journey_id: uuid.UUID) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(Journey.version).where(Journey.id == journey_id)) or 0)


@pytest.mark.parametrize("role", sorted(USERS))
async def test_each_role_may_retire_journeys_exactly_as_the_policy_grants(
    gql: GraphQLClient, db: Database, role: str
) -> None:
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    journey_id = await _draft(db, USERS["marketing"])
    gid = to_global_id("Journey", journey_id)
    grants = current().for_roles(frozenset({role}))
    await gql.login(USERS[role])
    for root, document, expected_status in (
        ("journeyArchive", ARCHIVE, "ARCHIVED"),
        ("journeyRestore", RESTORE, "DRAFT"),
        ("journeyDelete", DELETE, None),
    ):
        version = await _version(db, journey_id)
        body = await gql(document, {"i": {"id": gid, "version": version}})
        if grants.access(f"Mutation.{root}") < Access.WRITE:
            assert _codes(body, root) == ["FORBIDDEN"], (role, root, body)
            continue
        assert _codes(body, root) == [], (role, root, body)
        if expected_status is None:
            assert body["data"][root]["deletedId"] == gid
        else:
            assert body["data"][root]["journey"]["status"] == expected_status
    granted = [root for root in MUTATIONS if grants.access(f"Mutation.{root}") >= Access.WRITE]
    assert granted in ([], list(MUTATIONS)), granted  # the three go together
    assert (role in ("marketing", "marketing_manager", "admin")) == bool(granted)
    async with db.read() as session:
        actions = list(await session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == journey_id)))
    assert sorted(actions) == (["archive", "delete", "restore"] if granted else [])


async def test_a_journey_out_of_the_callers_scope_answers_like_a_missing_one(gql: GraphQLClient, db: Database) -> None:
    journey_id = await _draft(db, "admin@demo.example")  # the admin's team is not marketing's
    gid = to_global_id("Journey", journey_id)
    await gql.login(USERS["marketing"])
    assert _codes(await gql(ARCHIVE, {"i": {"id": gid, "version": 1}}), "journeyArchive") == ["NOT_FOUND"]
    assert _codes(await gql(DELETE, {"i": {"id": gid, "version": 1}}), "journeyDelete") == ["NOT_FOUND"]
    assert await _version(db, journey_id) == 1


async def test_each_change_names_the_version_it_read(gql: GraphQLClient, db: Database) -> None:
    journey_id = await _draft(db, USERS["marketing"])
    gid = to_global_id("Journey", journey_id)
    await gql.login(USERS["marketing"])
    for version in (None, 99):
        given = {"id": gid, **({} if version is None else {"version": version})}
        assert _codes(await gql(ARCHIVE, {"i": given}), "journeyArchive") == ["CONFLICT"]
    assert _codes(await gql(DELETE, {"i": {"id": gid, "version": 99}}), "journeyDelete") == ["CONFLICT"]
    archived = await gql(ARCHIVE, {"i": {"id": gid, "version": 1}})
    assert archived["data"]["journeyArchive"]["journey"]["status"] == "ARCHIVED"
    assert _codes(await gql(RESTORE, {"i": {"id": gid, "version": 1}}), "journeyRestore") == ["CONFLICT"]
    async with db.read() as session:
        journey = await session.get(Journey, journey_id)
    assert journey is not None and journey.status == "archived"


async def test_the_list_hides_archived_journeys_unless_asked(gql: GraphQLClient, db: Database) -> None:
    kept = await _draft(db, USERS["marketing"], "Kept")
    retired = await _draft(db, USERS["marketing"], "Retired")
    await gql.login(USERS["marketing"])
    body = await gql(ARCHIVE, {"i": {"id": to_global_id("Journey", retired), "version": 1}})
    assert _codes(body, "journeyArchive") == []
    default = (await gql(LIST, {"all": False}))["data"]["journeys"]
    assert (default["totalCount"], [n["name"] for n in default["nodes"]]) == (1, ["Kept"])
    everything = (await gql(LIST, {"all": True}))["data"]["journeys"]
    assert sorted((n["name"], n["status"]) for n in everything["nodes"]) == [("Kept", "DRAFT"), ("Retired", "ARCHIVED")]
    assert kept != retired


async def test_a_journey_that_ran_cannot_be_deleted_and_its_archive_stops_its_enrollments(
    gql: GraphQLClient, db: Database
) -> None:
    customers = [c.id for c in await customers_with_contacts(db, 2, prefix="Ran")]
    segment_id = await static_segment(db, customers)
    graph = {
        "nodes": [
            node("start", "trigger", **segment_trigger(segment_id)),
            node("wait", "wait", hours=24),
            node("task", "task", title="Call them", dueInHours=8),
        ],
        "edges": [edge("start", "wait"), edge("wait", "task")],
    }
    journey_id = await active_journey(db, graph)
    assert await segment_entries(db, T0) == 2
    assert await run_due(db, T0) == {"stepped": 2, "waiting": 2}
    gid = to_global_id("Journey", journey_id)
    await gql.login(USERS["marketing_manager"])  # all journeys in scope
    refused = await gql(DELETE, {"i": {"id": gid, "version": await _version(db, journey_id)}})
    assert refused["data"]["journeyDelete"]["userErrors"] == [
        {"field": "id", "message": "This journey has run: archive it instead of deleting it.", "code": "BAD_USER_INPUT"}
    ]
    archived = await gql(ARCHIVE, {"i": {"id": gid, "version": await _version(db, journey_id)}})
    assert archived["data"]["journeyArchive"]["journey"]["status"] == "ARCHIVED"  # archived while active
    after_wait = T0 + timedelta(hours=25)
    assert await run_due(db, after_wait) == {}  # nothing advances
    async with db.read() as session:
        states = sorted(await session.scalars(select(JourneyEnrollment.current_node)))
    assert states == ["wait", "wait"]
    restored = await gql(RESTORE, {"i": {"id": gid, "version": await _version(db, journey_id)}})
    assert restored["data"]["journeyRestore"]["journey"]["status"] == "PAUSED"  # it ran: paused, not a draft
    assert await run_due(db, after_wait) == {}
    activate = """mutation($i: JourneyStatusInput!) { journeyActivate(input: $i) { journey { status } } }"""
    await gql(activate, {"i": {"id": gid, "version": await _version(db, journey_id)}})
    assert await run_due(db, after_wait) == {"stepped": 4}  # activated again: they go on where they were
    async with db.read() as session:
        assert sorted(await session.scalars(select(JourneyEnrollment.status))) == ["done", "done"]
    refused_again = await gql(DELETE, {"i": {"id": gid, "version": await _version(db, journey_id)}})
    assert _codes(refused_again, "journeyDelete") == ["BAD_USER_INPUT"]
