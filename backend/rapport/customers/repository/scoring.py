"""RFM scores, segments, lifetime value and revenue ranks, computed in one SQL statement."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


class Segment(StrEnum):
    """RFM segments, tested in this order (the first rule that matches wins)."""

    HIGH_VALUE = "high_value"  # R, F and M all in the top two quintiles
    NEW = "new"  # one purchase, recent (R in the top two quintiles)
    LOYAL = "loyal"  # buys often (F top two) and not long ago (R at least 3)
    AT_RISK = "at_risk"  # used to buy often or much (F or M at least 3) but not recently (R at most 2)
    DORMANT = "dormant"  # not recently, and little (R at most 2)
    POTENTIAL = "potential"  # every other buyer
    NONE = "none"  # no purchases yet


REFRESH_LOCK = 0x5246_4D31  # "RFM1": one refresh at a time across workers

_REFRESH = text(
    """
WITH per_customer AS (
    SELECT c.id AS customer_id, c.province,
           max(o.ordered_at) AS last_order_at,
           count(o.id) AS frequency,
           coalesce(sum(o.total_amount), 0) AS monetary
    FROM customer c
    LEFT JOIN sales_order o
           ON o.customer_id = c.id AND o.status IN ('paid', 'shipped', 'completed') AND o.ordered_at <= :now
    WHERE c.merged_into_id IS NULL
    GROUP BY c.id, c.province
), buyers AS (
    SELECT customer_id,
           ntile(5) OVER (ORDER BY last_order_at, customer_id) AS r,
           ntile(5) OVER (ORDER BY frequency, customer_id) AS f,
           ntile(5) OVER (ORDER BY monetary, customer_id) AS m,
           rank() OVER (ORDER BY monetary DESC) AS revenue_rank,
           rank() OVER (PARTITION BY province ORDER BY monetary DESC) AS region_revenue_rank
    FROM per_customer
    WHERE frequency > 0
)
INSERT INTO customer_score AS s (
    customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment,
    lifetime_value, revenue_rank, region_revenue_rank, computed_at)
SELECT p.customer_id,
       CASE WHEN p.frequency > 0 THEN floor(extract(epoch FROM (:now - p.last_order_at)) / 86400)::int END,
       p.frequency, p.monetary, b.r, b.f, b.m,
       CASE
           WHEN p.frequency = 0 THEN 'none'
           WHEN b.r >= 4 AND b.f >= 4 AND b.m >= 4 THEN 'high_value'
           WHEN p.frequency = 1 AND b.r >= 4 THEN 'new'
           WHEN b.f >= 4 AND b.r >= 3 THEN 'loyal'
           WHEN b.r <= 2 AND (b.f >= 3 OR b.m >= 3) THEN 'at_risk'
           WHEN b.r <= 2 THEN 'dormant'
           ELSE 'potential'
       END,
       p.monetary, b.revenue_rank, b.region_revenue_rank, :now
FROM per_customer p
LEFT JOIN buyers b ON b.customer_id = p.customer_id
ON CONFLICT (customer_id) DO UPDATE SET
    recency_days = excluded.recency_days, frequency = excluded.frequency, monetary = excluded.monetary,
    r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score,
    segment = excluded.segment, lifetime_value = excluded.lifetime_value,
    revenue_rank = excluded.revenue_rank, region_revenue_rank = excluded.region_revenue_rank,
    computed_at = excluded.computed_at
"""
)


async def refresh_scores(session: AsyncSession, now: datetime) -> dict[str, int]:
    """Recompute every customer's scores as of `now`; a concurrent refresh elsewhere makes this one skip."""
    locked = (await session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": REFRESH_LOCK})).scalar()
    if not locked:
        return {"customers": 0, "skipped": 1}
    result = await session.execute(_REFRESH, {"now": now})
    await session.execute(
        text(
            "DELETE FROM customer_score s USING customer c WHERE c.id = s.customer_id AND c.merged_into_id IS NOT NULL"
        )
    )
    return {"customers": int(result.rowcount), "skipped": 0}  # type: ignore[attr-defined]
