"""A data subject's activities and tasks: their parts of an export and of an erasure (listed in the manifest)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.repository import ActivityRepository
from rapport.core.principal import Principal


def _columns(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


async def export_activities(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The customer's activities, oldest first, every column (they are shown wherever the customer is)."""
    return [_columns(activity) for activity in await ActivityRepository(session).activities_of(customer_id)]


async def export_tasks(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """The customer's tasks, every column."""
    return [_columns(task) for task in await ActivityRepository(session).tasks_of(customer_id)]


async def erase_activities(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Detach the customer's activities from the person and clear its tasks' notes; the activities detached."""
    return await ActivityRepository(session).erase_customer(customer_id)


async def erase_tasks(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Nothing more: the tasks' notes were cleared with the activities (`erase_activities`)."""
    return 0
