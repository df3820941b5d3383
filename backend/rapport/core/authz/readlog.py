"""Audit of unmasked reads of sensitive fields, written in batches so that reads stay fast."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from rapport.core import clock
from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.core.ids import uuid7

log = logging.getLogger(__name__)
FLUSH_SECONDS = 1.0
MAX_BUFFER = 10_000


class ReadLog:
    """Buffers (who, whose, which fields, when) and writes them every second in one INSERT."""

    def __init__(self) -> None:
        self._buffer: list[dict[str, Any]] = []
        self._db: Database | None = None
        self._task: asyncio.Task[None] | None = None

    def bind(self, db: Database) -> None:
        """Use this database for writing."""
        self._db = db

    def record(
        self, actor_id: uuid.UUID, entity_type: str, entity_id: uuid.UUID, fields: Iterable[str], request_id: str | None
    ) -> None:
        """Queue one read; flushed within a second (at once when the buffer is full)."""
        self._buffer.append(
            {
                "id": uuid7(),
                "actor_id": actor_id,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "action": "read_sensitive",
                "changes": {"fields": sorted(fields)},
                "at": clock.now(),
                "request_id": request_id,
            }
        )
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._flush_soon(), name="rapport-readlog")
        if len(self._buffer) >= MAX_BUFFER:
            asyncio.get_running_loop().create_task(self.flush())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        await self.flush()

    async def flush(self) -> int:
        """Write what is buffered now; returns how many entries."""
        if not self._buffer or self._db is None:
            return 0
        batch, self._buffer = self._buffer, []
        try:
            await self._write(batch)
        except IntegrityError:
            # An actor deleted meanwhile: keep the record of the read without the dangling reference.
            await self._write([{**entry, "actor_id": None} for entry in batch])
        except Exception:
            log.exception("could not write %d sensitive-read audit entries; will retry", len(batch))
            self._buffer[:0] = batch[-MAX_BUFFER:]
            return 0
        return len(batch)

    async def _write(self, batch: list[dict[str, Any]]) -> None:
        assert self._db is not None
        async with self._db.write() as session:
            await session.execute(insert(AuditEntry).values(batch))

    def discard(self) -> None:
        """Forget what is buffered (tests, between runs on an emptied database)."""
        self._buffer.clear()

    async def close(self) -> None:
        """Flush and stop (at shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()


read_log = ReadLog()
