"""Sales mutations: lead capture and work, opportunities through the pipeline, approvals, the public pool."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry

from rapport.core.errors import BadUserInputError
from rapport.customers.mutations import _reload
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales import leads, loaders, pipeline, pool
from rapport.sales.inputs import (
    ApprovalDecideInput,
    LeadAssignInput,
    LeadBulkCreateInput,
    LeadConvertInput,
    LeadCreateInput,
    LeadStatusSetInput,
    LeadSubmitInput,
    OpportunityCreateInput,
    OpportunityMoveStageInput,
    OpportunityUpdateInput,
    PoolAllocateInput,
    PoolClaimInput,
)
from rapport.sales.types import Approval, Lead, Opportunity

T = TypeVar("T")

#: Most leads one leadBulkCreate takes.
BULK_LIMIT = 1000


def user_error(error: BadUserInputError) -> UserError:
    """A UserError whose code is the error's reason (e.g. CLAIM_LIMIT) when it has one."""
    reason = error.extensions.get("reason")
    return UserError.from_error(error, code=str(reason) if reason else None)


async def guard(body: Callable[[], Awaitable[T]]) -> T | list[UserError]:
    """Run a unit of work; user-fixable errors become UserErrors (nothing was written)."""
    try:
        return await body()
    except BadUserInputError as error:
        return [user_error(error)]


@strawberry.type(description="The result of `leadSubmit`.")
class LeadSubmitPayload:
    """Whether the submission was taken (the lead itself is not shown to anonymous callers)."""

    accepted: bool = strawberry.field(description="True once the submission is recorded.")
    user_errors: list[UserError] = strawberry.field(description="Problems the visitor can fix.")


