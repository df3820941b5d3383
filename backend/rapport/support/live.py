"""Live ticket events and notifications: what the event hub loads once per event, for every subscriber."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.core.db import Database
from rapport.core.events import EventHub
from rapport.support.models import Ticket
from rapport.support.repository import SupportRepository
from rapport.support.scopes import TicketPlace

TICKETS, NOTIFICATIONS = "ticket", "notification"


@dataclass(frozen=True)
class LiveTicketEvent:
    """A committed ticket event with the ticket and what deciding its visibility needs."""

    cursor: int
    kind: str
    at: datetime
    data: dict[str, Any]
    actor_id: uuid.UUID | None
    ticket: Ticket
    place: TicketPlace
    #: Per-event memo shared by every subscriber of this process (e.g. the GraphQL event object).
    memo: dict[str, Any] = field(default_factory=dict, compare=False)


async def fetch_ticket_events(db: Database, keys: Sequence[str] | None, after: int | None) -> list[LiveTicketEvent]:
    """Events by id (from NOTIFY) or after a cursor, each with its ticket (one query for all tickets)."""
    ids = None if keys is None else [int(k) for k in keys if k.isdigit()]
    async with db.read() as session:
        repo = SupportRepository(session)
        events = await repo.events(ids, after)
        places = await repo.places(list({e.ticket_id for e in events}))
    return [
        LiveTicketEvent(e.id, e.kind, e.at, dict(e.data or {}), e.actor_id, *places[e.ticket_id])
        for e in events
        if e.ticket_id in places
    ]


async def fetch_notifications(db: Database, keys: Sequence[str] | None, after: int | None) -> list[Notification]:
    """New notifications by id."""
    if not keys:
        return []
    ids = []
    for key in keys:
        try:
            ids.append(uuid.UUID(key))
        except ValueError:
            continue
    async with db.read() as session:
        return list((await session.execute(select(Notification).where(Notification.id.in_(ids)))).scalars())


def install_topics(hub: EventHub) -> None:
    """Declare the service desk's live topics on a hub."""
    hub.topic(TICKETS, "rapport_ticket_events", fetch_ticket_events, cursor=lambda e: e.cursor)
    hub.topic(NOTIFICATIONS, "rapport_notifications", fetch_notifications)
