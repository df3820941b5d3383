"""A batch's counters, moved by each chunk a run commits (in the chunk's transaction), and the heartbeat that says
which run holds the batch: a run that stalled past `runner.STALE` and was taken over by another worker finds
another heartbeat than the one it wrote last, and stops before its chunk commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.integrations.imports.models import ImportBatch, ImportRow


class TakenOver(Exception):
    """Another worker took the batch over while this run stalled: this run stops, and its chunk rolls back."""


async def beat(session: AsyncSession, batch: ImportBatch, counts: Mapping[str, int], rows: int) -> None:
    """Count a chunk (`counts` by action, `rows` sheet rows more done) and beat the heartbeat, if this run still
    holds the batch (its heartbeat is the one this run wrote last, kept on `batch`); TakenOver otherwise."""
    now = clock.now()
    moved = await session.execute(
        update(ImportBatch)
        .where(
            ImportBatch.id == batch.id, ImportBatch.status == "running", ImportBatch.heartbeat_at == batch.heartbeat_at
        )
        .values(
            done=ImportBatch.done + rows,
            created=ImportBatch.created + counts.get("created", 0),
            updated=ImportBatch.updated + counts.get("updated", 0),
            skipped=ImportBatch.skipped + counts.get("skipped", 0),
            rejected=ImportBatch.rejected + counts.get("rejected", 0),
            heartbeat_at=now,
        )
    )
    if not getattr(moved, "rowcount", 0):
        raise TakenOver
    batch.heartbeat_at = now


async def add_chunk(session: AsyncSession, batch: ImportBatch, records: Sequence[ImportRow], rows: int) -> None:
    """Count a chunk's records by action, `rows` sheet rows more done, and beat the heartbeat (`beat`)."""
    counts = {a: sum(1 for r in records if r.action == a) for a in ("created", "updated", "skipped", "rejected")}
    await beat(session, batch, counts, rows)
