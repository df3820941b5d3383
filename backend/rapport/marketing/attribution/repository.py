"""The SQL of attribution: conversions, each conversion's touches with every model's share, and the figures.

A conversion is an order placed (not cancelled or refunded, and not created by a won deal), a won opportunity or
a lead created. Its touches are its customer's (a lead's also its own web-form touch) from the lookback window
before it up to its moment. The shares are the models of `rapport.marketing.attribution.credit`, written with
window functions over each conversion's touches ordered by time (numeric, so that they sum to exactly 1).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Numeric, Select, and_, case, cast, func, literal, or_, select, union_all

from rapport.customers.service import order_conversions
from rapport.marketing.attribution.credit import POSITION_ENDS, Model
from rapport.marketing.campaigns.models import Campaign, CampaignCost
from rapport.marketing.models import MarketingSpend, MarketingTouch
from rapport.sales.service import deal_order_ids, lead_conversions, won_deal_conversions

#: Touch kinds that are a response (the person acted): opening or clicking a message, a web form, a UTM visit.
RESPONSE_KINDS = ("message_opened", "message_clicked", "lead_form", "utm_visit")
#: Conversions that carry revenue (sales revenue of the spend ratio).
REVENUE_KINDS = ("order", "opportunity_won")


@dataclass(frozen=True)
class Window:
    """Conversions from `start` (inclusive) to `end` (exclusive); touches up to `lookback` before each."""

    start: datetime | None
    end: datetime | None
    lookback: timedelta
    half_life_days: int
    #: Whether won deals are conversions (for callers who may read deals and their amounts; without, the orders won
    #: deals created count instead, so the revenue stays the same and no deal is revealed).
    deals: bool = True


def _tagged(stmt: Any, kind: str, revenue: Any = None) -> Select[Any]:
    part = stmt.subquery()
    amount = part.c.revenue if revenue is None else revenue
    return select(
        literal(kind).label("kind"),
        part.c.id,
        part.c.customer_id,
        part.c.at,
        cast(amount, Numeric(14, 2)).label("revenue"),
    )


def conversions(start: datetime | None = None, end: datetime | None = None, deals: bool = True) -> Any:
    """Every conversion (`kind`, `id`, `customer_id`, `at`, `revenue`), optionally in [start, end), a subquery.
    With `deals` a won deal is a conversion and the order it created is not counted again; without, that order is
    counted (as an order) and won deals are left out."""
    orders = order_conversions()
    if deals:
        orders = orders.where(orders.selected_columns.id.not_in(deal_order_ids()))
        parts = [_tagged(orders, "order"), _tagged(won_deal_conversions(), "opportunity_won")]
    else:
        parts = [_tagged(orders, "order")]
    every = union_all(*parts, _tagged(lead_conversions(), "lead", literal(0))).subquery("every_conversion")
    stmt = select(every)
    if start is not None:
        stmt = stmt.where(every.c.at >= start)
    if end is not None:
        stmt = stmt.where(every.c.at < end)
    return stmt.subquery("conversion")


def credited(window: Window, conversion: Any = None) -> Any:
    """Each (conversion, touch) pair with the touch's share under every model (columns named by `Model` values),
    a subquery; `conversion` narrows to one conversion's subquery (the drill-down)."""
    c = conversions(window.start, window.end, window.deals) if conversion is None else conversion
    t = MarketingTouch
    part = (c.c.kind, c.c.id)
    age_days = func.extract("epoch", c.c.at - t.at) / 86400
    weight = func.power(cast(0.5, Numeric), cast(age_days, Numeric) / window.half_life_days)
    pairs = (
        select(
            c.c.kind.label("conversion_kind"),
            c.c.id.label("conversion_id"),
            c.c.at.label("converted_at"),
            c.c.revenue,
            t,
            func.count().over(partition_by=part).label("n"),
            func.row_number().over(partition_by=part, order_by=(t.at, t.id)).label("rn"),
            (weight / func.sum(weight).over(partition_by=part)).label("decay"),
        )
        .join(
            c,
            and_(
                or_(t.customer_id == c.c.customer_id, and_(c.c.kind == "lead", t.lead_id == c.c.id)),
                t.at <= c.c.at,
                t.at > c.c.at - window.lookback,
            ),
        )
        .subquery("pair")
    )
    one = cast(1, Numeric)
    n, rn = pairs.c.n, pairs.c.rn
    shares = {
        Model.FIRST_TOUCH: case((rn == 1, one), else_=cast(0, Numeric)),
        Model.LAST_TOUCH: case((rn == n, one), else_=cast(0, Numeric)),
        Model.LINEAR: one / n,
        Model.POSITION_BASED: case(
            (n <= 2, one / n),
            (or_(rn == 1, rn == n), cast(POSITION_ENDS, Numeric)),
            else_=cast(1 - 2 * POSITION_ENDS, Numeric) / (n - 2),
        ),
        Model.TIME_DECAY: pairs.c.decay,
    }
    return select(pairs, *(share.label(model.value) for model, share in shares.items())).subquery("credited")


