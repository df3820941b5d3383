"""Live events: an outbox per topic, a commit-ordered log over it, and fan-out to bounded subscriber queues.

DESIGN. Writers insert an outbox row in the transaction of their change; a trigger NOTIFYs the topic's channel,
which PostgreSQL delivers only when (and if) that transaction commits. An outbox id is taken before commit, so
it is no cursor: a later id can commit first, and a reader that has moved past it never sees the earlier one.
Ordered topics therefore read a commit-ordered log (CommitLog): each row gets its place, `seq`, only after it
has committed, from a single relay:

- Stamping runs in one transaction under a transaction-level advisory lock (one stamper at a time in the whole
  cluster). It takes the rows its snapshot sees without a `seq` (committed rows only: uncommitted ones are
  invisible) in id order and numbers them from one sequence. The lock is released when the stamp commits, so
  the next stamper's snapshot sees it: `seq` values become visible in increasing order, a stamp batch at once.
- A cursor is a `seq`. Reading `seq > cursor ORDER BY seq` can never skip a row: a row without `seq` yet gets a
  larger one than every `seq` already visible. Every committed event is stamped exactly once, so a reader gets
  each event after its cursor exactly once, in commit order: an event of a transaction that began after another
  committed always comes after that one's events (its id is larger, and it is stamped in a later or the same
  batch); events of one transaction keep their order. Concurrent transactions first seen by the same stamp are
  ordered by id.
- Every process is a relay: on each outbox NOTIFY (coalesced while one stamp runs) it stamps what is
  unstamped, waiting on the lock if another process is stamping, then reads the log after its position and
  hands the events to its subscribers. A process that received the NOTIFY of a commit has, once its own stamp
  is done, that event in the log, so live delivery never waits for another process (no single relay to fail).
- Crashes: a stamp is one statement in its own transaction (a database function); a killed stamper leaves
  nothing half done and no transaction open, and its lock ends with that transaction. Rows it did not stamp
  are stamped by the next process that is notified or starts. Nothing lives only in memory: a
  process's position is a cache of the log, and a subscriber that resumes with `after` is served from the log.

Each process holds one LISTEN connection (core.notify). A subscriber whose queue is full is disconnected
instead of letting memory grow; it can resume with the last cursor it saw. Topics without a log (notifications)
are loaded by the keys in their NOTIFY payloads and are not resumable.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from prometheus_client import Counter, Gauge
from sqlalchemy import text

from rapport.core.db import Database
from rapport.core.errors import BadUserInputError

log = logging.getLogger(__name__)
E = TypeVar("E")

DELIVERED = Counter("rapport_events_delivered_total", "Events handed to subscribers", ["topic"])
DROPPED = Counter("rapport_subscribers_dropped_total", "Subscribers disconnected for being too slow", ["topic"])
SUBSCRIBERS = Gauge("rapport_subscribers", "Live subscribers in this process", ["topic"])
STAMPED = Counter("rapport_event_log_stamped_total", "Outbox rows given their place in the commit log", ["table"])
QUEUE_SIZE = 256
#: Events read from a log per statement (live delivery and catching up alike).
PAGE_SIZE = 1000
#: Rows stamped per statement (a stamp repeats until none is left).
STAMP_BATCH = 5000
#: After a failed stamp or read (e.g. the database restarting), try again after this many seconds.
RETRY_SECONDS = 1.0
#: The largest position a cursor may name (PostgreSQL bigint).
MAX_POSITION = 2**63 - 1
_CURSOR_PREFIX = "log1:"

#: Load a keyed topic's events by the NOTIFY payloads (their keys).
Fetch = Callable[[Database, Sequence[str]], Awaitable[list[Any]]]
#: Load a logged topic's events after a position, in log order, at most `limit` of them.
FetchAfter = Callable[[Database, int, int], Awaitable[list[Any]]]
#: Before a page of a logged topic's events is offered to the topic's subscribers: work out at once, for all of
#: them, what their `accepts` needs (e.g. which of the page's rows each subscriber may see: one statement for the
#: page, not one per subscriber per event). Given the page and the subscribers (their `audience`).
Prepare = Callable[[Database, Sequence[Any], Sequence["Subscriber[Any]"]], Awaitable[None]]


def event_cursor(position: int) -> str:
    """The opaque cursor of a log position, as subscribers see it."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode().rstrip("=")


