"""Queues: the service teams tickets wait in, and who supervises them (teams are identity's, through its service)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.identity.service import first_team_of_kind, team_by_id
from rapport.support.repository import SupportRepository

#: Tickets go to the service desk's agents and supervisors.
SERVICE_ROLES = ("service_agent", "service_supervisor")


async def is_queue(session: AsyncSession, team_id: uuid.UUID | None) -> bool:
    """Whether a team is a queue (a service team)."""
    team = None if team_id is None else await team_by_id(session, team_id)
    return team is not None and team.kind == "service"


async def queue_supervisor(session: AsyncSession, queue_id: uuid.UUID | None) -> uuid.UUID | None:
    """The manager of a queue's team (who gets escalations)."""
    team = None if queue_id is None else await team_by_id(session, queue_id)
    return None if team is None else team.manager_id


async def default_queue(session: AsyncSession) -> uuid.UUID | None:
    """Where unmatched tickets wait: the `default_queue` setting, else the first service team."""
    setting = await SupportRepository(session).setting("default_queue")
    if setting and setting.get("team_id"):
        return uuid.UUID(str(setting["team_id"]))
    return await first_team_of_kind(session, "service")
