"""The export jobs: run waiting exports every few seconds, delete expired files nightly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.integrations.exports import service
from rapport.integrations.exports.models import ExportFile

#: Exports one run of the job works through at most (the next run goes on).
PER_RUN = 5


@periodic_job("export-run", "* * * * * */3", "Write the files of waiting exports, as the users who asked for them.")
async def export_run(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Run waiting exports one after the other (and any whose worker died)."""
    done = 0
    while done < PER_RUN and await service.run_one(db, settings, now):
        done += 1
    return {"exports": done}


@periodic_job("export-purge", "23 3 * * *", "Delete exported files past their retention.")
async def export_purge(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Delete expired exports with their files."""
    async with db.write() as session:
        result = await session.execute(delete(ExportFile).where(ExportFile.expires_at <= now))
    return {"deleted": int(getattr(result, "rowcount", 0) or 0)}
