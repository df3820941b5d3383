"""An approval covers what was approved: the audience segment at its version and the recipients (contacts x
channels) counted then; a changed segment, more recipients or any edit of the campaign needs a new approval. Who
approves is the policy's grant, nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.customers.contacts import create_contact
from rapport.customers.models import Customer
from rapport.customers.service import ContactDraft
from tests import factories
from tests.authz.test_policy_admin import restore_policy  # noqa: F401 - a fixture of this module's tests
from tests.conftest import GraphQLClient
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

SCHEDULE = """mutation($i: CampaignScheduleInput!) { campaignSchedule(input: $i) {
  campaign { status audienceSize } userErrors { field message code } } }"""
APPROVE = """mutation($i: CampaignInput!) { campaignApprove(input: $i) {
  campaign { approvedAt } userErrors { field message code } } }"""
RENAME = """mutation($i: SegmentSaveInput!) { segmentSave(input: $i) { segment { version } userErrors { field } } }"""
VERSION = "query($id: ID!) { segment(id: $id) { version name rules } }"


async def _as(gql: GraphQLClient, email: str) -> None:
    assert (await gql.login(email))["data"]["login"]["userErrors"] == []


async def _schedule(gql: GraphQLClient, campaign_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql(SCHEDULE, {"i": {"campaignId": campaign_id}}))["data"]["campaignSchedule"]
    return payload


async def _approve(gql: GraphQLClient, campaign_id: str) -> dict[str, Any]:
    await _as(gql, "mktmanager@demo.example")
    payload: dict[str, Any] = (await gql(APPROVE, {"i": {"campaignId": campaign_id}}))["data"]["campaignApprove"]
    await _as(gql, "marketing@demo.example")
    return payload


async def _threshold(gql: GraphQLClient, threshold: int) -> None:
    await _as(gql, "mktmanager@demo.example")
    await world.no_quiet_hours(gql, approvalThreshold=threshold)
    await _as(gql, "marketing@demo.example")


async def test_a_draft_without_an_audience_is_not_approved(gql: GraphQLClient, db: Database) -> None:
    await _as(gql, "marketing@demo.example")
    saved = await gql(world.SAVE, {"i": {"name": "No audience", "channels": ["EMAIL"]}})
    campaign_id = saved["data"]["campaignSave"]["campaign"]["id"]
    payload = await _approve(gql, campaign_id)
    assert payload["campaign"] is None and payload["userErrors"][0]["field"] == "segmentId"


async def test_the_threshold_counts_every_contact_on_every_channel(gql: GraphQLClient, db: Database) -> None:
    # One customer, but two channels: two ledger rows, above a threshold of 1.
    one = await world.person(db, "Two channels", email="two@example.com", phone="13800138000", consent=("email",))
    await _threshold(gql, 1)
    campaign_id = await world.campaign(gql, await world.segment(db, [one]), channels=("EMAIL", "SMS"))
    refused = await _schedule(gql, campaign_id)
    assert refused["campaign"] is None and refused["userErrors"][0]["code"] == "APPROVAL_REQUIRED"
    assert (await _approve(gql, campaign_id))["userErrors"] == []
    assert (await _schedule(gql, campaign_id))["campaign"] == {"status": "SCHEDULED", "audienceSize": 1}


async def test_more_recipients_than_approved_need_a_new_approval(gql: GraphQLClient, db: Database) -> None:
    buyer = await world.person(db, "Buyer", email="buyer@example.com", consent=("email",))
    await _threshold(gql, 0)
    campaign_id = await world.campaign(gql, await world.segment(db, [buyer]))
    assert (await _approve(gql, campaign_id))["userErrors"] == []
    owner = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:  # the customer gains a contact after the approval: 2 recipients, 1 approved
        customer = (await session.scalars(select(Customer).where(Customer.id == buyer.customer_id))).one()
        await create_contact(session, owner, customer, ContactDraft(name="Second", emails=["second@example.com"]))
    refused = await _schedule(gql, campaign_id)
    assert refused["campaign"] is None and refused["userErrors"][0]["code"] == "APPROVAL_REQUIRED"
    assert (await _approve(gql, campaign_id))["userErrors"] == []
    assert (await _schedule(gql, campaign_id))["campaign"]["status"] == "SCHEDULED"


async def test_a_segment_changed_after_the_approval_needs_a_new_one(gql: GraphQLClient, db: Database) -> None:
    buyer = await world.person(db, "Buyer", email="buyer@example.com", consent=("email",))
    await _threshold(gql, 0)
    segment_id = await world.segment(db, [buyer])
    campaign_id = await world.campaign(gql, segment_id)
    assert (await _approve(gql, campaign_id))["userErrors"] == []
    read = (await gql(VERSION, {"id": segment_id}))["data"]["segment"]
    renamed = {"id": segment_id, "version": read["version"], "name": "Wider", "rules": read["rules"], "kind": "STATIC"}
    assert (await gql(RENAME, {"i": renamed}))["data"]["segmentSave"]["userErrors"] == []
    refused = await _schedule(gql, campaign_id)
    assert refused["campaign"] is None and refused["userErrors"][0]["code"] == "APPROVAL_REQUIRED"


async def test_an_edit_after_the_approval_withdraws_it(gql: GraphQLClient, db: Database) -> None:
    buyer = await world.person(db, "Buyer", email="buyer@example.com", consent=("email",))
    await _threshold(gql, 0)
    campaign_id = await world.campaign(gql, await world.segment(db, [buyer]))
    assert (await _approve(gql, campaign_id))["userErrors"] == []
    version = (await gql("query($id: ID!) { campaign(id: $id) { version } }", {"id": campaign_id}))["data"]
    edited = await gql(world.SAVE, {"i": {"id": campaign_id, "version": version["campaign"]["version"], "goal": "x"}})
    assert edited["data"]["campaignSave"]["userErrors"] == [], edited
    refused = await _schedule(gql, campaign_id)
    assert refused["campaign"] is None and refused["userErrors"][0]["code"] == "APPROVAL_REQUIRED"


@pytest.mark.usefixtures("restore_policy")
async def test_who_approves_is_the_policys_grant(gql: GraphQLClient, db: Database) -> None:
    buyer = await world.person(db, "Buyer", email="buyer@example.com", consent=("email",))
    await _threshold(gql, 0)
    campaign_id = await world.campaign(gql, await world.segment(db, [buyer]))
    forbidden = await gql(APPROVE, {"i": {"campaignId": campaign_id}})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await _as(gql, "admin@demo.example")
    grant = {"role": "marketing", "type": "Mutation", "field": "campaignApprove", "access": "WRITE"}
    granted = await gql(PERMISSION, {"i": grant})
    assert granted["data"]["permissionSet"]["userErrors"] == [], granted
    await _as(gql, "marketing@demo.example")
    assert (await gql(APPROVE, {"i": {"campaignId": campaign_id}}))["data"]["campaignApprove"]["userErrors"] == []


PERMISSION = """mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { field code message } } }"""
