"""Which segments, campaigns and journeys a caller sees: the row scope of each marketing type, listed in its
manifest."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from rapport.core.authz.policy import Access, current
from rapport.core.authz.scopes import RowScope, row_filter
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.journeys.models import Journey
from rapport.marketing.models import Segment


def visible_segments(principal: Principal | None) -> ColumnElement[bool]:
    """Segments the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Segment", id_column=Segment.id, owner_column=Segment.owner_id, team_column=Segment.team_id
    )


def visible_journeys(principal: Principal | None) -> ColumnElement[bool]:
    """Journeys the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Journey", id_column=Journey.id, owner_column=Journey.owner_id, team_column=Journey.team_id
    )


def visible_campaigns(principal: Principal | None) -> ColumnElement[bool]:
    """Campaigns the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Campaign", id_column=Campaign.id, owner_column=Campaign.owner_id, team_column=Campaign.team_id
    )


def is_marketing_manager(principal: Principal) -> bool:
    """Whether the policy makes the caller a marketing manager: it grants `Mutation.campaignApprove` (approving
    sends, changing the settings), the grant that sets managers apart from marketers."""
    return current().for_roles(principal.roles).access("Mutation.campaignApprove") >= Access.WRITE


ROW_SCOPES = (
    RowScope("Segment", Segment, visible_segments, msg("No segment with that id.")),
    RowScope("Journey", Journey, visible_journeys, msg("No journey with that id.")),
    RowScope("Campaign", Campaign, visible_campaigns, msg("No campaign with that id.")),
)
