"""Periodic housekeeping of the identity domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.identity.service import purge_expired


@periodic_job("session-cleanup", cron="17 * * * *", description="Delete expired sessions and stale login failures.")
async def session_cleanup(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Delete expired sessions and login failures outside the rate-limit window."""
    async with db.write() as session:
        return await purge_expired(session, settings, now)
