"""Rules for logging activities, tasks with reminders, and notifications."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, ActivityKind, Task
from rapport.activities.models import Notification as NotificationRow
from rapport.activities.repository import ActivityRepository, opportunity_activities, opportunity_tasks
from rapport.activities.tasks import (
    TASK_CHANGES,
    check_reminder,
    clean_title,
    complete_task,
    related_opportunity,
    reopen_task,
    update_task,
)
from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import Message, msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.service import record_activity

__all__ = [
    "TASK_CHANGES",
    "ActivityDraft",
    "NotificationRow",
    "TaskDraft",
    "complete_task",
    "create_task",
    "log_activity",
    "mark_notifications_read",
    "move_on_merge",
    "notifications_by_ids",
    "notify",
    "opportunity_activities",
    "opportunity_tasks",
    "reopen_task",
    "send_due_reminders",
    "unread_count",
    "update_task",
]


@dataclass
class ActivityDraft:
    """An activity to log."""

    customer_id: uuid.UUID
    kind: str
    subject: str
    contact_id: uuid.UUID | None = None
    opportunity_id: uuid.UUID | None = None
    body: str | None = None
    outcome: str | None = None
    occurred_at: datetime | None = None


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
    customer = await referenced(session, principal, "Customer", draft.customer_id)
    if draft.contact_id is not None:
        contact = await referenced(session, principal, "Contact", draft.contact_id)
        if contact.customer_id != customer.id:
            raise BadUserInputError("That contact is not one of this customer's.", field="contactId")
    if draft.opportunity_id is not None:
        await related_opportunity(session, principal, draft.opportunity_id, customer.id)
    activity = Activity(
        id=uuid7(),
        customer_id=customer.id,
        contact_id=draft.contact_id,
        opportunity_id=draft.opportunity_id,
        kind=draft.kind,
        subject=subject[:300],
        body=draft.body,
        outcome=(draft.outcome or "").strip()[:300] or None,
        occurred_at=occurred,
        actor_id=principal.user_id,
        created_at=now,
    )
    session.add(activity)
    await record_activity(session, principal, customer.id, occurred)
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
    opportunity_id: uuid.UUID | None = None


async def create_task(session: AsyncSession, principal: Principal, draft: TaskDraft) -> Task:
    """A task for the caller (or a given assignee), optionally about a customer or one of its deals, with a reminder."""
    title = clean_title(draft.title)
    check_reminder(draft.remind_at, draft.due_at)
    customer_id = draft.customer_id
    if customer_id is not None:
        await referenced(session, principal, "Customer", customer_id)
    if draft.opportunity_id is not None:
        customer_id = (await related_opportunity(session, principal, draft.opportunity_id, customer_id)).customer_id
    now = clock.now()
    task = Task(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        customer_id=customer_id,
        opportunity_id=draft.opportunity_id,
        assignee_id=draft.assignee_id or principal.user_id,
        created_by_id=principal.user_id,
        title=title,
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
            title=msg("New task: {title}", title=task.title),
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


def notify(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    kind: str,
    title: str | Message,
    body: str | Message | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
) -> NotificationRow:
    """Add a notification for a user to the current unit of work.

    `title` and `body` are messages (`rapport.core.i18n`: a literal template or `msg(...)`; what a person typed,
    `typed(text)`): stored as such and rendered in the reader's language when read.
    """
    heading = title if isinstance(title, Message) else Message(title)
    details = body if isinstance(body, Message) or body is None else Message(body)
    note = NotificationRow(
        id=uuid7(),
        user_id=user_id,
        kind=kind,
        title=str(heading)[:300],
        body=None if details is None else str(details),
        message={"title": heading.to_json(), "body": None if details is None else details.to_json()},
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
            title=msg("Reminder: {title}", title=task.title),
            body=msg("Due {due}", due=task.due_at),
            entity_type="Task",
            entity_id=task.id,
        )
    # Bookkeeping, not an edit: the task's version stays, so nobody editing it gets a conflict.
    await repo.mark_reminded([t.id for t in tasks], now)
    return len(tasks)


async def mark_notifications_read(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID] | None
) -> tuple[int, int]:
    """Mark the caller's notifications read (all when `ids` is None): how many were marked, how many are left."""
    repo = ActivityRepository(session)
    marked = await repo.mark_read(principal.user_id, ids, clock.now())
    return marked, await repo.unread_count(principal.user_id)


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    """How many unread notifications the caller has."""
    return await ActivityRepository(session).unread_count(principal.user_id)


async def notifications_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[NotificationRow]:
    """Notifications with these ids (for live delivery; missing ones skipped)."""
    return await ActivityRepository(session).notifications_by_ids(ids)


async def move_on_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> Mapping[str, int]:
    """Merge hook: re-parent the merged customer's activities and tasks to the survivor."""
    return await ActivityRepository(session).move_to_customer(survivor_id, merged_id)


async def repoint_contact_on_merge(
    session: AsyncSession, kept_id: uuid.UUID, duplicate_id: uuid.UUID
) -> Mapping[str, int]:
    """Contact merge hook: activities with the duplicate contact name the contact kept instead."""
    return {"activities": await ActivityRepository(session).repoint_contact(kept_id, duplicate_id)}
