"""Subscriptions: `ticketEvents` (resumable with `after`) and `notificationAdded`."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncGenerator
from typing import Annotated, Any

import strawberry
from starlette.websockets import WebSocket
from strawberry.scalars import JSON

from rapport.activities.service import NotificationRow
from rapport.activities.types import Notification
from rapport.core.events import SubscriberTooSlowError, event_cursor, event_position, hub
from rapport.graphql.context import Info
from rapport.graphql.loaders import Loaders
from rapport.graphql.node import from_global_id
from rapport.support.event_access import may_receive
from rapport.support.inputs import TicketEventFilter
from rapport.support.live import NOTIFICATIONS, TICKETS, LiveTicketEvent
from rapport.support.types import Ticket, TicketEvent, TicketEventKind

TOO_SLOW = 4408


def _filter(f: TicketEventFilter | None) -> dict[str, uuid.UUID]:
    if f is None:
        return {}
    wanted: dict[str, uuid.UUID] = {}
    for key, type_name in (
        ("queue_id", "Team"),
        ("assignee_id", "User"),
        ("customer_id", "Customer"),
        ("ticket_id", "Ticket"),
    ):
        value = getattr(f, key)
        if value is not None:
            wanted[key] = from_global_id(value, type_name)[1]
    return wanted


def _matches(event: LiveTicketEvent, wanted: dict[str, uuid.UUID]) -> bool:
    row = event.ticket
    actual = {
        "queue_id": row.queue_id,
        "assignee_id": row.assignee_id,
        "customer_id": row.customer_id,
        "ticket_id": row.id,
    }
    return all(actual[k] == v for k, v in wanted.items())


def _event(item: LiveTicketEvent) -> TicketEvent:
    """One GraphQL event object per live event, so that equivalent subscribers share its execution."""
    event = item.memo.get("event")
    if event is None:
        event = TicketEvent(
            cursor=event_cursor(item.cursor),
            kind=TicketEventKind(item.kind),
            at=item.at,
            data=JSON(item.data),
            ticket=Ticket.from_row(item.ticket),
            _shared_results={},
        )
        item.memo["event"] = event
    return event


async def _close_too_slow(info: Info) -> None:
    socket = info.context.request
    if isinstance(socket, WebSocket):
        with contextlib.suppress(Exception):
            await socket.close(code=TOO_SLOW, reason="Too slow: reconnect with `after`.")


@strawberry.type
class SupportSubscription:
    """Root subscription fields."""

    @strawberry.subscription(
        description="Ticket events as they happen (created, assigned, status changed, commented, SLA warning and "
        "breach, escalated, rated), for tickets you may see. Pass `after` (a cursor) to first receive what you missed."
    )
    async def ticket_events(
        self,
        info: Info,
        filter: Annotated[TicketEventFilter | None, strawberry.argument(description="Narrow the stream.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Resume after this event cursor.")] = None,
    ) -> AsyncGenerator[TicketEvent, None]:
        """The stream."""
        ctx = info.context
        _ = ctx.viewer  # UNAUTHENTICATED before anything else when not signed in
        wanted = _filter(filter)
        resume_at = None if after is None else event_position(after)

        def accepts(event: LiveTicketEvent) -> bool:
            """The hub's filter: what is known without waiting (the ticket's row scope, when the page's one
            statement has decided it for this subscriber's rights)."""
            viewer = ctx.principal
            return (
                viewer is not None
                and _matches(event, wanted)
                and may_receive(ctx.policy, event.kind, event.data)
                and event.sight.known(viewer, event.ticket.id) is not False
            )

        async def delivers(event: LiveTicketEvent, fence: dict[str, Any]) -> bool:
            """The decision at delivery, by the rights in force now (re-read when they changed, after every change
            committed before the event was read has been heard): the filter again, and the ticket's row scope."""
            await ctx.current_viewer(fence)
            return accepts(event) and await event.sight.sees(ctx.principal, event.ticket.id)

        live = hub()
        async with live.subscribe(TICKETS, accepts, audience=lambda: ctx.principal) as subscriber:
            # Positions in the commit-ordered log: the backlog and the live events overlap, never leave a gap.
            last = resume_at
            while last is not None:  # catch up first; the subscription is already collecting live events
                backlog = await live.backlog(TICKETS, last)
                page: dict[str, object] = {}  # one rights fence for the page
                for item in backlog:
                    last = item.cursor
                    if await delivers(item, page):
                        ctx.loaders = Loaders(ctx.db, ctx.principal)
                        yield _event(item)
                if not backlog:  # (a page can come back short: events of a ticket deleted meanwhile)
                    break
            try:
                async for item in subscriber.events():
                    if last is not None and item.cursor <= last:
                        continue
                    last = item.cursor
                    if not await delivers(item, item.memo):
                        continue
                    ctx.loaders = Loaders(ctx.db, ctx.principal)  # every event sees fresh data
                    yield _event(item)
            except SubscriberTooSlowError:
                await _close_too_slow(info)

    @strawberry.subscription(description="Your new notifications as they are sent.")
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        """The stream."""
        user_id = info.context.viewer.user_id

        def accepts(row: NotificationRow) -> bool:
            return row.user_id == user_id

        async with hub().subscribe(NOTIFICATIONS, accepts) as subscriber:
            try:
                async for row in subscriber.events():
                    yield Notification.from_row(row)
            except SubscriberTooSlowError:
                await _close_too_slow(info)
