"""Customer graph queries: one customer, lists with filters, sort and search, and analysis."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry

from rapport.core import regions
from rapport.core.errors import RapportError
from rapport.core.principal import Principal
from rapport.core.sql import keyset_after, keyset_after_nullable
from rapport.customers import loaders
from rapport.customers.enums import CustomerDimension, SortDirection
from rapport.customers.inputs import CustomerFilter, CustomerOrderBy
from rapport.customers.models import Customer as CustomerRow
from rapport.customers.repository import (
    NULLABLE_SORTS,
    SORTABLE,
    CustomerFilterSpec,
    SearchSpec,
    SortSpec,
    customer_order,
    filtered_customers,
)
from rapport.customers.repository.analysis import (
    UNFILTERED,
    Dimension,
    contribution_ranking,
    counted_customers,
    customer_groups,
)
from rapport.customers.repository.reads import product_rows, tag_rows, visible_customer
from rapport.customers.repository.scopes import visible_tally
from rapport.customers.service import prepare_search
from rapport.customers.types import Customer, Product, Tag
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Keyset, RootField, Rows
from rapport.graphql.json_roots import json_answer, json_root, selected_fields
from rapport.graphql.kit import enum_values, input_of, node_by_id, raw_ids, rows_of, statement_page
from rapport.graphql.types import (
    After,
    Connection,
    First,
    cursor_text,
    cursor_time,
    cursor_uuid,
    optional,
    page_size,
    page_size_or_none,
)


def filter_spec(f: CustomerFilter | None) -> CustomerFilterSpec:
    """The repository's filter from the GraphQL filter."""
    if f is None:
        return CustomerFilterSpec()
    return CustomerFilterSpec(
        kinds=enum_values(f.kinds),
        statuses=enum_values(f.statuses),
        grades=enum_values(f.grades),
        # 上海 finds 上海市 (and rows stored as typed): every spelling of the regions named.
        provinces=regions.province_spellings(f.provinces) if f.provinces else f.provinces,
        cities=regions.city_spellings(f.cities, f.provinces or ()) if f.cities else f.cities,
        industries=f.industries,
        owner_ids=raw_ids(f.owner_ids, "User"),
        team_ids=raw_ids(f.team_ids, "Team"),
        tag_names=f.tags,
        segments=enum_values(f.rfm_segments),
        pool_statuses=enum_values(f.pool_statuses),
        created_from=f.created_from,
        created_to=f.created_to,
        include_archived=f.include_archived,
    )


def _sort(field: Enum | None, direction: SortDirection | None) -> SortSpec:
    """The sort of a customer list: the given key and direction; newest first without a key."""
    if field is None:
        return SortSpec("created_at", True)
    return SortSpec(str(field.value), direction is SortDirection.DESC)


#: The kind of each sort key's value inside a cursor (the row id follows it).
_CURSOR_KINDS: dict[str, Callable[[Any], Any]] = {
    "name": cursor_text,
    "created_at": cursor_time,
    "updated_at": cursor_time,
    "last_activity_at": optional(cursor_time),
    "grade": optional(cursor_text),
}


def customer_rows(
    principal: Principal | None, spec: CustomerFilterSpec, search: SearchSpec | None, sort: SortSpec
) -> Rows:
    """The customers of a list (`Query.customers`, both read paths): visible, matching, in the sort's order (NULLs
    last, then id), with the sort's keyset: its cursors hold the sort key and the id."""
    column = SORTABLE[sort.field]

    def after(position: Sequence[Any]) -> Any:
        if sort.field in NULLABLE_SORTS:
            return keyset_after_nullable(column, CustomerRow.id, position[0], position[1], sort.descending)
        return keyset_after([column, CustomerRow.id], position, sort.descending)

    keyset = Keyset((sort.field, "id"), (_CURSOR_KINDS[sort.field], cursor_uuid), after)
    rows = filtered_customers(principal, spec, search)
    tally = visible_tally(principal) if search is None and spec == UNFILTERED else None
    count = None if tally is None else counted_customers(tally)
    return Rows(rows, customer_order(sort), None, keyset, count_in_pass=search is not None, count=count)


