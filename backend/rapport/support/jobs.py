"""Periodic work of the service desk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.support import sla, workflow
from rapport.support.repository import SupportRepository

DEFAULT_AUTO_CLOSE_DAYS = 7


@periodic_job("sla-check", cron="* * * * *", description="Warn at 80% of SLA targets and escalate breaches, once each.")
async def sla_check(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Warnings and escalations due at `now`."""
    total = {"warnings": 0, "breaches": 0}
    while True:
        async with db.write() as session:
            counts = await sla.check(session, now)
        for key in total:
            total[key] += counts[key]
        if counts["warnings"] + counts["breaches"] == 0:
            return total


@periodic_job("ticket-autoclose", cron="7 * * * *", description="Close resolved tickets nobody rated in time.")
async def ticket_autoclose(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Close resolved, unrated tickets after the configured number of days (default 7)."""
    closed = 0
    while True:
        async with db.write() as session:
            setting = await SupportRepository(session).setting("auto_close")
            days = int((setting or {}).get("days", DEFAULT_AUTO_CLOSE_DAYS))
            batch = await workflow.close_unrated(session, now, days)
        closed += batch
        if batch < 500:
            return {"closed": closed, "days": days}
