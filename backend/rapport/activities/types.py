"""GraphQL types of activities, tasks and notifications, each field declared once (`rapport.graphql.declare`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import Text, and_, case, cast, func, literal

from rapport.activities import models, repository
from rapport.activities.models import ActivityKind as ActivityKind  # re-exported, decorated below
from rapport.core.i18n import render_stored
from rapport.customers.service import contact_of, customer_of
from rapport.customers.types import Contact, Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, expression, relation, rendered
from rapport.graphql.node import Node, to_global_id
from rapport.graphql.types import After, Connection, First
from rapport.identity.types import User, user_of

strawberry.enum(ActivityKind, description="Call, meeting, visit, email or note.")


@strawberry.type(description="A follow-up with a customer: who did what, when, with which outcome.")
class Activity(Node, FromRow):
    """An activity."""

    kind: ActivityKind = strawberry.field(description="Call, meeting, visit, email or note.")
    subject: str = strawberry.field(description="What it was about.")
    body: str | None = strawberry.field(description="Notes.")
    outcome: str | None = strawberry.field(description="The result, e.g. 'asked for a quote'.")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    created_at: datetime = strawberry.field(description="When it was logged.")
    _row: strawberry.Private[models.Activity]

    @relation(Relation("User", "one", user_of("actor_id")), description="Who did it.")
    async def actor(self, info: Info) -> User | None:
        """The user who logged the activity."""

    @relation(Relation("Contact", "one", contact_of("contact_id")), description="The contact it was with, if any.")
    async def contact(self, info: Info) -> Contact | None:
        """The contact."""

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""


@strawberry.type(description="A follow-up to do, with a due time and an optional reminder.")
class Task(Node, FromRow):
    """A task."""

    version: int = strawberry.field(description="Pass back when changing the task.")
    title: str = strawberry.field(description="What to do.")
    notes: str | None = strawberry.field(description="Details.")
    due_at: datetime = strawberry.field(description="When it is due.")
    remind_at: datetime | None = strawberry.field(description="When to remind the assignee.")
    done_at: datetime | None = strawberry.field(description="When it was done; null while open.")
    created_at: datetime = strawberry.field(description="When it was created.")
    done: bool = expression(
        lambda task: task.done_at.is_not(None), lambda row: row.done_at is not None, description="True once done."
    )
    _row: strawberry.Private[models.Task]

    @relation(Relation("User", "one", user_of("assignee_id")), description="Who should do it.")
    async def assignee(self, info: Info) -> User | None:
        """The assignee."""

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer it is about, if any.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""


def _entity_sql(notification: Any) -> Any:
    """The global id of what a notification is about, in SQL (as `to_global_id` spells it)."""
    text = notification.entity_type + literal(":") + cast(notification.entity_id, Text)
    raw = func.encode(func.convert_to(text, "UTF8"), "base64")
    global_id = func.translate(func.rtrim(func.replace(raw, "\n", ""), "="), "+/", "-_")
    known = and_(notification.entity_type != "", notification.entity_id.is_not(None))
    return case((known, global_id), else_=None)


def _entity_value(row: models.Notification) -> strawberry.ID | None:
    """The global id of what a notification is about, from a loaded row."""
    return to_global_id(row.entity_type, row.entity_id) if row.entity_type and row.entity_id else None


def _title(locale: str, message: dict[str, Any] | None, title: str) -> str:
    return render_stored(message and message["title"], locale, title) or ""


def _body(locale: str, message: dict[str, Any] | None, body: str | None) -> str | None:
    return body if message is None else render_stored(message["body"], locale, None)


@strawberry.type(description="Something the signed-in user should know.")
class Notification(Node, FromRow):
    """A notification."""

    kind: str = strawberry.field(description="task_reminder, task_assigned, sla_warning, escalation...")
    _row: strawberry.Private[models.Notification]

    @rendered(("message", "title"), _title, description="Short text.")
    def title(self, info: Info) -> str:
        """The title in the reader's language (English text on rows from before messages were stored)."""

    @rendered(("message", "body"), _body, description="Details.")
    def body(self, info: Info) -> str | None:
        """The body in the reader's language."""

    entity_id: strawberry.ID | None = expression(
        _entity_sql, _entity_value, description="Global id of what it is about, if anything."
    )
    read_at: datetime | None = strawberry.field(description="When it was marked read.")
    created_at: datetime = strawberry.field(description="When it was sent.")
    read: bool = expression(
        lambda note: note.read_at.is_not(None), lambda row: row.read_at is not None, description="True once read."
    )


# --- fields activities adds to the customer (listed as contributions in the manifest) -------------------


@relation(
    Relation("Activity", "connection", repository.customer_activities, compiled=frozenset({"first", "after"})),
    description="Activities, newest first.",
)
async def customer_activities(
    root: Customer, info: Info, first: First = None, after: After = None
) -> Connection[Activity]:
    """A page of the customer's activities."""


@relation(
    Relation("Task", "list", repository.customer_tasks, compiled=frozenset({"open_only"})),
    description="Tasks about this customer, soonest due first.",
)
async def customer_tasks(
    root: Customer,
    info: Info,
    open_only: Annotated[bool, strawberry.argument(description="Only tasks not done yet.")] = True,
) -> list[Task]:
    """The customer's tasks."""
