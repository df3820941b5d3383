"""Condition nodes: whether a customer ordered, carries a tag, viewed a page, or engaged with a message."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.customers import service as customers
from rapport.marketing.journeys.graph import Node
from rapport.marketing.journeys.models import PageView
from rapport.marketing.tracking.service import engaged


def url_pattern(pattern: str) -> str:
    """An ILIKE pattern for "the URL contains `pattern`" (its wildcards taken literally)."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def viewed_page(
    session: AsyncSession, customer_id: uuid.UUID, pattern: str, start: datetime, end: datetime
) -> bool:
    """Whether the customer viewed a page whose URL contains `pattern` between two times."""
    statement = select(PageView.id).where(
        PageView.customer_id == customer_id,
        PageView.url.ilike(url_pattern(pattern), escape="\\"),
        PageView.at >= start,
        PageView.at <= end,
    )
    return (await session.scalar(statement.limit(1))) is not None


async def holds(
    session: AsyncSession,
    node: Node,
    *,
    customer_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    entered_at: datetime,
    stepped_at: datetime,
    now: datetime,
) -> bool:
    """Whether a condition node's test holds for the customer now (its window counted from entering the journey
    or from the previous step, `since`, and at most `hours` long, never past now)."""
    config = node.config
    kind = config["kind"]
    if kind == "has_tag":
        return await customers.customer_has_tag(session, customer_id, str(config["tag"]))
    start = entered_at if config.get("since", "entered") == "entered" else stepped_at
    if kind == "engaged":
        event = "opened" if str(config["event"]) == "opened" else "clicked"
        return contact_id is not None and await engaged(session, contact_id, event, start)
    end = min(now, start + timedelta(hours=int(config["hours"])))
    if kind == "ordered_within":
        latest = await customers.latest_order_at(session, customer_id, before=end)
        return latest is not None and latest >= start
    return await viewed_page(session, customer_id, str(config["pattern"]), start, end)