@strawberry.type(description="Customers of one group.")
class CustomerGroup:
    """A group's key, size and revenue."""

    key: str | None = strawberry.field(description="The group's value, e.g. a province; null: unknown.")
    customers: int = strawberry.field(description="Customers in the group.")
    revenue: Decimal = strawberry.field(description="Their revenue in the period.")
    share: float = strawberry.field(description="Share of all customers counted, 0-1.")


@strawberry.type(description="Customers grouped by one dimension.")
class CustomerGroups:
    """Groups with the largest and smallest."""

    dimension: CustomerDimension = strawberry.field(description="What customers were grouped by.")
    total: int = strawberry.field(description="Customers counted.")
    groups: list[CustomerGroup] = strawberry.field(description="Groups, largest first.")
    largest: CustomerGroup | None = strawberry.field(description="The largest group with a known key.")
    smallest: CustomerGroup | None = strawberry.field(description="The smallest group with a known key.")


@strawberry.type(description="A customer's revenue in a period and its rank.")
class ContributionEntry:
    """One row of the contribution ranking."""

    rank: int = strawberry.field(description="1 = most revenue.")
    customer: Customer = strawberry.field(description="The customer.")
    revenue: Decimal = strawberry.field(description="Revenue in the period.")
    orders: int = strawberry.field(description="Orders in the period.")


@strawberry.enum(description="Which end of the ranking.")
class RankingEnd(Enum):
    """Top or bottom."""

    TOP = "top"
    BOTTOM = "bottom"


