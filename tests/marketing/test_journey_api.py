"""The journeys API: save (checked, secrets hidden, positions kept), activate, dry run (changes nothing),
figures and each contact's progress; and who may use it (marketing in its scope, admins; nobody else)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
from tests import factories
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient
from tests.marketing.journey_world import (
    SECRET,
    T0,
    builder,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)

SAVE = """mutation($i: JourneySaveInput!) { journeySave(input: $i) {
  journey { id version name status graph allowReentry } userErrors { field message code } } }"""
ACTIVATE = """mutation($i: JourneyStatusInput!) { journeyActivate(input: $i) {
  journey { status activatedAt } userErrors { field code } } }"""
DRY_RUN = """mutation($i: JourneyDryRunInput!) { journeyDryRun(input: $i) {
  entries { customer { name } path messages { channel subject } } userErrors { field message code } } }"""
PROGRESS = """query($id: ID!) { journey(id: $id) { name
  stats { entered active done exited failed perNode { nodeId reached waiting } }
  enrollments(first: 10) { totalCount nodes { status currentNode customer { name } steps { nodeId status branch } } } } }"""
CONTENT = {"zh-CN": {"subject": "优惠券", "body": "您的优惠券"}, "en": {"subject": "Your coupon", "body": "Here"}}


def _graph(segment_id: Any) -> dict[str, Any]:
    """browse -> SMS coupon -> wait 24 h -> ordered? yes: tag / no: audience file (the requirement's example)."""
    return {
        "nodes": [
            node("start", "trigger", **segment_trigger(segment_id)),
            node("sms", "send", channel="sms", content=CONTENT),
            node("wait", "wait", hours=24),
            node("ordered", "condition", kind="ordered_within", hours=24),
            node("tag", "tag_add", tags=["buyer"]),
            node("ad", "audience", mode="file", audience="no-order-24h"),
            node("hook", "webhook", url="https://hooks.example/in", secret=SECRET),
        ],
        "edges": [
            edge("start", "sms"),
            edge("sms", "wait"),
            edge("wait", "ordered"),
            edge("ordered", "tag", "yes"),
            edge("ordered", "ad", "no"),
            edge("ad", "hook"),
        ],
    }


async def _counts(db: Database) -> tuple[int, int, list[Any]]:
    async with db.read() as session:
        enrollments = await session.scalar(select(func.count()).select_from(JourneyEnrollment))
        runs = await session.scalar(select(func.count()).select_from(JourneyStepRun))
        journeys = (await session.execute(select(Journey.id, Journey.version, Journey.status))).all()
    return int(enrollments or 0), int(runs or 0), sorted(journeys)


async def test_marketing_builds_dry_runs_activates_and_follows_a_journey(
    gql: GraphQLClient, db: Database, demo: dict[str, Any]
) -> None:
    customers = await customers_with_contacts(db, 2, prefix="Tea")
    segment_id = await static_segment(db, [c.id for c in customers])
    await gql.login((await builder(db)).email)  # marketing that may tag and export contacts' emails and phones
    # A graph with a condition lacking its "no" edge is refused, naming the node.
    broken = _graph(segment_id)
    broken["edges"] = [e for e in broken["edges"] if e.get("branch") != "no"]
    refused = (await gql(SAVE, {"i": {"name": "Coupon", "graph": broken}}))["data"]["journeySave"]
    assert refused["journey"] is None
    assert refused["userErrors"][0]["field"] == "graph" and "ordered" in refused["userErrors"][0]["message"]
    saved = (await gql(SAVE, {"i": {"name": "Coupon", "graph": _graph(segment_id)}}))["data"]["journeySave"]
    journey = saved["journey"]
    assert saved["userErrors"] == [] and journey["status"] == "DRAFT"
    hook = next(n for n in journey["graph"]["nodes"] if n["id"] == "hook")
    assert hook["config"] == {"url": "https://hooks.example/in", "secretSet": True}  # the secret never comes back
    assert hook["position"] == {"x": 10, "y": 20}
    # Saving the graph as read (without the secret) keeps the stored secret.
    again = {"id": journey["id"], "version": journey["version"], "name": "Coupon 2", "graph": journey["graph"]}
    resaved = (await gql(SAVE, {"i": again}))["data"]["journeySave"]
    assert resaved["userErrors"] == [] and resaved["journey"]["graph"] == journey["graph"]

    before = await _counts(db)
    dry = (await gql(DRY_RUN, {"i": {"id": journey["id"], "limit": 10}}))["data"]["journeyDryRun"]
    assert dry["userErrors"] == []
    assert sorted(e["customer"]["name"] for e in dry["entries"]) == ["Tea 0", "Tea 1"]
    for entry in dry["entries"]:
        assert entry["path"] == ["start", "sms", "wait", "ordered", "ad", "hook"]
        assert entry["messages"] == [{"channel": "sms", "subject": "优惠券"}]  # the contacts' language: zh-CN
    unsaved = await gql(DRY_RUN, {"i": {"graph": _graph(segment_id), "limit": 1}})
    assert len(unsaved["data"]["journeyDryRun"]["entries"]) == 1
    assert await _counts(db) == before  # the dry run changed nothing

    current = {"id": journey["id"], "version": resaved["journey"]["version"]}
    activated = (await gql(ACTIVATE, {"i": current}))["data"]["journeyActivate"]
    assert activated["journey"]["status"] == "ACTIVE" and activated["userErrors"] == []
    await segment_entries(db, T0)
    await run_due(db, T0)
    progress = (await gql(PROGRESS, {"id": journey["id"]}))["data"]["journey"]
    assert progress["stats"] == {
        "entered": 2,
        "active": 2,
        "done": 0,
        "exited": 0,
        "failed": 0,
        "perNode": [
            {"nodeId": "sms", "reached": 2, "waiting": 0},
            {"nodeId": "start", "reached": 2, "waiting": 0},
            {"nodeId": "wait", "reached": 2, "waiting": 2},
        ],
    }
    (first, _) = progress["enrollments"]["nodes"]
    assert progress["enrollments"]["totalCount"] == 2
    assert first["status"] == "WAITING" and first["currentNode"] == "wait"
    # The send step wrote its message to the send ledger (the campaign-send job sends it): done.
    assert [s["nodeId"] for s in first["steps"]] == ["start", "sms"]
    assert first["steps"][1]["status"] == "done"


async def test_a_journey_of_someone_else_is_not_found_for_marketing(
    gql: GraphQLClient, db: Database, demo: dict[str, Any]
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    async with db.write() as session:
        other = Journey(
            id=uuid7(),
            name="Rep's",
            status="draft",
            graph={"nodes": [], "edges": []},
            allow_reentry=False,
            owner_id=rep.user_id,
            team_id=rep.team_id,
        )
        session.add(other)
    other_id = to_global_id("Journey", other.id)
    await gql.login(USERS["marketing"])
    assert (await gql("query($id: ID!) { journey(id: $id) { name } }", {"id": other_id}))["data"]["journey"] is None
    body = await gql(ACTIVATE, {"i": {"id": other_id, "version": 1}})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await gql.login(USERS["admin"])
    assert (await gql("query($id: ID!) { journey(id: $id) { name } }", {"id": other_id}))["data"]["journey"] == {
        "name": "Rep's"
    }


@pytest.mark.parametrize("role", sorted(USERS))
async def test_only_marketing_and_admins_reach_journeys(
    gql: GraphQLClient, db: Database, demo: dict[str, Any], role: str
) -> None:
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    await gql.login(USERS[role])
    read = await gql("{ journeys(first: 5) { totalCount } }")
    save = await gql(SAVE, {"i": {"name": "x", "graph": {"nodes": [], "edges": []}}})
    if role in ("marketing", "marketing_manager", "admin"):
        assert read["data"]["journeys"]["totalCount"] == 0
        assert save["data"]["journeySave"]["userErrors"][0]["field"] == "graph"
    else:
        assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert save["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_audience_file_lists_hashed_identifiers_of_those_who_reached_it(
    gql: GraphQLClient, db: Database, demo: dict[str, Any]
) -> None:
    customers = await customers_with_contacts(db, 1, prefix="Ad")
    segment_id = await static_segment(db, [c.id for c in customers])
    await gql.login((await builder(db)).email)  # marketing that may tag and export contacts' emails and phones
    saved = (await gql(SAVE, {"i": {"name": "Ads", "graph": _graph(segment_id)}}))["data"]["journeySave"]["journey"]
    await gql(ACTIVATE, {"i": {"id": saved["id"], "version": saved["version"]}})
    await segment_entries(db, T0)
    await run_due(db, T0)
    await run_due(db, T0 + timedelta(hours=25))
    response = await gql.http.get(f"/journeys/{saved['id']}/audiences/ad.csv")
    assert response.status_code == 200
    email = hashlib.sha256(b"p0@example.com").hexdigest()
    phone = hashlib.sha256(b"+8613900000000").hexdigest()
    assert response.text == f"email_sha256,phone_sha256\n{email},{phone}\n"
    await gql.login(USERS["sales_rep"])
    assert (await gql.http.get(f"/journeys/{saved['id']}/audiences/ad.csv")).status_code == 404
    # A marketing manager sees every journey but contacts masked: the hashes are identifiers too.
    await gql.login(USERS["marketing_manager"])
    refused = await gql.http.get(f"/journeys/{saved['id']}/audiences/ad.csv", headers={"accept-language": "zh-CN"})
    assert refused.status_code == 403 and "联系人" in refused.json()["error"]
    assert (await gql("query($id: ID!) { journey(id: $id) { name } }", {"id": saved["id"]}))["data"]["journey"]
