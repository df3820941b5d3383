"""Batch loads of sales, named after what they load and by which key."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.customers.models import Order as CustomerOrder
from rapport.customers.repository import CustomerRepository
from rapport.sales import pool
from rapport.sales.models import Approval, Lead, Opportunity, PipelineStage, StageChange
from rapport.sales.repository import SalesRepository

#: How many opportunities or leads a customer's 360° view lists.
PER_CUSTOMER = 50


async def lead_by_id(session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Lead | None]:
    """Visible leads by id."""
    found = {row.id: row for row in await SalesRepository(session).leads_by_ids(principal, ids)}
    return [found.get(i) for i in ids]


async def opportunity_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Opportunity | None]:
    """Visible opportunities by id."""
    found = {row.id: row for row in await SalesRepository(session).opportunities_by_ids(principal, ids)}
    return [found.get(i) for i in ids]


async def stage_by_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[PipelineStage | None]:
    """Pipeline stages by id (all stages are one small query)."""
    found = {s.id: s for s in await SalesRepository(session).stages()}
    return [found.get(i) for i in ids]


async def opportunities_by_customer_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[list[Opportunity]]:
    """Visible opportunities of each customer, newest first (at most PER_CUSTOMER each)."""
    grouped: dict[uuid.UUID, list[Opportunity]] = {i: [] for i in ids}
    for row in await SalesRepository(session).opportunities_by_customer_ids(principal, ids, PER_CUSTOMER):
        grouped[row.customer_id].append(row)
    return [grouped[i] for i in ids]


async def leads_by_customer_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[list[Lead]]:
    """Visible leads linked to each customer, newest first (at most PER_CUSTOMER each)."""
    grouped: dict[uuid.UUID, list[Lead]] = {i: [] for i in ids}
    for row in await SalesRepository(session).leads_by_customer_ids(principal, ids, PER_CUSTOMER):
        assert row.customer_id is not None
        grouped[row.customer_id].append(row)
    return [grouped[i] for i in ids]


async def stage_changes_by_opportunity_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[StageChange]]:
    """The stage history of each opportunity, oldest first."""
    grouped: dict[uuid.UUID, list[StageChange]] = {i: [] for i in ids}
    for row in await SalesRepository(session).stage_changes(ids):
        grouped[row.opportunity_id].append(row)
    return [grouped[i] for i in ids]


async def pending_approval_by_opportunity_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Approval | None]:
    """The pending approval request of each opportunity, if any."""
    found = {a.opportunity_id: a for a in await SalesRepository(session).pending_approvals(ids)}
    return [found.get(i) for i in ids]


async def pool_days_left_by_customer(session: AsyncSession, customers: Sequence[Customer]) -> list[int | None]:
    """Days (rounded up) before each owned customer returns to the public pool (None: in the pool, or exempt)."""
    repo = SalesRepository(session)
    rules = await repo.pool_rules()
    exempt = await repo.pool_exempt_customer_ids(customers, rules)
    now = clock.now()
    return [None if c.id in exempt else pool.days_left(c, pool.rule_for(rules, c.grade), now) for c in customers]


async def order_by_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[CustomerOrder | None]:
    """Orders by id (a won opportunity's order)."""
    found = {o.id: o for o in await CustomerRepository(session).orders_by_ids(ids)}
    return [found.get(i) for i in ids]
