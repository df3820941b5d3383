"""Routing: rules map a ticket to a queue; the least-loaded available agent with the skill gets it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import Ticket
from rapport.support.queues import default_queue
from rapport.support.workflow.repository import WorkflowRepository


@dataclass(frozen=True)
class RoutingDecision:
    """Where a new ticket goes: a queue, and an agent when one is free (else it waits for the supervisor)."""

    queue_id: uuid.UUID | None
    agent_id: uuid.UUID | None
    rule_id: uuid.UUID | None


async def route(session: AsyncSession, ticket: Ticket, customer_grade: str | None) -> RoutingDecision:
    """The first matching rule decides the queue; within it the least-loaded available skilled agent."""
    repo = WorkflowRepository(session)
    for rule in await repo.routing_rules():
        if rule.category != ticket.category:
            continue
        if rule.channel is not None and rule.channel != ticket.channel:
            continue
        if rule.customer_grade is not None and rule.customer_grade != customer_grade:
            continue
        if rule.priority is not None:
            ticket.priority = rule.priority
        agent = await repo.least_loaded_agent(rule.queue_id, rule.skill)
        return RoutingDecision(rule.queue_id, agent, rule.id)
    # No rule matches: the default queue, unassigned, for its supervisor to take.
    return RoutingDecision(await default_queue(session), None, None)
