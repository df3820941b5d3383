"""Which segments a caller sees: the one row scope of each marketing type, listed in the marketing manifest."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from rapport.core.authz.scopes import RowScope, row_filter
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.marketing.models import Segment


def visible_segments(principal: Principal | None) -> ColumnElement[bool]:
    """Segments the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(
        principal, "Segment", id_column=Segment.id, owner_column=Segment.owner_id, team_column=Segment.team_id
    )


ROW_SCOPES = (RowScope("Segment", Segment, visible_segments, msg("No segment with that id.")),)
