"""Root query fields of the public pool: its customers, your watchlist, the sales force, claims left, rules."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from rapport.core import clock, regions
from rapport.core.errors import BadUserInputError
from rapport.customers.types import Customer, customer_node
from rapport.graphql.context import Info
from rapport.graphql.types import After, Connection, First, build_connection, decode_time_cursor, page_size, time_cursor
from rapport.identity.types import User
from rapport.sales.force import sales_force
from rapport.sales.pool import service
from rapport.sales.pool.inputs import PoolFilter
from rapport.sales.pool.repository import PoolFilterSpec, PoolRepository
from rapport.sales.pool.types import PoolCustomer, PoolRule


@strawberry.type
class PoolQuery:
    """Root query fields of the public pool."""

    @strawberry.field(description="Customers in the public pool, longest there first, with what reps may see.")
    async def public_pool(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[PoolFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[PoolCustomer]:
        """A page of the pool."""
        size, position = page_size(first), decode_time_cursor(after)
        spec = PoolFilterSpec(
            provinces=regions.province_spellings(filter.provinces) if filter and filter.provinces else None,
            grades=[g.value for g in filter.grades] if filter and filter.grades else None,
            industries=filter.industries if filter else None,
        )
        db = info.context.db
        async with db.read() as session:
            rows = await PoolRepository(session).public_pool(spec, position, size + 1)

        async def count() -> int:
            async with db.read() as session:
                return await PoolRepository(session).count_public_pool(spec)

        return build_connection(
            rows,
            size,
            to_node=PoolCustomer.from_row,
            cursor_of=lambda r: time_cursor(r.in_pool_since or r.created_at, r.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="Your customers that return to the public pool soonest (within the given days).")
    async def pool_watchlist(
        self,
        info: Info,
        within_days: Annotated[int, strawberry.argument(description="Days ahead, 1-60.")] = 7,
        first: First = None,
    ) -> list[Customer]:
        """Customers about to return to the pool."""
        if not 1 <= within_days <= 60:
            raise BadUserInputError("withinDays is 1 to 60.", field="withinDays")
        ctx = info.context
        async with ctx.db.read() as session:
            ids = await PoolRepository(session).pool_watchlist(
                ctx.principal, clock.now(), within_days, page_size(first)
            )
        found = await asyncio.gather(*(customer_node(ctx, i) for i in ids))
        return [customer for customer in found if customer is not None]

    @strawberry.field(description="The sales reps, managers and directors you may hand work to (your team's, or all).")
    async def sales_force(self, info: Info) -> list[User]:
        """Sales users."""
        async with info.context.db.read() as session:
            rows = await sales_force(session, info.context.viewer)
        return [User.from_row(u) for u in rows]

    @strawberry.field(description="How many more pool customers you may claim today.")
    async def pool_claims_left(self, info: Info) -> int:
        """Claims left today."""
        async with info.context.db.read() as session:
            return await service.claims_left(session, info.context.viewer)


@strawberry.type
class PoolAdminQuery:
    """Root query fields of the pool's rules."""

    @strawberry.field(description="Public-pool rules: the default (null grade) and any per grade.")
    async def pool_rules(self, info: Info) -> list[PoolRule]:
        """Pool rules."""
        async with info.context.db.read() as session:
            rows = await PoolRepository(session).listed_rules()
        return [PoolRule.from_row(r) for r in rows]
