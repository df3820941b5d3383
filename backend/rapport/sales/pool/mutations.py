"""Root mutation fields of the public pool: claims, allocation, and the pool's rules."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.customers.service import customer_model
from rapport.customers.types import Customer, customer_node
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome, read_after
from rapport.graphql.node import raw_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales.pool import service
from rapport.sales.pool.inputs import PoolAllocateInput, PoolClaimInput, PoolReleaseInput, PoolRuleInput
from rapport.sales.pool.types import PoolRule


@strawberry.type(description="The result of `poolClaim` and `poolAllocate`.")
class PoolPayload:
    """The customer, now owned."""

    customer: Customer | None = strawberry.field(description="The customer, if you may see it now.")
    claims_left: int | None = strawberry.field(description="poolClaim: claims you have left today.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (CLAIM_LIMIT, COOLDOWN); nothing changed if any."
    )


@strawberry.type(description="The result of `poolRelease`.")
class PoolReleasePayload:
    """The customer, now in the public pool."""

    customer: Customer | None = strawberry.field(
        description="The customer, if you may still see it (a rep no longer sees one given back)."
    )
    released: bool = strawberry.field(description="True once it is in the public pool.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (IN_POOL, ARCHIVED); nothing changed if any."
    )


@strawberry.type(description="The result of `poolRuleSave`.")
class PoolRulePayload:
    """The rule as saved."""

    rule: PoolRule | None = strawberry.field(description="The rule.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class PoolMutation:
    """Root mutation fields of the public pool."""

    @strawberry.mutation(description="Take a customer from the public pool (daily limit; not one you just lost).")
    async def pool_claim(self, info: Info, input: Annotated[PoolClaimInput, INPUT]) -> PoolPayload:
        """Claim a pool customer."""
        ctx = info.context
        customer_id = raw_id(input.customer_id, "Customer")

        async def body() -> int:
            async with ctx.write() as session:
                await service.claim(session, ctx.viewer, customer_id)
                return await service.claims_left(session, ctx.viewer)

        result = await attempt(body)
        if isinstance(result, list):
            return PoolPayload(customer=None, claims_left=None, user_errors=result)
        return PoolPayload(customer=await customer_node(ctx, customer_id), claims_left=result, user_errors=[])

    @strawberry.mutation(description="Give a pool customer to a member of your team (managers).")
    async def pool_allocate(self, info: Info, input: Annotated[PoolAllocateInput, INPUT]) -> PoolPayload:
        """Allocate a pool customer."""
        ctx = info.context
        customer_id = raw_id(input.customer_id, "Customer")
        user_id = raw_id(input.user_id, "User")

        async def body() -> None:
            async with ctx.write() as session:
                await service.allocate(session, ctx.viewer, customer_id, user_id)

        result = await attempt(body)
        if isinstance(result, list):
            return PoolPayload(customer=None, claims_left=None, user_errors=result)
        if read_after(info, "customer"):  # the compiled path reads it after the write
            return PoolPayload(
                customer=Customer.from_row(customer_model()(id=customer_id)), claims_left=None, user_errors=[]
            )
        return PoolPayload(customer=await customer_node(ctx, customer_id), claims_left=None, user_errors=[])

    @strawberry.mutation(description="Give a customer you own back to the public pool, saying why.")
    async def pool_release(self, info: Info, input: Annotated[PoolReleaseInput, INPUT]) -> PoolReleasePayload:
        """Release a customer to the pool."""
        ctx = info.context
        customer_id = raw_id(input.customer_id, "Customer")

        async def body() -> None:
            async with ctx.write() as session:
                await service.release(session, ctx.viewer, customer_id, input.reason)

        result = await attempt(body)
        if isinstance(result, list):
            return PoolReleasePayload(customer=None, released=False, user_errors=result)
        return PoolReleasePayload(customer=await customer_node(ctx, customer_id), released=True, user_errors=[])


@strawberry.type
class PoolAdminMutation:
    """Root mutation fields of the pool's rules."""

    @strawberry.mutation(description="Set the public-pool rule of a grade (null grade: the default rule).")
    async def pool_rule_save(self, info: Info, input: Annotated[PoolRuleInput, INPUT]) -> PoolRulePayload:
        """Save a pool rule."""
        ctx = info.context
        values: dict[str, Any] = {
            "grade": input.grade.value if input.grade else None,
            "days_without_follow_up": input.days_without_follow_up,
            "warn_days_before": input.warn_days_before,
            "daily_claim_limit": input.daily_claim_limit,
            "reclaim_cooldown_days": input.reclaim_cooldown_days,
            "exempt_from_stage_position": input.exempt_from_stage_position,
        }
        if input.counted_events is not None:
            values["counted_events"] = [event.value for event in input.counted_events]

        async def body() -> PoolRule:
            async with ctx.write() as session:
                rule = await service.save_pool_rule(session, ctx.viewer, values)
            return PoolRule.from_row(rule)

        return await outcome(PoolRulePayload, "rule", body)
