"""Periodic work of the customer graph."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.customers.repository.scoring import refresh_scores


@periodic_job(
    "rfm-refresh", cron="30 2 * * *", description="Recompute RFM scores, segments, lifetime values and ranks."
)
async def rfm_refresh(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Recompute every customer's scores (also run after imports and by `rapport seed`)."""
    async with db.write() as session:
        return await refresh_scores(session, now)
