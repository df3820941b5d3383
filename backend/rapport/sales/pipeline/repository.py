"""All SQL of the pipeline: stages, opportunities, approvals and stage history, and the relations between them.

The relation builders here (`stage_of`, `opportunity_of`, `customer_opportunities`, ...) are the one statement
of each relation: the declared fields use them on both read paths, the resolvers' batched loads and the
compiled SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.customers.service import customer_rows, order_with_id
from rapport.graphql.declare import Arguments, RelationRows, Rows, by_id
from rapport.sales.models import Approval, Opportunity, PipelineStage, StageChange
from rapport.sales.scopes import visible_opportunities

#: How many opportunities a customer's 360° view lists.
PER_CUSTOMER = 50
#: Opportunities as lists show them: newest first.
NEWEST_FIRST = (Opportunity.created_at.desc(), Opportunity.id.desc())


# --- relations ------------------------------------------------------------------------------------------


def _stages(principal: Principal | None) -> Select[Any]:
    return select(PipelineStage)


def _opportunities(principal: Principal | None) -> Select[Any]:
    return select(Opportunity).where(visible_opportunities(principal))


def stage_of(attribute: str) -> RelationRows:
    """The pipeline stage whose id the parent row holds in `attribute` (stages are not row-scoped); every such
    relation loads its stages in one batch per request (`by_id`)."""
    return by_id(_stages, attribute)


def opportunity_of(attribute: str) -> RelationRows:
    """The opportunity whose id the parent row holds in `attribute`, if the caller may see it (batched as
    `stage_of`)."""
    return by_id(_opportunities, attribute)


def customer_opportunities(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Customer.opportunities`: the visible deals with the customer, newest first, at most PER_CUSTOMER."""
    statement = select(Opportunity).where(Opportunity.customer_id == customer.id, visible_opportunities(principal))
    return Rows(statement, NEWEST_FIRST, PER_CUSTOMER)


