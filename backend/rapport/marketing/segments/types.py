"""GraphQL types of segments: the segment, its kinds, the presets and the live preview of rules."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from sqlalchemy import func, literal_column
from strawberry.scalars import JSON

from rapport.core import clock
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, computed, expression, relation
from rapport.graphql.kit import statement_page
from rapport.graphql.node import Node
from rapport.graphql.types import After, Connection, First
from rapport.identity.types import Team, User, team_of, user_of
from rapport.marketing import models
from rapport.marketing.segments import service
from rapport.marketing.segments.members import authorized_rules
from rapport.marketing.segments.repository import counting, member_rows
from rapport.marketing.segments.rules import Group


@strawberry.enum(description="How a segment's members are found.")
class SegmentKind(Enum):
    """Dynamic or static."""

    DYNAMIC = "dynamic"
    STATIC = "static"


@strawberry.type(description="A set of customers: dynamic (rules evaluated whenever it is used) or static (frozen).")
class Segment(Node, FromRow):
    """A segment."""

    version: int = strawberry.field(description="Pass back when changing the segment.")
    name: str = strawberry.field(description="Name.")
    description: str | None = strawberry.field(description="What the segment is for.")
    kind: SegmentKind = strawberry.field(description="Dynamic (evaluated at use) or static (frozen members).")
    rules: JSON = expression(
        lambda row: func.coalesce(row.rules, literal_column("'{}'::jsonb")),
        lambda row: JSON(row.rules or {}),
        description='The rule tree: {"op": "and" | "or", "rules": [condition or group]} (see docs/marketing.md).',
    )
    preset: str | None = strawberry.field(description="The preset it was made from, e.g. first_purchase.")
    frozen_at: datetime | None = strawberry.field(description="Static segments: when the members were frozen.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    _row: strawberry.Private[models.Segment]

    @relation(Relation("User", "one", user_of("owner_id")), description="Who owns the segment.")
    async def owner(self, info: Info) -> User | None:
        """The owner."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The owner's team.")
    async def team(self, info: Info) -> Team | None:
        """The team."""

    @computed(
        "dynamic segments are counted by their rules, under the caller's scope",
        description=(
            "How many customers: a static segment's frozen members; a dynamic one's counted now among the customers "
            "you may see."
        ),
    )
    async def member_count(self, info: Info) -> int:
        """The number of members."""
        async with counting(info.context.db) as session:
            return await service.member_count(session, info.context.principal, self._row)

    @computed(
        "a dynamic segment's members are its rules evaluated now",
        description=("The customers in the segment that you may see, newest first."),
    )
    async def members(self, info: Info, first: First = None, after: After = None) -> Connection[Customer]:
        """A page of members."""
        principal = info.context.principal
        tree = authorized_rules(self._row, principal)  # a static segment's rules too: its members reveal them
        rows = member_rows(self._row, tree if self._row.kind == "dynamic" else None, clock.now(), principal)
        return await statement_page(info, rows, first, after, Customer.from_row, read=lambda: counting(info.context.db))


@strawberry.type(description="A ready-made rule tree a segment can start from.")
class SegmentPreset:
    """A preset."""

    key: str = strawberry.field(description="Stable key, e.g. first_purchase, high_value_repeat, dormant_winback.")
    name: str = strawberry.field(description="Name in your language.")
    description: str = strawberry.field(description="What it selects, in your language.")
    rules: JSON = strawberry.field(description="Its rule tree.")


@strawberry.type(description="The live count of a rule tree while it is edited, with a few of its customers.")
class SegmentPreview:
    """A preview: each field runs its one statement only when selected."""

    _tree: strawberry.Private[Group]
    _now: strawberry.Private[datetime]

    @strawberry.field(description="How many customers you may see match the rules now.")
    async def count(self, info: Info) -> int:
        """The live count."""
        async with counting(info.context.db) as session:
            return await service.count_of(session, info.context.principal, self._tree, self._now)

    @strawberry.field(description="Up to 10 of them, newest first.")
    async def sample(self, info: Info) -> list[Customer]:
        """A few members."""
        async with counting(info.context.db) as session:
            rows = await service.sample_of(session, info.context.principal, self._tree, self._now)
        return [Customer.from_row(row) for row in rows]
