"""All SQL of activities, tasks and notifications: the statements the GraphQL fields read, and the writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, func, literal, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, Notification, Task
from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows

# --- what the GraphQL fields read (one statement builder each, for the compiled and the resolver path) ----


def customer_activities(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's activities, newest first (shown wherever the customer is: no scope of their own)."""
    return Rows(
        select(Activity).where(Activity.customer_id == customer.id),
        [Activity.occurred_at.desc(), Activity.id.desc()],
    )


def customer_tasks(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's tasks, soonest due first; only open ones when `open_only`."""
    stmt = select(Task).where(Task.customer_id == customer.id)
    if arguments.get("open_only", True):
        stmt = stmt.where(Task.done_at.is_(None))
    return Rows(stmt, [Task.due_at, Task.id])


def opportunity_activities(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A deal's activities, newest first (shown wherever the deal is: no scope of their own)."""
    return Rows(
        select(Activity).where(Activity.opportunity_id == opportunity.id),
        [Activity.occurred_at.desc(), Activity.id.desc()],
    )


def opportunity_tasks(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A deal's tasks, soonest due first; only open ones when `open_only`."""
    stmt = select(Task).where(Task.opportunity_id == opportunity.id)
    if arguments.get("open_only", True):
        stmt = stmt.where(Task.done_at.is_(None))
    return Rows(stmt, [Task.due_at, Task.id])


def assigned_tasks(assignee_id: uuid.UUID, *, open_only: bool, due_before: datetime | None) -> Rows:
    """A user's tasks, soonest due first."""
    stmt = select(Task).where(Task.assignee_id == assignee_id)
    if open_only:
        stmt = stmt.where(Task.done_at.is_(None))
    if due_before is not None:
        stmt = stmt.where(Task.due_at < due_before)
    return Rows(stmt, [Task.due_at, Task.id])


def received_notifications(user_id: uuid.UUID, *, unread_only: bool) -> Rows:
    """A user's notifications, newest first."""
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return Rows(stmt, [Notification.created_at.desc(), Notification.id.desc()])


def unread_notifications(user_id: uuid.UUID) -> Rows:
    """How many unread notifications a user has (`Query.unreadNotificationCount`, one value)."""
    return Rows(select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None)))


def activity_timeline(customer_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The activities of these customers as timeline entries: (kind, id, at, customer_id, data)."""
    return select(
        literal("activity").label("kind"),
        Activity.id.label("id"),
        Activity.occurred_at.label("at"),
        Activity.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(Activity.__tablename__)).label("data"),
    ).where(Activity.customer_id.in_(list(customer_ids)))


class ActivityRepository:
    """Queries and writes for activities, tasks and notifications."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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

    async def notifications_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Notification]:
        """Notifications with these ids (missing ones skipped)."""
        stmt = select(Notification).where(Notification.id.in_(list(ids)))
        return list((await self.session.execute(stmt)).scalars())

    async def unread_count(self, user_id: uuid.UUID) -> int:
        """How many unread notifications a user has."""
        return int((await self.session.execute(unread_notifications(user_id).statement)).scalar_one())

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

    async def repoint_contact(self, kept_id: uuid.UUID, duplicate_id: uuid.UUID) -> int:
        """Activities with a duplicate contact name the contact kept in its place instead; how many."""
        result = await self.session.execute(
            update(Activity).where(Activity.contact_id == duplicate_id).values(contact_id=kept_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def activities_of(self, customer_id: uuid.UUID) -> list[Activity]:
        """A customer's activities, oldest first (for a data subject export)."""
        stmt = select(Activity).where(Activity.customer_id == customer_id).order_by(Activity.occurred_at)
        return list((await self.session.execute(stmt)).scalars())

    async def tasks_of(self, customer_id: uuid.UUID) -> list[Task]:
        """A customer's tasks (for a data subject export)."""
        return list((await self.session.execute(select(Task).where(Task.customer_id == customer_id))).scalars())

    async def erase_customer(self, customer_id: uuid.UUID) -> int:
        """Detach a customer's activities from the person (what was said is erased) and clear its tasks' notes;
        returns how many activities were detached."""
        detached = await self.session.execute(
            update(Activity)
            .where(Activity.customer_id == customer_id)
            .values(contact_id=None, subject="(erased)", body=None, outcome=None)
        )
        await self.session.execute(update(Task).where(Task.customer_id == customer_id).values(notes=None))
        return int(detached.rowcount)  # type: ignore[attr-defined]
