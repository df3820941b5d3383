"""Demo complaints that go with the customers' order lifecycles (`rapport.customers.demo_lifecycle`): customers
whose orders thin out complain more, and many of those complaints are still open when they stop; customers whose
warning passes had complaints that were resolved; a few loyal customers complain too (noise)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.text import search_tokens
from rapport.customers.churn_facts import revenue_spans
from rapport.customers.demo_lifecycle import pattern_of

SUBJECTS = [
    ("投诉：交货一再延误", "Complaint: deliveries keep being late"),
    ("投诉：产品质量问题", "Complaint: product quality problems"),
    ("投诉：发票多次出错", "Complaint: repeated invoice errors"),
]
_INSERT = text(
    """
    INSERT INTO ticket (
        id, version, created_at, updated_at, number, subject, customer_id, channel, category, priority,
        queue_id, status, escalation_level, reopen_count, search_tokens, resolved_at, closed_at, rating, rated_at
    )
    SELECT gen_random_uuid(), 1, u.created, u.created, 'T-' || to_char(u.created, 'YYYY') || '-'
               || lpad(nextval('ticket_number_seq')::text, 6, '0'),
           u.subject, u.customer_id, 'phone', 'complaint', u.priority,
           (SELECT id FROM team WHERE kind = 'service' ORDER BY path LIMIT 1),
           u.status, 0, 0, string_to_array(u.tokens, ' '), u.resolved, u.resolved, u.rating, u.resolved
    FROM unnest(CAST(:customers AS uuid[]), CAST(:created AS timestamptz[]), CAST(:subjects AS text[]),
                CAST(:tokens AS text[]), CAST(:priorities AS text[]), CAST(:statuses AS text[]),
                CAST(:resolved AS timestamptz[]), CAST(:ratings AS int[]))
         AS u(customer_id, created, subject, tokens, priority, status, resolved, rating)
    """
)


def _complaints(rng: random.Random, pattern: str, first: datetime, last: datetime, now: datetime) -> list[Any]:
    """(created, priority, resolved or None, rating or None) of one customer's complaints."""
    if pattern == "declining":
        times = [last - timedelta(days=rng.uniform(-20, 120)) for _ in range(rng.choice([1, 2, 2, 3]))]
        found = []
        for at in times:
            resolved = None if rng.random() < 0.7 else at + timedelta(days=rng.uniform(2, 20))
            found.append((at, rng.choice(["high", "urgent", "normal"]), resolved, rng.choice([1, 2])))
        return found
    if pattern == "recovering" and rng.random() < 0.6:
        at = first + (last - first) * rng.uniform(0.3, 0.9)
        return [(at, "normal", at + timedelta(days=rng.uniform(1, 10)), rng.choice([3, 4]))]
    if pattern in ("steady", "slow") and rng.random() < 0.08:
        at = first + (last - first) * rng.random()
        return [(at, "low", at + timedelta(days=rng.uniform(1, 5)), 5)]
    return []


async def seed_complaints(session: AsyncSession, locale: str, random_seed: int, now: datetime) -> int:
    """Plant the lifecycle complaints (in one statement); how many."""
    rng = random.Random(random_seed)  # noqa: S311 - demo data, not secrets
    zh = locale.startswith("zh")
    rows: dict[str, list[Any]] = {k: [] for k in ("customers", "created", "subjects", "tokens")}
    rows.update({k: [] for k in ("priorities", "statuses", "resolved", "ratings")})
    for customer_id, first, last in await revenue_spans(session):
        pattern = pattern_of(customer_id)
        for created, priority, resolved, rating in _complaints(rng, pattern or "", first, last, now):
            if created >= now:
                continue
            done = resolved is not None and resolved < now
            subject = rng.choice(SUBJECTS)[0 if zh else 1]
            rows["customers"].append(customer_id)
            rows["created"].append(created)
            rows["subjects"].append(subject)
            rows["tokens"].append(" ".join(search_tokens(subject)))
            rows["priorities"].append(priority)
            rows["statuses"].append("closed" if done else "in_progress")
            rows["resolved"].append(resolved if done else None)
            rows["ratings"].append(rating if done else None)
    if rows["customers"]:
        await session.execute(_INSERT, rows)
    return len(rows["customers"])
