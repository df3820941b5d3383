"""Periodic work of marketing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.marketing.attribution.touches import sync_lead_touches


@periodic_job(
    "marketing-lead-touches",
    cron="*/5 * * * *",
    description="Record a web-form touch for each new lead (its UTM parameters) for attribution.",
)
async def lead_touches(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Turn new leads into touches; safe to run twice or on several workers (one touch per lead, by key)."""
    async with db.write() as session:
        return await sync_lead_touches(session)
