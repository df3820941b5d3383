"""Customer analysis for dashboards: counts and revenue by a dimension, contribution ranking. All in SQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, Integer, Numeric, Text, case, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.customers.ages import age_band_sql
from rapport.customers.models import REVENUE_STATUSES, Customer, CustomerScore, Order
from rapport.customers.repository.lists import CustomerFilterSpec, filtered_customers
from rapport.graphql.declare import NOW, Rows


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


def dimension_column(dimension: Dimension) -> Any:
    """The SQL expression of a dimension (an age band on the request's day: `NOW`)."""
    columns: dict[Dimension, Any] = {
        Dimension.REGION: Customer.province,
        Dimension.CITY: Customer.city,
        Dimension.INDUSTRY: Customer.industry,
        Dimension.GRADE: Customer.grade,
        Dimension.STATUS: Customer.status,
        Dimension.KIND: Customer.kind,
        Dimension.GENDER: Customer.gender,
        Dimension.OCCUPATION: Customer.occupation,
        Dimension.EDUCATION: Customer.education,
        Dimension.MARITAL_STATUS: Customer.marital_status,
        Dimension.SOURCE: Customer.source,
        Dimension.RFM_SEGMENT: func.coalesce(CustomerScore.segment, "none"),
    }
    if dimension is Dimension.AGE_BAND:
        return age_band_sql(Customer.birth_date, cast(func.timezone("UTC", NOW), Date))
    return columns[dimension]


def customer_groups(
    principal: Principal | None,
    dimension: Dimension,
    dimension_name: str,
    spec: CustomerFilterSpec,
    revenue_from: datetime | None,
    revenue_to: datetime | None,
) -> Rows:
    """`Query.customerGroups` as one JSON answer (`rapport.graphql.json_roots`): visible customers counted per
    group, with their revenue in the period, largest group first; each group's share of the customers counted; the
    largest and the smallest group with a known key (the first of equals in the groups' order)."""
    key = dimension_column(dimension).label("key")
    revenue = (
        select(Order.customer_id, func.sum(Order.total_amount).label("amount"))
        .where(Order.status.in_(REVENUE_STATUSES))
        .group_by(Order.customer_id)
    )
    if revenue_from is not None:
        revenue = revenue.where(Order.ordered_at >= revenue_from)
    if revenue_to is not None:
        revenue = revenue.where(Order.ordered_at < revenue_to)
    rev = revenue.subquery("rev")
    base = filtered_customers(principal, spec, None).subquery("base")
    grouped = (
        select(
            key,
            func.count().label("customers"),
            func.coalesce(func.sum(rev.c.amount), 0).label("revenue"),
            func.sum(func.count()).over().label("total"),
            func.row_number().over(order_by=[func.count().desc(), key]).label("n"),
        )
        .select_from(Customer)
        .join(base, base.c.id == Customer.id)
        .outerjoin(rev, rev.c.customer_id == Customer.id)
        .outerjoin(CustomerScore, CustomerScore.customer_id == Customer.id)
        .group_by(key)
        .subquery("grouped")
    )
    g = grouped.c
    share = case((g.total > 0, func.round(cast(g.customers, Numeric) / g.total, 4)), else_=literal_column("0.0"))
    group = func.json_build_object(
        "key", g.key, "customers", g.customers, "revenue", cast(g.revenue, Text), "share", share
    )
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
