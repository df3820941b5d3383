"""The import jobs: run queued imports (and resume those whose worker died) every few seconds; forget what is no
longer needed nightly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.integrations.imports.privacy import forget
from rapport.integrations.imports.runner import run_due


@periodic_job("import-run", "* * * * * */3", "Import queued files, as the users who started them; resume stalled runs.")
async def import_run(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Run every waiting import."""
    return {"imports": await run_due(db, settings, now)}


@periodic_job(
    "import-purge", "41 3 * * *", "Drop uploaded files and undo records past the undo window; forget old imports."
)
async def import_purge(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """An upload never run is deleted after a day; a finished import's file and undo records (personal data) go
    when it can no longer be undone; its summary is kept 90 days."""
    async with db.write() as session:
        return await forget(session, now)
