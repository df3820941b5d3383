"""A journey that stops sends nothing more: a paused journey's messages not yet sent (waiting for quiet hours, a
rate or a retry) wait until it is active again; an archived journey's are skipped in the ledger
(`journey_archived`), and its emails still in the outbox are withdrawn, never handed to SMTP."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.mail.models import OutboundEmail
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import MarketingMessage
from rapport.marketing.journeys.models import Journey
from tests import factories
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

ARCHIVE = """mutation($i: JourneyStatusInput!) { journeyArchive(input: $i) {
  journey { status } userErrors { field message code } } }"""


async def _journey_with_pending_email(db: Database, email: str, status: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A journey (in `status`) with one due email in the ledger to a consenting contact: (journey, message)."""
    person = await world.person(db, "Pat", email=email, consent=("email",))
    owner = await factories.principal(db, "marketing@demo.example")
    now = clock.now()
    async with db.write() as session:
        journey = Journey(
            id=uuid7(), name="Welcome", status=status, graph={"nodes": [], "edges": []}, allow_reentry=False,
            owner_id=owner.user_id, team_id=owner.team_id, created_at=now, updated_at=now, activated_at=now,
        )  # fmt: skip
        session.add(journey)
        await session.flush()
        message = MarketingMessage(
            id=uuid7(), journey_id=journey.id, contact_id=person.contact_id, customer_id=person.customer_id,
            channel="email", source_key=f"journey:{journey.id}:mail:{person.contact_id}", status="pending",
            content={"zh-CN": {"subject": "您好", "body": "欢迎"}}, next_attempt_at=now, created_at=now,
        )  # fmt: skip
        session.add(message)
    return journey.id, message.id


async def _status(db: Database, message_id: uuid.UUID) -> tuple[str, str | None]:
    async with db.read() as session:
        row = await session.get(MarketingMessage, message_id)
        assert row is not None
        return row.status, row.skip_reason


async def test_a_paused_journeys_message_waits_and_goes_once_it_is_active_again(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    journey_id, message_id = await _journey_with_pending_email(db, "paused@example.com", "paused")
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    assert await _status(db, message_id) == ("pending", None) and smtp_sink.to("paused@example.com") == []
    async with db.write() as session:
        await session.execute(update(Journey).where(Journey.id == journey_id).values(status="active"))
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    assert (await _status(db, message_id))[0] == "sent" and len(smtp_sink.to("paused@example.com")) == 1


async def test_archiving_skips_what_the_journey_had_not_sent_and_withdraws_its_queued_emails(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    journey_id, queued_id = await _journey_with_pending_email(db, "queued@example.com", "active")
    await world.run(db, smtp_sink.settings)  # queued in the outbox, not yet delivered
    _, waiting_id = await _journey_with_pending_email(db, "waiting@example.com", "active")
    async with db.write() as session:  # a second message of the same journey, still in the ledger
        await session.execute(update(MarketingMessage).where(MarketingMessage.id == waiting_id).values(
            journey_id=journey_id
        ))  # fmt: skip
        version = await session.scalar(select(Journey.version).where(Journey.id == journey_id))
    await gql.login("marketing@demo.example")
    archived = await gql(ARCHIVE, {"i": {"id": to_global_id("Journey", journey_id), "version": version}})
    assert archived["data"]["journeyArchive"]["userErrors"] == [], archived
    assert await _status(db, waiting_id) == ("skipped", "journey_archived")
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    assert smtp_sink.to("queued@example.com") == [] and smtp_sink.to("waiting@example.com") == []
    async with db.read() as session:
        outbox = (await session.scalars(select(OutboundEmail))).all()
    assert [(row.status, row.last_error) for row in outbox] == [("failed", "withdrawn: journey archived")]
    assert (await _status(db, queued_id))[0] == "failed"  # withdrawn from the outbox: the ledger says it never went
