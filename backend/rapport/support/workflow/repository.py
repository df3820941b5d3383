"""SQL of the workflow: routing rules, the least-loaded agent of a queue, tickets due to close themselves."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.identity.service import members_below
from rapport.support.models import AgentProfile, RoutingRule, Ticket
from rapport.support.repository import is_open


class WorkflowRepository:
    """Queries and locks of the ticket workflow."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def routing_rules(self) -> list[RoutingRule]:
        """Active routing rules, in the order they are tried."""
        stmt = select(RoutingRule).where(RoutingRule.active.is_(True)).order_by(RoutingRule.position, RoutingRule.id)
        return list((await self.session.execute(stmt)).scalars())

    async def least_loaded_agent(self, queue_id: uuid.UUID, skill: str | None) -> uuid.UUID | None:
        """The available service agent of the queue's team (subtree) with the skill and the fewest open tickets."""
        agent = members_below(queue_id, "service_agent").subquery("agent")
        load = select(func.count()).where(Ticket.assignee_id == agent.c.id, is_open()).scalar_subquery()
        stmt = (
            select(agent.c.id)
            .outerjoin(AgentProfile, AgentProfile.user_id == agent.c.id)
            .where(
                or_(AgentProfile.user_id.is_(None), AgentProfile.available.is_(True)),
                or_(AgentProfile.user_id.is_(None), load < AgentProfile.max_open),
            )
            .order_by(load, agent.c.email)
            .limit(1)
        )
        if skill:
            stmt = stmt.where(AgentProfile.skills.contains([skill]))
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def claim_unrated_resolved(self, before: datetime, limit: int) -> list[Ticket]:
        """Resolved tickets unrated since before `before`; locked, others' skipped."""
        stmt = (
            select(Ticket)
            .where(Ticket.status == "resolved", Ticket.resolved_at <= before)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.execute(stmt)).scalars())
