"""PostgreSQL LISTEN/NOTIFY: one dedicated connection per process that fans notifications out to handlers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from rapport.core.db import libpq_url

log = logging.getLogger(__name__)

#: Called with the notification's payload.
Handler = Callable[[str], Awaitable[None]]


class PgListener:
    """Listens on channels over its own connection and reconnects (re-listening) when it drops."""

    def __init__(self, database_url: str, *, retry_seconds: float = 1.0) -> None:
        self._dsn = libpq_url(database_url)
        self._handlers: dict[str, list[Handler]] = {}
        self._retry = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._pending: set[asyncio.Task[None]] = set()
        self._connection: asyncpg.Connection | None = None
        self._use = asyncio.Lock()  # one statement at a time on the listening connection

    def on(self, channel: str, handler: Handler) -> None:
        """Call `handler` for every notification on `channel` (register before `start`)."""
        self._handlers.setdefault(channel, []).append(handler)

    async def start(self) -> None:
        """Connect and listen in the background; returns once the first connection listens."""
        self._task = asyncio.create_task(self._run(), name="rapport-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), timeout=10)

    async def stop(self) -> None:
        """Stop listening and close the connection."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def sync(self) -> None:
        """Return once every notification committed before the call has been dispatched to its handlers.

        A round trip on the listening connection: PostgreSQL sends a listener the notifications queued before a
        statement ahead of that statement's result, and each is dispatched (its handler task created, so its first
        step runs) before the caller resumes. Someone who read a row committed after a change can call this to be
        sure that the change's handlers started first. Without a connection there is nothing to wait for: what
        was missed meanwhile comes as "resync" when it reconnects.
        """
        connection = self._connection
        if connection is None:
            return
        try:
            async with self._use:
                await connection.execute("SELECT 1")
        except Exception:
            log.debug("listener sync failed; the connection is being replaced", exc_info=True)

    def _dispatch(self, connection: object, pid: int, channel: str, payload: str) -> None:
        for handler in self._handlers.get(channel, ()):
            task = asyncio.create_task(self._call(handler, channel, payload))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _call(self, handler: Handler, channel: str, payload: str) -> None:
        try:
            await handler(payload)
        except Exception:
            log.exception("notification handler failed", extra={"channel": channel})

    async def _run(self) -> None:
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(self._dsn)
                for channel in self._handlers:
                    await connection.add_listener(channel, self._dispatch)
                self._connection = connection
                self._connected.set()
                # A dropped connection shows up as a failed keep-alive query.
                while True:
                    await asyncio.sleep(5)
                    async with self._use:
                        await connection.execute("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("listener connection lost; reconnecting", exc_info=True)
                self._connected.clear()
                await asyncio.sleep(self._retry)
                # Handlers are told "resync" so that nothing missed while disconnected is lost.
                for channel in self._handlers:
                    self._dispatch(None, 0, channel, "resync")
            finally:
                self._connection = None
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close()
