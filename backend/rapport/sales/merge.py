"""When two customers are merged, sales' rows of the merged one move to the survivor (the manifest's merge hook)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.sales.leads.repository import LeadRepository
from rapport.sales.pipeline.repository import PipelineRepository
from rapport.sales.pool.repository import PoolRepository


async def move_on_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
    """Re-parent opportunities (with their stage history), leads and pool movements; counts of deals and leads."""
    opportunities = await PipelineRepository(session).reparent(merged_id, survivor_id)
    leads = await LeadRepository(session).reparent(merged_id, survivor_id)
    await PoolRepository(session).reparent(merged_id, survivor_id)
    return {"opportunities": opportunities, "leads": leads}