def _group_key(table: Any, by: str) -> Any:
    return table.c.campaign_id if by == "campaign" else table.c.channel


def attributed(window: Window, model: Model, by: str) -> Select[Any]:
    """Per campaign or channel: conversions (shares summed) and attributed revenue under one model."""
    pairs = credited(window)
    share = pairs.c[model.value]
    key = _group_key(pairs, by)
    return select(
        key.label("key"), func.sum(share).label("conversions"), func.sum(share * pairs.c.revenue).label("revenue")
    ).group_by(key)


def reached(start: datetime, end: datetime, by: str) -> Select[Any]:
    """Per campaign or channel: people touched and people who responded, over the touches of the period.

    A person is the contact touched, else the customer, else the lead."""
    t = MarketingTouch.__table__
    person = func.coalesce(t.c.contact_id, t.c.customer_id, t.c.lead_id)
    key = _group_key(t, by)
    return (
        select(
            key.label("key"),
            func.count(person.distinct()).label("reach"),
            func.count(person.distinct()).filter(t.c.kind.in_(RESPONSE_KINDS)).label("responses"),
        )
        .where(t.c.at >= start, t.c.at < end)
        .group_by(key)
    )


def spend_rows() -> Any:
    """Every spend: `marketing_spend` rows and campaigns' cost lines (on the campaign's channel when it has one
    channel, else none), as `campaign_id`, `channel`, `amount`, `spent_on`."""
    own = MarketingSpend.__table__
    single = case((func.cardinality(Campaign.channels) == 1, Campaign.channels[1]), else_=None)
    costs = select(
        CampaignCost.campaign_id,
        single.label("channel"),
        CampaignCost.amount,
        CampaignCost.incurred_on.label("spent_on"),
    ).join(Campaign, Campaign.id == CampaignCost.campaign_id)
    return union_all(select(own.c.campaign_id, own.c.channel, own.c.amount, own.c.spent_on), costs).subquery("spend")


def spent(first_day: date, end_day: date, by: str | None) -> Select[Any]:
    """Spend of the days [first_day, end_day): per campaign or channel, or in all (`by` None, key null)."""
    s = spend_rows()
    key = literal(None) if by is None else _group_key(s, by)
    stmt = select(key.label("key"), func.sum(s.c.amount).label("cost"))
    stmt = stmt.where(s.c.spent_on >= first_day, s.c.spent_on < end_day)
    return stmt if by is None else stmt.group_by(key)


def totals(window: Window) -> Select[Any]:
    """Per model: conversions credited (with at least one touch) and revenue attributed, in one row."""
    pairs = credited(window)
    columns = []
    for model in Model:
        columns += [
            func.coalesce(func.sum(pairs.c[model.value]), 0).label(f"{model.value}_conversions"),
            func.coalesce(func.sum(pairs.c[model.value] * pairs.c.revenue), 0).label(f"{model.value}_revenue"),
        ]
    return select(*columns)


def sales_revenue(start: datetime, end: datetime, deals: bool = True) -> Select[Any]:
    """Revenue of the orders placed and deals won in [start, end) (`deals`: see `conversions`)."""
    c = conversions(start, end, deals)
    return select(func.coalesce(func.sum(c.c.revenue), 0)).where(c.c.kind.in_(REVENUE_KINDS))


def one_conversion(kind: str, conversion_id: uuid.UUID) -> Any:
    """The conversion of this kind and id (a subquery of at most one row)."""
    every = conversions()
    return select(every).where(every.c.kind == kind, every.c.id == conversion_id).subquery("conversion")
