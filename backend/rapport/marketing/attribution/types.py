"""GraphQL types of attribution: the figures per campaign or channel, the models side by side, the spend ratio and
a conversion's touches."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry


@strawberry.enum(description="How a conversion's credit is shared among its touches.")
class AttributionModel(Enum):
    """First touch, last touch, linear, position-based (40/20/40) or time decay."""

    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    POSITION_BASED = "position_based"
    TIME_DECAY = "time_decay"


@strawberry.enum(description="How marketingFigures groups its rows.")
class MarketingGroupBy(Enum):
    """By campaign or by channel."""

    CAMPAIGN = "campaign"
    CHANNEL = "channel"


@strawberry.enum(description="What made a conversion.")
class ConversionKind(Enum):
    """An order placed, an opportunity won or a lead created."""

    ORDER = "order"
    OPPORTUNITY_WON = "opportunity_won"
    LEAD = "lead"


@strawberry.input(description="A period of local days.")
class MarketingPeriod:
    """From the first day to the day after the last."""

    date_from: date = strawberry.field(name="from", description="The first day.")
    date_to: date = strawberry.field(name="to", description="The day after the last.")


@strawberry.type(description="The funnel, revenue, cost and ROI of one campaign or channel over a period.")
class MarketingFigureRow:
    """One row of `marketingFigures`; campaign and channel are null for touches (and spend) without one."""

    campaign_id: strawberry.ID | None = strawberry.field(description="The campaign's global id (grouped by campaign).")
    channel: str | None = strawberry.field(description="The channel (grouped by channel).")
    reach: int = strawberry.field(description="People touched in the period (contacts, else customers or leads).")
    responses: int = strawberry.field(
        description="People who responded in the period: opened or clicked a message, sent a form, visited."
    )
    conversions: float = strawberry.field(description="Conversions of the period credited here (shares summed).")
    attributed_revenue: Decimal = strawberry.field(description="Revenue credited here under the model (CNY).")
    cost: Decimal = strawberry.field(description="Spend of the period (CNY).")
    roi: float | None = strawberry.field(description="(attributed revenue - cost) / cost; null without cost.")


@strawberry.type(description="One attribution model's totals over a period.")
class AttributionTotal:
    """Every model hands out the same revenue: each conversion's shares sum to 1."""

    model: AttributionModel = strawberry.field(description="The model.")
    conversions: float = strawberry.field(description="Conversions with at least one touch (shares summed).")
    attributed_revenue: Decimal = strawberry.field(description="Revenue attributed (CNY).")


@strawberry.type(description="Marketing spend against sales revenue over a period.")
class MarketingSpendRatio:
    """Spend, revenue of orders placed and deals won, and their ratio."""

    spend: Decimal = strawberry.field(description="Marketing spend (CNY).")
    sales_revenue: Decimal = strawberry.field(description="Orders placed and deals won (CNY).")
    ratio: float | None = strawberry.field(description="spend / sales revenue; null without revenue.")


@strawberry.type(description="A touch's credit under one model.")
class TouchCredit:
    """Share and revenue."""

    model: AttributionModel = strawberry.field(description="The model.")
    share: float = strawberry.field(description="The touch's share of the conversion, 0 to 1.")
    revenue: Decimal = strawberry.field(description="The revenue credited to the touch (CNY).")


@strawberry.type(description="A moment marketing reached a customer, with its credit for one conversion.")
class AttributedTouch:
    """A touch of `conversionTouches`."""

    id: strawberry.ID = strawberry.field(description="The touch's id (a UUID).")
    at: datetime = strawberry.field(description="When.")
    kind: str = strawberry.field(
        description="message_delivered, message_opened, message_clicked, lead_form or utm_visit."
    )
    channel: str | None = strawberry.field(description="The channel.")
    campaign_id: strawberry.ID | None = strawberry.field(description="The campaign's global id.")
    source: str | None = strawberry.field(description="UTM source.")
    medium: str | None = strawberry.field(description="UTM medium.")
    utm_campaign: str | None = strawberry.field(description="UTM campaign.")
    credits: list[TouchCredit] = strawberry.field(description="Its credit under each model.")


@strawberry.type(description="A conversion and the touches it is attributed to.")
class ConversionAttribution:
    """The drill-down of the figures."""

    kind: ConversionKind = strawberry.field(description="Order, won opportunity or lead.")
    id: strawberry.ID = strawberry.field(description="The order's, opportunity's or lead's global id.")
    customer_id: strawberry.ID | None = strawberry.field(
        description="The customer's global id (null: a lead without one)."
    )
    at: datetime = strawberry.field(description="When it converted.")
    revenue: Decimal = strawberry.field(description="Its revenue (CNY; leads 0).")
    touches: list[AttributedTouch] = strawberry.field(description="Its touches, oldest first.")
