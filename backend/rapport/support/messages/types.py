"""GraphQL view of the messages sent to a customer about a ticket."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import decrypt_content, messages_of
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, FromRow, Rows, column, rendered

strawberry.enum(MailStatus, name="EmailStatus", description="QUEUED (first try or a retry), SENT, or FAILED for good.")


def _subject(locale: str, content_enc: bytes, row_id: Any) -> str:
    return decrypt_content(content_enc, row_id).subject


@strawberry.type(description="A message sent to the customer about a ticket, by email (the portal shows it too).")
class CustomerMessage(FromRow):
    """One email to the customer (a row of the mail outbox)."""

    kind: str = strawberry.field(description="ticket.acknowledged, ticket.replied or ticket.resolved.")
    language: str = column("locale", description="The language it was written in: zh-CN or en.")
    status: MailStatus = strawberry.field(description="Whether it went out.")
    created_at: datetime = strawberry.field(description="When it was written.")
    sent_at: datetime | None = strawberry.field(description="When the mail server took it.")
    error: str | None = column("last_error", description="Why the last try failed (for the staff).")
    _row: strawberry.Private[OutboundEmail]

    @rendered(("content_enc", "id"), _subject, description="The subject, in the customer's language.")
    def subject(self, info: Info) -> str:
        """Decrypted from the stored message."""


def customer_messages_of(ticket: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Ticket.customerMessages` (both read paths): the messages about the ticket, oldest first."""
    return Rows(messages_of("Ticket", ticket.id), (OutboundEmail.created_at, OutboundEmail.id))
