"""GraphQL types of activities, tasks and notifications."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.activities import models
from rapport.activities.models import ActivityKind as ActivityKind  # re-exported, decorated below
from rapport.customers import loaders as customer_loaders
from rapport.customers.types import Contact, Customer
from rapport.graphql.context import Info
from rapport.graphql.node import Node, to_global_id
from rapport.identity import loaders as identity_loaders
from rapport.identity.types import User

strawberry.enum(ActivityKind, description="Call, meeting, visit, email or note.")


@strawberry.type(description="A follow-up with a customer: who did what, when, with which outcome.")
class Activity(Node):
    """An activity."""

    kind: ActivityKind = strawberry.field(description="Call, meeting, visit, email or note.")
    subject: str = strawberry.field(description="What it was about.")
    body: str | None = strawberry.field(description="Notes.")
    outcome: str | None = strawberry.field(description="The result, e.g. 'asked for a quote'.")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    created_at: datetime = strawberry.field(description="When it was logged.")
    _customer_id: strawberry.Private[uuid.UUID]
    _contact_id: strawberry.Private[uuid.UUID | None]
    _actor_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.Activity) -> Activity:
        """The GraphQL view of an activity row."""
        return cls(
            id=to_global_id("Activity", row.id),
            kind=ActivityKind(row.kind),
            subject=row.subject,
            body=row.body,
            outcome=row.outcome,
            occurred_at=row.occurred_at,
            created_at=row.created_at,
            _customer_id=row.customer_id,
            _contact_id=row.contact_id,
            _actor_id=row.actor_id,
        )

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Activity:
        """An activity from its JSON row (as the timeline returns it)."""
        contact, actor = data.get("contact_id"), data.get("actor_id")
        return cls(
            id=to_global_id("Activity", uuid.UUID(str(data["id"]))),
            kind=ActivityKind(str(data["kind"])),
            subject=str(data["subject"]),
            body=None if data.get("body") is None else str(data["body"]),
            outcome=None if data.get("outcome") is None else str(data["outcome"]),
            occurred_at=datetime.fromisoformat(str(data["occurred_at"])),
            created_at=datetime.fromisoformat(str(data["created_at"])),
            _customer_id=uuid.UUID(str(data["customer_id"])),
            _contact_id=None if contact is None else uuid.UUID(str(contact)),
            _actor_id=None if actor is None else uuid.UUID(str(actor)),
        )

    @strawberry.field(description="Who did it.")
    async def actor(self, info: Info) -> User | None:
        """The user who logged the activity."""
        if self._actor_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._actor_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="The contact it was with, if any.")
    async def contact(self, info: Info) -> Contact | None:
        """The contact."""
        if self._contact_id is None:
            return None
        row = await info.context.loaders.scoped(customer_loaders.contact_by_id).load(self._contact_id)
        return None if row is None else Contact.from_row(row)

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""
        row = await info.context.loaders.scoped(customer_loaders.customer_by_id).load(self._customer_id)
        return None if row is None else Customer.from_row(row)


@strawberry.type(description="A follow-up to do, with a due time and an optional reminder.")
class Task(Node):
    """A task."""

    version: int = strawberry.field(description="Pass back when changing the task.")
    title: str = strawberry.field(description="What to do.")
    notes: str | None = strawberry.field(description="Details.")
    due_at: datetime = strawberry.field(description="When it is due.")
    remind_at: datetime | None = strawberry.field(description="When to remind the assignee.")
    done_at: datetime | None = strawberry.field(description="When it was done; null while open.")
    created_at: datetime = strawberry.field(description="When it was created.")
    _customer_id: strawberry.Private[uuid.UUID | None]
    _assignee_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: models.Task) -> Task:
        """The GraphQL view of a task row."""
        return cls(
            id=to_global_id("Task", row.id),
            version=row.version,
            title=row.title,
            notes=row.notes,
            due_at=row.due_at,
            remind_at=row.remind_at,
            done_at=row.done_at,
            created_at=row.created_at,
            _customer_id=row.customer_id,
            _assignee_id=row.assignee_id,
        )

    @strawberry.field(description="True once done.")
    def done(self) -> bool:
        """Whether the task is done."""
        return self.done_at is not None

    @strawberry.field(description="Who should do it.")
    async def assignee(self, info: Info) -> User | None:
        """The assignee."""
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._assignee_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="The customer it is about, if any.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""
        if self._customer_id is None:
            return None
        row = await info.context.loaders.scoped(customer_loaders.customer_by_id).load(self._customer_id)
        return None if row is None else Customer.from_row(row)


@strawberry.type(description="Something the signed-in user should know.")
class Notification(Node):
    """A notification."""

    kind: str = strawberry.field(description="task_reminder, task_assigned, sla_warning, escalation...")
    title: str = strawberry.field(description="Short text.")
    body: str | None = strawberry.field(description="Details.")
    entity_id: strawberry.ID | None = strawberry.field(description="Global id of what it is about, if anything.")
    read_at: datetime | None = strawberry.field(description="When it was marked read.")
    created_at: datetime = strawberry.field(description="When it was sent.")

    @classmethod
    def from_row(cls, row: models.Notification) -> Notification:
        """The GraphQL view of a notification row."""
        entity = None
        if row.entity_type and row.entity_id:
            entity = to_global_id(row.entity_type, row.entity_id)
        return cls(
            id=to_global_id("Notification", row.id),
            kind=row.kind,
            title=row.title,
            body=row.body,
            entity_id=entity,
            read_at=row.read_at,
            created_at=row.created_at,
        )

    @strawberry.field(description="True once read.")
    def read(self) -> bool:
        """Whether the notification was read."""
        return self.read_at is not None
