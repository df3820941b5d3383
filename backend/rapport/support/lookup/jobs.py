"""The phone lookup's periodic work: callers found by phone stop being related once their time is up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.support.lookup import service


@periodic_job("caller-grant-expiry", cron="* * * * *", description="End expired grants of callers found by phone.")
async def caller_grant_expiry(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Delete the grants that expired by `now` (idempotent; several workers may run it)."""
    async with db.write() as session:
        return {"expired": await service.expire_grants(session)}
