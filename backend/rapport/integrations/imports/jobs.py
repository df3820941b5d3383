"""The import job: run queued imports (and resume those whose worker died) every few seconds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.integrations.imports.runner import run_due


@periodic_job("import-run", "* * * * * */3", "Import queued files, as the users who started them; resume stalled runs.")
async def import_run(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Run every waiting import."""
    return {"imports": await run_due(db, settings, now)}
