"""Root mutation field of an opportunity's product lines."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import raw_id
from rapport.graphql.types import INPUT
from rapport.sales.lines import service
from rapport.sales.lines.inputs import OpportunityLinesSetInput
from rapport.sales.pipeline.mutations import OpportunityPayload
from rapport.sales.pipeline.types import Opportunity


@strawberry.type
class LineMutation:
    """Root mutation fields of opportunity lines."""

    @strawberry.mutation(
        description="Set the products on an open deal (replacing its lines); with lines, its amount is their total. "
        "A stale `version` is a CONFLICT."
    )
    async def opportunity_lines_set(
        self, info: Info, input: Annotated[OpportunityLinesSetInput, INPUT]
    ) -> OpportunityPayload:
        """Replace a deal's lines."""
        ctx = info.context
        opportunity_id = raw_id(input.id, "Opportunity")
        drafts = [
            service.LineDraft(raw_id(line.product_id, "Product"), line.quantity, line.unit_price)
            for line in input.lines
        ]

        async def body() -> Opportunity:
            async with ctx.write() as session:
                row = await service.set_lines(session, ctx.viewer, opportunity_id, input.version, drafts)
            return Opportunity.from_row(row)

        return await outcome(OpportunityPayload, "opportunity", body)
