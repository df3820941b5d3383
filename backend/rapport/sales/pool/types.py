"""GraphQL types of the public pool: its customers as reps see them, its rules, and its movements."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from sqlalchemy import cast, func, literal_column
from sqlalchemy.dialects.postgresql import JSONB
from strawberry.scalars import JSON

from rapport.customers.enums import Grade
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, FromRow, Relation, derived, expression, relation
from rapport.graphql.node import Node
from rapport.identity.types import User, user_of
from rapport.sales import models
from rapport.sales.enums import PoolMovementKind
from rapport.sales.pool.repository import days_left


@strawberry.type(description="A customer in the public pool, with only what reps may see before claiming it.")
class PoolCustomer(Node, FromRow):
    """A pool customer: a customer's row, restricted; its id is the customer's."""

    node_type = "Customer"

    name: str = strawberry.field(description="Company or person name.")
    kind: str = strawberry.field(description="company or person.")
    grade: Grade | None = strawberry.field(description="A to D.")
    industry: str | None = strawberry.field(description="Industry.")
    province: str | None = strawberry.field(description="Province.")
    city: str | None = strawberry.field(description="City.")
    size: str | None = strawberry.field(description="Company size band.")
    source: str | None = strawberry.field(description="Where the customer came from.")
    in_pool_since: datetime | None = strawberry.field(description="When it entered the pool.")
    last_follow_up_at: datetime | None = strawberry.field(description="The last follow-up before it was released.")
    created_at: datetime = strawberry.field(description="When the customer was created.")


@strawberry.enum(description="An event of a customer that a pool rule may count as contact with it.")
class PoolContactEvent(Enum):
    """Kinds of customer events (`rapport.sales.models.POOL_EVENTS`)."""

    ORDER = "order"
    WON_DEAL = "won_deal"
    TICKET = "ticket"


@strawberry.type(description="Public-pool rules for customers of a grade (null grade: every other customer).")
class PoolRule(Node, FromRow):
    """A pool rule."""

    version: int = strawberry.field(description="Its version.")
    grade: Grade | None = strawberry.field(description="A to D; null for the default rule.")
    days_without_follow_up: int = strawberry.field(description="N: days without the owner's follow-up.")
    warn_days_before: int = strawberry.field(description="M: the owner is warned this many days before.")
    daily_claim_limit: int = strawberry.field(description="Customers a rep may claim per day.")
    reclaim_cooldown_days: int = strawberry.field(description="K: days before a rep may reclaim one they lost.")
    exempt_from_stage_position: int | None = strawberry.field(
        description="An open deal at this stage position or later keeps the customer (null: no exemption)."
    )
    counted_events: list[PoolContactEvent] = strawberry.field(
        description="Besides the owner's follow-ups, these events of the customer count as contact: the days "
        "without follow-up start again from the latest (e.g. an order placed)."
    )
    _row: strawberry.Private[models.PoolRule]


@strawberry.type(description="A customer entering or leaving the public pool (also a timeline entry).")
class PoolMovementEntry(FromRow):
    """One pool movement."""

    kind: PoolMovementKind = strawberry.field(description="Warned, reclaimed, claimed or allocated.")
    at: datetime = strawberry.field(description="When.")
    data: JSON = expression(
        lambda row: func.coalesce(row.data, cast(literal_column("'{}'"), JSONB)),
        lambda row: JSON(row.data or {}),
        description="Details, e.g. {days} without follow-up for a reclaim.",
    )
    _row: strawberry.Private[models.PoolMovement]

    @relation(
        Relation("User", "one", user_of("user_id")),
        description="The rep who lost (reclaimed, warned) or got (claimed, allocated) the customer.",
    )
    async def user(self, info: Info) -> User | None:
        """The rep."""

    @relation(
        Relation("User", "one", user_of("actor_id")),
        description="Who did it: the rep, the allocating manager, or null for the pool job.",
    )
    async def actor(self, info: Info) -> User | None:
        """The actor."""


@derived(
    days_left,
    description="Days (rounded up) before the customer returns to the public pool unless its owner follows up; "
    "null in the pool, without an owner, or while an open deal exempts it.",
)
async def pool_days_left(root: Customer, info: Info) -> int | None:
    """Days left before the public pool."""


#: `Customer.poolDaysLeft`, a field sales adds to the customers domain's type (listed in the sales manifest).
CUSTOMER_POOL_DAYS_LEFT = Contribution(Customer, "pool_days_left", pool_days_left, before="order_summary")
