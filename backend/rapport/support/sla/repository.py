"""All SQL of SLA work: the policies that apply, their calendars, and tickets with a warning or breach due."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import BusinessCalendar, SlaPolicy, Ticket


class SlaRepository:
    """Queries and locks of SLA work."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_policies(self) -> list[SlaPolicy]:
        """Active SLA policies, in order."""
        stmt = select(SlaPolicy).where(SlaPolicy.active.is_(True)).order_by(SlaPolicy.position, SlaPolicy.id)
        return list((await self.session.execute(stmt)).scalars())

    async def policy(self, policy_id: uuid.UUID) -> SlaPolicy | None:
        """An SLA policy."""
        return await self.session.get(SlaPolicy, policy_id)

    async def calendar(self, calendar_id: uuid.UUID | None) -> BusinessCalendar | None:
        """A business calendar."""
        return None if calendar_id is None else await self.session.get(BusinessCalendar, calendar_id)

    async def claim_work(self, now: datetime, limit: int) -> list[Ticket]:
        """Open, running tickets with a warning or breach due and not yet recorded; locked, others' skipped."""
        running = and_(
            Ticket.status.in_(["new", "assigned", "in_progress", "reopened"]), Ticket.waiting_since.is_(None)
        )
        first = and_(
            Ticket.first_responded_at.is_(None),
            or_(
                and_(Ticket.first_response_warned_at.is_(None), Ticket.first_response_warn_at <= now),
                and_(Ticket.first_response_breached_at.is_(None), Ticket.first_response_due_at <= now),
            ),
        )
        resolution = or_(
            and_(Ticket.resolution_warned_at.is_(None), Ticket.resolution_warn_at <= now),
            and_(Ticket.resolution_breached_at.is_(None), Ticket.resolution_due_at <= now),
        )
        stmt = (
            select(Ticket)
            .where(running, or_(first, resolution))
            .order_by(Ticket.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.execute(stmt)).scalars())
