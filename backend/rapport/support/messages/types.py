"""GraphQL view of the messages sent to a customer about a ticket."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import content_of, messages_about

strawberry.enum(MailStatus, name="EmailStatus", description="QUEUED (first try or a retry), SENT, or FAILED for good.")


@strawberry.type(description="A message sent to the customer about a ticket, by email (the portal shows it too).")
class CustomerMessage:
    """One email to the customer."""

    kind: str = strawberry.field(description="ticket.acknowledged, ticket.replied or ticket.resolved.")
    subject: str = strawberry.field(description="The subject, in the customer's language.")
    language: str = strawberry.field(description="The language it was written in: zh-CN or en.")
    status: MailStatus = strawberry.field(description="Whether it went out.")
    created_at: datetime = strawberry.field(description="When it was written.")
    sent_at: datetime | None = strawberry.field(description="When the mail server took it.")
    error: str | None = strawberry.field(description="Why the last try failed (for the staff).")

    @classmethod
    def of(cls, row: OutboundEmail) -> CustomerMessage:
        """The view of an outbox row."""
        return cls(
            kind=row.kind,
            subject=content_of(row).subject,
            language=row.locale,
            status=MailStatus(row.status),
            created_at=row.created_at,
            sent_at=row.sent_at,
            error=row.last_error,
        )


async def customer_messages_by_ticket(session: AsyncSession, tickets: Sequence[Any]) -> list[list[CustomerMessage]]:
    """The messages about each ticket, oldest first."""
    found = await messages_about(session, "Ticket", [t.id for t in tickets])
    return [[CustomerMessage.of(row) for row in found[t.id]] for t in tickets]
