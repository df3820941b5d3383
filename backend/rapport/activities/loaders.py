"""Batch loads of activities and tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, Task
from rapport.activities.repository import ActivityRepository
from rapport.core.principal import Principal


async def activities_page_by_customer_id(
    session: AsyncSession,
    principal: Principal | None,
    ids: Sequence[Any],
    after: tuple[Any, ...] | None,
    limit: int,
) -> Sequence[Activity]:
    """A page of each customer's activities, newest first."""
    position = None if after is None else (after[0], after[1])
    return await ActivityRepository(session).activities_page(ids, position, limit)


async def activity_count_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[int]:
    """How many activities each customer has."""
    found = await ActivityRepository(session).activity_counts(ids)
    return [found.get(i, 0) for i in ids]


async def open_tasks_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[Task]]:
    """Open tasks of each customer, soonest due first."""
    grouped: dict[uuid.UUID, list[Task]] = {i: [] for i in ids}
    for task in await ActivityRepository(session).tasks_by_customer_ids(ids, open_only=True):
        assert task.customer_id is not None
        grouped[task.customer_id].append(task)
    return [grouped[i] for i in ids]


async def tasks_by_customer_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[Task]]:
    """All tasks of each customer, soonest due first."""
    grouped: dict[uuid.UUID, list[Task]] = {i: [] for i in ids}
    for task in await ActivityRepository(session).tasks_by_customer_ids(ids, open_only=False):
        assert task.customer_id is not None
        grouped[task.customer_id].append(task)
    return [grouped[i] for i in ids]
