"""Queries of the signed-in user's tasks and notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from rapport.activities import repository
from rapport.activities.types import Notification, Task
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Rows
from rapport.graphql.kit import scalar_value, statement_page
from rapport.graphql.types import After, Connection, First, page_size_or_none


def my_tasks_rows(principal: Principal | None, arguments: Arguments) -> Rows | None:
    """`myTasks` (GraphQL argument names): the caller's tasks, soonest due first; None when not compiled."""
    size = page_size_or_none(arguments.get("first"))
    if principal is None or size is None:
        return None
    rows = repository.assigned_tasks(
        principal.user_id, open_only=arguments.get("openOnly", True), due_before=arguments.get("dueBefore")
    )
    return Rows(rows.statement, rows.order_by, size)


def unread_count_rows(principal: Principal | None, arguments: Arguments) -> Rows | None:
    """`unreadNotificationCount`: the caller's unread notifications, counted."""
    return None if principal is None else repository.unread_notifications(principal.user_id)


def notifications_rows(principal: Principal | None, arguments: Arguments) -> Rows | None:
    """`notifications` (GraphQL argument names): the caller's notifications, newest first; None when not compiled."""
    size = page_size_or_none(arguments.get("first"))
    if principal is None or size is None:
        return None
    rows = repository.received_notifications(principal.user_id, unread_only=arguments.get("unreadOnly", False))
    return Rows(rows.statement, rows.order_by, size)


@strawberry.type
class ActivityQuery:
    """Root query fields of tasks and notifications."""

    @strawberry.field(description="Your tasks, soonest due first.")
    async def my_tasks(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        open_only: Annotated[bool, strawberry.argument(description="Only tasks not done yet.")] = True,
        due_before: Annotated[datetime | None, strawberry.argument(description="Only tasks due before this.")] = None,
    ) -> Connection[Task]:
        """A page of the viewer's tasks."""
        rows = repository.assigned_tasks(info.context.viewer.user_id, open_only=open_only, due_before=due_before)
        return await statement_page(info, rows, first, after, Task.from_row)

    @strawberry.field(description="Your notifications, newest first.")
    async def notifications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        unread_only: Annotated[bool, strawberry.argument(description="Only unread ones.")] = False,
    ) -> Connection[Notification]:
        """A page of the viewer's notifications."""
        rows = repository.received_notifications(info.context.viewer.user_id, unread_only=unread_only)
        return await statement_page(info, rows, first, after, Notification.from_row)

    @strawberry.field(description="How many unread notifications you have.")
    async def unread_notification_count(self, info: Info) -> int:
        """Unread count."""
        return int(await scalar_value(info, repository.unread_notifications(info.context.viewer.user_id)))
