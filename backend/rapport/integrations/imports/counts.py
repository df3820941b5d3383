"""A batch's counters, moved by each chunk a run commits (in the chunk's transaction)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.integrations.imports.models import ImportBatch, ImportRow


async def add_chunk(session: AsyncSession, batch_id: uuid.UUID, records: Sequence[ImportRow], rows: int) -> None:
    """Count a chunk's records by action, `rows` sheet rows more done, and beat the heartbeat."""
    counts = {a: sum(1 for r in records if r.action == a) for a in ("created", "updated", "skipped", "rejected")}
    await session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(
            done=ImportBatch.done + rows,
            created=ImportBatch.created + counts["created"],
            updated=ImportBatch.updated + counts["updated"],
            skipped=ImportBatch.skipped + counts["skipped"],
            rejected=ImportBatch.rejected + counts["rejected"],
            heartbeat_at=clock.now(),
        )
    )