def event_position(cursor: str) -> int:
    """The log position inside an event cursor; BAD_USER_INPUT when it is not one of ours."""
    position = -1
    if len(cursor) <= 64:
        with contextlib.suppress(binascii.Error, ValueError):
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
            digits = raw.removeprefix(_CURSOR_PREFIX)
            if raw.startswith(_CURSOR_PREFIX) and digits.isascii() and digits.isdigit() and len(digits) <= 19:
                position = int(digits)
    if not 0 <= position <= MAX_POSITION:
        raise BadUserInputError(
            "`after` must be the cursor of an event you received (cursors of older versions are not accepted).",
            field="after",
        )
    return position


@dataclass(frozen=True)
class CommitLog:
    """An outbox table read in commit order: its rows get their place, `seq`, after they commit (see DESIGN).

    The table needs a `bigint id` (taken at insert) and a nullable, unique `bigint seq`; `sequence` numbers the
    log and must not be owned by the table (so that no TRUNCATE ... RESTART IDENTITY rewinds it).
    """

    table: str
    sequence: str

    @property
    def lock_key(self) -> int:
        """The advisory lock that lets one stamper at a time number this log."""
        return zlib.crc32(f"rapport-event-log:{self.table}".encode())

    async def stamp(self, db: Database) -> int:
        """Give every committed, unstamped row its place, in id order; returns how many were stamped.

        One statement in its own transaction (the database function `rapport_stamp_event_log`, migration 0008):
        when unstamped rows exist it takes the advisory lock, then numbers what the next snapshot sees. A caller
        that dies leaves no transaction open; a statement that fails stamps nothing.
        """
        async with db.autocommit() as conn:
            stamped = (
                await conn.execute(
                    text("SELECT rapport_stamp_event_log(CAST(:log AS regclass), CAST(:numbers AS regclass), :k, :n)"),
                    {"log": self.table, "numbers": self.sequence, "k": self.lock_key, "n": STAMP_BATCH},
                )
            ).scalar_one()
        if stamped:
            STAMPED.labels(self.table).inc(stamped)
        return int(stamped)

    async def head(self, db: Database) -> int:
        """The last position of the log (0 when it is empty)."""
        async with db.engine.connect() as conn:
            position = (await conn.execute(text(f"SELECT coalesce(max(seq), 0) FROM {self.table}"))).scalar()
            await conn.rollback()
        return int(position or 0)


class SubscriberTooSlowError(Exception):
    """The subscriber did not keep up; reconnect with `after` set to the last cursor received."""


@dataclass(eq=False)
class Subscriber(Generic[E]):
    """One live subscription: what it accepts and its bounded queue."""

    topic: str
    accepts: Callable[[E], bool]
    #: Who the subscriber is, for the topic's `prepare` (e.g. a callable that returns its principal now).
    audience: Any = None
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
class _LogReader:
    """How a process reads one logged topic, and how far it has delivered it."""

    log: CommitLog
    fetch_after: FetchAfter
    position_of: Callable[[Any], int]
    prepare: Prepare | None = None
    #: The last position delivered to this process's subscribers (set by EventHub.start).
    position: int | None = None
    wanted: bool = False
    pump: asyncio.Task[None] | None = None


@dataclass
class _Topic:
    channel: str
    #: Keyed topics: events loaded by the keys in NOTIFY payloads.
    fetch: Fetch | None = None
    #: Logged topics: read in commit order.
    reader: _LogReader | None = None
    subscribers: set[Subscriber[Any]] = field(default_factory=set)


