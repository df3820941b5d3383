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
from rapport.core.events import CommitLog, EventHub
from rapport.support.models import Ticket
from rapport.support.repository import SupportRepository
from rapport.support.scopes import TicketPlace

TICKETS, NOTIFICATIONS = "ticket", "notification"
#: Ticket events in commit order: `ticket_event.seq`, numbered from `ticket_event_log_seq` (migration 0008).
TICKET_LOG = CommitLog("ticket_event", "ticket_event_log_seq")


@dataclass(frozen=True)
class LiveTicketEvent:
    """A committed ticket event with the ticket and what deciding its visibility needs."""

    #: The event's place in the commit-ordered log (`ticket_event.seq`).
    cursor: int
    kind: str
    at: datetime
    data: dict[str, Any]
    actor_id: uuid.UUID | None
    ticket: Ticket
    place: TicketPlace
    #: Per-event memo shared by every subscriber of this process (e.g. the GraphQL event object).
    memo: dict[str, Any] = field(default_factory=dict, compare=False)


async def fetch_ticket_events(db: Database, after: int, limit: int) -> list[LiveTicketEvent]:
    """Events after a place in the log, in log order, each with its ticket (one query for all tickets)."""
    async with db.read() as session:
        repo = SupportRepository(session)
        events = await repo.logged_events(after, limit)
        places = await repo.places(list({e.ticket_id for e in events}))
    return [
        LiveTicketEvent(e.seq, e.kind, e.at, dict(e.data or {}), e.actor_id, *places[e.ticket_id])
        for e in events
        if e.seq is not None and e.ticket_id in places
    ]


async def fetch_notifications(db: Database, keys: Sequence[str]) -> list[Notification]:
    """New notifications by id."""
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
    hub.logged_topic(TICKETS, "rapport_ticket_events", TICKET_LOG, fetch_ticket_events, lambda e: e.cursor)
    hub.topic(NOTIFICATIONS, "rapport_notifications", fetch_notifications)
