"""GraphQL inputs of sales figures: targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from rapport.sales.enums import SalesPeriod


@strawberry.input(description="The target of a rep or a team for a month or quarter.")
class SalesTargetInput:
    """Give a user or a team."""

    user_id: strawberry.ID | None = strawberry.field(default=None, description="The rep.")
    team_id: strawberry.ID | None = strawberry.field(default=None, description="The team.")
    period: SalesPeriod = strawberry.field(default=SalesPeriod.MONTH, description="Month or quarter.")
    period_start: date = strawberry.field(description="The first day of the month or quarter.")
    amount: Decimal = strawberry.field(description="The revenue target (CNY).")
