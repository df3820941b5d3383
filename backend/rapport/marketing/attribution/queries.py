"""Root query fields of attribution: figures per campaign or channel, the models compared, the spend ratio and one
conversion's touches. Every one reads revenue: the caller needs to read order amounts (an argument rule)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.core.authz.policy import Access
from rapport.graphql.context import Info
from rapport.graphql.node import raw_id, to_global_id
from rapport.marketing.attribution import service
from rapport.marketing.attribution.credit import DEFAULT_HALF_LIFE_DAYS, DEFAULT_LOOKBACK_DAYS, Model
from rapport.marketing.attribution.types import (
    AttributedTouch,
    AttributionModel,
    AttributionTotal,
    ConversionAttribution,
    ConversionKind,
    MarketingFigureRow,
    MarketingGroupBy,
    MarketingPeriod,
    MarketingSpendRatio,
    TouchCredit,
)

Period = Annotated[MarketingPeriod, strawberry.argument(description="The period.")]
LookbackDays = Annotated[
    int, strawberry.argument(description="Touches up to this many days before a conversion count (default 30).")
]
HalfLifeDays = Annotated[
    int, strawberry.argument(description="Time decay: a touch's weight halves every so many days.")
]


def _reads_order_amounts(value: Any) -> list[tuple[str, Access]]:
    """Attributed revenue, costs against it and sales revenue: only for callers who read order amounts."""
    return [("Order.totalAmount", Access.READ)]


def _reads_conversion_amounts(value: Any) -> list[tuple[str, Access]]:
    """A conversion's revenue: order amounts, and for a won opportunity its amount too."""
    won = getattr(value, "value", value) in ("opportunity_won", "OPPORTUNITY_WON")
    return _reads_order_amounts(value) + ([("Opportunity.amount", Access.READ)] if won else [])


#: (root field, argument) -> what it reads: each of these roots takes a required argument that reads order amounts.
ARGUMENT_RULES = {
    ("Query.marketingFigures", "period"): _reads_order_amounts,
    ("Query.marketingAttributionCompare", "period"): _reads_order_amounts,
    ("Query.marketingSpendRatio", "period"): _reads_order_amounts,
    ("Query.conversionTouches", "kind"): _reads_conversion_amounts,
}


#: The GraphQL type whose global id names each kind of conversion.
CONVERSION_TYPES = {
    ConversionKind.ORDER: "Order",
    ConversionKind.OPPORTUNITY_WON: "Opportunity",
    ConversionKind.LEAD: "Lead",
}
#: Campaign ids are shown as global ids of campaigns.
CAMPAIGN = "Campaign"


def _settings(lookback_days: int, half_life_days: int) -> service.Settings:
    return service.Settings(lookback_days=lookback_days, half_life_days=half_life_days)


def _credits(credited: service.CreditedTouch) -> list[TouchCredit]:
    return [
        TouchCredit(model=AttributionModel(model.value), share=credited.shares[model], revenue=credited.revenue[model])
        for model in Model
    ]


def _touch(credited: service.CreditedTouch) -> AttributedTouch:
    touch = credited.touch
    return AttributedTouch(
        id=strawberry.ID(str(touch.id)),
        at=touch.at,
        kind=touch.kind,
        channel=touch.channel,
        campaign_id=to_global_id(CAMPAIGN, touch.campaign_id) if touch.campaign_id else None,
        source=touch.source,
        medium=touch.medium,
        utm_campaign=touch.utm_campaign,
        credits=_credits(credited),
    )


@strawberry.type
class AttributionQuery:
    """Root query fields of attribution."""

    @strawberry.field(description="Per campaign or channel: reach, responses, conversions, revenue, cost and ROI.")
    async def marketing_figures(
        self,
        info: Info,
        period: Period,
        model: Annotated[
            AttributionModel, strawberry.argument(description="How conversions are credited.")
        ] = AttributionModel.LAST_TOUCH,
        group_by: Annotated[
            MarketingGroupBy, strawberry.argument(description="Rows per campaign or per channel.")
        ] = MarketingGroupBy.CAMPAIGN,
        lookback_days: LookbackDays = DEFAULT_LOOKBACK_DAYS,
        half_life_days: HalfLifeDays = DEFAULT_HALF_LIFE_DAYS,
    ) -> list[MarketingFigureRow]:
        """The funnel and the money of each campaign or channel."""
        by = group_by.value
        service.require_whole_scope(info.context.principal)
        async with info.context.db.read() as session:
            rows = await service.figures(
                session,
                period.date_from,
                period.date_to,
                Model(model.value),
                by,
                _settings(lookback_days, half_life_days),
                service.sees_deals(info.context.principal),
            )
        return [
            MarketingFigureRow(
                campaign_id=to_global_id(CAMPAIGN, row.key) if by == "campaign" and row.key is not None else None,
                channel=row.key if by == "channel" else None,
                reach=row.reach,
                responses=row.responses,
                conversions=row.conversions,
                attributed_revenue=row.revenue,
                cost=row.cost,
                roi=row.roi,
            )
            for row in rows
        ]

    @strawberry.field(description="Every attribution model's totals over a period: they reconcile to one revenue.")
    async def marketing_attribution_compare(
        self,
        info: Info,
        period: Period,
        lookback_days: LookbackDays = DEFAULT_LOOKBACK_DAYS,
        half_life_days: HalfLifeDays = DEFAULT_HALF_LIFE_DAYS,
    ) -> list[AttributionTotal]:
        """The models side by side."""
        service.require_whole_scope(info.context.principal)
        async with info.context.db.read() as session:
            found = await service.compare(
                session,
                period.date_from,
                period.date_to,
                _settings(lookback_days, half_life_days),
                service.sees_deals(info.context.principal),
            )
        return [
            AttributionTotal(
                model=AttributionModel(total.model.value),
                conversions=total.conversions,
                attributed_revenue=total.revenue,
            )
            for total in found
        ]

    @strawberry.field(description="Marketing spend against sales revenue over a period.")
    async def marketing_spend_ratio(self, info: Info, period: Period) -> MarketingSpendRatio:
        """Spend / revenue."""
        service.require_whole_scope(info.context.principal)
        async with info.context.db.read() as session:
            deals = service.sees_deals(info.context.principal)
            ratio = await service.spend_ratio(session, period.date_from, period.date_to, deals)
        return MarketingSpendRatio(spend=ratio.spend, sales_revenue=ratio.sales_revenue, ratio=ratio.ratio)

    @strawberry.field(description="A conversion's touches with each model's credit; null when not found.")
    async def conversion_touches(
        self,
        info: Info,
        kind: Annotated[ConversionKind, strawberry.argument(description="Order, won opportunity or lead.")],
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The order's, opportunity's or lead's global id.")
        ],
        lookback_days: LookbackDays = DEFAULT_LOOKBACK_DAYS,
        half_life_days: HalfLifeDays = DEFAULT_HALF_LIFE_DAYS,
    ) -> ConversionAttribution | None:
        """The drill-down."""
        raw = raw_id(id, CONVERSION_TYPES[kind])
        async with info.context.db.read() as session:
            found = await service.conversion_touches(
                session, info.context.principal, kind.value, raw, _settings(lookback_days, half_life_days)
            )
        if found is None:
            return None
        return ConversionAttribution(
            kind=ConversionKind(found.kind),
            id=to_global_id(CONVERSION_TYPES[kind], found.id),
            customer_id=to_global_id("Customer", found.customer_id) if found.customer_id else None,
            at=found.at,
            revenue=found.revenue,
            touches=[_touch(touch) for touch in found.touches],
        )
