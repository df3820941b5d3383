"""All SQL of activities, tasks and notifications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, func, literal, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, Notification, Task
from rapport.core.sql import keyset_after, top_n_per_parent
from rapport.customers.timeline import register_timeline_source


def _activity_source(ids: Sequence[uuid.UUID]) -> Select[Any]:
    return select(
        literal("activity").label("kind"),
        Activity.id.label("id"),
        Activity.occurred_at.label("at"),
        Activity.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(Activity.__tablename__)).label("data"),
    ).where(Activity.customer_id.in_(list(ids)))


register_timeline_source("activity", _activity_source, row_type=None)


class ActivityRepository:
    """Queries and writes for activities, tasks and notifications."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def activities_page(
        self, customer_ids: Sequence[uuid.UUID], after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Activity]:
        """The newest `limit` activities of each customer after a keyset position."""
        stmt = select(Activity).where(Activity.customer_id.in_(list(customer_ids)))
        if after is not None:
            stmt = stmt.where(keyset_after([Activity.occurred_at, Activity.id], list(after), descending=True))
        ranked = top_n_per_parent(
            Activity, stmt, Activity.customer_id, [Activity.occurred_at.desc(), Activity.id.desc()], limit
        )
        return list((await self.session.execute(ranked)).scalars())

    async def activity_counts(self, customer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """How many activities each customer has."""
        stmt = (
            select(Activity.customer_id, func.count())
            .where(Activity.customer_id.in_(list(customer_ids)))
            .group_by(Activity.customer_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt)}

    async def activities_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Activity]:
        """Activities with these ids."""
        return list((await self.session.execute(select(Activity).where(Activity.id.in_(list(ids))))).scalars())

    async def tasks_by_customer_ids(self, ids: Sequence[uuid.UUID], *, open_only: bool) -> list[Task]:
        """Tasks of these customers, soonest due first."""
        stmt = select(Task).where(Task.customer_id.in_(list(ids)))
        if open_only:
            stmt = stmt.where(Task.done_at.is_(None))
        return list((await self.session.execute(stmt.order_by(Task.due_at, Task.id))).scalars())

    async def tasks_for_assignee(
        self,
        assignee_id: uuid.UUID,
        *,
        open_only: bool,
        due_before: datetime | None,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[Task]:
        """A user's tasks, soonest due first."""
        stmt = select(Task).where(Task.assignee_id == assignee_id)
        if open_only:
            stmt = stmt.where(Task.done_at.is_(None))
        if due_before is not None:
            stmt = stmt.where(Task.due_at < due_before)
        if after is not None:
            stmt = stmt.where(keyset_after([Task.due_at, Task.id], list(after), descending=False))
        return list((await self.session.execute(stmt.order_by(Task.due_at, Task.id).limit(limit))).scalars())

    async def task_for_update(self, task_id: uuid.UUID) -> Task | None:
        """A task, locked for this transaction."""
        stmt = select(Task).where(Task.id == task_id).with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def claim_due_reminders(self, now: datetime, limit: int) -> list[Task]:
        """Open tasks whose reminder is due and not yet sent, locked (others' locks skipped)."""
        stmt = (
            select(Task)
            .where(Task.remind_at <= now, Task.reminded_at.is_(None), Task.done_at.is_(None))
            .order_by(Task.remind_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def mark_reminded(self, task_ids: Sequence[uuid.UUID], now: datetime) -> None:
        """Record that reminders were sent (a plain UPDATE: the tasks' versions do not change)."""
        if task_ids:
            table: Table = Task.__table__  # type: ignore[assignment]  # Core UPDATE: the version must not move
            await self.session.execute(
                update(table)
                .where(table.c.id.in_(list(task_ids)))
                .values(reminded_at=now, updated_at=table.c.updated_at)
            )

    async def notifications_page(
        self, user_id: uuid.UUID, *, unread_only: bool, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Notification]:
        """A user's notifications, newest first."""
        stmt = select(Notification).where(Notification.user_id == user_id)
        if unread_only:
            stmt = stmt.where(Notification.read_at.is_(None))
        if after is not None:
            stmt = stmt.where(keyset_after([Notification.created_at, Notification.id], list(after), descending=True))
        stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def unread_count(self, user_id: uuid.UUID) -> int:
        """How many unread notifications a user has."""
        stmt = select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
        return int((await self.session.execute(stmt)).scalar_one())

    async def mark_read(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID] | None, now: datetime) -> int:
        """Mark a user's notifications read (all of them when `ids` is None)."""
        stmt = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
        if ids is not None:
            stmt = stmt.where(Notification.id.in_(list(ids)))
        result = await self.session.execute(stmt.values(read_at=now))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def move_to_customer(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
        """Re-parent a merged customer's activities and tasks."""
        moved = {}
        for name, model in (("activities", Activity), ("tasks", Task)):
            result = await self.session.execute(
                update(model).where(model.customer_id == merged_id).values(customer_id=survivor_id)
            )
            moved[name] = int(result.rowcount)  # type: ignore[attr-defined]
        return moved
