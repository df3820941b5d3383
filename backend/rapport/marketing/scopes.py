"""Which segments and campaigns a caller sees: the row scopes of the marketing types, listed in its manifest."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from rapport.core.authz.scopes import RowScope, row_filter
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.models import Segment


def visible_segments(principal: Principal | None) -> ColumnElement[bool]:
    """Segments the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Segment", id_column=Segment.id, owner_column=Segment.owner_id, team_column=Segment.team_id
    )


def visible_campaigns(principal: Principal | None) -> ColumnElement[bool]:
    """Campaigns the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Campaign", id_column=Campaign.id, owner_column=Campaign.owner_id, team_column=Campaign.team_id
    )


ROW_SCOPES = (
    RowScope("Segment", Segment, visible_segments, msg("No segment with that id.")),
    RowScope("Campaign", Campaign, visible_campaigns, msg("No campaign with that id.")),
)
