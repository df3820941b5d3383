"""What a campaign input cannot hold answers BAD_USER_INPUT (never a database error): two contents for one channel
and language, amounts out of the columns' range."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from rapport.core.db import Database
from rapport.marketing.campaigns.models import Campaign, CampaignCost
from tests.conftest import GraphQLClient
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

COST = """mutation($i: CampaignCostAddInput!) { campaignCostAdd(input: $i) { campaign { id } userErrors { field } } }"""


async def test_two_contents_for_one_channel_and_language_are_refused(gql: GraphQLClient, db: Database) -> None:
    await gql.login("marketing@demo.example")
    twice = [world.email_content(), world.email_content("again")]
    saved = await gql(world.SAVE, {"i": {"name": "Twice", "channels": ["EMAIL"], "contents": twice}})
    payload = saved["data"]["campaignSave"]
    assert payload["campaign"] is None and [e["field"] for e in payload["userErrors"]] == ["contents.1.locale"]
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Campaign)) == 0


def _refused(body: dict[str, Any], mutation: str, field: str) -> bool:
    """A user error on the field, or (past the Decimal scalar's own bound) BAD_USER_INPUT before anything ran."""
    if body.get("errors"):
        return [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    return [e["field"] for e in body["data"][mutation]["userErrors"]] == [field]


@pytest.mark.parametrize("amount", ["-1", "999999999999.999", "1000000000000", "NaN"])
async def test_amounts_out_of_range_are_refused(gql: GraphQLClient, db: Database, amount: str) -> None:
    await gql.login("marketing@demo.example")
    saved = await gql(world.SAVE, {"i": {"name": "Budget", "channels": ["EMAIL"], "budget": amount}})
    assert _refused(saved, "campaignSave", "budget"), saved
    created = await gql(world.SAVE, {"i": {"name": "Costs", "channels": ["EMAIL"]}})
    campaign_id = created["data"]["campaignSave"]["campaign"]["id"]
    added = await gql(COST, {"i": {"campaignId": campaign_id, "label": "ads", "amount": amount}})
    assert _refused(added, "campaignCostAdd", "amount"), added
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(CampaignCost)) == 0
