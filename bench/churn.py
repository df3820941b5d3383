"""`python -m bench churn`: churn training and scoring over 100,000 customers (issue 19: training < 2 min, scoring
every customer < 30 s, on 2 cores).

The database (`rapport_bench_churn`) is migrated to head and filled inside PostgreSQL: 100,000 customers, each with
orders every 20-170 days over three years, a fifth of them stopping at some point (their gaps growing first for
half of those), tickets for some, activities for most. It is kept between runs while it holds those customers.
Then: one training (`train`: the feature query as of two dates, two logistic regressions, the baseline, the refit)
and two scoring passes (`score_all`: the first writes every score, the second rewrites them beside the previous
ones), timed wall-clock, with the promoted run's measures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from typing import Any

from bench.harness import code_version, save
from bench.segments import _rapport, _server

NAME = "rapport_bench_churn"
CUSTOMERS = 100_000
TRAIN_TARGET_S, SCORE_TARGET_S = 120, 30

_FILL = [
    f"""
    INSERT INTO customer (id, version, created_at, updated_at, kind, name, status, pool_status, search_tokens,
                          trade_name, trade_grams, name_provinces, name_industries, trade_latin)
    SELECT gen_random_uuid(), 1, now() - interval '3 years', now(), 'company', 'Bench ' || g, 'active', 'private',
           '{{}}', '', '{{}}', '{{}}', '{{}}', false
    FROM generate_series(1, {CUSTOMERS}) AS g
    """,
    """
    CREATE TEMP TABLE life AS
    SELECT id, 20 + random() * 150 AS period,
           CASE WHEN random() < 0.2 THEN now() - random() * interval '900 days' END AS stop,
           random() < 0.5 AS declines
    FROM customer
    """,
    """
    INSERT INTO sales_order (id, version, created_at, updated_at, number, customer_id, channel, status, ordered_at,
                             total_amount, currency)
    SELECT gen_random_uuid(), 1, o.at, o.at, 'B-' || nextval('bench_order_seq'), l.id, 'online', 'completed', o.at,
           round((50 + random() * 2000)::numeric, 2), 'CNY'
    FROM life l
    CROSS JOIN LATERAL (
        SELECT now() - interval '3 years' + (k * l.period + random() * l.period * 0.3) * interval '1 day'
               * CASE WHEN l.declines AND l.stop IS NOT NULL THEN 1 + greatest(0, k - 6) * 0.15 ELSE 1 END AS at
        FROM generate_series(0, (1095 / l.period)::int) AS k
    ) o
    WHERE o.at < now() AND (l.stop IS NULL OR o.at < l.stop)
    """,
    """
    INSERT INTO ticket (id, version, created_at, updated_at, number, subject, customer_id, channel, category,
                        priority, status, escalation_level, reopen_count, search_tokens)
    SELECT gen_random_uuid(), 1, t.at, t.at, 'BT-' || nextval('bench_order_seq'), 'Bench', l.id, 'phone',
           'complaint', 'high', 'in_progress', 0, 0, '{}'
    FROM life l CROSS JOIN LATERAL (SELECT coalesce(l.stop, now()) - random() * interval '100 days' AS at) t
    WHERE random() < CASE WHEN l.stop IS NOT NULL THEN 0.6 ELSE 0.1 END
    """,
    """
    INSERT INTO activity (id, customer_id, kind, subject, occurred_at, created_at)
    SELECT gen_random_uuid(), l.id, 'call', 'Bench', a.at, a.at
    FROM life l CROSS JOIN LATERAL (SELECT now() - random() * interval '400 days' AS at) a
    WHERE random() < 0.8
    """,
]


async def _customers(url: str) -> int | None:
    import asyncpg

    try:
        conn = await asyncpg.connect(url)
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        return int(await conn.fetchval("SELECT count(*) FROM customer"))
    finally:
        await conn.close()


async def _fill(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE SEQUENCE IF NOT EXISTS bench_order_seq")
        for statement in _FILL:
            await conn.execute(statement)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def database() -> str:
    """The benchmark's database, filled once and reused."""
    url = f"{_server()}/{NAME}"
    found = asyncio.run(_customers(url))
    if found is None or found < CUSTOMERS:
        asyncio.run(_recreate_named())
        _rapport("migrate", url=url)
        started = time.perf_counter()
        asyncio.run(_fill(url))
        print(f"filled {NAME} in {time.perf_counter() - started:.0f} s", flush=True)
    return url


async def _recreate_named() -> None:
    import asyncpg

    conn = await asyncpg.connect(f"{_server()}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        await conn.execute(f'CREATE DATABASE "{NAME}"')
    finally:
        await conn.close()


async def measure(url: str) -> dict[str, Any]:
    """Train once, score twice; seconds of each and the run's measures."""
    from rapport.analytics.churn.score import score_all
    from rapport.analytics.churn.train import train
    from rapport.assembly import install
    from rapport.core import clock
    from rapport.core.db import Database, create_engine

    install()
    db = Database(create_engine(url, pool_size=2))
    try:
        started = time.perf_counter()
        async with db.write() as session:
            run = await train(session, clock.now())
        trained = time.perf_counter() - started
        passes = []
        for _ in range(2):
            started = time.perf_counter()
            async with db.write() as session:
                scored = await score_all(session, clock.now())
            passes.append({"seconds": round(time.perf_counter() - started, 2), **scored})
        return {
            "train_seconds": round(trained, 2),
            "train_rows": run.train_rows,
            "test_rows": run.test_rows,
            "auc": run.auc,
            "baseline_auc": run.baseline_auc,
            "promoted": run.promoted,
            "score_passes": passes,
        }
    finally:
        await db.engine.dispose()


def run() -> None:
    """Fill (or reuse) the database, measure, write bench/results/<date>-churn.json."""
    url = database()
    results = asyncio.run(measure(url))
    data = {
        "scenario": "churn",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "customers": CUSTOMERS,
        "targets": {"train_seconds": TRAIN_TARGET_S, "score_seconds": SCORE_TARGET_S},
        "cpus": os.cpu_count(),
        **code_version(),
        **results,
    }
    print(data, flush=True)
    print(f"wrote {save('churn', data)}", flush=True)
