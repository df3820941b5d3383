"""Root query fields of campaigns."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.declare import RootField
from rapport.graphql.kit import enum_values, filtered_page_root, node_by_id, statement_page
from rapport.graphql.types import After, Connection, First
from rapport.marketing.campaigns.inputs import CampaignFilter
from rapport.marketing.campaigns.repository import campaign_by_id, campaign_rows, visible_campaign
from rapport.marketing.campaigns.types import Campaign

#: The compiled root fields of campaigns (listed in the marketing manifest).
ROOTS = {
    "campaign": RootField(
        "Campaign",
        "one",
        lambda principal, arguments: visible_campaign(principal, arguments["id"]),
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "Campaign"},
    ),
    "campaigns": filtered_page_root(
        "Campaign",
        lambda principal, f: campaign_rows(principal, enum_values(f.statuses) if f else None),
        CampaignFilter,
    ),
}


@strawberry.type
class CampaignQuery:
    """Root query fields of campaigns."""

    @strawberry.field(description="A campaign by id; null when missing or not yours to see.")
    async def campaign(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Campaign | None:
        """One campaign."""
        return await node_by_id(info, "Campaign", id, campaign_by_id, Campaign.from_row)

    @strawberry.field(description="Campaigns you may see (your own, your team's or all), newest first.")
    async def campaigns(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[CampaignFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Campaign]:
        """A page of campaigns."""
        rows = campaign_rows(info.context.principal, enum_values(filter.statuses) if filter else None)
        return await statement_page(info, rows, first, after, Campaign.from_row)