@strawberry.type(description="The result of a mutation on a lead.")
class LeadPayload:
    """The lead as it is now, or what went wrong."""

    lead: Lead | None = strawberry.field(description="The lead after the change.")
    duplicate: bool = strawberry.field(
        description="leadCreate: the phone or email matched an open lead. When `lead` is that lead, it was updated "
        "instead; when `lead` is null, a possible duplicate exists that you cannot see, and the new lead waits "
        "unassigned for your managers to review."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `leadBulkCreate`.")
class LeadBulkCreatePayload:
    """What the import did: rows with problems are reported and skipped, the others are kept."""

    created: int = strawberry.field(description="New leads.")
    duplicates: int = strawberry.field(description="Rows that matched an open lead and were linked to it.")
    leads: list[Lead] = strawberry.field(description="The new or matched lead of each accepted row, in order.")
    user_errors: list[UserError] = strawberry.field(description='Skipped rows, e.g. field "leads.3.phone".')


@strawberry.type(description="The result of `leadConvert`.")
class LeadConvertPayload:
    """What the conversion created or linked."""

    lead: Lead | None = strawberry.field(description="The lead, now CONVERTED.")
    customer: Customer | None = strawberry.field(description="The new or linked customer.")
    opportunity: Opportunity | None = strawberry.field(description="The opened opportunity.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


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


@strawberry.type(description="The result of `poolClaim` and `poolAllocate`.")
class PoolPayload:
    """The customer, now owned."""

    customer: Customer | None = strawberry.field(description="The customer, if you may see it now.")
    claims_left: int | None = strawberry.field(description="poolClaim: claims you have left today.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (CLAIM_LIMIT, COOLDOWN); nothing changed if any."
    )


def _draft(data: LeadCreateInput | LeadSubmitInput, owner: Any = None) -> leads.LeadDraft:
    return leads.LeadDraft(
        name=data.name,
        source=data.source,
        company=data.company,
        title=data.title,
        phone=data.phone,
        email=data.email,
        province=data.province,
        city=data.city,
        message=data.message,
        score=getattr(data, "score", 0),
        owner_id=owner,
    )


def _owner(data: LeadCreateInput) -> Any:
    return from_global_id(data.owner_id, "User")[1] if data.owner_id else None


@strawberry.type
class SalesMutation:
    """Root mutation fields of sales."""

    @strawberry.mutation(
        description="A web-form lead (no sign-in): 10 an hour per address; a known phone or email links, "
        "never duplicates."
    )
    async def lead_submit(self, info: Info, input: Annotated[LeadSubmitInput, INPUT]) -> LeadSubmitPayload:
        """Capture a public lead."""
        ctx = info.context

        async def body() -> bool:
            async with ctx.write() as session:
                await leads.submit_public(session, _draft(input), ctx.client_address, input.website)
            return True

        result = await guard(body)
        if isinstance(result, list):
            return LeadSubmitPayload(accepted=False, user_errors=result)
        return LeadSubmitPayload(accepted=True, user_errors=[])

    @strawberry.mutation(description="Enter a lead; without an owner the assignment rules pick one.")
    async def lead_create(self, info: Info, input: Annotated[LeadCreateInput, INPUT]) -> LeadPayload:
        """Capture a lead by hand."""
        ctx = info.context

        async def body() -> leads.Capture:
            async with ctx.write() as session:
                return await leads.capture(session, _draft(input, _owner(input)), ctx.viewer)

        result = await guard(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        lead = await _visible_lead(info, result.lead)
        return LeadPayload(lead=lead, duplicate=result.duplicate, user_errors=[])

    @strawberry.mutation(description="Import up to 1,000 leads; rows with problems are reported and skipped.")
    async def lead_bulk_create(self, info: Info, input: Annotated[LeadBulkCreateInput, INPUT]) -> LeadBulkCreatePayload:
        """Capture many leads."""
        ctx = info.context
        if len(input.leads) > BULK_LIMIT:
            error = UserError(
                field="leads", message=f"Import at most {BULK_LIMIT} leads at a time.", code="BAD_USER_INPUT"
            )
            return LeadBulkCreatePayload(created=0, duplicates=0, leads=[], user_errors=[error])
        errors: list[UserError] = []
        captured: list[leads.Capture] = []
        async with ctx.write() as session:
            for i, row in enumerate(input.leads):
                try:
                    async with session.begin_nested():
                        captured.append(await leads.capture(session, _draft(row, _owner(row)), ctx.viewer))
                except BadUserInputError as error:
                    field = error.extensions.get("field")
                    errors.append(
                        UserError(
                            field=f"leads.{i}.{field}" if field else f"leads.{i}",
                            message=error.message,
                            code=error.code.value,
                        )
                    )
        ids = [c.lead.id for c in captured if c.lead is not None]
        visible = await ctx.loaders.scoped(loaders.lead_by_id).load_many(ids)
        shown = [Lead.from_row(row) for row in visible if row is not None]
        return LeadBulkCreatePayload(
            created=sum(1 for c in captured if c.created),
            duplicates=sum(1 for c in captured if c.duplicate),
            leads=shown,
            user_errors=errors,
        )

    @strawberry.mutation(description="Give a lead to another rep (they are notified).")
    async def lead_assign(self, info: Info, input: Annotated[LeadAssignInput, INPUT]) -> LeadPayload:
        """Reassign a lead."""
        ctx = info.context
        _, lead_id = from_global_id(input.id, "Lead")
        _, user_id = from_global_id(input.owner_id, "User")

        async def body() -> Any:
            async with ctx.write() as session:
                return await leads.assign(session, ctx.viewer, lead_id, user_id)

        result = await guard(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        return LeadPayload(lead=await _visible_lead(info, result), duplicate=False, user_errors=[])

    @strawberry.mutation(description="Work on, qualify or disqualify a lead.")
    async def lead_status_set(self, info: Info, input: Annotated[LeadStatusSetInput, INPUT]) -> LeadPayload:
        """Change a lead's status."""
        ctx = info.context
        _, lead_id = from_global_id(input.id, "Lead")

        async def body() -> Any:
            async with ctx.write() as session:
                return await leads.set_status(session, ctx.viewer, lead_id, input.status.value)

        result = await guard(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        return LeadPayload(lead=Lead.from_row(result), duplicate=False, user_errors=[])

    @strawberry.mutation(
        description="Convert a lead: create (or link) the customer and contact and open an opportunity, all or nothing."
    )
    async def lead_convert(self, info: Info, input: Annotated[LeadConvertInput, INPUT]) -> LeadConvertPayload:
        """Convert a lead."""
        ctx = info.context
        _, lead_id = from_global_id(input.id, "Lead")
        customer_id = from_global_id(input.customer_id, "Customer")[1] if input.customer_id else None

        async def body() -> leads.Conversion:
            async with ctx.write() as session:
                return await leads.convert(
                    session,
                    ctx.viewer,
                    lead_id,
                    customer_id=customer_id,
                    opportunity_name=input.opportunity_name,
                    amount=input.amount,
                )

        result = await guard(body)
        if isinstance(result, list):
            return LeadConvertPayload(lead=None, customer=None, opportunity=None, user_errors=result)
        opportunity = await info.context.loaders.scoped(loaders.opportunity_by_id).load(result.opportunity_id)
        return LeadConvertPayload(
            lead=Lead.from_row(result.lead),
            customer=await _reload(ctx, result.customer_id),
            opportunity=None if opportunity is None else Opportunity.from_row(opportunity),
            user_errors=[],
        )

    @strawberry.mutation(description="Open an opportunity with a customer.")
    async def opportunity_create(
        self, info: Info, input: Annotated[OpportunityCreateInput, INPUT]
    ) -> OpportunityPayload:
        """A new opportunity."""
        ctx = info.context
        _, customer_id = from_global_id(input.customer_id, "Customer")
        stage_id = from_global_id(input.stage_id, "PipelineStage")[1] if input.stage_id else None

        async def body() -> Any:
            async with ctx.write() as session:
                return await pipeline.create(
                    session, ctx.viewer, customer_id, input.name, input.amount, stage_id, input.expected_close
                )

        result = await guard(body)
        if isinstance(result, list):
            return OpportunityPayload(opportunity=None, user_errors=result)
        # Owned by the customer's owner: shown only if the caller's scope holds it.
        shown = await info.context.loaders.scoped(loaders.opportunity_by_id).load(result.id)
        return OpportunityPayload(opportunity=None if shown is None else Opportunity.from_row(shown), user_errors=[])

    @strawberry.mutation(description="Change an open opportunity; a stale `version` is a CONFLICT.")
    async def opportunity_update(
        self, info: Info, input: Annotated[OpportunityUpdateInput, INPUT]
    ) -> OpportunityPayload:
        """Update an opportunity."""
        ctx = info.context
        _, opportunity_id = from_global_id(input.id, "Opportunity")
        changes = {"name": input.name, "amount": input.amount, "expected_close": input.expected_close}
        if input.name is not None and not input.name.strip():
            error = UserError(field="name", message="Name the opportunity.", code="BAD_USER_INPUT")
            return OpportunityPayload(opportunity=None, user_errors=[error])

        async def body() -> Any:
            async with ctx.write() as session:
                return await pipeline.update(session, ctx.viewer, opportunity_id, input.version, changes)

        result = await guard(body)
        if isinstance(result, list):
            return OpportunityPayload(opportunity=None, user_errors=result)
        return OpportunityPayload(opportunity=Opportunity.from_row(result), user_errors=[])

    @strawberry.mutation(
        description="Move an opportunity; entering a gated stage (e.g. a big quote) asks a director instead."
    )
    async def opportunity_move_stage(
        self, info: Info, input: Annotated[OpportunityMoveStageInput, INPUT]
    ) -> OpportunityMovePayload:
        """Move to a stage."""
        ctx = info.context
        _, opportunity_id = from_global_id(input.id, "Opportunity")
        _, stage_id = from_global_id(input.stage_id, "PipelineStage")

        async def body() -> pipeline.Move:
            async with ctx.write() as session:
                return await pipeline.move(
                    session, ctx.viewer, opportunity_id, stage_id, input.version, input.lost_reason
                )

        result = await guard(body)
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
        _, approval_id = from_global_id(input.id, "Approval")

        async def body() -> Any:
            async with ctx.write() as session:
                return await pipeline.decide(session, ctx.viewer, approval_id, input.approve, input.comment)

        result = await guard(body)
        if isinstance(result, list):
            return ApprovalPayload(approval=None, opportunity=None, user_errors=result)
        opportunity = await info.context.loaders.scoped(loaders.opportunity_by_id).load(result.opportunity_id)
        return ApprovalPayload(
            approval=Approval.from_row(result),
            opportunity=None if opportunity is None else Opportunity.from_row(opportunity),
            user_errors=[],
        )

    @strawberry.mutation(description="Take a customer from the public pool (daily limit; not one you just lost).")
    async def pool_claim(self, info: Info, input: Annotated[PoolClaimInput, INPUT]) -> PoolPayload:
        """Claim a pool customer."""
        ctx = info.context
        _, customer_id = from_global_id(input.customer_id, "Customer")

        async def body() -> int:
            async with ctx.write() as session:
                await pool.claim(session, ctx.viewer, customer_id)
                return await pool.claims_left(session, ctx.viewer)

        result = await guard(body)
        if isinstance(result, list):
            return PoolPayload(customer=None, claims_left=None, user_errors=result)
        return PoolPayload(customer=await _reload(ctx, customer_id), claims_left=result, user_errors=[])

    @strawberry.mutation(description="Give a pool customer to a member of your team (managers).")
    async def pool_allocate(self, info: Info, input: Annotated[PoolAllocateInput, INPUT]) -> PoolPayload:
        """Allocate a pool customer."""
        ctx = info.context
        _, customer_id = from_global_id(input.customer_id, "Customer")
        _, user_id = from_global_id(input.user_id, "User")

        async def body() -> None:
            async with ctx.write() as session:
                await pool.allocate(session, ctx.viewer, customer_id, user_id)

        result = await guard(body)
        if isinstance(result, list):
            return PoolPayload(customer=None, claims_left=None, user_errors=result)
        return PoolPayload(customer=await _reload(ctx, customer_id), claims_left=None, user_errors=[])


async def _visible_lead(info: Info, row: Any) -> Lead | None:
    """The lead if the caller may see it (a rule may have given it to someone else)."""
    if row is None:
        return None
    visible = await info.context.loaders.scoped(loaders.lead_by_id).load(row.id)
    return None if visible is None else Lead.from_row(visible)
