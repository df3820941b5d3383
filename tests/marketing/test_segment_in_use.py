"""A segment a scheduled or sending campaign sends to (its chosen segment or its frozen audience) cannot be deleted:
the campaign would silently send to nobody. Once the campaign is cancelled it can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import Campaign
from tests.conftest import GraphQLClient
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

DELETE = """mutation($i: SegmentDeleteInput!) { segmentDelete(input: $i) {
  deletedId userErrors { field message } } }"""
CANCEL = "mutation($i: CampaignInput!) { campaignCancel(input: $i) { userErrors { field } } }"
SCHEDULE = """mutation($i: CampaignScheduleInput!) { campaignSchedule(input: $i) {
  campaign { status } userErrors { field code } } }"""


async def _delete(gql: GraphQLClient, segment_id: str) -> dict[str, object]:
    version = (await gql("query($id: ID!) { segment(id: $id) { version } }", {"id": segment_id}))["data"]["segment"]
    assert version is not None, segment_id
    body = await gql(
        DELETE, {"i": {"id": segment_id, "version": version["version"]}}, headers={"accept-language": "zh-CN"}
    )
    payload: dict[str, object] = body["data"]["segmentDelete"]
    return payload


async def test_a_segment_a_scheduled_campaign_sends_to_is_not_deleted(gql: GraphQLClient, db: Database) -> None:
    buyer = await world.person(db, "Buyer", email="buyer@example.com", consent=("email",))
    await gql.login("marketing@demo.example")
    segment_id = await world.segment(db, [buyer])
    campaign_id = await world.campaign(gql, segment_id)
    scheduled = await gql(SCHEDULE, {"i": {"campaignId": campaign_id, "at": "2099-01-01T00:00:00+00:00"}})
    assert scheduled["data"]["campaignSchedule"]["userErrors"] == [], scheduled
    async with db.read() as session:
        audience_id = (await session.scalars(select(Campaign.audience_id))).one()
    for segment in (segment_id, to_global_id("Segment", audience_id)):
        refused = await _delete(gql, segment)
        assert refused["deletedId"] is None and refused["userErrors"] == [
            {"field": "id", "message": "有已排期或正在发送的活动使用该分群作为受众；请先取消该活动，再删除分群。"}
        ]
    assert (await gql(CANCEL, {"i": {"campaignId": campaign_id}}))["data"]["campaignCancel"]["userErrors"] == []
    assert (await _delete(gql, segment_id))["deletedId"] == segment_id
