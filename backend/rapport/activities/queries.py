"""Queries of the signed-in user's tasks and notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from rapport.activities.repository import ActivityRepository
from rapport.activities.types import Notification, Task
from rapport.graphql.context import Info
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    decode_time_cursor,
    page_size,
    time_cursor,
)


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
        size, position = page_size(first), decode_time_cursor(after)
        async with info.context.db.read() as session:
            rows = await ActivityRepository(session).tasks_for_assignee(
                info.context.viewer.user_id,
                open_only=open_only,
                due_before=due_before,
                limit=size + 1,
                after=position,
            )
        return build_connection(
            rows,
            size,
            to_node=Task.from_row,
            cursor_of=lambda t: time_cursor(t.due_at, t.id),
            has_previous=position is not None,
        )

    @strawberry.field(description="Your notifications, newest first.")
    async def notifications(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        unread_only: Annotated[bool, strawberry.argument(description="Only unread ones.")] = False,
    ) -> Connection[Notification]:
        """A page of the viewer's notifications."""
        size, position = page_size(first), decode_time_cursor(after)
        user_id, db = info.context.viewer.user_id, info.context.db
        async with db.read() as session:
            rows = await ActivityRepository(session).notifications_page(
                user_id, unread_only=unread_only, after=position, limit=size + 1
            )
        return build_connection(
            rows,
            size,
            to_node=Notification.from_row,
            cursor_of=lambda n: time_cursor(n.created_at, n.id),
            has_previous=position is not None,
        )

    @strawberry.field(description="How many unread notifications you have.")
    async def unread_notification_count(self, info: Info) -> int:
        """Unread count."""
        async with info.context.db.read() as session:
            return await ActivityRepository(session).unread_count(info.context.viewer.user_id)
