"""Bulk demo opportunities (with their stage history) for large demo and benchmark databases, made in PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_OPPORTUNITIES = text(
    """
CREATE TEMP TABLE bulk_opportunity ON COMMIT DROP AS
WITH cust AS MATERIALIZED (
    SELECT id, owner_id, team_id, name, row_number() OVER (ORDER BY id) - 1 AS rn
    FROM customer WHERE merged_into_id IS NULL AND owner_id IS NOT NULL
), total AS (SELECT count(*) AS n FROM cust),
gen AS MATERIALIZED (
    SELECT g, random() AS r_customer, random() AS r_outcome, random() AS r_amount,
           now() - (random() * interval '365 days') AS created
    FROM generate_series(1, :n) AS g
)
SELECT gen_random_uuid() AS id, cust.id AS customer_id, cust.owner_id, cust.team_id,
       left(cust.name, 180) || ' #' || gen.g AS name,
       round((2000 + power(gen.r_amount, 3) * 400000)::numeric, -2) AS amount,
       gen.created,
       CASE WHEN gen.r_outcome < 0.25 THEN 'won' WHEN gen.r_outcome < 0.35 THEN 'lost' ELSE 'open' END AS status,
       -- the furthest open stage reached: 1..4 (won deals pass them all)
       CASE WHEN gen.r_outcome < 0.25 THEN 4 ELSE 1 + floor(((gen.r_outcome - 0.25) / 0.75) * 4)::int END AS top
FROM gen JOIN cust ON cust.rn = floor(gen.r_customer * (SELECT n FROM total))
"""
)

_INSERT_OPPORTUNITIES = text(
    """
INSERT INTO opportunity (id, version, created_at, updated_at, name, customer_id, amount, stage_id, status, owner_id,
                         team_id, expected_close, lost_reason, closed_at)
SELECT b.id, 1, b.created, b.created, b.name, b.customer_id, b.amount,
       CASE b.status WHEN 'won' THEN (SELECT id FROM pipeline_stage WHERE is_won ORDER BY position LIMIT 1)
                     WHEN 'lost' THEN (SELECT id FROM pipeline_stage WHERE is_lost ORDER BY position LIMIT 1)
                     ELSE (SELECT id FROM pipeline_stage WHERE position = b.top) END,
       b.status, b.owner_id, b.team_id, (b.created + interval '60 days')::date,
       CASE WHEN b.status = 'lost' THEN 'price' END,
       CASE WHEN b.status <> 'open' THEN b.created + (b.top * interval '9 days') END
FROM bulk_opportunity b
"""
)

_INSERT_HISTORY = text(
    """
INSERT INTO stage_change (opportunity_id, customer_id, from_stage_id, to_stage_id, amount, actor_id, at)
SELECT b.id, b.customer_id, previous.id, stage.id, b.amount, b.owner_id, b.created + ((p - 1) * interval '9 days')
FROM bulk_opportunity b
CROSS JOIN LATERAL generate_series(1, b.top + CASE WHEN b.status = 'open' THEN 0 ELSE 1 END) AS p
JOIN LATERAL (
    SELECT id FROM pipeline_stage
    WHERE CASE WHEN p <= b.top THEN position = p
               WHEN b.status = 'won' THEN is_won ELSE is_lost END
    ORDER BY position LIMIT 1
) AS stage ON true
LEFT JOIN LATERAL (
    SELECT id FROM pipeline_stage WHERE p > 1 AND position = least(p - 1, b.top) ORDER BY position LIMIT 1
) AS previous ON true
"""
)


async def bulk_opportunities(session: AsyncSession, count: int, random_seed: int, batch: int = 50_000) -> int:
    """Add `count` opportunities on owned customers, with stage history; a quarter won, a tenth lost."""
    await session.execute(text("SELECT setseed(:s)"), {"s": ((random_seed + 1) % 997) / 997})
    done = 0
    while done < count:
        n = min(batch, count - done)
        await session.execute(_OPPORTUNITIES, {"n": n})
        await session.execute(_INSERT_OPPORTUNITIES)
        await session.execute(_INSERT_HISTORY)
        await session.execute(text("DROP TABLE bulk_opportunity"))
        done += n
    return done
