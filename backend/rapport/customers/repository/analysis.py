"""Customer analysis for dashboards: counts and revenue by a dimension, contribution ranking. All in SQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.ages import age_band_sql
from rapport.customers.models import REVENUE_STATUSES, Customer, CustomerScore, Order
from rapport.customers.repository.lists import CustomerFilterSpec, filtered_customers


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


def dimension_column(dimension: Dimension, now: datetime) -> Any:
    """The SQL expression of a dimension."""
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
        return age_band_sql(Customer.birth_date, now.date())
    return columns[dimension]


@dataclass(frozen=True)
class Group:
    """One group of customers: its key (None for unknown), size and revenue in the period."""

    key: str | None
    customers: int
    revenue: Decimal


async def group_customers(
    session: AsyncSession,
    principal: Principal | None,
    dimension: Dimension,
    spec: CustomerFilterSpec,
    revenue_from: datetime | None,
    revenue_to: datetime | None,
) -> list[Group]:
    """Visible customers counted per group, with their revenue in the period, largest group first."""
    now = clock.now()
    key = dimension_column(dimension, now).label("key")
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
    stmt = (
        select(
            key,
            func.count().label("customers"),
            func.coalesce(func.sum(rev.c.amount), 0).label("revenue"),
        )
        .select_from(Customer)
        .join(base, base.c.id == Customer.id)
        .outerjoin(rev, rev.c.customer_id == Customer.id)
        .outerjoin(CustomerScore, CustomerScore.customer_id == Customer.id)
        .group_by(key)
        .order_by(func.count().desc(), key)
    )
    return [Group(r.key, int(r.customers), Decimal(r.revenue)) for r in await session.execute(stmt)]


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
