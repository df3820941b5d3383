"""Ticket history: each event row is also the outbox entry that live subscriptions read."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.domain_events import emit
from rapport.support.models import Ticket, TicketEvent

#: Event kinds a subscriber can receive.
EVENT_KINDS = (
    "created",
    "assigned",
    "status_changed",
    "commented",
    "sla_warning",
    "sla_breached",
    "escalated",
    "rated",
)


def record_event(
    session: AsyncSession, ticket: Ticket, kind: str, actor_id: uuid.UUID | None, data: dict[str, Any] | None = None
) -> TicketEvent:
    """Add an event to the current unit of work; it is published when (and only if) the transaction commits."""
    event = TicketEvent(ticket_id=ticket.id, kind=kind, actor_id=actor_id, data=data or {}, at=clock.now())
    session.add(event)
    if kind == "created":
        emit(session, "ticket.created", "Ticket", ticket.id, actor_id=actor_id)
    else:
        emit(session, "ticket.changed", "Ticket", ticket.id, actor_id=actor_id, data={"kind": kind})
    return event
