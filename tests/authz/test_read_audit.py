"""The audit of clear sensitive reads is written in pieces, early when much waits, keeps what the database could not
take, drops only what PostgreSQL refuses, and writes everything at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

from sqlalchemy import func, select

from rapport.core.audit import AuditEntry
from rapport.core.authz import readlog
from rapport.core.authz.readlog import ReadLog
from rapport.core.db import Database, create_engine


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


async def test_a_database_that_refuses_keeps_every_entry_and_is_not_sent_a_flush_per_read() -> None:
    """Entries the database cannot take stay buffered, in order, for the timer's next flush; no early flush is sent
    for every read that follows a failure."""
    nowhere = Database(create_engine("postgresql://postgres@127.0.0.1:1/nowhere", pool_size=1), raw_pool_size=1)
    log = ReadLog()
    log.bind(nowhere)
    ids = [str(uuid.uuid4()) for _ in range(readlog.PIECE + 10)]
    for entity in ids:
        log.record(None, "Customer", entity, {"Contact.phones"}, "refused")  # type: ignore[arg-type]
    assert await log.flush() == 0
    assert [entry[2] for entry in log._buffer] == ids
    for _ in range(readlog.FLUSH_AT):
        log.record(None, "Customer", str(uuid.uuid4()), {"Contact.phones"}, "refused")  # type: ignore[arg-type]
    assert log._early is None
    log.discard()
    await log.close()
    await nowhere.dispose()


async def test_an_entry_postgresql_refuses_is_dropped_and_the_others_written(db: Database) -> None:
    log = ReadLog()
    log.bind(db)
    request = f"refused-{uuid.uuid4().hex[:8]}"
    for i in range(readlog.PIECE + 10):
        entity = "not-a-uuid" if i == readlog.PIECE + 3 else str(uuid.uuid4())
        log.record(None, "Customer", entity, {"Contact.phones"}, request)  # type: ignore[arg-type]
    assert await log.flush() == readlog.PIECE + 10
    assert await _written(db, request) == readlog.PIECE + 9
    assert not log._buffer
    await log.close()


async def test_closing_writes_what_a_flush_under_way_had_not_written(db: Database) -> None:
    """At shutdown: an early flush under way finishes, a flush cancelled between its pieces keeps the rest, and
    `close` writes everything left before the pools close."""
    log = ReadLog()
    log.bind(db)
    request = f"closing-{uuid.uuid4().hex[:8]}"
    ids = [str(uuid.uuid4()) for _ in range(readlog.PIECE * 3)]
    for entity in ids:
        log.record(None, "Customer", entity, {"Contact.phones"}, request)  # type: ignore[arg-type]
    flushing = asyncio.get_running_loop().create_task(log.flush())
    for _ in range(2000):
        if flushing.done() or await _written(db, request) >= readlog.PIECE:
            break
        await asyncio.sleep(0.001)
    flushing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await flushing
    for _ in range(readlog.FLUSH_AT):  # starts an early flush, under way when closing
        log.record(None, "Customer", str(uuid.uuid4()), {"Customer.idNumber"}, request)  # type: ignore[arg-type]
    assert log._early is not None
    await log.close()
    assert not log._buffer
    async with db.read() as session:
        found = await session.execute(
            select(func.count(func.distinct(AuditEntry.entity_id))).where(AuditEntry.request_id == request)
        )
    assert found.scalar_one() == len(ids) + readlog.FLUSH_AT  # each once at least (a cancelled piece may be twice)


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
