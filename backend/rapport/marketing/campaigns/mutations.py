"""Root mutation fields of campaigns: save, costs, approval, scheduling, sending now and cancelling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import optional_id, raw_id
from rapport.graphql.types import INPUT, UserError
from rapport.marketing.campaigns import models, service
from rapport.marketing.campaigns.inputs import (
    CampaignCostAddInput,
    CampaignCostDeleteInput,
    CampaignInput,
    CampaignSaveInput,
    CampaignScheduleInput,
)
from rapport.marketing.campaigns.types import Campaign


@strawberry.type(description="The result of a mutation on a campaign.")
class CampaignPayload:
    """The campaign as it is now, or what went wrong."""

    campaign: Campaign | None = strawberry.field(description="The campaign after the change.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


Change = Callable[[AsyncSession, Principal], Awaitable[models.Campaign]]


async def _change(info: Info, change: Change) -> CampaignPayload:
    async def run() -> Campaign:
        async with info.context.write() as session:
            row = await change(session, info.context.viewer)
        return Campaign.from_row(row)

    return await outcome(CampaignPayload, "campaign", run)


@strawberry.type
class CampaignMutation:
    """Root mutation fields of campaigns."""

    @strawberry.mutation(description="Create or change a draft campaign (a change withdraws its approval).")
    async def campaign_save(self, info: Info, input: Annotated[CampaignSaveInput, INPUT]) -> CampaignPayload:
        """Save a campaign."""
        contents = None
        if input.contents is not None:
            contents = [service.ContentDraft(c.channel.value, c.locale, c.subject, c.body) for c in input.contents]
        values = {
            "name": input.name,
            "goal": input.goal,
            "channels": [c.value for c in input.channels] if input.channels is not None else None,
            "budget": input.budget,
            "segment_id": optional_id(input.segment_id, "Segment"),
        }
        campaign_id = optional_id(input.id, "Campaign")
        return await _change(
            info, lambda s, p: service.save_campaign(s, p, campaign_id, input.version, values, contents)
        )

    @strawberry.mutation(description="Add an actual cost to a campaign.")
    async def campaign_cost_add(self, info: Info, input: Annotated[CampaignCostAddInput, INPUT]) -> CampaignPayload:
        """Add a cost."""
        campaign_id = raw_id(input.campaign_id, "Campaign")
        return await _change(
            info, lambda s, p: service.add_cost(s, p, campaign_id, input.label, input.amount, input.incurred_on)
        )

    @strawberry.mutation(description="Remove a cost line of a campaign.")
    async def campaign_cost_delete(
        self, info: Info, input: Annotated[CampaignCostDeleteInput, INPUT]
    ) -> CampaignPayload:
        """Remove a cost."""
        cost_id = raw_id(input.cost_id, "CampaignCost")
        return await _change(info, lambda s, p: service.delete_cost(s, p, cost_id))

    @strawberry.mutation(description="Approve a draft for sending (marketing managers and admins).")
    async def campaign_approve(self, info: Info, input: Annotated[CampaignInput, INPUT]) -> CampaignPayload:
        """Approve."""
        campaign_id = raw_id(input.campaign_id, "Campaign")
        return await _change(info, lambda s, p: service.approve(s, p, campaign_id))

    @strawberry.mutation(
        description="Schedule a draft: its audience is frozen; above the approval threshold it needs approval "
        "first (userError APPROVAL_REQUIRED)."
    )
    async def campaign_schedule(self, info: Info, input: Annotated[CampaignScheduleInput, INPUT]) -> CampaignPayload:
        """Schedule."""
        campaign_id = raw_id(input.campaign_id, "Campaign")
        return await _change(info, lambda s, p: service.schedule(s, p, campaign_id, input.at))

    @strawberry.mutation(description="Send a draft now (as campaignSchedule without a time).")
    async def campaign_send_now(self, info: Info, input: Annotated[CampaignInput, INPUT]) -> CampaignPayload:
        """Send now."""
        campaign_id = raw_id(input.campaign_id, "Campaign")
        return await _change(info, lambda s, p: service.schedule(s, p, campaign_id, clock.now()))

    @strawberry.mutation(description="Cancel a campaign: nothing more of it is sent.")
    async def campaign_cancel(self, info: Info, input: Annotated[CampaignInput, INPUT]) -> CampaignPayload:
        """Cancel."""
        campaign_id = raw_id(input.campaign_id, "Campaign")
        return await _change(info, lambda s, p: service.cancel(s, p, campaign_id))
