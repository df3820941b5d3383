"""Audit of unmasked reads of sensitive fields, written in batches so that reads stay fast."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any

import asyncpg
import orjson

from rapport.core import clock
from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.core.ids import uuid7

log = logging.getLogger(__name__)
FLUSH_SECONDS = 1.0
#: Entries kept for a retry when the database cannot take them.
MAX_BUFFER = 10_000
#: A flush starts at once when this many entries wait (a list page reads 50 customers' phones per request, so a busy
#: server buffers thousands a second).
FLUSH_AT = 2_000
#: Entries written per COPY. A flush makes its rows' ids and encodes them on the event loop, which answers nothing
#: meanwhile: 10,000 entries at once held it ~40 ms (the customer list's p99 under load), a piece of 500 ~2 ms.
PIECE = 500
#: What an entry that can never be written raises (asyncpg encodes a bad id's text with a ValueError).
_UNWRITABLE = (asyncpg.DataError, ValueError, TypeError)
COLUMNS = ("id", "actor_id", "entity_type", "entity_id", "action", "changes", "at", "request_id")


class ReadLog:
    """Buffers (who, whose, which fields, when) and writes them every second in one INSERT."""

    def __init__(self) -> None:
        self._buffer: list[tuple[Any, ...]] = []
        self._db: Database | None = None
        self._task: asyncio.Task[None] | None = None
        self._early: asyncio.Task[int] | None = None
        #: When a write last failed (monotonic seconds): no early flush for `FLUSH_SECONDS` after it.
        self._failed_at = -FLUSH_SECONDS
        #: The `changes` JSON of each set of fields read (a bounded set: the schema's sensitive fields).
        self._changes: dict[frozenset[str], str] = {}

    def bind(self, db: Database) -> None:
        """Use this database for writing."""
        self._db = db

    def record(
        self,
        actor_id: uuid.UUID,
        entity_type: str,
        entity_id: uuid.UUID | str,
        fields: Iterable[str],
        request_id: str | None,
    ) -> None:
        """Queue one read; flushed within a second (at once when `FLUSH_AT` entries wait). `entity_id`: a UUID, or
        its text as PostgreSQL wrote it (the compiled path's JSON)."""
        key = frozenset(fields)
        changes = self._changes.get(key)
        if changes is None:
            changes = self._changes[key] = orjson.dumps({"fields": sorted(key)}).decode()
        self._buffer.append((actor_id, entity_type, entity_id, "read_sensitive", changes, clock.now(), request_id))
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._flush_soon(), name="rapport-readlog")
        if (
            len(self._buffer) >= FLUSH_AT
            and (self._early is None or self._early.done())
            and time.monotonic() - self._failed_at >= FLUSH_SECONDS  # a database that refused: the timer retries
        ):
            self._early = asyncio.get_running_loop().create_task(self.flush(), name="rapport-readlog-full")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        await self.flush()

    async def flush(self) -> int:
        """Write what is buffered now; returns how many entries were written (or dropped as unwritable)."""
        if not self._buffer or self._db is None:
            return 0
        batch, self._buffer = self._buffer, []
        written = 0
        for start in range(0, len(batch), PIECE):  # the event loop answers requests between the pieces
            piece = batch[start : start + PIECE]
            try:
                await self._write_piece(piece)
            except Exception:
                left = batch[start:]
                log.exception("could not write %d sensitive-read audit entries; will retry", len(left))
                self._failed_at = time.monotonic()
                self._buffer[:0] = left[-MAX_BUFFER:]
                return written
            except BaseException:  # cancelled mid-flush (at shutdown): what is not written is kept for `close`
                self._buffer[:0] = batch[start:]
                raise
            written += len(piece)
        return written

    async def _write_piece(self, piece: list[tuple[Any, ...]]) -> None:
        try:
            await self._write(piece)
        except asyncpg.ForeignKeyViolationError:
            # An actor deleted meanwhile: keep the records of the reads without the dangling reference.
            await self._write([(None, *entry[1:]) for entry in piece])
        except _UNWRITABLE:
            # A value that cannot be encoded or that PostgreSQL refuses (not expected: the ids are PostgreSQL's own
            # text) must not hold up the others: each entry is written alone, and one refused is logged and dropped.
            for entry in piece:
                try:
                    await self._write([entry])
                except _UNWRITABLE:
                    log.error("dropped a sensitive-read audit entry PostgreSQL refused: %s %s", entry[1], entry[2])

    async def _write(self, batch: list[tuple[Any, ...]]) -> None:
        # COPY: one round trip for any number of rows (an INSERT's bind parameters run out at ~4,000 rows, and
        # a busy list page reads many customers' phones at once).
        assert self._db is not None
        pool = await self._db.raw_pool()
        # Ids are made here rather than per read: still time-ordered, and off the request's path.
        records = [(uuid7(), *entry) for entry in batch]
        async with pool.acquire() as connection:
            await connection.copy_records_to_table(AuditEntry.__tablename__, records=records, columns=COLUMNS)

    def discard(self) -> None:
        """Forget what is buffered (tests, between runs on an emptied database)."""
        self._buffer.clear()

    async def close(self) -> None:
        """Write everything and stop (at shutdown, before the database's pools close). The timer is cancelled (a
        flush it started keeps what it had not written), an early flush under way finishes, and the rest is written."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._early is not None:
            with contextlib.suppress(Exception):
                await self._early
        while self._buffer and await self.flush():
            pass


read_log = ReadLog()
