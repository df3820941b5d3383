"""Which leads and opportunities a caller sees: the one row scope of each, listed in the sales manifest."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from rapport.core.authz.scopes import RowScope, row_filter
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.sales.models import Lead, Opportunity


def visible_leads(principal: Principal | None) -> ColumnElement[bool]:
    """Leads the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(principal, "Lead", id_column=Lead.id, owner_column=Lead.owner_id, team_column=Lead.team_id)


def visible_opportunities(principal: Principal | None) -> ColumnElement[bool]:
    """Opportunities the caller may see."""
    return row_filter(
        principal,
        "Opportunity",
        id_column=Opportunity.id,
        owner_column=Opportunity.owner_id,
        team_column=Opportunity.team_id,
    )


ROW_SCOPES = (
    RowScope("Lead", Lead, visible_leads, msg("No lead with that id.")),
    RowScope("Opportunity", Opportunity, visible_opportunities, msg("No opportunity with that id.")),
)
