"""GraphQL types of the pipeline: stages, opportunities, approval requests and stage history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from rapport.activities.service import opportunity_activities, opportunity_tasks
from rapport.activities.types import Activity, Task
from rapport.customers.service import customer_of
from rapport.customers.types import Customer, Order
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, FromRow, Relation, relation
from rapport.graphql.kit import seeded_name
from rapport.graphql.node import Node
from rapport.graphql.types import After, Connection, First
from rapport.identity.types import Team, User, team_of, user_of
from rapport.sales import models
from rapport.sales.enums import ApprovalStatus, OpportunityStatus
from rapport.sales.lines.repository import opportunity_lines
from rapport.sales.lines.types import OpportunityLine
from rapport.sales.pipeline.repository import (
    customer_opportunities,
    opportunity_of,
    order_of,
    pending_approval,
    stage_history,
    stage_of,
)


@strawberry.type(description="A stage of the sales pipeline.")
class PipelineStage(Node, FromRow):
    """A stage, in pipeline order."""

    version: int = strawberry.field(description="Pass back when changing the stage.")
    key: str = strawberry.field(description="Stable key, e.g. quote (the web app translates stage names by key).")
    name: str = seeded_name("Display name (a seeded stage's in the reader's language).")
    position: int = strawberry.field(description="Order in the pipeline, 1 first.")
    probability: int = strawberry.field(description="Win probability of deals in this stage, percent.")
    requires_approval: bool = strawberry.field(description="Entering the stage needs a sales director's approval.")
    approval_threshold: Decimal | None = strawberry.field(
        description="Approval is needed only above this amount (null: always, when the stage requires approval)."
    )
    is_won: bool = strawberry.field(description="Entering it wins the deal (and creates its order).")
    is_lost: bool = strawberry.field(description="Entering it loses the deal (a reason is required).")


@strawberry.type(description="A move of an opportunity from one stage to another (also a timeline entry).")
class StageChangeEntry(FromRow):
    """One step of an opportunity's stage history."""

    at: datetime = strawberry.field(description="When it moved.")
    amount: Decimal = strawberry.field(description="The deal's amount at the time.")
    _row: strawberry.Private[models.StageChange]

    @relation(
        Relation("Opportunity", "one", opportunity_of("opportunity_id")),
        description="The opportunity, if you may see it.",
    )
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""

    @relation(
        Relation("PipelineStage", "one", stage_of("from_stage_id")),
        description="The stage it left (null when it was opened).",
    )
    async def from_stage(self, info: Info) -> PipelineStage | None:
        """The stage before."""

    @relation(Relation("PipelineStage", "one", stage_of("to_stage_id")), description="The stage it entered.")
    async def to_stage(self, info: Info) -> PipelineStage | None:
        """The stage after."""

    @relation(
        Relation("User", "one", user_of("actor_id")), description="Who moved it (the approver, for an approved move)."
    )
    async def actor(self, info: Info) -> User | None:
        """The actor."""


