"""Rules for logging activities, tasks with reminders, and notifications."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, ActivityKind, Notification, Task
from rapport.activities.repository import ActivityRepository
from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.customers.repository import CustomerRepository
from rapport.customers.service import register_merge_hook


@dataclass
class ActivityDraft:
    """An activity to log."""

    customer_id: uuid.UUID
    kind: str
    subject: str
    contact_id: uuid.UUID | None = None
    body: str | None = None
    outcome: str | None = None
    occurred_at: datetime | None = None


async def _visible_customer(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer: Customer = await referenced(session, principal, "Customer", customer_id)
    return customer


async def log_activity(session: AsyncSession, principal: Principal, draft: ActivityDraft) -> Activity:
    """Record a follow-up; it updates the customer's last activity (and last follow-up when by the owner)."""
    if draft.kind not in {k.value for k in ActivityKind}:
        raise BadUserInputError("kind must be call, meeting, visit, email or note.", field="kind")
    subject = draft.subject.strip()
    if not subject:
        raise BadUserInputError("Say what the activity was about.", field="subject")
    now = clock.now()
    occurred = draft.occurred_at or now
    if occurred > now + timedelta(minutes=5):
        raise BadUserInputError("An activity cannot happen in the future; use a task for that.", field="occurredAt")
    customer = await _visible_customer(session, principal, draft.customer_id)
    if draft.contact_id is not None:
        contact = await referenced(session, principal, "Contact", draft.contact_id)
        if contact.customer_id != customer.id:
            raise BadUserInputError("That contact is not one of this customer's.", field="contactId")
    activity = Activity(
        id=uuid7(),
        customer_id=customer.id,
        contact_id=draft.contact_id,
        kind=draft.kind,
        subject=subject[:300],
        body=draft.body,
        outcome=(draft.outcome or "").strip()[:300] or None,
        occurred_at=occurred,
        actor_id=principal.user_id,
        created_at=now,
    )
    session.add(activity)
    locked = await CustomerRepository(session).get_for_update(customer.id)
    assert locked is not None
    if locked.last_activity_at is None or occurred > locked.last_activity_at:
        locked.last_activity_at = occurred
    if locked.owner_id == principal.user_id and (
        locked.last_follow_up_at is None or occurred > locked.last_follow_up_at
    ):
        locked.last_follow_up_at = occurred
        locked.pool_warned_at = None  # a follow-up starts the public-pool clock again
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Activity",
        entity_id=activity.id,
        action="create",
        changes={
            "customerId": [None, str(customer.id)],
            "kind": [None, activity.kind],
            "subject": [None, subject],
        },
    )
    return activity


@dataclass
class TaskDraft:
    """A task to create."""

    title: str
    due_at: datetime
    customer_id: uuid.UUID | None = None
    assignee_id: uuid.UUID | None = None
    notes: str | None = None
    remind_at: datetime | None = None


async def create_task(session: AsyncSession, principal: Principal, draft: TaskDraft) -> Task:
    """A task for the caller (or a given assignee), optionally about a customer and with a reminder."""
    title = draft.title.strip()
    if not title:
        raise BadUserInputError("Give the task a title.", field="title")
    if draft.remind_at is not None and draft.remind_at > draft.due_at:
        raise BadUserInputError("The reminder must come before the due time.", field="remindAt")
    if draft.customer_id is not None:
        await _visible_customer(session, principal, draft.customer_id)
    now = clock.now()
    task = Task(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        customer_id=draft.customer_id,
        assignee_id=draft.assignee_id or principal.user_id,
        created_by_id=principal.user_id,
        title=title[:300],
        notes=draft.notes,
        due_at=draft.due_at,
        remind_at=draft.remind_at,
    )
    session.add(task)
    await session.flush()
    if task.assignee_id != principal.user_id:
        notify(
            session,
            task.assignee_id,
            kind="task_assigned",
            title=f"New task: {task.title}",
            entity_type="Task",
            entity_id=task.id,
        )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Task",
        entity_id=task.id,
        action="create",
        changes={"title": [None, task.title], "dueAt": [None, task.due_at.isoformat()]},
    )
    return task


async def complete_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID, version: int) -> Task:
    """Mark a task done if `version` is current; only its assignee or creator may."""
    task = await ActivityRepository(session).task_for_update(task_id)
    if task is None or principal.user_id not in (task.assignee_id, task.created_by_id):
        raise NotFoundError("No task with that id.")
    if task.version != version:
        raise ConflictError("The task was changed by someone else; reload it.", currentVersion=task.version)
    if task.done_at is None:
        task.done_at = clock.now()
        task.updated_at = task.done_at
        await session.flush()
        audit.record(session, actor_id=principal.user_id, entity_type="Task", entity_id=task.id, action="complete")
    return task


def notify(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    kind: str,
    title: str,
    body: str | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
) -> Notification:
    """Add a notification for a user to the current unit of work."""
    note = Notification(
        id=uuid7(),
        user_id=user_id,
        kind=kind,
        title=title[:300],
        body=body,
        entity_type=entity_type,
        entity_id=entity_id,
        created_at=clock.now(),
    )
    session.add(note)
    return note


async def send_due_reminders(session: AsyncSession, now: datetime, batch: int = 500) -> int:
    """Turn due task reminders into notifications, once each (rows are locked; other workers skip them)."""
    repo = ActivityRepository(session)
    tasks = await repo.claim_due_reminders(now, batch)
    for task in tasks:
        notify(
            session,
            task.assignee_id,
            kind="task_reminder",
            title=f"Reminder: {task.title}",
            body=f"Due {task.due_at.isoformat()}",
            entity_type="Task",
            entity_id=task.id,
        )
    # Bookkeeping, not an edit: the task's version stays, so nobody editing it gets a conflict.
    await repo.mark_reminded([t.id for t in tasks], now)
    return len(tasks)


async def _move_on_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> Mapping[str, int]:
    return await ActivityRepository(session).move_to_customer(survivor_id, merged_id)


register_merge_hook(_move_on_merge)
