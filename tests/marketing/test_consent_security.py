"""Consent is the contact's: their unsubscribe reaches every contact with the same address, a marketer cannot
record in their name or opt them in over their own opt-out, every change is kept (history and audit log), and a
change waits for a send to the contact that is checking consent (the same lock)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select, text

from rapport.config import Settings
from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.marketing.campaigns.models import MarketingConsent, MarketingConsentChange, MarketingMessage
from rapport.marketing.consent import service as consent_service
from rapport.marketing.consent.service import set_consent
from rapport.marketing.tracking.tokens import UNSUBSCRIBE, token
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

CONSENT = """mutation($i: ContactConsentSetInput!) { contactConsentSet(input: $i) {
  consents { channel granted source } userErrors { field message } } }"""


async def _granted(db: Database, person: world.Person, channel: str = "email") -> bool | None:
    async with db.read() as session:
        found: bool | None = await session.scalar(
            select(MarketingConsent.granted).where(
                MarketingConsent.contact_id == person.contact_id, MarketingConsent.channel == channel
            )
        )
        return found


async def test_the_unsubscribe_link_opts_out_every_contact_with_the_address(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, client: Any, settings: Settings
) -> None:
    sent = await world.person(db, "Sent", email="same@example.com", consent=("email", "sms"))
    twin = await world.person(db, "Twin", email="Same@Example.com", consent=("email",))
    other = await world.person(db, "Other", email="other@example.com", consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    await world.send_now(gql, await world.campaign(gql, await world.segment(db, [sent])))
    await world.run(db, smtp_sink.settings)
    async with db.read() as session:
        message_id = (await session.scalars(select(MarketingMessage.id))).one()
    posted = await client.post(f"/m/u/{token(settings.secret_key, UNSUBSCRIBE, message_id)}")
    assert posted.status_code == 200
    assert (await _granted(db, sent), await _granted(db, twin), await _granted(db, other)) == (False, False, True)
    assert await _granted(db, sent, "sms") is True  # the email's channel only
    async with db.read() as session:
        changes = (
            await session.execute(
                select(
                    MarketingConsentChange.contact_id, MarketingConsentChange.granted, MarketingConsentChange.source
                ).where(MarketingConsentChange.granted.is_(False))
            )
        ).all()
        audited = (
            await session.scalars(select(AuditEntry.entity_id).where(AuditEntry.entity_type == "MarketingConsent"))
        ).all()
    assert sorted(changes) == sorted(
        [(sent.contact_id, False, "unsubscribe_link"), (twin.contact_id, False, "unsubscribe_link")]
    )
    assert {sent.contact_id, twin.contact_id} <= set(audited)


async def test_a_person_records_consent_with_a_source_of_their_own(gql: GraphQLClient, db: Database) -> None:
    reader = await world.person(db, "Reader", email="reader@example.com", consent=("email",))
    await gql.login("marketing@demo.example")
    for source in ("unsubscribe_link", "sms_reply"):
        change = {"contactId": reader.contact_gid, "channel": "EMAIL", "granted": False, "source": source}
        refused = (await gql(CONSENT, {"i": change}))["data"]["contactConsentSet"]
        assert refused["consents"] is None and [e["field"] for e in refused["userErrors"]] == ["source"], source
    too_long = {"contactId": reader.contact_gid, "channel": "EMAIL", "granted": False, "source": "x" * 65}
    body = await gql(CONSENT, {"i": too_long})  # refused, not cut to 64 characters
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert await _granted(db, reader) is True
    change = {"contactId": reader.contact_gid, "channel": "EMAIL", "granted": False, "source": "phone_call"}
    assert (await gql(CONSENT, {"i": change}))["data"]["contactConsentSet"]["userErrors"] == []
    async with db.read() as session:
        actors = (
            await session.scalars(
                select(MarketingConsentChange.actor_id).where(MarketingConsentChange.source == "phone_call")
            )
        ).all()
        entry = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.entity_type == "MarketingConsent", AuditEntry.action == "revoke")
            )
        ).one()
    assert len(actors) == 1 and actors[0] is not None and entry.actor_id == actors[0]
    assert entry.changes["email"] == [True, False]


async def test_a_consent_change_waits_for_the_send_lock_of_the_contact(db: Database) -> None:
    reader = await world.person(db, "Reader", email="reader@example.com", consent=("email",))
    async with db.write() as sender:
        await consent_service.lock_contact(sender, reader.contact_id)  # a send checking this contact's consent

        async def opt_out() -> None:
            async with db.write() as session:
                await set_consent(session, reader.contact_id, "email", False, "phone_call")

        change = asyncio.create_task(opt_out())
        for _ in range(200):  # until the change waits on the advisory lock the sender holds
            waiting = await sender.scalar(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            )
            if waiting:
                break
            await asyncio.sleep(0.02)
        assert waiting == 1 and not change.done()
    await change
    assert await _granted(db, reader) is False


async def test_an_opt_out_over_the_contacts_own_leaves_it_theirs(gql: GraphQLClient, db: Database) -> None:
    """Writing an opt-out with another source over the contact's own would let a marketer opt them in afterwards:
    it records nothing (the web app's "opt out of all channels" sends one per channel)."""
    reader = await world.person(db, "Reader", email="reader@example.com", consent=("email",))
    async with db.write() as session:
        await set_consent(session, reader.contact_id, "email", False, "unsubscribe_link")
    await gql.login("marketing@demo.example")
    out = {"contactId": reader.contact_gid, "channel": "EMAIL", "granted": False, "source": "phone_call"}
    answer = (await gql(CONSENT, {"i": out}))["data"]["contactConsentSet"]
    assert answer["consents"] == [{"channel": "EMAIL", "granted": False, "source": "unsubscribe_link"}]
    again = {**out, "granted": True}
    refused = await gql(CONSENT, {"i": again})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN" and refused["data"] is None
    async with db.read() as session:
        sources = (
            await session.scalars(
                select(MarketingConsentChange.source).where(MarketingConsentChange.contact_id == reader.contact_id)
            )
        ).all()
    assert "phone_call" not in sources
