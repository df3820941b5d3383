"""What imports and exports keep of people, and when it goes: uploaded files and undo records only while an import
can be undone, exported files for `EXPORT_RETENTION_DAYS`; a data subject's erasure takes every file that could hold
them at once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.integrations.exports.models import ExportFile
from rapport.integrations.imports.models import ImportBatch, ImportRow
from rapport.integrations.imports.service import UNDO_DAYS

#: How long an upload that was never run is kept, and how long an import's summary is.
UNUSED = timedelta(days=1)
HISTORY = timedelta(days=90)
UNDO = timedelta(days=UNDO_DAYS)


async def forget(session: AsyncSession, now: datetime) -> dict[str, int]:
    """The `import-purge` job's work."""
    unused = await session.execute(
        delete(ImportBatch).where(ImportBatch.status == "uploaded", ImportBatch.created_at < now - UNUSED)
    )
    old = await session.execute(delete(ImportBatch).where(ImportBatch.created_at < now - HISTORY))
    closed = or_(ImportBatch.status.in_(("undone", "failed")), ImportBatch.finished_at < now - UNDO)
    past = await session.execute(
        update(ImportBatch).where(closed, ImportBatch.file_enc.is_not(None)).values(file_enc=None)
    )
    await session.execute(
        update(ImportRow)
        .where(ImportRow.batch_id == ImportBatch.id, closed, ImportRow.before.is_not(None))
        .values(before=None)
    )
    return {
        "unused": int(getattr(unused, "rowcount", 0) or 0),
        "forgotten": int(getattr(old, "rowcount", 0) or 0),
        "files_dropped": int(getattr(past, "rowcount", 0) or 0),
    }


async def export_subject(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, object]]:
    """Data subject export: uploaded and exported files are copies, not records of their own (nothing to export)."""
    return []


async def erase_subject(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Data subject erasure: any uploaded or exported file may hold the person, so every one goes (uploads can no
    longer be previewed or their rejected rows downloaded; exports are made again), with the undo records of the
    person's own customer."""
    files = await session.execute(delete(ExportFile))
    uploads = await session.execute(update(ImportBatch).where(ImportBatch.file_enc.is_not(None)).values(file_enc=None))
    await session.execute(
        update(ImportRow)
        .where(and_(ImportRow.entity_id == customer_id, ImportRow.before.is_not(None)))
        .values(before=None)
    )
    return int(getattr(files, "rowcount", 0) or 0) + int(getattr(uploads, "rowcount", 0) or 0)
