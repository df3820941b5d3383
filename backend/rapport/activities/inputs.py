"""GraphQL inputs of activities, tasks and notifications."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.activities.types import ActivityKind  # decorated as a GraphQL enum there


@strawberry.input(description="A follow-up to record on a customer's timeline.")
class ActivityLogInput:
    """What happened, with whom and when."""

    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    kind: ActivityKind = strawberry.field(description="Call, meeting, visit, email or note.")
    subject: str = strawberry.field(description="What it was about.")
    contact_id: strawberry.ID | None = strawberry.field(default=None, description="The contact, if any.")
    opportunity_id: strawberry.ID | None = strawberry.field(
        default=None, description="The deal it was about, if any (one of the customer's)."
    )
    body: str | None = strawberry.field(default=None, description="Notes.")
    outcome: str | None = strawberry.field(default=None, description="The result.")
    occurred_at: datetime | None = strawberry.field(default=None, description="When; default now.")


@strawberry.input(description="A task to create.")
class TaskCreateInput:
    """What to do, by when, for whom."""

    title: str = strawberry.field(description="What to do.")
    due_at: datetime = strawberry.field(description="When it is due.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="The customer it is about.")
    opportunity_id: strawberry.ID | None = strawberry.field(
        default=None, description="The deal it is for (its customer's, when no customer is given)."
    )
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Who does it; default you.")
    notes: str | None = strawberry.field(default=None, description="Details.")
    remind_at: datetime | None = strawberry.field(default=None, description="When to send a reminder.")


@strawberry.input(description="A task and the version you read.")
class TaskCompleteInput:
    """Which task, at which version."""

    id: strawberry.ID = strawberry.field(description="The task.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="Changes to a task; fields left out stay as they are.")
class TaskUpdateInput:
    """Which task, at which version, and what changes."""

    id: strawberry.ID = strawberry.field(description="The task.")
    version: int = strawberry.field(description="The version you read; a newer one is a CONFLICT.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="What to do.")
    due_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="When it is due.")
    remind_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="When to send a reminder (null: none); a new time reminds again."
    )
    notes: str | None = strawberry.field(default=strawberry.UNSET, description="Details (null clears them).")
    opportunity_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The deal it is for, one of its customer's (null: none)."
    )


@strawberry.input(description="A done task to open again, and the version you read.")
class TaskReopenInput:
    """Which task, at which version."""

    id: strawberry.ID = strawberry.field(description="The task.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="Notifications to mark read.")
class NotificationMarkReadInput:
    """Some notifications, or all."""

    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="These notifications; null: all.")
