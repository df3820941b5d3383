"""The audit of clear sensitive reads is written in pieces, early when much waits, and keeps what failed."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import func, select

from rapport.core.audit import AuditEntry
from rapport.core.authz import readlog
from rapport.core.authz.readlog import ReadLog
from rapport.core.db import Database


async def _written(db: Database, request: str) -> int:
    async with db.read() as session:
        found = await session.execute(select(func.count()).where(AuditEntry.request_id == request))
        return int(found.scalar_one())


def _spied(log: ReadLog) -> list[int]:
    """The size of each COPY the log writes (the writes themselves are real)."""
    sizes: list[int] = []
    write = log._write

    async def counted(batch: list[tuple[Any, ...]]) -> None:
        sizes.append(len(batch))
        await write(batch)

    log._write = counted  # type: ignore[method-assign]
    return sizes


async def test_a_large_flush_is_written_in_pieces(db: Database) -> None:
    """A busy list page buffers thousands of reads a second: they are written `PIECE` at a time, so the event loop
    answers requests between the pieces instead of waiting for one large COPY to be built."""
    log = ReadLog()
    log.bind(db)
    sizes = _spied(log)
    request = f"pieces-{uuid.uuid4().hex[:8]}"
    for _ in range(readlog.PIECE * 2 + 1):
        log.record(None, "Customer", str(uuid.uuid4()), {"Contact.phones"}, request)  # type: ignore[arg-type]
    assert await log.flush() == readlog.PIECE * 2 + 1
    assert sizes == [readlog.PIECE, readlog.PIECE, 1]
    assert await _written(db, request) == readlog.PIECE * 2 + 1
    await log.close()


async def test_a_piece_that_fails_keeps_itself_and_the_rest_for_the_next_flush(db: Database) -> None:
    log = ReadLog()
    log.bind(db)
    request = f"failed-{uuid.uuid4().hex[:8]}"
    for i in range(readlog.PIECE + 10):
        entity = "not-a-uuid" if i == readlog.PIECE + 3 else str(uuid.uuid4())  # the second piece cannot be written
        log.record(None, "Customer", entity, {"Contact.phones"}, request)  # type: ignore[arg-type]
    assert await log.flush() == readlog.PIECE
    assert await _written(db, request) == readlog.PIECE
    assert len(log._buffer) == 10  # kept, in order, for the next flush
    assert [entry[2] for entry in log._buffer][3] == "not-a-uuid"
    # A database that refused is not sent a flush on every read that follows: the timer retries.
    for _ in range(readlog.FLUSH_AT):
        log.record(None, "Customer", str(uuid.uuid4()), {"Contact.phones"}, request)  # type: ignore[arg-type]
    assert log._early is None
    log.discard()
    await log.close()


async def test_many_waiting_reads_are_written_without_waiting_for_the_timer(db: Database) -> None:
    log = ReadLog()
    log.bind(db)
    request = f"early-{uuid.uuid4().hex[:8]}"
    for _ in range(readlog.FLUSH_AT - 1):
        log.record(None, "Customer", str(uuid.uuid4()), {"Contact.phones"}, request)  # type: ignore[arg-type]
    await asyncio.sleep(0.2)
    assert await _written(db, request) == 0  # below FLUSH_AT: the timer (one second) writes them
    log.record(None, "Customer", str(uuid.uuid4()), {"Customer.idNumber"}, request)  # type: ignore[arg-type]
    for _ in range(15):  # well before the timer's second
        await asyncio.sleep(0.02)
        if await _written(db, request) == readlog.FLUSH_AT:
            break
    assert await _written(db, request) == readlog.FLUSH_AT
    await log.close()