@strawberry.type(description="A request to move an opportunity into a gated stage, for a sales director.")
class Approval(Node, FromRow):
    """An approval request."""

    version: int = strawberry.field(description="Its version.")
    status: ApprovalStatus = strawberry.field(description="Pending, approved or rejected.")
    amount: Decimal = strawberry.field(description="The deal's amount when it was requested.")
    comment: str | None = strawberry.field(description="The approver's comment.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    _row: strawberry.Private[models.Approval]

    @relation(
        Relation("Opportunity", "one", opportunity_of("opportunity_id")),
        description="The opportunity, if you may see it.",
    )
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""

    @relation(Relation("PipelineStage", "one", stage_of("to_stage_id")), description="The stage it asks to enter.")
    async def to_stage(self, info: Info) -> PipelineStage | None:
        """The requested stage."""

    @relation(Relation("User", "one", user_of("requested_by_id")), description="Who asked.")
    async def requested_by(self, info: Info) -> User | None:
        """The requester."""

    @relation(Relation("User", "one", user_of("decided_by_id")), description="Who decided.")
    async def decided_by(self, info: Info) -> User | None:
        """The approver."""


@strawberry.type(description="A deal with a customer, moving through the pipeline.")
class Opportunity(Node, FromRow):
    """An opportunity."""

    version: int = strawberry.field(description="Pass back when changing it (optimistic locking).")
    name: str = strawberry.field(description="What is being sold.")
    amount: Decimal = strawberry.field(description="Expected deal amount (CNY).")
    status: OpportunityStatus = strawberry.field(description="Open, won or lost.")
    expected_close: date | None = strawberry.field(description="When it is expected to close.")
    lost_reason: str | None = strawberry.field(description="Why it was lost.")
    closed_at: datetime | None = strawberry.field(description="When it was won or lost.")
    created_at: datetime = strawberry.field(description="When it was opened.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    _row: strawberry.Private[models.Opportunity]

    @relation(Relation("PipelineStage", "one", stage_of("stage_id")), description="The stage it is in.")
    async def stage(self, info: Info) -> PipelineStage | None:
        """The stage."""

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer, if you may see it.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""

    @relation(Relation("User", "one", user_of("owner_id")), description="The rep who owns the deal.")
    async def owner(self, info: Info) -> User | None:
        """The owner."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The owner's team.")
    async def team(self, info: Info) -> Team | None:
        """The team."""

    @relation(Relation("Order", "one", order_of), description="The order winning it created.")
    async def order(self, info: Info) -> Order | None:
        """The order."""

    @relation(
        Relation("StageChangeEntry", "list", stage_history), description="Every stage it passed through, oldest first."
    )
    async def stage_history(self, info: Info) -> list[StageChangeEntry]:
        """The stage history."""

    @relation(
        Relation("Approval", "one", pending_approval),
        description="The approval request waiting for a director, if any.",
    )
    async def pending_approval(self, info: Info) -> Approval | None:
        """The pending approval."""

    @relation(
        Relation("OpportunityLine", "list", opportunity_lines),
        description="The products on the deal, in order (with lines, the amount is their total).",
    )
    async def lines(self, info: Info) -> list[OpportunityLine]:
        """The deal's lines."""

    @relation(
        Relation("Task", "list", opportunity_tasks, compiled=frozenset({"open_only"})),
        description="Tasks for this deal, soonest due first.",
    )
    async def tasks(
        self,
        info: Info,
        open_only: Annotated[bool, strawberry.argument(description="Only tasks not done yet.")] = True,
    ) -> list[Task]:
        """The deal's tasks."""

    @relation(
        Relation("Activity", "connection", opportunity_activities, compiled=frozenset({"first", "after"})),
        description="Activities logged about this deal, newest first.",
    )
    async def activities(self, info: Info, first: First = None, after: After = None) -> Connection[Activity]:
        """A page of the deal's activities."""


@relation(
    Relation("Opportunity", "list", customer_opportunities),
    description="Opportunities with this customer you may see, newest first (at most 50).",
)
async def opportunities_of_customer(root: Customer, info: Info) -> list[Opportunity]:
    """The customer's deals."""


#: `Customer.opportunities`, a field sales adds to the customers domain's type (listed in the sales manifest).
CUSTOMER_OPPORTUNITIES = Contribution(Customer, "opportunities", opportunities_of_customer, before="order_summary")


@relation(
    Relation("Opportunity", "one", opportunity_of("opportunity_id")),
    description="The deal it was about, if any and if you may see it.",
)
async def opportunity_of_activity(root: Activity, info: Info) -> Opportunity | None:
    """The deal of an activity."""


@relation(
    Relation("Opportunity", "one", opportunity_of("opportunity_id")),
    description="The deal it is for, if any and if you may see it.",
)
async def opportunity_of_task(root: Task, info: Info) -> Opportunity | None:
    """The deal of a task."""


#: `Task.opportunity` and `Activity.opportunity`, fields sales adds to the activities domain's types.
TASK_OPPORTUNITY = Contribution(Task, "opportunity", opportunity_of_task, before="assignee")
ACTIVITY_OPPORTUNITY = Contribution(Activity, "opportunity", opportunity_of_activity, before="actor")
