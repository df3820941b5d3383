"""Facts about the follow-up of opportunities as of a date, for win probability (analytics reads them).

`with_activity_facts` extends a statement of deals (columns `customer_id`, `as_of`, `quote_entered_at`) with what
was logged on their customers up to each deal's `as_of` only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import FromClause, Select, extract, func, select

from rapport.activities.models import Activity

#: The recent window activities are counted in.
RECENT = timedelta(days=30)


def with_activity_facts(deals: FromClause) -> Select[Any]:
    """Each deal with: activities on its customer in the 30 days before `as_of`, the last one's time (up to
    `as_of`), and when the first activity after it entered the quote stage happened (up to `as_of`; null when none
    yet or when it never did)."""
    d = deals.c
    a = Activity
    recent = (
        select(func.count())
        .where(a.customer_id == d.customer_id, a.occurred_at <= d.as_of, a.occurred_at > d.as_of - RECENT)
        .scalar_subquery()
    )
    last = select(func.max(a.occurred_at)).where(a.customer_id == d.customer_id, a.occurred_at <= d.as_of)
    response = select(func.min(a.occurred_at)).where(
        a.customer_id == d.customer_id, a.occurred_at > d.quote_entered_at, a.occurred_at <= d.as_of
    )
    last_at = last.scalar_subquery()
    return select(
        deals,
        recent.label("activities_30d"),
        (extract("epoch", d.as_of - last_at) / 86400.0).label("days_since_activity"),
        response.scalar_subquery().label("quote_response_at"),
    )
