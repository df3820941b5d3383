"""The workflow's periodic work: resolved tickets nobody rated close themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.support.repository import SupportRepository
from rapport.support.workflow import service


@periodic_job("ticket-autoclose", cron="7 * * * *", description="Close resolved tickets nobody rated in time.")
async def ticket_autoclose(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Close resolved, unrated tickets after the configured number of days (default 7)."""
    closed = 0
    while True:
        async with db.write() as session:
            days = await SupportRepository(session).auto_close_days()
            batch = await service.close_unrated(session, now, days)
        closed += batch
        if batch < 500:
            return {"closed": closed, "days": days}
