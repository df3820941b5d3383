"""Sales' building blocks for other domains' SQL (e.g. marketing's segment rules)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists

from rapport.core.principal import Principal
from rapport.sales.models import Lead
from rapport.sales.scopes import visible_leads


def customer_has_lead_from(customer_id: Any, source: str, principal: Principal | None) -> Any:
    """SQL: the customer (its id column) matched or was converted from a lead of `source` that the caller may see."""
    return exists().where(Lead.customer_id == customer_id, Lead.source == source, visible_leads(principal))
