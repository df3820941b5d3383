"""Periodic work of the activities domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.activities.service import send_due_reminders
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job


@periodic_job("task-reminders", cron="* * * * *", description="Turn due task reminders into notifications.")
async def task_reminders(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Notify assignees of tasks whose reminder time has come (each reminder once)."""
    sent = 0
    while True:
        async with db.write() as session:
            batch = await send_due_reminders(session, now)
        sent += batch
        if batch < 500:
            return {"reminders": sent}
