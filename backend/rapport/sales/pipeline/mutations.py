"""Root mutation fields of the pipeline: opportunities, stage moves, approvals, and the stages themselves."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome, read_after
from rapport.graphql.node import optional_id, raw_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales.models import Opportunity as OpportunityRow
from rapport.sales.pipeline import service, stages
from rapport.sales.pipeline.inputs import (
    ApprovalDecideInput,
    OpportunityCreateInput,
    OpportunityMoveStageInput,
    OpportunityUpdateInput,
    PipelineStageInput,
)
from rapport.sales.pipeline.repository import opportunity_by_id
from rapport.sales.pipeline.types import Approval, Opportunity, PipelineStage


@strawberry.type(description="The result of a mutation on an opportunity.")
class OpportunityPayload:
    """The opportunity as it is now."""

    opportunity: Opportunity | None = strawberry.field(description="The opportunity after the change.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `opportunityMoveStage`.")
class OpportunityMovePayload:
    """Moved, or waiting for a director's approval."""

    opportunity: Opportunity | None = strawberry.field(description="The opportunity after the call.")
    moved: bool = strawberry.field(description="False when the stage needs approval: see `approval`.")
    approval: Approval | None = strawberry.field(description="The approval request the move created.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (INVALID_TRANSITION, APPROVAL_PENDING); nothing changed if any."
    )


@strawberry.type(description="The result of `approvalDecide`.")
class ApprovalPayload:
    """The decided request and the opportunity."""

    approval: Approval | None = strawberry.field(description="The request, now approved or rejected.")
    opportunity: Opportunity | None = strawberry.field(description="The opportunity (moved when approved).")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix (ALREADY_DECIDED).")


@strawberry.type(description="The result of `pipelineStageSave`.")
class PipelineStagePayload:
    """The stage as saved."""

    stage: PipelineStage | None = strawberry.field(description="The stage.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


async def shown_opportunity(info: Info, opportunity_id: Any) -> Opportunity | None:
    """The opportunity if the caller may see it (a new one belongs to the customer's owner); its id alone when the
    compiled path reads it after the write (`kit.read_after`)."""
    if read_after(info, "opportunity"):
        return Opportunity.from_row(OpportunityRow(id=opportunity_id))
    row = await info.context.loaders.scoped(opportunity_by_id).load(opportunity_id)
    return None if row is None else Opportunity.from_row(row)


@strawberry.type
class PipelineMutation:
    """Root mutation fields of the pipeline."""

    @strawberry.mutation(description="Open an opportunity with a customer.")
    async def opportunity_create(
        self, info: Info, input: Annotated[OpportunityCreateInput, INPUT]
    ) -> OpportunityPayload:
        """A new opportunity."""
        ctx = info.context
        customer_id = raw_id(input.customer_id, "Customer")
        stage_id = optional_id(input.stage_id or None, "PipelineStage")

        async def body() -> Opportunity | None:
            async with ctx.write() as session:
                created = await service.create(
                    session, ctx.viewer, customer_id, input.name, input.amount, stage_id, input.expected_close
                )
            return await shown_opportunity(info, created.id)

        return await outcome(OpportunityPayload, "opportunity", body)

    @strawberry.mutation(description="Change an open opportunity; a stale `version` is a CONFLICT.")
    async def opportunity_update(
        self, info: Info, input: Annotated[OpportunityUpdateInput, INPUT]
    ) -> OpportunityPayload:
        """Update an opportunity."""
        ctx = info.context
        opportunity_id = raw_id(input.id, "Opportunity")
        changes = {"name": input.name, "amount": input.amount, "expected_close": input.expected_close}
        if input.name is not None and not input.name.strip():
            error = UserError.of("Name the opportunity.", field="name", code="BAD_USER_INPUT")
            return OpportunityPayload(opportunity=None, user_errors=[error])

        async def body() -> Opportunity:
            async with ctx.write() as session:
                updated = await service.update(session, ctx.viewer, opportunity_id, input.version, changes)
            return Opportunity.from_row(updated)

        return await outcome(OpportunityPayload, "opportunity", body)

    @strawberry.mutation(
        description="Move an opportunity; entering a gated stage (e.g. a big quote) asks a director instead."
    )
    async def opportunity_move_stage(
        self, info: Info, input: Annotated[OpportunityMoveStageInput, INPUT]
    ) -> OpportunityMovePayload:
        """Move to a stage."""
        ctx = info.context
        opportunity_id = raw_id(input.id, "Opportunity")
        stage_id = raw_id(input.stage_id, "PipelineStage")

        async def body() -> service.Move:
            async with ctx.write() as session:
                return await service.move(
                    session, ctx.viewer, opportunity_id, stage_id, input.version, input.lost_reason
                )

        result = await attempt(body)
        if isinstance(result, list):
            return OpportunityMovePayload(opportunity=None, moved=False, approval=None, user_errors=result)
        return OpportunityMovePayload(
            opportunity=Opportunity.from_row(result.opportunity),
            moved=result.moved,
            approval=None if result.approval is None else Approval.from_row(result.approval),
            user_errors=[],
        )

    @strawberry.mutation(description="Approve (the opportunity moves) or reject a stage move; the requester is told.")
    async def approval_decide(self, info: Info, input: Annotated[ApprovalDecideInput, INPUT]) -> ApprovalPayload:
        """Decide an approval request."""
        ctx = info.context
        approval_id = raw_id(input.id, "Approval")

        async def body() -> Any:
            async with ctx.write() as session:
                return await service.decide(session, ctx.viewer, approval_id, input.approve, input.comment)

        result = await attempt(body)
        if isinstance(result, list):
            return ApprovalPayload(approval=None, opportunity=None, user_errors=result)
        return ApprovalPayload(
            approval=Approval.from_row(result),
            opportunity=await shown_opportunity(info, result.opportunity_id),
            user_errors=[],
        )


@strawberry.type
class PipelineAdminMutation:
    """Root mutation fields of the pipeline's stages."""

    @strawberry.mutation(description="Create or change a pipeline stage: order, probability, approval gate.")
    async def pipeline_stage_save(
        self, info: Info, input: Annotated[PipelineStageInput, INPUT]
    ) -> PipelineStagePayload:
        """Save a stage."""
        ctx = info.context
        values: dict[str, Any] = {
            "key": (input.key or "").strip() or None,
            "name": input.name.strip(),
            "position": input.position,
            "probability": input.probability,
            "requires_approval": input.requires_approval,
            "is_won": input.is_won,
            "is_lost": input.is_lost,
        }
        if input.approval_threshold is not strawberry.UNSET:
            values["approval_threshold"] = input.approval_threshold

        async def body() -> PipelineStage:
            async with ctx.write() as session:
                stage = await stages.save_stage(
                    session, ctx.viewer, optional_id(input.id or None, "PipelineStage"), input.version, values
                )
            return PipelineStage.from_row(stage)

        return await outcome(PipelineStagePayload, "stage", body)
