"""The SLA job: warnings at 80% of each target and escalations at 100%, once each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.support.sla import service


@periodic_job("sla-check", cron="* * * * *", description="Warn at 80% of SLA targets and escalate breaches, once each.")
async def sla_check(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Warnings and escalations due at `now`."""
    total = {"warnings": 0, "breaches": 0}
    while True:
        async with db.write() as session:
            counts = await service.check(session, now)
        for key in total:
            total[key] += counts[key]
        if counts["warnings"] + counts["breaches"] == 0:
            return total
