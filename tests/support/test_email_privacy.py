"""A data subject's emails: an export lists what the outbox holds for the customer's contacts (never the bodies),
an erasure deletes it, queued messages too, and leaves other customers' emails alone."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import Content, Email, enqueue, recipient_of
from rapport.customers.contacts import ContactDraft
from rapport.customers.models import Contact
from tests import factories
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, open_ticket

WANG = "wang@contoso.cn"
OTHER = "li@fabrikam.cn"
ERASE = "mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) { other { kind count } userErrors { message } } }"


def _email(to: str, kind: str, subject: str, **values: Any) -> Email:
    return Email(to=to, content=Content(subject, "正文", "<p>正文</p>"), kind=kind, locale="zh-CN", **values)


async def _outbox(db: Database) -> list[OutboundEmail]:
    async with db.read() as session:
        return list((await session.scalars(select(OutboundEmail).order_by(OutboundEmail.created_at))).all())


def _about(row: OutboundEmail) -> tuple[str, uuid.UUID]:
    assert row.subject_type is not None and row.subject_id is not None
    return row.subject_type, row.subject_id


async def _emails_of_two_customers(gql: GraphQLClient, desk: Desk, db: Database) -> OutboundEmail:
    """Contoso's acknowledgement (sent), a message to its contact about no ticket (queued), one about its ticket to a
    contact since deleted (queued); Fabrikam's message to its own contact. Fabrikam's message is returned."""
    await gql.login("supervisor@demo.example")
    await open_ticket(gql, desk)
    (ack,) = await _outbox(db)
    assert ack.subject_type == "Ticket" and ack.recipient_id == desk.raw["contact"]
    rep = await factories.principal(db, "rep@demo.example")
    fabrikam = await factories.customer(db, rep, "Fabrikam", contacts=[ContactDraft("李雷", emails=[OTHER])])
    async with db.write() as session:
        other_contact = (await session.scalars(select(Contact.id).where(Contact.customer_id == fabrikam.id))).one()
        sent = await session.get(OutboundEmail, ack.id)
        assert sent is not None
        sent.status, sent.sent_at = MailStatus.SENT.value, sent.created_at
        await enqueue(session, _email(WANG, "campaign.spring", "春季活动", recipient=("Contact", desk.raw["contact"])))
        gone = ("Contact", uuid.uuid4())
        await enqueue(session, _email("old@contoso.cn", "ticket.replied", "回复", about=_about(ack), recipient=gone))
        other_id = await enqueue(
            session,
            _email(
                OTHER,
                "ticket.acknowledged",
                "Fabrikam 的工单",
                about=("Ticket", uuid.uuid4()),
                recipient=("Contact", other_contact),
            ),
        )
    (other,) = [row for row in await _outbox(db) if row.id == other_id]
    return other


async def test_an_export_lists_the_customers_emails_without_bodies_and_no_other_customers(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    await _emails_of_two_customers(gql, desk, db)
    await gql.login("admin@demo.example")
    exported = await gql("query($id: ID!) { dataSubjectExport(customerId: $id) }", {"id": desk.customer_id})
    assert "errors" not in exported, exported
    data = exported["data"]["dataSubjectExport"]
    data = json.loads(data) if isinstance(data, str) else data
    emails = data["emails"]
    assert [(e["kind"], e["to"], e["status"]) for e in emails] == [
        ("ticket.acknowledged", WANG, "sent"),
        ("campaign.spring", WANG, "queued"),
        ("ticket.replied", "old@contoso.cn", "queued"),  # about the customer's ticket: found although the contact went
    ]
    assert emails[0]["subject"].endswith("我们已收到您的服务请求：打印机无法连接")
    assert emails[0]["sent_at"] == emails[0]["queued_at"] and emails[1]["sent_at"] is None
    assert emails[1]["about"] is None and emails[2]["about"]["type"] == "Ticket"
    assert all("html" not in e and "text" not in e for e in emails)
    dump = json.dumps(data, ensure_ascii=False)
    assert OTHER not in dump and "Fabrikam 的工单" not in dump
    assert "<p>正文</p>" not in dump, "the bodies are not exported"


async def test_an_erasure_deletes_the_customers_emails_queued_ones_too_and_keeps_other_customers(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    other = await _emails_of_two_customers(gql, desk, db)
    await gql.login("admin@demo.example")
    erased = await gql(ERASE, {"i": {"customerId": desk.customer_id, "confirmName": "Contoso 客户"}})
    assert "errors" not in erased, erased
    payload = erased["data"]["dataSubjectErase"]
    assert payload["userErrors"] == []
    assert {"kind": "emails", "count": 3} in payload["other"]
    remaining = await _outbox(db)
    assert [row.id for row in remaining] == [other.id]
    assert recipient_of(remaining[0]) == OTHER