class EventHub:
    """This process's fan-out of live events from PostgreSQL NOTIFY to its subscribers."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._topics: dict[str, _Topic] = {}
        self._running = False

    def topic(self, name: str, channel: str, fetch: Fetch) -> None:
        """Declare a topic fed by NOTIFYs on `channel` whose payloads are the events' keys (not resumable)."""
        self._topics[name] = _Topic(channel, fetch=fetch)

    def logged_topic(
        self,
        name: str,
        channel: str,
        log: CommitLog,
        fetch_after: FetchAfter,
        position_of: Callable[[Any], int],
        prepare: Prepare | None = None,
    ) -> None:
        """Declare a topic read from a commit-ordered log; NOTIFYs on `channel` say that its outbox grew.

        `prepare` runs once per page read for live delivery, before the page is offered to the subscribers.
        """
        self._topics[name] = _Topic(channel, reader=_LogReader(log, fetch_after, position_of, prepare))

    def channels(self) -> dict[str, Callable[[str], Awaitable[None]]]:
        """LISTEN channel -> handler, for the process's listener."""
        return {t.channel: self._handler(name) for name, t in self._topics.items()}

    def _handler(self, name: str) -> Callable[[str], Awaitable[None]]:
        async def handle(payload: str) -> None:
            await self.notified(name, payload)

        return handle

    async def start(self) -> None:
        """Once the listener listens and before the app serves: stamp what was left unstamped, find the head.

        Live subscribers then get every event after the head; one that resumes reads what came before it.
        """
        for topic in self._topics.values():
            if topic.reader is not None:
                await topic.reader.log.stamp(self.db)
                topic.reader.position = await topic.reader.log.head(self.db)
        self._running = True
        for name, topic in self._topics.items():
            if topic.reader is not None and topic.reader.wanted:  # notified while starting
                self._wake(name, topic.reader)

    async def stop(self) -> None:
        """Stop reading the logs."""
        self._running = False
        for topic in self._topics.values():
            if topic.reader is not None and topic.reader.pump is not None:
                topic.reader.pump.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await topic.reader.pump
                topic.reader.pump = None

    async def notified(self, name: str, payload: str) -> None:
        """A topic's outbox grew (or, with "resync", the listener reconnected): deliver what is new."""
        topic = self._topics[name]
        if topic.reader is not None:
            self._wake(name, topic.reader)
        elif topic.fetch is not None and payload != "resync":
            for event in await topic.fetch(self.db, [payload]):
                self.deliver(name, event)

    def _wake(self, name: str, reader: _LogReader) -> None:
        reader.wanted = True
        if self._running and (reader.pump is None or reader.pump.done()):
            reader.pump = asyncio.create_task(self._pump(name, reader), name=f"rapport-events-{name}")

    async def _pump(self, name: str, reader: _LogReader) -> None:
        """Stamp, then deliver the log after this process's position; again while NOTIFYs came meanwhile."""
        while reader.wanted:
            reader.wanted = False
            try:
                await reader.log.stamp(self.db)
                assert reader.position is not None  # set by start()
                while True:
                    events = await reader.fetch_after(self.db, reader.position, PAGE_SIZE)
                    await self._prepare(name, reader, events)
                    for event in events:
                        reader.position = reader.position_of(event)
                        self.deliver(name, event)
                    if len(events) < PAGE_SIZE:
                        break
            except Exception:
                log.exception("reading the event log failed; trying again", extra={"topic": name})
                reader.wanted = True
                await asyncio.sleep(RETRY_SECONDS)

    async def _prepare(self, name: str, reader: _LogReader, events: Sequence[Any]) -> None:
        """Run the topic's `prepare` for a page, when someone listens. A failure is logged, not raised: what it
        would have decided is then decided at delivery, subscriber by subscriber."""
        subscribers = list(self._topics[name].subscribers)
        if reader.prepare is None or not events or not subscribers:
            return
        try:
            await reader.prepare(self.db, events, subscribers)
        except Exception:
            log.exception("preparing a page of events for delivery failed", extra={"topic": name})

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
    async def subscribe(
        self, name: str, accepts: Callable[[E], bool], audience: Any = None
    ) -> AsyncIterator[Subscriber[E]]:
        """Receive a topic's events that `accepts` lets through, until the block ends (`audience`: who the
        subscriber is, for the topic's `prepare`)."""
        topic = self._topics[name]
        subscriber: Subscriber[E] = Subscriber(name, accepts, audience)
        topic.subscribers.add(subscriber)
        SUBSCRIBERS.labels(name).inc()
        try:
            yield subscriber
        finally:
            topic.subscribers.discard(subscriber)
            SUBSCRIBERS.labels(name).dec()

    async def backlog(self, name: str, after: int) -> list[Any]:
        """A logged topic's events after a position, in log order, at most PAGE_SIZE (for subscribers that resume).

        Read from the database, not from this process: exact whichever process delivered the events before.
        """
        reader = self._topics[name].reader
        assert reader is not None, f"topic {name} has no log"
        return await reader.fetch_after(self.db, after, PAGE_SIZE)


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
