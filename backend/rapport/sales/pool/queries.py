"""Root query fields of the public pool: its customers, your watchlist, the sales force, claims left, rules."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core import regions
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import filtered_page_root, rows_of, scalar_value, statement_page
from rapport.graphql.types import After, Connection, First, page_size, page_size_or_none
from rapport.identity.types import User
from rapport.sales.force import sales_force_rows
from rapport.sales.pool import repository
from rapport.sales.pool.inputs import PoolFilter
from rapport.sales.pool.repository import PoolFilterSpec, pool_rule_rows, public_rows
from rapport.sales.pool.service import DEFAULTS
from rapport.sales.pool.types import PoolCustomer, PoolRule


def pool_filter_spec(f: PoolFilter | None) -> PoolFilterSpec:
    """The repository's filter from the GraphQL filter."""
    return PoolFilterSpec(
        provinces=regions.province_spellings(f.provinces) if f and f.provinces else None,
        grades=[g.value for g in f.grades] if f and f.grades else None,
        industries=f.industries if f else None,
    )


def _claims_left(principal: Principal | None, arguments: Arguments) -> Rows | None:
    return None if principal is None else repository.claims_left(principal.user_id, DEFAULTS.daily_claim_limit)


def _watchlist(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.poolWatchlist`; an invalid argument is left to the resolver, which reports it.
    within, size = arguments.get("withinDays", 7), page_size_or_none(arguments.get("first"))
    if not isinstance(within, int) or not 1 <= within <= 60 or size is None:
        return None
    return repository.watchlist_rows(principal, within, size)


#: The compiled root fields of the public pool (listed in the sales manifest).
ROOTS = {
    "publicPool": filtered_page_root("PoolCustomer", lambda _, f: public_rows(pool_filter_spec(f)), PoolFilter),
    "poolClaimsLeft": RootField("Int", "scalar", _claims_left),
    "poolRules": RootField("PoolRule", "list", lambda principal, arguments: pool_rule_rows()),
    "poolWatchlist": RootField("Customer", "list", _watchlist, arguments=frozenset({"withinDays", "first"})),
    "salesForce": RootField(
        "User", "list", lambda principal, _: None if principal is None else sales_force_rows(principal)
    ),
}


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
        return await statement_page(info, public_rows(pool_filter_spec(filter)), first, after, PoolCustomer.from_row)

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
        rows = repository.watchlist_rows(info.context.principal, within_days, page_size(first))
        return await rows_of(info, rows, Customer.from_row)

    @strawberry.field(description="The sales reps, managers and directors you may hand work to (your team's, or all).")
    async def sales_force(self, info: Info) -> list[User]:
        """Sales users."""
        return await rows_of(info, sales_force_rows(info.context.viewer), User.from_row)

    @strawberry.field(description="How many more pool customers you may claim today.")
    async def pool_claims_left(self, info: Info) -> int:
        """Claims left today."""
        return int(
            await scalar_value(info, repository.claims_left(info.context.viewer.user_id, DEFAULTS.daily_claim_limit))
        )


@strawberry.type
class PoolAdminQuery:
    """Root query fields of the pool's rules."""

    @strawberry.field(description="Public-pool rules: the default (null grade) and any per grade.")
    async def pool_rules(self, info: Info) -> list[PoolRule]:
        """Pool rules."""
        return await rows_of(info, pool_rule_rows(), PoolRule.from_row)