def order_of(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Opportunity.order`: the order winning it created."""
    return Rows(order_with_id(opportunity.order_id))


def stage_history(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Opportunity.stageHistory`: every move of the opportunity, oldest first."""
    return Rows(select(StageChange).where(StageChange.opportunity_id == opportunity.id), [StageChange.id])


def pending_approval(opportunity: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Opportunity.pendingApproval`: the request waiting for a director, if any."""
    statement = select(Approval).where(Approval.opportunity_id == opportunity.id, Approval.status == "pending")
    return Rows(statement, [Approval.created_at, Approval.id])


# --- lists ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpportunityFilterSpec:
    """What an opportunity list is filtered by (every field optional); times are local-day boundaries."""

    statuses: Sequence[str] | None = None
    stage_ids: Sequence[uuid.UUID] | None = None
    customer_ids: Sequence[uuid.UUID] | None = None
    owner_ids: Sequence[uuid.UUID] | None = None
    search: str | None = None
    reached_stage_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    closed_from: datetime | None = None
    closed_to: datetime | None = None
    provinces: Sequence[str] | None = None


def visible_opportunity(principal: Principal | None, opportunity_id: Any) -> Rows:
    """The opportunity with this id (a value or a bound parameter) if the caller may see it."""
    return Rows(select(Opportunity).where(Opportunity.id == opportunity_id, visible_opportunities(principal)))


def stage_rows() -> Rows:
    """Every pipeline stage, in pipeline order (`pipelineStages`, on both read paths)."""
    return Rows(select(PipelineStage), (PipelineStage.position, PipelineStage.id))


def reached_stage(stage_id: uuid.UUID) -> ColumnElement[bool]:
    """The opportunity entered this stage or a later one at some time, lost stages aside (a skipped stage counts
    as passed): the funnel's "reached", whose furthest-stage form is `figures.repository._furthest_stage`."""
    position = select(PipelineStage.position).where(PipelineStage.id == stage_id).scalar_subquery()
    entered = (
        select(StageChange.opportunity_id)
        .join(PipelineStage, PipelineStage.id == StageChange.to_stage_id)
        .where(PipelineStage.is_lost.is_(False), PipelineStage.position >= position)
    )
    return Opportunity.id.in_(entered)


def opportunity_rows(principal: Principal | None, spec: OpportunityFilterSpec) -> Rows:
    """Visible opportunities matching a filter, newest first (`Query.opportunities`)."""
    stmt = select(Opportunity).where(visible_opportunities(principal))
    for column, values in (
        (Opportunity.status, spec.statuses),
        (Opportunity.stage_id, spec.stage_ids),
        (Opportunity.customer_id, spec.customer_ids),
        (Opportunity.owner_id, spec.owner_ids),
    ):
        if values:
            stmt = stmt.where(column.in_(list(values)))
    for moment, start, end in (
        (Opportunity.created_at, spec.created_from, spec.created_to),
        (Opportunity.closed_at, spec.closed_from, spec.closed_to),
    ):
        if start is not None:
            stmt = stmt.where(moment >= start)
        if end is not None:
            stmt = stmt.where(moment < end)
    if spec.reached_stage_id is not None:
        stmt = stmt.where(reached_stage(spec.reached_stage_id))
    if spec.provinces:
        customers = customer_rows().subquery("in_province")
        stmt = stmt.where(
            Opportunity.customer_id.in_(select(customers.c.id).where(customers.c.province.in_(list(spec.provinces))))
        )
    if spec.search:
        stmt = stmt.where(Opportunity.name.ilike(f"%{spec.search.replace('%', '').replace('_', '')}%"))
    return Rows(stmt, NEWEST_FIRST)


def approval_rows(principal: Principal | None, statuses: Sequence[str] | None) -> Rows:
    """Approval requests on opportunities the caller may see, oldest first (`Query.approvals`)."""
    stmt = (
        select(Approval)
        .join(Opportunity, Opportunity.id == Approval.opportunity_id)
        .where(visible_opportunities(principal))
    )
    if statuses:
        stmt = stmt.where(Approval.status.in_(list(statuses)))
    return Rows(stmt, [Approval.created_at, Approval.id])


def stage_change_entries(customer_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The customers' timeline entries of stage changes (shown to whoever may see the opportunity)."""
    return (
        select(
            literal("stage_change").label("kind"),
            StageChange.opportunity_id.label("id"),
            StageChange.at.label("at"),
            StageChange.customer_id.label("customer_id"),
            func.to_jsonb(literal_column(StageChange.__tablename__)).label("data"),
        )
        .join(Opportunity, Opportunity.id == StageChange.opportunity_id)
        .where(StageChange.customer_id.in_(list(customer_ids)))
    )


class PipelineRepository:
    """Queries and writes of stages, opportunities, approvals and stage history."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def stages(self) -> list[PipelineStage]:
        """Stages in pipeline order."""
        rows = stage_rows()
        return list((await self.session.execute(rows.statement.order_by(*rows.order_by))).scalars())

    async def opportunities_by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Opportunity]:
        """Visible opportunities with these ids."""
        stmt = select(Opportunity).where(Opportunity.id.in_(list(ids)), visible_opportunities(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def opportunity_for_update(self, opportunity_id: uuid.UUID) -> Opportunity | None:
        """An opportunity, locked."""
        stmt = (
            select(Opportunity)
            .where(Opportunity.id == opportunity_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def move_open_opportunities(
        self, customer_id: uuid.UUID, owner_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime
    ) -> int:
        """Give a customer's open opportunities to its new owner."""
        result = await self.session.execute(
            update(Opportunity)
            .where(Opportunity.customer_id == customer_id, Opportunity.status == "open")
            .values(owner_id=owner_id, team_id=team_id, updated_at=now, version=Opportunity.version + 1)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def pending_approval(self, opportunity_id: uuid.UUID) -> Approval | None:
        """The pending approval of an opportunity, if any."""
        stmt = select(Approval).where(Approval.opportunity_id == opportunity_id, Approval.status == "pending")
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def cancel_pending_approvals(self, opportunity_id: uuid.UUID, now: datetime) -> None:
        """Cancel the pending approval requests of an opportunity (it moved another way)."""
        await self.session.execute(
            update(Approval)
            .where(Approval.opportunity_id == opportunity_id, Approval.status == "pending")
            .values(status="cancelled", decided_at=now, updated_at=now, version=Approval.version + 1)
        )

    async def approval_for_update(self, approval_id: uuid.UUID) -> Approval | None:
        """An approval, locked."""
        stmt = (
            select(Approval)
            .where(Approval.id == approval_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def reparent(self, merged_id: uuid.UUID, survivor_id: uuid.UUID) -> int:
        """Move a merged customer's opportunities (and their stage history) to the survivor; how many."""
        moved = await self.session.execute(
            update(Opportunity).where(Opportunity.customer_id == merged_id).values(customer_id=survivor_id)
        )
        await self.session.execute(
            update(StageChange).where(StageChange.customer_id == merged_id).values(customer_id=survivor_id)
        )
        return int(moved.rowcount)  # type: ignore[attr-defined]


async def opportunity_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Opportunity | None]:
    """Visible opportunities by id (the scoped batch load of `opportunity`, `node` and mutation payloads)."""
    found = {row.id: row for row in await PipelineRepository(session).opportunities_by_ids(principal, ids)}
    return [found.get(i) for i in ids]
