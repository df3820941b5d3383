"""Mutations: log an activity, create and complete tasks, mark notifications read."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.activities import service
from rapport.activities.inputs import (
    ActivityLogInput,
    NotificationMarkReadInput,
    TaskCompleteInput,
    TaskCreateInput,
    TaskReopenInput,
    TaskUpdateInput,
)
from rapport.activities.types import Activity, Task
from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError


@strawberry.type(description="The result of `activityLog`.")
class ActivityLogPayload:
    """The logged activity."""

    activity: Activity | None = strawberry.field(description="The new activity.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of a task mutation.")
class TaskPayload:
    """The task as it is now."""

    task: Task | None = strawberry.field(description="The task.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `notificationMarkRead`.")
class NotificationMarkReadPayload:
    """How many were marked."""

    marked: int = strawberry.field(description="Notifications newly marked read.")
    unread_count: int = strawberry.field(description="Unread notifications left.")


def _optional_id(value: str | None, type_name: str) -> Any:
    return None if value is None else from_global_id(value, type_name)[1]


@strawberry.type
class ActivityMutation:
    """Root mutation fields of activities, tasks and notifications."""

    @strawberry.mutation(
        description="Record a call, meeting, visit, email or note on a customer.",
    )
    async def activity_log(self, info: Info, input: Annotated[ActivityLogInput, INPUT]) -> ActivityLogPayload:
        """Log an activity."""
        ctx = info.context

        async def log() -> Activity:
            draft = service.ActivityDraft(
                customer_id=from_global_id(input.customer_id, "Customer")[1],
                contact_id=_optional_id(input.contact_id, "Contact"),
                opportunity_id=_optional_id(input.opportunity_id, "Opportunity"),
                kind=input.kind.value,
                subject=input.subject,
                body=input.body,
                outcome=input.outcome,
                occurred_at=input.occurred_at,
            )
            async with ctx.write() as session:
                return Activity.from_row(await service.log_activity(session, ctx.viewer, draft))

        return await outcome(ActivityLogPayload, "activity", log)

    @strawberry.mutation(
        description="Create a task (for you unless you name an assignee).",
    )
    async def task_create(self, info: Info, input: Annotated[TaskCreateInput, INPUT]) -> TaskPayload:
        """Create a task."""
        ctx = info.context

        async def create() -> Task:
            draft = service.TaskDraft(
                title=input.title,
                due_at=input.due_at,
                customer_id=_optional_id(input.customer_id, "Customer"),
                assignee_id=_optional_id(input.assignee_id, "User"),
                notes=input.notes,
                remind_at=input.remind_at,
                opportunity_id=_optional_id(input.opportunity_id, "Opportunity"),
            )
            async with ctx.write() as session:
                return Task.from_row(await service.create_task(session, ctx.viewer, draft))

        return await outcome(TaskPayload, "task", create)

    @strawberry.mutation(description="Mark a task done.")
    async def task_complete(self, info: Info, input: Annotated[TaskCompleteInput, INPUT]) -> TaskPayload:
        """Complete a task."""
        ctx = info.context
        _, task_id = from_global_id(input.id, "Task")
        async with ctx.write() as session:
            task = await service.complete_task(session, ctx.viewer, task_id, input.version)
        return TaskPayload(task=Task.from_row(task), user_errors=[])

    @strawberry.mutation(
        description="Change a task's title, due time, reminder, notes or deal; a stale `version` is a CONFLICT."
    )
    async def task_update(self, info: Info, input: Annotated[TaskUpdateInput, INPUT]) -> TaskPayload:
        """Edit a task."""
        ctx = info.context
        _, task_id = from_global_id(input.id, "Task")
        changes = {
            key: getattr(input, key) for key in service.TASK_CHANGES if getattr(input, key) is not strawberry.UNSET
        }
        if "opportunity_id" in changes:
            changes["opportunity_id"] = _optional_id(changes["opportunity_id"], "Opportunity")

        async def update() -> Task:
            async with ctx.write() as session:
                return Task.from_row(await service.update_task(session, ctx.viewer, task_id, input.version, changes))

        return await outcome(TaskPayload, "task", update)

    @strawberry.mutation(description="Open a done task again.")
    async def task_reopen(self, info: Info, input: Annotated[TaskReopenInput, INPUT]) -> TaskPayload:
        """Reopen a task."""
        ctx = info.context
        _, task_id = from_global_id(input.id, "Task")
        async with ctx.write() as session:
            task = await service.reopen_task(session, ctx.viewer, task_id, input.version)
        return TaskPayload(task=Task.from_row(task), user_errors=[])

    @strawberry.mutation(description="Mark your notifications read (some, or all).")
    async def notification_mark_read(
        self, info: Info, input: Annotated[NotificationMarkReadInput, INPUT]
    ) -> NotificationMarkReadPayload:
        """Mark notifications read."""
        ctx = info.context
        ids = None if input.ids is None else [from_global_id(i, "Notification")[1] for i in input.ids]
        async with ctx.write() as session:
            marked, unread = await service.mark_notifications_read(session, ctx.viewer, ids)
        return NotificationMarkReadPayload(marked=marked, unread_count=unread)
