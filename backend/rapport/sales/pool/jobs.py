"""Periodic work of the public pool: warnings and reclaims (listed in the sales manifest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.sales.pool import service as pool


@periodic_job(
    "pool-reclaim",
    cron="5 * * * *",
    description="Warn owners M days ahead, then return customers without follow-up to the public pool.",
)
async def pool_reclaim(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Warnings and reclaims due at `now`, each once (rows locked, done ones skipped)."""
    total = {"warned": 0, "reclaimed": 0}
    while True:
        async with db.write() as session:
            warned = await pool.warn(session, now)
            reclaimed = await pool.reclaim(session, now)
        total["warned"] += warned
        total["reclaimed"] += reclaimed
        if warned < 500 and reclaimed < 500:
            return total
