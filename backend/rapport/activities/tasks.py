"""Tasks after they are created: who may change them, editing, completing and reopening, and the deal they are for."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Task
from rapport.activities.repository import ActivityRepository
from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.principal import Principal

#: Fields `update_task` takes (column names).
TASK_CHANGES = ("title", "due_at", "remind_at", "notes", "opportunity_id")


async def related_opportunity(
    session: AsyncSession, principal: Principal, opportunity_id: uuid.UUID, customer_id: uuid.UUID | None
) -> Any:
    """The deal a task or activity names, which the caller may see and which is the customer's (when one is named).

    An id out of reach is NOT_FOUND (as every referenced id); a visible deal of another customer is an input error.
    """
    opportunity = await referenced(session, principal, "Opportunity", opportunity_id)
    if customer_id is not None and opportunity.customer_id != customer_id:
        raise BadUserInputError("That deal is not one of this customer's.", field="opportunityId")
    return opportunity


def clean_title(title: str) -> str:
    """A task's title, trimmed; BAD_USER_INPUT when empty."""
    clean = title.strip()
    if not clean:
        raise BadUserInputError("Give the task a title.", field="title")
    return clean[:300]


def check_reminder(remind_at: datetime | None, due_at: datetime) -> None:
    """A reminder comes before the due time."""
    if remind_at is not None and remind_at > due_at:
        raise BadUserInputError("The reminder must come before the due time.", field="remindAt")


async def own_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID, version: int) -> Task:
    """The task, locked, if the caller is its assignee or creator (else NOT_FOUND) and `version` is current."""
    task = await ActivityRepository(session).task_for_update(task_id)
    if task is None or principal.user_id not in (task.assignee_id, task.created_by_id):
        raise NotFoundError("No task with that id.")
    if task.version != version:
        raise ConflictError("The task was changed by someone else; reload it.", currentVersion=task.version)
    return task


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value) if isinstance(value, uuid.UUID) else value


async def update_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, version: int, changes: Mapping[str, Any]
) -> Task:
    """Change a task's title, due time, reminder, notes or deal; a new reminder time sends a reminder again."""
    task = await own_task(session, principal, task_id, version)
    new: dict[str, Any] = {}
    if "title" in changes:
        new["title"] = clean_title(changes["title"] or "")
    if "due_at" in changes:
        if changes["due_at"] is None:
            raise BadUserInputError("A task needs a due time.", field="dueAt")
        new["due_at"] = changes["due_at"]
    if "remind_at" in changes:
        new["remind_at"] = changes["remind_at"]
    if "notes" in changes:
        new["notes"] = (changes["notes"] or "").strip() or None
    if changes.get("opportunity_id") is not None:
        opportunity = await related_opportunity(session, principal, changes["opportunity_id"], task.customer_id)
        new["opportunity_id"] = opportunity.id
        new.setdefault("customer_id", opportunity.customer_id)
    elif "opportunity_id" in changes:
        new["opportunity_id"] = None
    check_reminder(new.get("remind_at", task.remind_at), new.get("due_at", task.due_at))
    changed = {key: [getattr(task, key), value] for key, value in new.items() if getattr(task, key) != value}
    if not changed:
        return task
    for key, (_, value) in changed.items():
        setattr(task, key, value)
    if "remind_at" in changed:
        task.reminded_at = None
    task.updated_at = clock.now()
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Task",
        entity_id=task.id,
        action="update",
        changes={key: [_shown(before), _shown(after)] for key, (before, after) in changed.items()},
    )
    return task


async def complete_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID, version: int) -> Task:
    """Mark a task done if `version` is current; only its assignee or creator may."""
    task = await own_task(session, principal, task_id, version)
    if task.done_at is None:
        task.done_at = clock.now()
        task.updated_at = task.done_at
        await session.flush()
        audit.record(session, actor_id=principal.user_id, entity_type="Task", entity_id=task.id, action="complete")
    return task


async def reopen_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID, version: int) -> Task:
    """Open a done task again (e.g. completed by mistake) if `version` is current; its assignee or creator."""
    task = await own_task(session, principal, task_id, version)
    if task.done_at is not None:
        task.done_at = None
        task.updated_at = clock.now()
        await session.flush()
        audit.record(session, actor_id=principal.user_id, entity_type="Task", entity_id=task.id, action="reopen")
    return task
