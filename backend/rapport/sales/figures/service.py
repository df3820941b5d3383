"""Revenue targets and sales periods (the figures themselves are one statement each: `answers`)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.sales.admin import load_or_new, record_save
from rapport.sales.figures.repository import FigureRepository
from rapport.sales.models import SalesTarget, money

DIMENSIONS = ("rep", "team", "region", "month")
LOCAL = clock.BUSINESS_TZ


def period_end(period: str, start: date) -> date:
    """The first day after a month or quarter starting on `start`."""
    months = 3 if period == "quarter" else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


async def set_target(
    session: AsyncSession,
    actor: Principal,
    *,
    user_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    period: str,
    period_start: date,
    amount: Decimal,
) -> SalesTarget:
    """Set the target of a rep or team for a month or quarter (replacing one set before)."""
    if (user_id is None) == (team_id is None):
        raise BadUserInputError("A target is for a rep or for a team.", field="userId")
    if period not in ("month", "quarter"):
        raise BadUserInputError("period is month or quarter.", field="period")
    if period_start.day != 1 or (period == "quarter" and period_start.month % 3 != 1):
        raise BadUserInputError("A period starts on the first day of a month (of a quarter).", field="periodStart")
    amount = money(amount, "amount")
    target = await FigureRepository(session).target_of(user_id, team_id, period, period_start)
    if target is None:
        target = await load_or_new(session, SalesTarget, None, None, "target")
        target.user_id, target.team_id, target.period, target.period_start = user_id, team_id, period, period_start
    target.amount = amount
    target.updated_at = clock.now()
    await session.flush()
    record_save(session, actor, "SalesTarget", target.id, {"amount": amount, "period": period, "start": period_start})
    return target
