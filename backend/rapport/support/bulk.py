"""Bulk demo tickets for large demo and benchmark databases, generated inside PostgreSQL (no round trip per row)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.text import search_tokens

SUBJECTS = [
    ("打印机无法连接", "Printer will not connect", "hardware"),
    ("发票抬头错误", "Wrong name on the invoice", "billing"),
    ("无法登录系统", "Cannot sign in", "account"),
    ("网络经常掉线", "Network keeps dropping", "network"),
    ("退货申请", "Return request", "orders"),
    ("物流迟迟未到", "Delivery is late", "orders"),
    ("产品使用咨询", "How do I use the product", "general"),
    ("账户余额不符", "Account balance looks wrong", "billing"),
]

_INSERT = text(
    """
WITH cust AS MATERIALIZED (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM customer WHERE merged_into_id IS NULL
), total AS (SELECT count(*) AS n FROM cust),
agents AS (
    SELECT array_agg(u.id ORDER BY u.email) AS ids
    FROM app_user u JOIN user_role r ON r.user_id = u.id
    WHERE r.role_name = 'service_agent' AND u.active
),
queue AS (SELECT id FROM team WHERE kind = 'service' ORDER BY path LIMIT 1),
subject AS (
    SELECT s.subject, s.category, s.tokens, s.i - 1 AS i
    FROM unnest(CAST(:subjects AS text[]), CAST(:categories AS text[]), CAST(:tokens AS text[]))
        WITH ORDINALITY AS s(subject, category, tokens, i)
),
gen AS MATERIALIZED (
    SELECT g, random() AS r_customer, random() AS r_status, random() AS r_subject, random() AS r_rating,
           random() AS r_channel, random() AS r_agent,
           now() - (random() * interval '540 days') AS created
    FROM generate_series(1, :n) AS g
),
picked AS (
    SELECT gen.*, cust.id AS customer_id,
           (SELECT c.id FROM contact c WHERE c.customer_id = cust.id ORDER BY c.id LIMIT 1) AS contact_id,
           CASE WHEN r_status < 0.80 THEN 'closed' WHEN r_status < 0.88 THEN 'resolved'
                WHEN r_status < 0.93 THEN 'in_progress' WHEN r_status < 0.97 THEN 'assigned' ELSE 'new' END AS status,
           nextval('ticket_number_seq') AS seq
    FROM gen JOIN cust ON cust.rn = floor(gen.r_customer * (SELECT n FROM total))
)
INSERT INTO ticket (
    id, version, created_at, updated_at, number, subject, description, customer_id, contact_id, channel, category,
    priority, queue_id, assignee_id, status, escalation_level, reopen_count, search_tokens,
    first_responded_at, resolved_at, closed_at, rating, rated_at, rated_agent_id
)
SELECT
    gen_random_uuid(), 1, p.created, p.created,
    'T-' || to_char(p.created, 'YYYY') || '-'
        || CASE WHEN p.seq < 1000000 THEN lpad(p.seq::text, 6, '0') ELSE p.seq::text END,
    s.subject, NULL, p.customer_id, p.contact_id,
    (ARRAY['phone', 'email', 'web', 'wechat'])[1 + floor(p.r_channel * 4)::int],
    s.category,
    (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + floor(p.r_rating * 5)::int],
    (SELECT id FROM queue),
    CASE WHEN p.status = 'new' THEN NULL
         ELSE (SELECT ids[1 + floor(p.r_agent * array_length(ids, 1))::int] FROM agents) END,
    p.status, 0, 0, string_to_array(s.tokens, ' '),
    CASE WHEN p.status <> 'new' THEN p.created + interval '40 minutes' END,
    CASE WHEN p.status IN ('resolved', 'closed') THEN p.created + interval '26 hours' END,
    CASE WHEN p.status = 'closed' THEN p.created + interval '8 days' END,
    CASE WHEN p.status = 'closed' AND p.r_rating < 0.6 THEN 1 + floor(p.r_rating / 0.6 * 5)::int END,
    CASE WHEN p.status = 'closed' AND p.r_rating < 0.6 THEN p.created + interval '3 days' END,
    CASE WHEN p.status = 'closed' AND p.r_rating < 0.6
         THEN (SELECT ids[1 + floor(p.r_agent * array_length(ids, 1))::int] FROM agents) END
FROM picked p JOIN subject s ON s.i = floor(p.r_subject * (SELECT count(*) FROM subject))
"""
)


async def bulk_tickets(session: AsyncSession, count: int, locale: str, random_seed: int, batch: int = 100_000) -> int:
    """Add `count` tickets spread over every customer and the last 18 months (deterministic for a seed)."""
    zh = locale.startswith("zh")
    subjects = [zh_subject if zh else en_subject for zh_subject, en_subject, _ in SUBJECTS]
    params = {
        "subjects": subjects,
        "categories": [category for _, _, category in SUBJECTS],
        "tokens": [" ".join(search_tokens(subject)) for subject in subjects],
    }
    await session.execute(text("SELECT setseed(:s)"), {"s": (random_seed % 997) / 997})
    done = 0
    while done < count:
        n = min(batch, count - done)
        await session.execute(_INSERT, {**params, "n": n})
        done += n
    return done
