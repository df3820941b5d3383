"""The analytics step of `rapport seed`: what the predictions need once the demo's orders exist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.affinity.mining import mine_rules


async def seed_analytics(session: AsyncSession, now: datetime) -> dict[str, Any]:
    """Mine the product association rules from the seeded orders (the nightly job does it afterwards)."""
    return {"affinity": await mine_rules(session, now)}
