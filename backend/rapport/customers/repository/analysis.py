"""Customer analysis for dashboards: counts and revenue by a dimension, contribution ranking. All in SQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Date,
    Integer,
    Numeric,
    Select,
    Text,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.visitors import iterate

from rapport.core.principal import Principal
from rapport.customers.ages import age_band_sql
from rapport.customers.models import REVENUE_STATUSES, Customer, CustomerScore, Order, customer_tally
from rapport.customers.repository.lists import CustomerFilterSpec, filtered_customers
from rapport.customers.repository.scopes import visible_tally
from rapport.graphql.declare import NOW, Rows, shared_part


class Dimension(StrEnum):
    """What customers can be grouped by."""

    REGION = "region"
    CITY = "city"
    INDUSTRY = "industry"
    GRADE = "grade"
    STATUS = "status"
    KIND = "kind"
    GENDER = "gender"
    AGE_BAND = "age_band"
    OCCUPATION = "occupation"
    EDUCATION = "education"
    MARITAL_STATUS = "marital_status"
    RFM_SEGMENT = "rfm_segment"
    SOURCE = "source"


#: The dimensions `customer_tally` counts (not the age band: it depends on the day).
TALLIED = frozenset(Dimension) - {Dimension.AGE_BAND}
UNFILTERED = CustomerFilterSpec()


def dimension_column(dimension: Dimension, customer: Any = Customer, score: Any = CustomerScore) -> Any:
    """The SQL expression of a dimension on a customer row and its score row (an age band on the request's day:
    `NOW`)."""
    columns: dict[Dimension, Any] = {
        Dimension.REGION: customer.province,
        Dimension.CITY: customer.city,
        Dimension.INDUSTRY: customer.industry,
        Dimension.GRADE: customer.grade,
        Dimension.STATUS: customer.status,
        Dimension.KIND: customer.kind,
        Dimension.GENDER: customer.gender,
        Dimension.OCCUPATION: customer.occupation,
        Dimension.EDUCATION: customer.education,
        Dimension.MARITAL_STATUS: customer.marital_status,
        Dimension.SOURCE: customer.source,
        Dimension.RFM_SEGMENT: func.coalesce(score.segment, "none"),
    }
    if dimension is Dimension.AGE_BAND:
        return age_band_sql(customer.birth_date, cast(func.timezone("UTC", NOW), Date))
    return columns[dimension]


def _columns_read(dimension: Dimension) -> frozenset[str]:
    """The customer's columns a dimension's expression reads (none for the RFM segment, the score's)."""
    expression = dimension_column(dimension)
    clause = expression.__clause_element__() if hasattr(expression, "__clause_element__") else expression
    return frozenset(c.key for c in iterate(clause) if isinstance(c, Column) and c.table is Customer.__table__)


def _paid(revenue_from: datetime | None, revenue_to: datetime | None) -> list[ColumnElement[bool]]:
    """The orders that count as revenue in a period (either end open)."""
    paid: list[ColumnElement[bool]] = [Order.status.in_(REVENUE_STATUSES)]
    if revenue_from is not None:
        paid.append(Order.ordered_at >= revenue_from)
    if revenue_to is not None:
        paid.append(Order.ordered_at < revenue_to)
    return paid


def _visible_customers(
    principal: Principal | None,
    spec: CustomerFilterSpec,
    revenue_from: datetime | None,
    revenue_to: datetime | None,
    with_revenue: bool,
    columns: frozenset[str],
) -> Select[Any]:
    """One row per visible customer: its id, the customer's `columns` and (`with_revenue`) its paid orders' sum in
    the period (NULL without any). The roots of one operation that group the same customers by several dimensions
    read these rows once (`shared_part`), with the columns of all their dimensions."""
    base = filtered_customers(principal, spec, None).subquery("base")
    customer = aliased(Customer, base)
    visible = select(customer.id.label("id"), *(getattr(customer, name).label(name) for name in sorted(columns)))
    visible = visible.select_from(base)
    if not with_revenue:
        return visible
    # The period's paid orders summed per customer on their own (through the order date's index: a few hundred rows
    # for a month), then joined to the visible customers: one row per customer, so the customers need no grouping
    # of their own before they are grouped by key.
    paid = _paid(revenue_from, revenue_to)
    per_customer = (
        select(Order.customer_id.label("customer_id"), func.sum(Order.total_amount).label("amount"))
        .where(*paid)
        .group_by(Order.customer_id)
        .subquery("revenue")
    )
    return visible.add_columns(per_customer.c.amount).outerjoin(per_customer, per_customer.c.customer_id == customer.id)


def customer_groups(
    principal: Principal | None,
    dimension: Dimension,
    dimension_name: str,
    spec: CustomerFilterSpec,
    revenue_from: datetime | None,
    revenue_to: datetime | None,
    selected: frozenset[str] | None = None,
) -> Rows:
    """`Query.customerGroups` as one JSON answer (`rapport.graphql.json_roots`): visible customers counted per
    group, with their revenue in the period, largest group first; each group's share of the customers counted; the
    largest and the smallest group with a known key (the first of equals in the groups' order).

    `selected`: the answer's fields the operation reads (None: all). Revenue, the one costly part (every order of
    the visible customers), is left out of the answer when nobody reads it.

    Without a filter, the counts are summed from `customer_tally` under the caller's row scope (`visible_tally`;
    not for a `related` scope nor the age band) and the revenue, when read, from the period's paid orders of the
    visible customers: no statement reads every visible customer."""
    with_revenue = selected is None or "revenue" in selected
    tally = visible_tally(principal) if dimension in TALLIED and spec == UNFILTERED else None
    if tally is not None:
        revenue = _revenue_by_key(principal, dimension, revenue_from, revenue_to) if with_revenue else None
        return _groups_answer(dimension_name, _tallied_groups(dimension, tally, revenue), with_revenue=with_revenue)
    rows = shared_part(
        ("customer_groups", id(principal), repr(spec), revenue_from, revenue_to, with_revenue),
        _columns_read(dimension),
        lambda columns: _visible_customers(principal, spec, revenue_from, revenue_to, with_revenue, columns),
        "visible",
    )
    source: Any = rows
    if dimension is Dimension.RFM_SEGMENT:  # the score joined to the customers' rows, not to each of their orders
        score = aliased(CustomerScore, name="score")
        source = rows.outerjoin(score, score.customer_id == rows.c.id)
        key = dimension_column(dimension, score=score)
    else:
        key = dimension_column(dimension, aliased(Customer, rows, adapt_on_names=True))
    counted = func.count()
    columns = [
        key.label("key"),
        counted.label("customers"),
        func.sum(counted).over().label("total"),
        func.row_number().over(order_by=[counted.desc(), key]).label("n"),
    ]
    if with_revenue:
        columns.append(func.coalesce(func.sum(rows.c.amount), 0).label("revenue"))
    grouped = select(*columns).select_from(source).group_by(key).subquery("grouped")
    return _groups_answer(dimension_name, grouped, with_revenue=with_revenue)


def counted_customers(visible: ColumnElement[bool]) -> Select[Any]:
    """How many counted customers the tally rows `visible` (`visible_tally`) hold: every customer has a kind."""
    t = customer_tally.c
    total = func.coalesce(func.sum(t.customers), 0)
    return select(cast(total, BigInteger)).where(t.dimension == Dimension.KIND.value, visible)


def _tallied_groups(dimension: Dimension, visible: ColumnElement[bool], revenue: Any | None) -> Any:
    """The groups of `_groups_answer` (the same columns as counted live): the counts summed from `customer_tally`,
    each with its revenue (`revenue`: key, revenue) when read."""
    t = customer_tally.c
    counted = func.sum(t.customers)
    counts = (
        select(t.key.label("key"), counted.label("customers"))
        .where(t.dimension == dimension.value, visible)
        .group_by(t.key)
        .having(counted > 0)
        .subquery("counts")
    )
    c = counts.c
    columns = [
        c.key,
        c.customers,
        func.sum(c.customers).over().label("total"),
        func.row_number().over(order_by=[c.customers.desc(), c.key]).label("n"),
    ]
    source: Any = counts
    if revenue is not None:
        source = counts.outerjoin(revenue, revenue.c.key.is_not_distinct_from(c.key))
        columns.append(func.coalesce(revenue.c.revenue, 0).label("revenue"))
    return select(*columns).select_from(source).subquery("grouped")


def _revenue_by_key(
    principal: Principal | None, dimension: Dimension, revenue_from: datetime | None, revenue_to: datetime | None
) -> Any:
    """The period's paid orders of the visible customers summed per group: key, revenue. The per-customer sums are
    made once for every root of the operation that asks for the same period (`shared_part`)."""
    columns = _columns_read(dimension) | ({_SEGMENT} if dimension is Dimension.RFM_SEGMENT else frozenset())
    rows = shared_part(
        ("customer_period_revenue", id(principal), revenue_from, revenue_to),
        columns,
        lambda wanted: _period_revenue(principal, revenue_from, revenue_to, wanted),
        "paid",
    )
    if dimension is Dimension.RFM_SEGMENT:
        key = func.coalesce(rows.c[_SEGMENT], "none")
    else:
        key = dimension_column(dimension, aliased(Customer, rows, adapt_on_names=True))
    stmt = select(key.label("key"), func.sum(rows.c.amount).label("revenue")).select_from(rows)
    return stmt.group_by(key).subquery("revenue")


#: The column of `_period_revenue`'s rows that holds the customer's RFM segment (its score's; NULL without one).
_SEGMENT = "rfm_segment"


def _period_revenue(
    principal: Principal | None, revenue_from: datetime | None, revenue_to: datetime | None, columns: frozenset[str]
) -> Select[Any]:
    """One row per visible customer with paid orders in the period: its id, the customer's `columns` (`_SEGMENT`:
    its score's segment) and the sum.

    With a start, the period's orders are summed per customer first (through the order date's index: a few hundred
    rows for a month), and each of those customers is then looked up by its key, where its row scope is checked. A
    join would let PostgreSQL read every visible customer into a hash (two thirds of the table for a manager) to meet
    a few hundred orders; the lateral subquery, kept apart by its `OFFSET 0`, is read once per customer with orders,
    so the work follows the period's orders rather than the size of the customer table."""
    paid = _paid(revenue_from, revenue_to)
    visible = filtered_customers(principal, UNFILTERED, None).whereclause
    assert visible is not None
    selected: list[Any] = [getattr(Customer, name).label(name) for name in sorted(columns - {_SEGMENT})]
    score = aliased(CustomerScore, name="score")
    if revenue_from is None:
        # No start: every order counts, so the visible customers drive (a rep's few reach theirs by its index).
        every = select(Customer.id.label("id"), *selected, func.sum(Order.total_amount).label("amount"))
        every = every.select_from(Customer).join(Order, Order.customer_id == Customer.id).where(*paid, visible)
        if _SEGMENT in columns:
            every = every.outerjoin(score, score.customer_id == Customer.id)
            every = every.add_columns(func.min(score.segment).label(_SEGMENT))  # one score row per customer
        return every.group_by(Customer.id)
    per_customer = (
        select(Order.customer_id.label("customer_id"), func.sum(Order.total_amount).label("amount"))
        .where(*paid)
        .group_by(Order.customer_id)
        .subquery("period")
    )
    found = select(Customer.id.label("id"), *selected).where(Customer.id == per_customer.c.customer_id, visible)
    if _SEGMENT in columns:
        found = found.outerjoin(score, score.customer_id == Customer.id).add_columns(score.segment.label(_SEGMENT))
    customer = found.offset(0).lateral("visible_customer")
    return select(*(column for column in customer.c), per_customer.c.amount.label("amount")).select_from(
        per_customer.join(customer, true())
    )


def _groups_answer(dimension_name: str, grouped: Any, *, with_revenue: bool) -> Rows:
    """The answer of `customer_groups` from its groups: key, customers, total, n (their order) and revenue."""
    g = grouped.c
    share = case((g.total > 0, func.round(cast(g.customers, Numeric) / g.total, 4)), else_=literal_column("0.0"))
    revenue = ["revenue", cast(g.revenue, Text)] if with_revenue else []
    group = func.json_build_object("key", g.key, "customers", g.customers, *revenue, "share", share)
    known = g.key.is_not(None)
    first: Any = literal_column("0")
    answer = func.json_build_object(
        "dimension",
        literal(dimension_name),
        "total",
        cast(func.coalesce(func.max(g.total), 0), Integer),
        "groups",
        func.coalesce(func.json_agg(aggregate_order_by(group, g.n)), literal_column("'[]'::json")),
        "largest",
        func.json_agg(aggregate_order_by(group, g.customers.desc(), g.n)).filter(known).op("->")(first),
        "smallest",
        func.json_agg(aggregate_order_by(group, g.customers.asc(), g.n)).filter(known).op("->")(first),
    )
    return Rows(select(answer.label("answer")).select_from(grouped))


@dataclass(frozen=True)
class Contribution:
    """A customer's revenue in a period and its rank."""

    customer_id: uuid.UUID
    revenue: Decimal
    orders: int
    rank: int


async def contribution_ranking(
    session: AsyncSession,
    principal: Principal | None,
    *,
    revenue_from: datetime | None,
    revenue_to: datetime | None,
    provinces: Sequence[str] | None,
    limit: int,
    ascending: bool = False,
) -> list[Contribution]:
    """Top (or bottom) visible customers by revenue in a period."""
    spec = CustomerFilterSpec(provinces=provinces)
    base = filtered_customers(principal, spec, None).with_only_columns(Customer.id).subquery()
    amount = func.sum(Order.total_amount)
    stmt = (
        select(Order.customer_id, amount.label("revenue"), func.count().label("orders"))
        .join(base, base.c.id == Order.customer_id)
        .where(Order.status.in_(REVENUE_STATUSES))
        .group_by(Order.customer_id)
    )
    if revenue_from is not None:
        stmt = stmt.where(Order.ordered_at >= revenue_from)
    if revenue_to is not None:
        stmt = stmt.where(Order.ordered_at < revenue_to)
    ranked = stmt.add_columns(func.rank().over(order_by=amount.desc()).label("rank")).subquery()
    order = [ranked.c.revenue.asc(), ranked.c.customer_id] if ascending else [ranked.c.rank, ranked.c.customer_id]
    final = select(ranked).order_by(*order).limit(limit)
    return [
        Contribution(r.customer_id, Decimal(r.revenue), int(r.orders), int(r.rank))
        for r in await session.execute(final)
    ]
