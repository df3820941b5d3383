"""Live ticket events and notifications: what the event hub loads once per event, for every subscriber.

Which subscriber may see an event's ticket is the `Ticket` row scope itself (`support.scopes.visible_tickets`),
asked in SQL: once per page of events for every subscriber of the process (`TicketSight`), not re-implemented.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rapport.activities.service import NotificationRow, notifications_by_ids
from rapport.core.authz.scopes import principal_key, visible_to_each
from rapport.core.db import Database
from rapport.core.events import CommitLog, EventHub, Subscriber
from rapport.core.principal import Principal
from rapport.support.models import Ticket
from rapport.support.repository import SupportRepository

TICKETS, NOTIFICATIONS = "ticket", "notification"
#: Ticket events in commit order: `ticket_event.seq`, numbered from `ticket_event_log_seq` (migration 0008).
TICKET_LOG = CommitLog("ticket_event", "ticket_event_log_seq")
#: Callers whose row scopes one statement decides at most (its size grows with each caller's scope clause).
CALLERS_PER_STATEMENT = 100


class TicketSight:
    """Which tickets of one page of live events each caller may see, shared by the page's events.

    Decided by the `Ticket` row scope in SQL (`visible_to_each`), per principal key (the caller's id, roles and
    team with the policy version): the subscribers the page is first offered to in one statement (`decide`), a
    caller whose rights changed since then on its own when its event is delivered (`sees`).
    """

    def __init__(self, db: Database, ticket_ids: Sequence[uuid.UUID]) -> None:
        self.db = db
        self.ticket_ids = list(dict.fromkeys(ticket_ids))
        self._seen: dict[Hashable, frozenset[uuid.UUID]] = {}
        self._deciding: dict[Hashable, asyncio.Future[None]] = {}

    def known(self, principal: Principal | None, ticket_id: uuid.UUID) -> bool | None:
        """Whether the caller may see the ticket, if already decided (None: not decided yet)."""
        if principal is None:
            return False
        seen = self._seen.get(principal_key(principal))
        return None if seen is None else ticket_id in seen

    async def sees(self, principal: Principal | None, ticket_id: uuid.UUID) -> bool:
        """Whether the caller may see the ticket: decided now (one statement) unless already known."""
        if principal is None:
            return False
        # Again while the key moved (a policy change meanwhile) or a decision awaited from elsewhere failed.
        while (key := principal_key(principal)) not in self._seen:
            await self.decide([principal])
        return ticket_id in self._seen[key]

    async def decide(self, principals: Sequence[Principal | None]) -> None:
        """Decide for every caller not decided yet: one statement per `CALLERS_PER_STATEMENT` callers."""
        todo: dict[Hashable, Principal] = {}
        waiting: list[asyncio.Future[None]] = []
        for principal in principals:
            if principal is None:
                continue
            key = principal_key(principal)  # with the policy version the statement below is built with
            if key in self._seen or key in todo:
                continue
            if key in self._deciding:
                waiting.append(self._deciding[key])
            else:
                todo[key] = principal
        if todo:
            done = asyncio.get_running_loop().create_future()
            for key in todo:
                self._deciding[key] = done
            try:
                callers = list(todo.items())
                async with self.db.read() as session:
                    for start in range(0, len(callers), CALLERS_PER_STATEMENT):
                        chunk = callers[start : start + CALLERS_PER_STATEMENT]
                        seen = await visible_to_each(session, [p for _, p in chunk], "Ticket", self.ticket_ids)
                        for (key, _), ids in zip(chunk, seen, strict=True):
                            self._seen[key] = frozenset(ids)
            finally:
                for key in todo:
                    del self._deciding[key]
                done.set_result(None)  # waiters then find the decision, or its absence
        for other in waiting:
            await asyncio.shield(other)


@dataclass(frozen=True)
class LiveTicketEvent:
    """A committed ticket event with its ticket and who may see that ticket."""

    #: The event's place in the commit-ordered log (`ticket_event.seq`).
    cursor: int
    kind: str
    at: datetime
    data: dict[str, Any]
    actor_id: uuid.UUID | None
    ticket: Ticket
    #: Shared by the events of one page read from the log.
    sight: TicketSight
    #: Per-event memo shared by every subscriber of this process (e.g. the GraphQL event object).
    memo: dict[str, Any] = field(default_factory=dict, compare=False)


async def fetch_ticket_events(db: Database, after: int, limit: int) -> list[LiveTicketEvent]:
    """Events after a place in the log, in log order, each with its ticket (one query for all tickets)."""
    async with db.read() as session:
        repo = SupportRepository(session)
        events = await repo.logged_events(after, limit)
        tickets = await repo.tickets_by_id(list({e.ticket_id for e in events})) if events else {}
    sight = TicketSight(db, list(tickets))
    return [
        LiveTicketEvent(e.seq, e.kind, e.at, dict(e.data or {}), e.actor_id, tickets[e.ticket_id], sight)
        for e in events
        if e.seq is not None and e.ticket_id in tickets
    ]


async def decide_ticket_sight(
    db: Database, events: Sequence[LiveTicketEvent], subscribers: Sequence[Subscriber[Any]]
) -> None:
    """Before a page is offered to this process's subscribers: which of its tickets each of them may see, in one
    statement for all of them (each subscriber's `audience` returns its principal now)."""
    principals = [s.audience() for s in subscribers if callable(s.audience)]
    for sight in {id(e.sight): e.sight for e in events}.values():
        await sight.decide(principals)


async def fetch_notifications(db: Database, keys: Sequence[str]) -> list[NotificationRow]:
    """New notifications by id."""
    ids = []
    for key in keys:
        try:
            ids.append(uuid.UUID(key))
        except ValueError:
            continue
    async with db.read() as session:
        return await notifications_by_ids(session, ids)


def install_topics(hub: EventHub) -> None:
    """Declare the service desk's live topics on a hub."""
    hub.logged_topic(
        TICKETS, "rapport_ticket_events", TICKET_LOG, fetch_ticket_events, lambda e: e.cursor, decide_ticket_sight
    )
    hub.topic(NOTIFICATIONS, "rapport_notifications", fetch_notifications)
