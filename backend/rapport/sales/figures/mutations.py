"""Root mutation fields of sales figures: setting a target."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import optional_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales.figures import service
from rapport.sales.figures.inputs import SalesTargetInput
from rapport.sales.figures.types import SalesTarget


@strawberry.type(description="The result of `salesTargetSet`.")
class SalesTargetPayload:
    """The target as saved."""

    target: SalesTarget | None = strawberry.field(description="The target.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class FigureAdminMutation:
    """Root mutation fields of sales targets."""

    @strawberry.mutation(description="Set the target of a rep or team for a month or quarter (replaces it).")
    async def sales_target_set(self, info: Info, input: Annotated[SalesTargetInput, INPUT]) -> SalesTargetPayload:
        """Set a target."""
        ctx = info.context

        async def body() -> SalesTarget:
            async with ctx.write() as session:
                target = await service.set_target(
                    session,
                    ctx.viewer,
                    user_id=optional_id(input.user_id or None, "User"),
                    team_id=optional_id(input.team_id or None, "Team"),
                    period=input.period.value,
                    period_start=input.period_start,
                    amount=input.amount,
                )
            return SalesTarget.from_row(target)

        return await outcome(SalesTargetPayload, "target", body)
