"""Live events: committed outbox rows reach every process by NOTIFY and fan out to bounded subscriber queues.

Writers insert an outbox row in their transaction; a trigger NOTIFYs the row's id, which PostgreSQL delivers
only when (and if) the transaction commits. Each process holds one LISTEN connection (core.notify) and, per
notification, loads the new rows once and offers them to its subscribers. A subscriber whose queue is full
is disconnected instead of letting memory grow; it can resume with the last cursor it saw.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from prometheus_client import Counter, Gauge

from rapport.core.db import Database

log = logging.getLogger(__name__)
E = TypeVar("E")

DELIVERED = Counter("rapport_events_delivered_total", "Events handed to subscribers", ["topic"])
DROPPED = Counter("rapport_subscribers_dropped_total", "Subscribers disconnected for being too slow", ["topic"])
SUBSCRIBERS = Gauge("rapport_subscribers", "Live subscribers in this process", ["topic"])
QUEUE_SIZE = 256

#: Load events by the NOTIFY payloads (their keys), or everything after a cursor when `after` is given.
Fetch = Callable[[Database, Sequence[str] | None, int | None], Awaitable[list[Any]]]


class SubscriberTooSlowError(Exception):
    """The subscriber did not keep up; reconnect with `after` set to the last cursor received."""


@dataclass(eq=False)
class Subscriber(Generic[E]):
    """One live subscription: what it accepts and its bounded queue."""

    topic: str
    accepts: Callable[[E], bool]
    queue: asyncio.Queue[E | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: bool = False

    async def events(self) -> AsyncIterator[E]:
        """The events as they come; raises SubscriberTooSlowError after an overflow."""
        while True:
            item = await self.queue.get()
            if item is None:
                raise SubscriberTooSlowError("Too many undelivered events; reconnect with `after`.")
            yield item


@dataclass
class _Topic:
    channel: str
    fetch: Fetch
    cursor: Callable[[Any], int] | None
    subscribers: set[Subscriber[Any]] = field(default_factory=set)
    last_cursor: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class EventHub:
    """This process's fan-out of live events from PostgreSQL NOTIFY to its subscribers."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._topics: dict[str, _Topic] = {}

    def topic(self, name: str, channel: str, fetch: Fetch, cursor: Callable[[Any], int] | None = None) -> None:
        """Declare a topic fed by NOTIFYs on `channel` (payload: the event's key).

        With `cursor`, events are ordered and a reconnecting listener catches up on what it missed.
        """
        self._topics[name] = _Topic(channel, fetch, cursor)

    def channels(self) -> dict[str, Callable[[str], Awaitable[None]]]:
        """LISTEN channel -> handler, for the process's listener."""
        return {t.channel: self._handler(name) for name, t in self._topics.items()}

    def _handler(self, name: str) -> Callable[[str], Awaitable[None]]:
        async def handle(payload: str) -> None:
            await self.notified(name, payload)

        return handle

    async def notified(self, name: str, payload: str) -> None:
        """Load the notified event (or, after a reconnect, everything since the last one) and deliver it."""
        topic = self._topics[name]
        async with topic.lock:
            if payload == "resync":
                if topic.cursor is None or not topic.last_cursor:
                    return
                events = await topic.fetch(self.db, None, topic.last_cursor)
            else:
                events = await topic.fetch(self.db, [payload], None)
            for event in events:
                if topic.cursor is not None:
                    topic.last_cursor = max(topic.last_cursor, topic.cursor(event))
                self.deliver(name, event)

    def deliver(self, name: str, event: Any) -> None:
        """Offer one event to every subscriber of a topic that accepts it."""
        topic = self._topics[name]
        for subscriber in list(topic.subscribers):
            if subscriber.overflowed:
                continue
            try:
                accepted = subscriber.accepts(event)
            except Exception:
                log.exception("subscriber filter failed")
                accepted = False
            if not accepted:
                continue
            try:
                subscriber.queue.put_nowait(event)
                DELIVERED.labels(name).inc()
            except asyncio.QueueFull:
                subscriber.overflowed = True
                DROPPED.labels(name).inc()
                with contextlib.suppress(asyncio.QueueEmpty):
                    subscriber.queue.get_nowait()
                subscriber.queue.put_nowait(None)  # wakes the reader, which then disconnects

    @contextlib.asynccontextmanager
    async def subscribe(self, name: str, accepts: Callable[[E], bool]) -> AsyncIterator[Subscriber[E]]:
        """Receive a topic's events that `accepts` lets through, until the block ends."""
        topic = self._topics[name]
        subscriber: Subscriber[E] = Subscriber(name, accepts)
        topic.subscribers.add(subscriber)
        SUBSCRIBERS.labels(name).inc()
        try:
            yield subscriber
        finally:
            topic.subscribers.discard(subscriber)
            SUBSCRIBERS.labels(name).dec()

    async def backlog(self, name: str, after: int) -> list[Any]:
        """Events of a topic after a cursor, in order (for subscribers that resume)."""
        return await self._topics[name].fetch(self.db, None, after)


_hub: EventHub | None = None


def install_hub(hub: EventHub) -> None:
    """Make `hub` this process's event hub."""
    global _hub
    _hub = hub


def hub() -> EventHub:
    """This process's event hub (created by create_app)."""
    if _hub is None:
        raise RuntimeError("no event hub: live events need the app's lifespan (rapport serve)")
    return _hub
