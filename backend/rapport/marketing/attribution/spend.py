"""Marketing spend: what campaigns and channels cost (ROI and the spend ratio read it)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.ids import uuid7
from rapport.marketing.models import MarketingSpend


async def record_spend(
    session: AsyncSession,
    *,
    amount: Decimal,
    spent_on: date,
    campaign_id: uuid.UUID | None = None,
    channel: str | None = None,
    description: str | None = None,
) -> MarketingSpend:
    """Record money spent on a day, for a campaign and/or a channel (give both for a campaign: rows by channel
    read the channel), in the caller's transaction."""
    if not amount.is_finite() or amount < 0:
        raise ValueError("A marketing cost is a non-negative amount.")
    spend = MarketingSpend(
        id=uuid7(), campaign_id=campaign_id, channel=channel, amount=amount, spent_on=spent_on, description=description
    )
    session.add(spend)
    await session.flush()
    return spend
