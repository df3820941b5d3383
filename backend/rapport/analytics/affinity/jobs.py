"""The nightly mining of association rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.analytics.affinity.mining import mine_rules
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job


@periodic_job(
    "product-affinity",
    cron="45 2 * * *",
    description="Mine the product association rules (cross-sell suggestions and launch targeting) from order lines.",
)
async def product_affinity(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Replace the rules (also run at the end of `rapport seed`); safe when several workers run it."""
    async with db.write() as session:
        return await mine_rules(session, now)
