"""What was queued for delivery but not yet handed over is withdrawn when the reason to send goes away: the contact
opts out, the address is suppressed, or the campaign is cancelled. Nothing reaches the SMTP sink afterwards, and
the send ledger says why (real send job, real outbox, real SMTP sink)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select, update

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.marketing.campaigns.models import Campaign, MarketingMessage
from rapport.marketing.consent.service import settings_of
from rapport.marketing.sending.batch import Contents, send_email_batch
from rapport.marketing.sending.job import send_due
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

CONSENT = """mutation($i: ContactConsentSetInput!) { contactConsentSet(input: $i) { userErrors { message } } }"""
SUPPRESS = "mutation($i: SuppressionAddInput!) { suppressionAdd(input: $i) { userErrors { message } } }"
CANCEL = "mutation($i: CampaignInput!) { campaignCancel(input: $i) { campaign { status } userErrors { message } } }"


async def _queued(gql: GraphQLClient, db: Database, sink: MailSink, people: list[world.Person], name: str) -> str:
    """A campaign sent by the send job: its emails are in the outbox, not yet delivered."""
    assert (await gql.login("admin@demo.example"))["data"]["login"]["userErrors"] == []
    await world.no_quiet_hours(gql)
    assert (await gql.login("marketing@demo.example"))["data"]["login"]["userErrors"] == []
    campaign_id = await world.campaign(gql, await world.segment(db, people), name=name)
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []
    await world.run(db, sink.settings)
    async with db.read() as session:
        queued = await session.scalars(select(OutboundEmail.status).where(OutboundEmail.stream == "marketing"))
        assert MailStatus.QUEUED.value in set(queued)
    return campaign_id


async def _ledger(db: Database, person: world.Person) -> tuple[str, str | None]:
    async with db.read() as session:
        row = (
            await session.execute(
                select(MarketingMessage.status, MarketingMessage.error).where(
                    MarketingMessage.contact_id == person.contact_id
                )
            )
        ).one()
    return row.status, row.error


async def test_an_opt_out_withdraws_the_email_queued_for_the_contact(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    leaving = await world.person(db, "Leaving", email="leaving@example.com", consent=("email",))
    staying = await world.person(db, "Staying", email="staying@example.com", consent=("email",))
    await _queued(gql, db, smtp_sink, [leaving, staying], "Opt-out")
    opt_out = {"contactId": leaving.contact_gid, "channel": "EMAIL", "granted": False, "source": "phone_call"}
    assert (await gql(CONSENT, {"i": opt_out}))["data"]["contactConsentSet"]["userErrors"] == []

    await smtp_sink.deliver()
    await world.run(db, smtp_sink.settings)  # reads the outbox's outcomes back into the ledger
    assert [m.to for m in smtp_sink.messages] == [["staying@example.com"]]
    assert await _ledger(db, leaving) == ("failed", "withdrawn: opted out")
    assert (await _ledger(db, staying))[0] == "sent"


async def test_suppressing_an_address_withdraws_what_is_queued_to_it(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    barred = await world.person(db, "Barred", email="barred@example.com", consent=("email",))
    await _queued(gql, db, smtp_sink, [barred], "Suppressed")
    added = await gql(SUPPRESS, {"i": {"address": "BARRED@example.com", "reason": "complaint"}})
    assert added["data"]["suppressionAdd"]["userErrors"] == []

    await smtp_sink.deliver()
    await world.run(db, smtp_sink.settings)
    assert smtp_sink.messages == []
    assert await _ledger(db, barred) == ("failed", "withdrawn: suppressed")


async def test_cancelling_a_campaign_withdraws_its_queued_emails(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    people = [await world.person(db, f"P{i}", email=f"p{i}@example.com", consent=("email",)) for i in range(3)]
    assert (await gql.login("admin@demo.example"))["data"]["login"]["userErrors"] == []
    await world.no_quiet_hours(gql, emailPerSecond=1)
    assert (await gql.login("marketing@demo.example"))["data"]["login"]["userErrors"] == []
    campaign_id = await world.campaign(gql, await world.segment(db, people), name="Cancelled")
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []
    # A short run at one email a second: one is queued for delivery, the others still wait their turn.
    await send_due(db, smtp_sink.settings, clock.now(), seconds=0.5)
    assert (await world.progress(gql, campaign_id))["status"] == "SENDING"

    cancelled = await gql(CANCEL, {"i": {"campaignId": campaign_id}})
    assert cancelled["data"]["campaignCancel"]["campaign"]["status"] == "CANCELLED", cancelled
    await smtp_sink.deliver()
    await world.run(db, smtp_sink.settings)
    assert smtp_sink.messages == []
    outcomes = [await _ledger(db, person) for person in people]
    assert ("failed", "withdrawn: campaign cancelled") in outcomes
    assert all(status != "sent" for status, _ in outcomes)


async def test_a_batch_racing_a_cancel_sends_nothing_of_the_cancelled_campaign(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    """A cancel that commits while a batch has claimed the campaign's rows: the batch waits for it and queues none."""
    people = [await world.person(db, f"R{i}", email=f"r{i}@example.com", consent=("email",)) for i in range(3)]
    assert (await gql.login("admin@demo.example"))["data"]["login"]["userErrors"] == []
    await world.no_quiet_hours(gql)
    assert (await gql.login("marketing@demo.example"))["data"]["login"]["userErrors"] == []
    campaign_id = await world.campaign(gql, await world.segment(db, people), name="Raced")
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []
    await send_due(db, smtp_sink.settings, clock.now(), seconds=0)  # recipients written, nothing sent yet
    async with db.read() as session:
        (internal,) = await session.scalars(select(Campaign.id).where(Campaign.name == "Raced"))

    async with db.write() as cancelling:
        # The cancel holds the campaign's row (its update) while a batch claims the rows and reaches the campaign.
        await cancelling.execute(update(Campaign).where(Campaign.id == internal).values(status="cancelled"))
        batch = asyncio.create_task(_batch(db, smtp_sink.settings))
        await asyncio.sleep(1.0)
        assert not batch.done()  # waiting for the cancel
    await asyncio.wait_for(batch, 30)
    async with db.read() as session:
        queued = await session.scalar(
            select(func.count()).select_from(OutboundEmail).where(OutboundEmail.subject_id == internal)
        )
    assert queued == 0


async def _batch(db: Database, settings: Any) -> None:
    async with db.write() as session:
        setting = await settings_of(session)
        await send_email_batch(session, settings, setting, clock.now(), 500, Contents("email"))
