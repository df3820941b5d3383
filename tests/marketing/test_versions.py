"""A change of an existing campaign, journey or the marketing settings names the version it read: without one, or
with a stale one, it answers CONFLICT and changes nothing (creation has no version)."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.core.db import Database
from tests.conftest import GraphQLClient
from tests.marketing import world
from tests.marketing.journey_world import (
    BUILDER,
    builder,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)

pytestmark = pytest.mark.usefixtures("demo")

JOURNEY_SAVE = """mutation($i: JourneySaveInput!) { journeySave(input: $i) {
  journey { id version name } userErrors { field message code } } }"""
ACTIVATE = """mutation($i: JourneyStatusInput!) { journeyActivate(input: $i) {
  journey { status } userErrors { field code } } }"""
SETTINGS = """mutation($i: MarketingSettingsInput!) { marketingSettingsSet(input: $i) {
  settings { version frequencyCapCount } userErrors { field code } } }"""
READ_SETTINGS = "{ marketingSettings { version frequencyCapCount } }"


def _conflict(body: dict[str, Any], root: str) -> bool:
    """CONFLICT, as a GraphQL error or as the payload's user error."""
    codes = [e["extensions"]["code"] for e in body.get("errors") or []]
    if body.get("data") and body["data"].get(root):
        codes += [e.get("code") for e in body["data"][root]["userErrors"]]
    return codes == ["CONFLICT"]


async def test_a_campaign_change_names_its_version(gql: GraphQLClient, db: Database) -> None:
    await gql.login("marketing@demo.example")
    created = (await gql(world.SAVE, {"i": {"name": "Spring", "channels": ["EMAIL"]}}))["data"]["campaignSave"]
    campaign_id = created["campaign"]["id"]
    for version in (None, 99):
        change = {"id": campaign_id, "name": "Renamed", **({} if version is None else {"version": version})}
        assert _conflict(await gql(world.SAVE, {"i": change}), "campaignSave"), version
    name = await gql("query($id: ID!) { campaign(id: $id) { name version } }", {"id": campaign_id})
    assert name["data"]["campaign"]["name"] == "Spring"
    current = {"id": campaign_id, "version": name["data"]["campaign"]["version"], "name": "Renamed"}
    assert (await gql(world.SAVE, {"i": current}))["data"]["campaignSave"]["userErrors"] == []


async def test_a_journey_change_names_its_version(gql: GraphQLClient, db: Database) -> None:
    customers = await customers_with_contacts(db, 1)
    segment_id = await static_segment(db, [c.id for c in customers])
    graph = {
        "nodes": [node("start", "trigger", **segment_trigger(segment_id)), node("wait", "wait", hours=1)],
        "edges": [edge("start", "wait")],
    }
    await builder(db)  # the segment's owner: its journey's editor may see it
    await gql.login(BUILDER)
    saved = (await gql(JOURNEY_SAVE, {"i": {"name": "Welcome", "graph": graph}}))["data"]["journeySave"]
    journey = saved["journey"]
    assert saved["userErrors"] == [], saved
    unversioned = {"id": journey["id"], "name": "Renamed", "graph": graph}
    assert _conflict(await gql(JOURNEY_SAVE, {"i": unversioned}), "journeySave")
    assert _conflict(await gql(ACTIVATE, {"i": {"id": journey["id"]}}), "journeyActivate")
    assert _conflict(await gql(ACTIVATE, {"i": {"id": journey["id"], "version": 99}}), "journeyActivate")
    activated = await gql(ACTIVATE, {"i": {"id": journey["id"], "version": journey["version"]}})
    assert activated["data"]["journeyActivate"]["journey"]["status"] == "ACTIVE", activated


async def test_a_settings_change_names_its_version(gql: GraphQLClient, db: Database) -> None:
    await gql.login("mktmanager@demo.example")
    read = (await gql(READ_SETTINGS))["data"]["marketingSettings"]
    for version in (None, read["version"] + 5):
        change = {"frequencyCapCount": 9, **({} if version is None else {"version": version})}
        assert _conflict(await gql(SETTINGS, {"i": change}), "marketingSettingsSet"), version
    assert (await gql(READ_SETTINGS))["data"]["marketingSettings"] == read
    saved = await gql(SETTINGS, {"i": {"version": read["version"], "frequencyCapCount": 9}})
    assert saved["data"]["marketingSettingsSet"]["settings"] == {"version": read["version"] + 1, "frequencyCapCount": 9}
