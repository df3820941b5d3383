"""Per-customer follow-up facts as of a date, for the churn model (`rapport.analytics.churn.features`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from rapport.activities.models import Activity


def activity_facts_as_of(as_of: Any, days: int = 90) -> Any:
    """Query building block: one row per customer with an activity before `as_of` (a SQL timestamp), with
    `activities_recent` (in the `days` before it) and `last_activity_at` (the latest before it)."""
    since = as_of - timedelta(days=days)
    return (
        select(
            Activity.customer_id.label("customer_id"),
            func.count().filter(Activity.occurred_at >= since).label("activities_recent"),
            func.max(Activity.occurred_at).label("last_activity_at"),
        )
        .where(Activity.occurred_at < as_of)
        .group_by(Activity.customer_id)
        .subquery("churn_activities")
    )
