"""All SQL of opportunity lines: the statement `Opportunity.lines` reads, and replacing a deal's lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows
from rapport.sales.models import OpportunityLine

#: The most lines a deal has.
MAX_LINES = 50


def opportunity_lines(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Opportunity.lines`: the deal's lines in their order (seen wherever the deal is)."""
    statement = select(OpportunityLine).where(OpportunityLine.opportunity_id == opportunity.id)
    return Rows(statement, [OpportunityLine.position, OpportunityLine.id])


class LineRepository:
    """Reads and writes of opportunity lines."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lines_of(self, opportunity_id: uuid.UUID) -> list[OpportunityLine]:
        """A deal's lines in their order."""
        stmt = (
            select(OpportunityLine)
            .where(OpportunityLine.opportunity_id == opportunity_id)
            .order_by(OpportunityLine.position, OpportunityLine.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def replace(self, opportunity_id: uuid.UUID, lines: Sequence[OpportunityLine]) -> None:
        """Delete the deal's lines and add these."""
        await self.session.execute(delete(OpportunityLine).where(OpportunityLine.opportunity_id == opportunity_id))
        self.session.add_all(lines)
        await self.session.flush()
