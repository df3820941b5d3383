"""The development inbox: what the local SMTP sink received, for administrators, outside production only."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

import strawberry

from rapport.core.errors import ForbiddenError
from rapport.core.mail import sink
from rapport.graphql.context import Info

ONLY_IN_DEVELOPMENT = "The development inbox exists only in development; in production, email goes to real inboxes."


@strawberry.type(description="A message the development SMTP sink received (development only).")
class DevInboxMessage:
    """One received message."""

    id: str = strawberry.field(description="The message's key in the sink.")
    received_at: datetime = strawberry.field(description="When the sink received it.")
    sender: str = strawberry.field(description="The From header.")
    to: list[str] = strawberry.field(description="The envelope's recipients.")
    subject: str = strawberry.field(description="The subject.")
    language: str | None = strawberry.field(description="The Content-Language header (zh-CN or en).")
    kind: str | None = strawberry.field(description="What Rapport sent it as (X-Rapport-Kind), e.g. ticket.resolved.")
    text: str = strawberry.field(description="The plain-text part.")
    html: str | None = strawberry.field(description="The HTML part, as sent (show it sandboxed).")

    @classmethod
    def of(cls, received: sink.SinkMessage) -> DevInboxMessage:
        """The GraphQL view of a received message."""
        return cls(
            id=received.id,
            received_at=received.received_at,
            sender=received.sender,
            to=received.to,
            subject=received.subject,
            language=received.headers.get("Content-Language"),
            kind=received.headers.get("X-Rapport-Kind"),
            text=received.text,
            html=received.html,
        )


def _development_only(info: Info) -> None:
    if info.context.settings.is_production:
        raise ForbiddenError(ONLY_IN_DEVELOPMENT)


@strawberry.type
class DevInboxQuery:
    """Root query fields of the development inbox."""

    @strawberry.field(description="What the development SMTP sink received, newest first (admins, development only).")
    async def dev_inbox(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, newest first (at most 100).")] = 50,
    ) -> list[DevInboxMessage]:
        """The sink's messages."""
        _development_only(info)
        directory = info.context.settings.sink_directory
        limit = max(1, min(first, 100))
        received = await asyncio.to_thread(sink.inbox, directory, limit)
        return [DevInboxMessage.of(m) for m in reversed(received)]

    @strawberry.field(description="One message of the development SMTP sink (admins, development only).")
    async def dev_inbox_message(
        self, info: Info, id: Annotated[str, strawberry.argument(description="The message's id.")]
    ) -> DevInboxMessage | None:
        """One of the sink's messages, null when there is none such."""
        _development_only(info)
        received = await asyncio.to_thread(sink.message, info.context.settings.sink_directory, id)
        return None if received is None else DevInboxMessage.of(received)
