"""GraphQL types of journeys: the journey (its graph as the editor saves it), its figures and enrollments."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from rapport.customers.service import customer_of
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, computed, derived, relation, rendered
from rapport.graphql.node import Node
from rapport.graphql.types import After, Connection, First
from rapport.marketing.journeys import models, repository
from rapport.marketing.journeys.service import shown_graph


@strawberry.enum(description="Where a journey stands.")
class JourneyStatus(Enum):
    """A journey's status."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


@strawberry.enum(description="Where a customer's way through a journey stands.")
class JourneyEnrollmentStatus(Enum):
    """An enrollment's status."""

    ACTIVE = "active"
    WAITING = "waiting"
    DONE = "done"
    EXITED = "exited"
    FAILED = "failed"


@strawberry.type(description="How many enrollments reached a node of a journey, and how many are at it now.")
class JourneyNodeStats:
    """One node's figures."""

    node_id: str = strawberry.field(description="The node's id in the graph.")
    reached: int = strawberry.field(description="Enrollments that reached the node.")
    waiting: int = strawberry.field(description="Enrollments at the node now (waiting or due).")


@strawberry.type(description="A journey's figures, counted in the database.")
class JourneyStats:
    """Enrollments by status, and per node."""

    entered: int = strawberry.field(description="Every enrollment (re-entries counted again).")
    active: int = strawberry.field(description="Enrollments under way (due or waiting).")
    done: int = strawberry.field(description="Enrollments that reached an end.")
    exited: int = strawberry.field(description="Enrollments that left (their node was removed).")
    failed: int = strawberry.field(description="Enrollments stopped by a failed step.")
    per_node: list[JourneyNodeStats] = strawberry.field(description="Figures per node.")


@strawberry.type(description="A node an enrollment went through.")
class JourneyStep:
    """One step run."""

    node_id: str = strawberry.field(description="The node's id in the graph.")
    status: str = strawberry.field(description="started, done, failed or skipped.")
    attempts: int = strawberry.field(description="How many times it was tried.")
    branch: str | None = strawberry.field(description="The branch a condition took: yes or no.")
    started_at: datetime = strawberry.field(description="When it started.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")


@strawberry.type(description="One customer's way through a journey.")
class JourneyEnrollment(FromRow):
    """An enrollment."""

    id: strawberry.ID = strawberry.field(description="The enrollment's id.")
    status: JourneyEnrollmentStatus = strawberry.field(description="Where it stands.")
    current_node: str = strawberry.field(description="The node it is at (or ended at).")
    generation: int = strawberry.field(description="1, or the count of entries when the journey allows re-entry.")
    entered_at: datetime = strawberry.field(description="When the customer entered.")
    next_run_at: datetime | None = strawberry.field(description="When its next step is due.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    error: str | None = strawberry.field(description="Why it failed.")
    _row: strawberry.Private[models.JourneyEnrollment]

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer, if you may see them.")
    async def customer(self, info: Info) -> Customer | None:
        """The enrolled customer."""

    @computed("an enrollment's step runs: a second statement", description="The nodes it went through, in order.")
    async def steps(self, info: Info) -> list[JourneyStep]:
        """Its steps."""
        async with info.context.db.read() as session:
            rows = await repository.steps_of(session, self._row.id)
        return [
            JourneyStep(
                node_id=row.node_id,
                status=row.status,
                attempts=row.attempts,
                branch=(row.outcome or {}).get("branch"),
                started_at=row.started_at,
                finished_at=row.finished_at,
            )
            for row in rows
        ]


@strawberry.type(description="A marketing automation flow: a trigger, then waits, conditions and actions.")
class Journey(Node, FromRow):
    """A journey."""

    version: int = strawberry.field(description="Pass back when changing the journey.")
    name: str = strawberry.field(description="Name.")
    status: JourneyStatus = strawberry.field(description="draft, active, paused or archived.")
    allow_reentry: bool = strawberry.field(description="Whether a customer may go through it again.")
    activated_at: datetime | None = strawberry.field(description="When it was first activated.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    _row: strawberry.Private[models.Journey]

    @rendered(
        ("graph",),
        lambda locale, graph: shown_graph(graph),
        description=(
            "{nodes: [{id, type, config, position {x, y}}], edges: [{source, target, branch}]}; "
            "secrets show as secretSet."
        ),
    )
    def graph(self, info: Info) -> JSON:
        """The graph as the editor reads it: sealed secrets replaced by a flag, after the statement."""

    @derived(repository.stats_json, json=True, description="Enrollments by status and per node.")
    async def stats(self, info: Info) -> JourneyStats:
        """The journey's figures, counted in one statement."""

    @relation(
        Relation(
            "JourneyEnrollment",
            "connection",
            lambda journey, principal, arguments: repository.enrollment_rows(journey.id),
            compiled=frozenset({"first", "after"}),
        ),
        description="Each customer's progress, latest entry first.",
    )
    async def enrollments(self, info: Info, first: First = None, after: After = None) -> Connection[JourneyEnrollment]:
        """A page of enrollments."""


@strawberry.type(description="A message a customer would receive.")
class JourneyDryRunMessage:
    """One message."""

    channel: str = strawberry.field(description="email, sms or webhook.")
    subject: str | None = strawberry.field(description="Its subject in the contact's language (else the first).")


@strawberry.type(description="A customer who would enter the journey now, the way they would go, what they would get.")
class JourneyDryRunEntry:
    """One customer of a dry run."""

    customer: Customer = strawberry.field(description="The customer.")
    path: list[str] = strawberry.field(description="The node ids they would pass, in order.")
    messages: list[JourneyDryRunMessage] = strawberry.field(description="The messages they would receive.")


def dry_run_entry(entry: Any) -> JourneyDryRunEntry:
    """The GraphQL object of a dry run's entry."""
    return JourneyDryRunEntry(
        customer=Customer.from_row(entry.customer),
        path=entry.path,
        messages=[JourneyDryRunMessage(channel=m.channel, subject=m.subject) for m in entry.messages],
    )
