"""Demo activities written in bulk (for planted deal histories): no checks, no audit, only rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity
from rapport.core.ids import uuid7


@dataclass(frozen=True)
class DemoActivity:
    """A demo follow-up on a customer's deal."""

    customer_id: uuid.UUID
    opportunity_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    kind: str
    subject: str
    occurred_at: datetime


async def add_demo_activities(session: AsyncSession, activities: Sequence[DemoActivity], batch: int = 2000) -> int:
    """Insert demo activities as they are (the demo seed's planted histories)."""
    rows = [
        {
            "id": uuid7(),
            "customer_id": a.customer_id,
            "opportunity_id": a.opportunity_id,
            "actor_id": a.actor_id,
            "kind": a.kind,
            "subject": a.subject,
            "occurred_at": a.occurred_at,
            "created_at": a.occurred_at,
        }
        for a in activities
    ]
    for start in range(0, len(rows), batch):
        await session.execute(insert(Activity), rows[start : start + batch])
    return len(rows)
