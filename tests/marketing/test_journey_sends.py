"""A journey's send step goes through the send ledger: the `campaign-send` job sends it to the SMTP sink once per
contact, even when the step is tried again, and never to a contact without consent."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import MarketingMessage
from rapport.marketing.consent.service import set_consent
from rapport.marketing.journeys import executor
from rapport.marketing.journeys.actions import SendAction
from rapport.marketing.journeys.executor import LEASE, run_due
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
from rapport.marketing.sending.job import send_due
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing.journey_world import (
    BUILDER,
    T0,
    active_journey,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)

pytestmark = pytest.mark.usefixtures("demo")
CONTENT = {
    "zh-CN": {"subject": "{{contact.name}}，欢迎加入", "body": "您好 {{contact.name}}：https://shop.example.cn/w"}
}


class WorkerDied(Exception):
    pass


async def _journey(db: Database, count: int, consenting: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A journey trigger -> send email, `count` customers entered, the first `consenting` contacts opted in."""
    customers = [c.id for c in await customers_with_contacts(db, count, prefix="Welcome Co")]
    graph = {
        "nodes": [
            node("start", "trigger", **segment_trigger(await static_segment(db, customers))),
            node("mail", "send", channel="email", content=CONTENT),
        ],
        "edges": [edge("start", "mail")],
    }
    journey_id = await active_journey(db, graph)
    assert await segment_entries(db, T0) == count
    async with db.write() as session:
        enrolled = await session.execute(
            select(JourneyEnrollment.contact_id).where(JourneyEnrollment.journey_id == journey_id)
        )
        contacts = sorted(c for (c,) in enrolled if c is not None)
        for contact_id in contacts[:consenting]:
            await set_consent(session, contact_id, "email", True, "web_form")
    return journey_id, contacts


async def _ledger(db: Database, journey_id: uuid.UUID) -> list[MarketingMessage]:
    async with db.read() as session:
        rows = await session.scalars(select(MarketingMessage).where(MarketingMessage.journey_id == journey_id))
        return list(rows)


async def _send_and_deliver(db: Database, smtp_sink: MailSink) -> None:
    await send_due(db, smtp_sink.settings, T0 + timedelta(minutes=10), seconds=20)
    await smtp_sink.deliver()


async def test_a_journey_send_reaches_each_consenting_contact_once_even_when_the_step_is_tried_again(
    db: Database, smtp_sink: MailSink
) -> None:
    journey_id, contacts = await _journey(db, 3, consenting=2)
    assert await run_due(db, T0) == {"stepped": 6}  # trigger and send, for each of the three
    first = {row.contact_id: row.id for row in await _ledger(db, journey_id)}
    assert sorted(first) == contacts
    # The send steps are tried again (as after a worker died with their outcome unrecorded): same rows.
    async with db.write() as session:
        await session.execute(
            update(JourneyStepRun)
            .where(JourneyStepRun.journey_id == journey_id, JourneyStepRun.node_id == "mail")
            .values(status="started", finished_at=None)
        )
        await session.execute(
            update(JourneyEnrollment)
            .where(JourneyEnrollment.journey_id == journey_id)
            .values(status="active", current_node="mail", next_run_at=T0, finished_at=None)
        )
    assert await run_due(db, T0 + timedelta(minutes=1)) == {"stepped": 3}
    rows = await _ledger(db, journey_id)
    assert {row.contact_id: row.id for row in rows} == first
    assert all(row.campaign_id is None and row.content == CONTENT for row in rows)

    await _send_and_deliver(db, smtp_sink)
    await _send_and_deliver(db, smtp_sink)  # a second run finds nothing more to send
    for i in range(2):
        (received,) = smtp_sink.to(f"p{i}@example.com")
        assert received.subject == f"Person {i}，欢迎加入"
        assert received.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp_sink.to("p2@example.com") == []  # no consent: never sent
    assert len(smtp_sink.messages) == 2
    by_contact = {row.contact_id: row for row in await _ledger(db, journey_id)}
    assert [by_contact[c].status for c in contacts] == ["sent", "sent", "skipped"]
    assert by_contact[contacts[2]].skip_reason == "no_consent"


async def test_a_send_step_whose_worker_died_is_written_once(
    db: Database, smtp_sink: MailSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey_id, contacts = await _journey(db, 1, consenting=1)
    run = SendAction.run

    async def write_then_die(self: SendAction, session: Any, ctx: Any) -> Any:
        await run(self, session, ctx)
        raise WorkerDied

    monkeypatch.setattr(SendAction, "run", write_then_die)
    monkeypatch.setattr(executor.log, "exception", lambda *a, **k: None)
    assert await run_due(db, T0) == {"stepped": 1, "retry": 1}
    monkeypatch.setattr(SendAction, "run", run)
    assert await run_due(db, T0 + LEASE) == {"stepped": 1}
    (row,) = await _ledger(db, journey_id)
    assert row.contact_id == contacts[0]
    await _send_and_deliver(db, smtp_sink)
    assert len(smtp_sink.to("p0@example.com")) == 1


async def test_a_contacts_ledger_names_the_journey_that_messaged_them(
    db: Database, smtp_sink: MailSink, gql: GraphQLClient
) -> None:
    """ "Why did this contact get this?" answers for journey messages too, to who may see the journey."""
    journey_id, contacts = await _journey(db, 1, consenting=1)
    await run_due(db, T0)
    await _send_and_deliver(db, smtp_sink)
    ledger = """query($id: ID!) { contactMarketingLedger(contactId: $id) {
      campaign { name } journey { id name } channel status } }"""
    contact = to_global_id("Contact", contacts[0])
    await gql.login(BUILDER)  # the journey's owner
    (entry,) = (await gql(ledger, {"id": contact}))["data"]["contactMarketingLedger"]
    assert entry == {
        "campaign": None,
        "journey": {"id": to_global_id("Journey", journey_id), "name": "Coupon"},
        "channel": "EMAIL",
        "status": "sent",
    }
    await gql.login("mktmanager@demo.example")  # every journey
    assert len((await gql(ledger, {"id": contact}))["data"]["contactMarketingLedger"]) == 1