@strawberry.type
class CustomerQuery:
    """Root query fields of the customer graph."""

    @strawberry.field(
        description="A customer by id; a merged duplicate's id answers its survivor. Null when not visible.",
    )
    async def customer(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Customer | None:
        """One customer (following merges)."""
        row = await node_by_id(info, "Customer", id, loaders.customer_by_id, lambda found: found)
        loader = info.context.loaders.scoped(loaders.customer_by_id)
        for _ in range(5):  # a chain of merges is short; stop on a loop
            if row is None or row.merged_into_id is None:
                break
            row = await loader.load(row.merged_into_id)
        return None if row is None else Customer.from_row(row)

    @strawberry.field(
        description="Customers you may see, filtered, sorted and searched.",
    )
    async def customers(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[CustomerFilter | None, strawberry.argument(description="What to include.")] = None,
        order_by: Annotated[
            CustomerOrderBy | None, strawberry.argument(description="Sort; default newest first.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Name or contact name fragment (Chinese works), a phone's last 4+ digits, or an email."
            ),
        ] = None,
    ) -> Connection[Customer]:
        """A page of customers."""
        page_size(first)  # an invalid size is reported before the other arguments are read
        sort = _sort(order_by.field, order_by.direction) if order_by is not None else _sort(None, None)
        rows = customer_rows(
            info.context.principal, filter_spec(filter), prepare_search(search) if search else None, sort
        )
        return await statement_page(info, rows, first, after, Customer.from_row)

    @strawberry.field(
        description="Customers you may see, counted per group of a dimension, with their revenue.",
    )
    async def customer_groups(
        self,
        info: Info,
        by: Annotated[CustomerDimension, strawberry.argument(description="The dimension.")],
        filter: Annotated[CustomerFilter | None, strawberry.argument(description="Which customers.")] = None,
        revenue_from: Annotated[datetime | None, strawberry.argument(description="Revenue period start.")] = None,
        revenue_to: Annotated[
            datetime | None, strawberry.argument(description="Revenue period end (exclusive).")
        ] = None,
    ) -> CustomerGroups:
        """Group sizes, largest first."""
        rows = customer_groups(
            info.context.principal, Dimension(by.value), by.name, filter_spec(filter), revenue_from, revenue_to
        )
        return await json_answer(info, rows, CustomerGroups)

    @strawberry.field(
        description="Customers ranked by revenue in a period (top or bottom N).",
    )
    async def contribution_ranking(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many (at most 100).")] = 10,
        revenue_from: Annotated[datetime | None, strawberry.argument(description="Period start.")] = None,
        revenue_to: Annotated[datetime | None, strawberry.argument(description="Period end (exclusive).")] = None,
        provinces: Annotated[list[str] | None, strawberry.argument(description="Only these provinces.")] = None,
        end: Annotated[RankingEnd, strawberry.argument(description="Top or bottom.")] = RankingEnd.TOP,
    ) -> list[ContributionEntry]:
        """The ranking."""
        size = page_size(first)
        async with info.context.db.read() as session:
            ranking = await contribution_ranking(
                session,
                info.context.principal,
                revenue_from=revenue_from,
                revenue_to=revenue_to,
                provinces=regions.province_spellings(provinces) if provinces else provinces,
                limit=size,
                ascending=end is RankingEnd.BOTTOM,
            )
        rows = await info.context.loaders.scoped(loaders.customer_by_id).load_many([r.customer_id for r in ranking])
        return [
            ContributionEntry(rank=r.rank, customer=Customer.from_row(row), revenue=r.revenue, orders=r.orders)
            for r, row in zip(ranking, rows, strict=True)
            if row is not None
        ]

    @strawberry.field(description="Every tag, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        """All tags."""
        return await rows_of(info, tag_rows(), Tag.from_row)

    @strawberry.field(description="Products of the catalogue by name (at most 100), e.g. to put on a deal.")
    async def products(
        self,
        info: Info,
        search: Annotated[str | None, strawberry.argument(description="Part of the name or SKU.")] = None,
        include_inactive: Annotated[bool, strawberry.argument(description="Products no longer sold too.")] = False,
    ) -> list[Product]:
        """Catalogue products."""
        return await rows_of(info, product_rows(search, include_inactive=include_inactive), Product.from_row)


# --- the compiled read path's roots (listed in the manifest) ---------------------------------------------


def _customer_by_id(principal: Principal | None, arguments: Arguments) -> Rows:
    # As the `customer_by_id` loader: visible rows, tombstones included (a merged one is deferred below).
    return visible_customer(principal, arguments["id"])


def _customer_page(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.customers` (the compiler reads `after` itself, through the rows' keyset).
    size = page_size_or_none(arguments.get("first"))
    if size is None:
        return None
    order_by = arguments.get("orderBy") or {}
    sort = _sort(order_by.get("field"), order_by.get("direction"))
    search = arguments.get("search")
    try:
        query = prepare_search(search) if search else None
        spec = filter_spec(input_of(CustomerFilter, arguments.get("filter")))
    except (RapportError, TypeError, AttributeError):
        return None
    return replace(customer_rows(principal, spec, query, sort), limit=size)


def _customer_groups(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.customerGroups`: the same JSON answer (without revenue when the operation reads none).
    by = arguments["by"]
    try:
        spec = filter_spec(input_of(CustomerFilter, arguments.get("filter")))
    except (RapportError, TypeError, AttributeError):
        return None
    period = arguments.get("revenueFrom"), arguments.get("revenueTo")
    return customer_groups(principal, Dimension(by.value), by.name, spec, *period, selected_fields(arguments))


ROOTS = {
    "customerGroups": json_root(
        "CustomerGroups", _customer_groups, frozenset({"by", "filter", "revenueFrom", "revenueTo"})
    ),
    "tags": RootField("Tag", "list", lambda principal, arguments: tag_rows()),
    "products": RootField(
        "Product",
        "list",
        lambda principal, arguments: product_rows(
            arguments.get("search"), include_inactive=bool(arguments.get("includeInactive"))
        ),
        arguments=frozenset({"search", "includeInactive"}),
    ),
    "customer": RootField(
        "Customer",
        "one",
        _customer_by_id,
        arguments=frozenset({"id"}),
        # A merged duplicate's id answers its survivor: the resolver follows the chain.
        defer_when=lambda customer: customer.merged_into_id.is_not(None),
        global_id_arguments={"id": "Customer"},
    ),
    "customers": RootField(
        "Customer", "connection", _customer_page, arguments=frozenset({"first", "after", "filter", "orderBy", "search"})
    ),
}
