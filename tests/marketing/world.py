"""Helpers of the marketing tests: contacts with consent, static segments, campaigns through the API, the send job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Contact
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.marketing.consent.service import set_consent
from rapport.marketing.models import Segment, SegmentMember
from rapport.marketing.sending.job import send_due
from tests import factories
from tests.conftest import GraphQLClient

SAVE = """mutation($i: CampaignSaveInput!) { campaignSave(input: $i) {
  campaign { id status } userErrors { field message code } } }"""
SEND_NOW = """mutation($i: CampaignInput!) { campaignSendNow(input: $i) {
  campaign { id status audienceSize } userErrors { field message code } } }"""
SETTINGS = """mutation($i: MarketingSettingsInput!) { marketingSettingsSet(input: $i) {
  settings { frequencyCapCount quietStart } userErrors { field message } } }"""
PROGRESS = """query($id: ID!) { campaign(id: $id) { status progress { total pending sent skipped failed bounced
  opened clicked unsubscribed humanOpens humanClicks skippedByReason { reason count } } } }"""


@dataclass(frozen=True)
class Person:
    """A customer with one contact."""

    customer_id: uuid.UUID
    contact_id: uuid.UUID
    email: str | None
    phone: str | None

    @property
    def contact_gid(self) -> str:
        """The contact's global id."""
        return to_global_id("Contact", self.contact_id)


async def person(
    db: Database, name: str, *, email: str | None = None, phone: str | None = None, consent: tuple[str, ...] = ()
) -> Person:
    """A customer (owned by the admin) with one contact, who agreed to marketing on `consent` channels."""
    owner = await factories.principal(db, "admin@demo.example")
    draft = ContactDraft(name=name, phones=[phone] if phone else [], emails=[email] if email else [], is_primary=True)
    customer = await factories.customer(db, owner, f"{name} Co", contacts=[draft])
    async with db.write() as session:
        contact_id = (await session.scalars(select(Contact.id).where(Contact.customer_id == customer.id))).one()
        for channel in consent:
            await set_consent(session, contact_id, channel, True, "web_form")
    return Person(customer.id, contact_id, email, phone)


async def segment(db: Database, people: list[Person], owner_email: str = "marketing@demo.example") -> str:
    """A static segment of these people's customers, owned by `owner_email`; its global id."""
    owner = await factories.principal(db, owner_email)
    now = clock.now()
    async with db.write() as session:
        row = Segment(
            id=uuid7(),
            name="Audience",
            kind="static",
            rules={"op": "and", "rules": []},
            owner_id=owner.user_id,
            team_id=owner.team_id,
            frozen_at=now,
            member_count=len(people),
        )
        session.add(row)
        await session.flush()
        for p in people:
            session.add(SegmentMember(segment_id=row.id, customer_id=p.customer_id, added_at=now))
    return to_global_id("Segment", row.id)


def email_content(body: str = "您好 {{contact.name}}，新品上市：https://shop.example.com/new") -> dict[str, Any]:
    """An email content in zh-CN."""
    return {"channel": "EMAIL", "locale": "zh-CN", "subject": "{{customer.name}} 专享", "body": body}


async def campaign(
    gql: GraphQLClient, segment_id: str, channels: tuple[str, ...] = ("EMAIL",), name: str = "Spring sale"
) -> str:
    """A draft campaign (the caller signed in) with content on every channel; its global id."""
    contents = [
        email_content() if c == "EMAIL" else {"channel": c, "locale": "zh-CN", "body": "{{contact.name}}，春季特惠"}
        for c in channels
    ]
    data = {"name": name, "goal": "sell", "channels": list(channels), "segmentId": segment_id, "contents": contents}
    saved = (await gql(SAVE, {"i": data}))["data"]["campaignSave"]
    assert saved["userErrors"] == [], saved
    return str(saved["campaign"]["id"])


async def send_now(gql: GraphQLClient, campaign_id: str) -> dict[str, Any]:
    """campaignSendNow's payload."""
    payload: dict[str, Any] = (await gql(SEND_NOW, {"i": {"campaignId": campaign_id}}))["data"]["campaignSendNow"]
    return payload


async def run(db: Database, settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """One run of the send job (quickly: no long pacing)."""
    return await send_due(db, settings, now or clock.now(), seconds=20)


async def progress(gql: GraphQLClient, campaign_id: str) -> dict[str, Any]:
    """The campaign's status and progress."""
    found: dict[str, Any] = (await gql(PROGRESS, {"id": campaign_id}))["data"]["campaign"]
    return found


async def no_quiet_hours(gql: GraphQLClient, **more: Any) -> None:
    """Quiet hours off (and other settings), as the signed-in manager or admin."""
    version = (await gql("{ marketingSettings { version } }"))["data"]["marketingSettings"]["version"]
    changes = {"version": version, "noQuietHours": True, **more}
    result = (await gql(SETTINGS, {"i": changes}))["data"]["marketingSettingsSet"]
    assert result["userErrors"] == [], result
