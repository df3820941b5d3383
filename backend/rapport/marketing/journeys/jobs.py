"""Periodic work of journeys: enroll from triggers, then run the due steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.triggers import date_entries, event_entries, segment_entries


@periodic_job(
    "journey-triggers",
    cron="* * * * *",
    description="Enroll customers in active journeys: segment entries, events (orders, closed tickets, leads), dates.",
)
async def journey_triggers(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Enroll from every kind of trigger that is not a page view (those enroll as the view is recorded)."""
    return {
        "segment": await segment_entries(db, now),
        "event": await event_entries(db, now),
        "date": await date_entries(db, now),
    }


@periodic_job("journey-steps", cron="* * * * *", description="Run the due steps of active journeys, once each.")
async def journey_steps(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Move due enrollments (a bounded batch per run)."""
    return await run_due(db, now, settings=settings)
