"""Sales' query building blocks for other domains (marketing's segment rules and attribution read leads and
won deals here)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select

from rapport.core.principal import Principal
from rapport.sales.models import Lead, Opportunity
from rapport.sales.scopes import visible_leads


def won_deal_conversions() -> Any:
    """Won opportunities as a SELECT of `id`, `customer_id`, `at` (closed) and `revenue` (the amount)."""
    return select(
        Opportunity.id.label("id"),
        Opportunity.customer_id.label("customer_id"),
        Opportunity.closed_at.label("at"),
        Opportunity.amount.label("revenue"),
    ).where(Opportunity.status == "won", Opportunity.closed_at.is_not(None))


def deal_order_ids() -> Any:
    """The ids of the orders won opportunities created (a SELECT of one column): the win is their conversion."""
    return select(Opportunity.order_id).where(Opportunity.order_id.is_not(None))


def lead_conversions() -> Any:
    """Leads as a SELECT of `id`, `customer_id` (null until matched or converted) and `at` (created)."""
    return select(Lead.id.label("id"), Lead.customer_id.label("customer_id"), Lead.created_at.label("at"))


def lead_touch_rows() -> Any:
    """Leads with what a web form's touch needs: `id`, `customer_id`, `at` (created), `source` (the form) and the
    UTM parameters `utm_source`, `utm_medium`, `utm_campaign`."""
    return select(
        Lead.id.label("id"),
        Lead.customer_id.label("customer_id"),
        Lead.created_at.label("at"),
        Lead.source.label("source"),
        Lead.utm_source.label("utm_source"),
        Lead.utm_medium.label("utm_medium"),
        Lead.utm_campaign.label("utm_campaign"),
    )


def customer_has_lead_from(customer_id: Any, source: str, principal: Principal | None) -> Any:
    """SQL: the customer (its id column) matched or was converted from a lead of `source` that the caller may see."""
    return exists().where(Lead.customer_id == customer_id, Lead.source == source, visible_leads(principal))
