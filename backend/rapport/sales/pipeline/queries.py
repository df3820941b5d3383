"""Root query fields of the pipeline: opportunities, stages and approval requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from rapport.core import clock
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField
from rapport.graphql.kit import enum_values, filtered_page_root, node_by_id, raw_ids, statement_page
from rapport.graphql.types import After, Connection, First
from rapport.sales.pipeline.inputs import ApprovalFilter, OpportunityFilter
from rapport.sales.pipeline.repository import (
    OpportunityFilterSpec,
    PipelineRepository,
    approval_rows,
    opportunity_by_id,
    opportunity_rows,
    stage_rows,
    visible_opportunity,
)
from rapport.sales.pipeline.types import Approval, Opportunity, PipelineStage


def _day(day: date | None) -> datetime | None:
    return None if day is None else clock.business_day_start(day)


def opportunity_filter_spec(f: OpportunityFilter | None) -> OpportunityFilterSpec:
    """The repository's filter from the GraphQL filter (days are China-time days, as in the sales figures)."""
    if f is None:
        return OpportunityFilterSpec()
    reached = raw_ids([f.reached_stage_id], "PipelineStage") if f.reached_stage_id is not None else None
    return OpportunityFilterSpec(
        statuses=enum_values(f.statuses),
        stage_ids=raw_ids(f.stage_ids, "PipelineStage"),
        customer_ids=raw_ids(f.customer_ids, "Customer"),
        owner_ids=raw_ids(f.owner_ids, "User"),
        search=(f.search or "").strip() or None,
        reached_stage_id=reached[0] if reached else None,
        created_from=_day(f.created_from),
        created_to=_day(f.created_to),
        closed_from=_day(f.closed_from),
        closed_to=_day(f.closed_to),
        provinces=[p.strip() for p in f.provinces if p.strip()] if f.provinces else None,
    )


def _approval_statuses(f: ApprovalFilter | None) -> list[str]:
    """The statuses an approvals filter asks for: pending ones by default."""
    return (enum_values(f.statuses) if f else None) or ["pending"]


#: The compiled root fields of opportunities and approvals (listed in the sales manifest).
ROOTS = {
    "pipelineStages": RootField("PipelineStage", "list", lambda principal, arguments: stage_rows()),
    "opportunity": RootField(
        "Opportunity",
        "one",
        lambda principal, arguments: visible_opportunity(principal, arguments["id"]),
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "Opportunity"},
    ),
    "opportunities": filtered_page_root(
        "Opportunity", lambda principal, f: opportunity_rows(principal, opportunity_filter_spec(f)), OpportunityFilter
    ),
    "approvals": filtered_page_root(
        "Approval", lambda principal, f: approval_rows(principal, _approval_statuses(f)), ApprovalFilter
    ),
}


@strawberry.type
class PipelineQuery:
    """Root query fields of the pipeline."""

    @strawberry.field(description="An opportunity by id; null when missing or not yours to see.")
    async def opportunity(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Opportunity | None:
        """One opportunity."""
        return await node_by_id(info, "Opportunity", id, opportunity_by_id, Opportunity.from_row)

    @strawberry.field(description="Opportunities you may see, newest first (the pipeline board filters by stage).")
    async def opportunities(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[OpportunityFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Opportunity]:
        """A page of opportunities."""
        rows = opportunity_rows(info.context.principal, opportunity_filter_spec(filter))
        return await statement_page(info, rows, first, after, Opportunity.from_row)

    @strawberry.field(description="The pipeline's stages in order.")
    async def pipeline_stages(self, info: Info) -> list[PipelineStage]:
        """Stages."""
        async with info.context.db.read() as session:
            rows = await PipelineRepository(session).stages()
        return [PipelineStage.from_row(s) for s in rows]

    @strawberry.field(description="Approval requests on opportunities you may see, oldest first.")
    async def approvals(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[ApprovalFilter | None, strawberry.argument(description="Default: pending.")] = None,
    ) -> Connection[Approval]:
        """A page of approval requests."""
        rows = approval_rows(info.context.principal, _approval_statuses(filter))
        return await statement_page(info, rows, first, after, Approval.from_row)
