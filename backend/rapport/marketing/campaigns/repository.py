"""All SQL of campaigns: scoped lists and loads, contents, costs, progress (aggregated in SQL) and the ledger of a
contact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer

from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.graphql.node import base64url_sql
from rapport.marketing.campaigns.models import (
    CHANNELS,
    Campaign,
    CampaignContent,
    CampaignCost,
    MarketingEvent,
    MarketingMessage,
    MarketingSuppression,
)
from rapport.marketing.journeys.models import Journey
from rapport.marketing.scopes import visible_campaigns, visible_journeys

NEWEST_FIRST = (Campaign.created_at.desc(), Campaign.id.desc())


def campaign_rows(principal: Principal | None, statuses: Sequence[str] | None) -> Rows:
    """Visible campaigns, newest first, of these statuses (None: any)."""
    statement = select(Campaign).where(visible_campaigns(principal))
    if statuses:
        statement = statement.where(Campaign.status.in_(list(statuses)))
    return Rows(statement, NEWEST_FIRST)


async def campaign_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Campaign | None]:
    """Visible campaigns by id (the scoped batch load of `campaign`, `node` and payloads)."""
    rows = await session.scalars(select(Campaign).where(Campaign.id.in_(list(ids)), visible_campaigns(principal)))
    found = {row.id: row for row in rows}
    return [found.get(i) for i in ids]


def suppression_rows() -> Rows:
    """The suppression list, newest first."""
    return Rows(select(MarketingSuppression), (MarketingSuppression.created_at.desc(), MarketingSuppression.id.desc()))


#: Channel names as the schema's enum gives them (`MarketingChannel`), by stored value.
CHANNEL_NAMES = {channel: channel.upper() for channel in CHANNELS}


def _list(item: Any, *order: Any) -> Any:
    """`json_agg` of `item` in this order, an empty array without rows."""
    return func.coalesce(func.json_agg(aggregate_order_by(item, *order)), literal_column("'[]'::json"))


def visible_campaign(principal: Principal | None, campaign_id: Any) -> Rows:
    """The campaign with this id (a value or a bound parameter) if the caller may see it (`Query.campaign`)."""
    return Rows(select(Campaign).where(Campaign.id == campaign_id, visible_campaigns(principal)))


def segment_global_id(campaign: Any) -> Any:
    """The audience segment's global id (`Campaign.segmentId`), in SQL."""
    global_id = base64url_sql(literal_column("'Segment:'") + cast(campaign.segment_id, Text))
    return case((campaign.segment_id.is_(None), None), else_=global_id)


def contents_json(campaign: Any) -> Any:
    """A campaign's contents by channel and locale, as JSON in the response's form (`Campaign.contents`)."""
    content = CampaignContent
    item = func.json_build_object(
        "channel",
        case(CHANNEL_NAMES, value=content.channel),
        "locale",
        content.locale,
        "subject",
        content.subject,
        "body",
        content.body,
    )
    statement = select(_list(item, content.channel, content.locale)).where(content.campaign_id == campaign.id)
    return statement.scalar_subquery()


def costs_json(campaign: Any) -> Any:
    """A campaign's cost lines, oldest first, as JSON in the response's form (`Campaign.costs`)."""
    cost = CampaignCost
    item = func.json_build_object(
        "id",
        base64url_sql(literal_column("'CampaignCost:'") + cast(cost.id, Text)),
        "label",
        cost.label,
        "amount",
        cast(cost.amount, Text),
        "incurredOn",
        func.to_char(cost.incurred_on, "YYYY-MM-DD"),
    )
    order = (cost.incurred_on, cost.created_at, cost.id)
    return select(_list(item, *order)).where(cost.campaign_id == campaign.id).scalar_subquery()


def actual_cost(campaign: Any) -> Any:
    """The sum of a campaign's costs (`Campaign.actualCost`), 0 without any."""
    total = func.coalesce(func.sum(CampaignCost.amount), literal_column("0"))
    return select(total).where(CampaignCost.campaign_id == campaign.id).scalar_subquery()


def _has(message: Any, kind: str, human: bool = False) -> Any:
    events = select(MarketingEvent.id).where(MarketingEvent.message_id == message.id, MarketingEvent.kind == kind)
    if human:
        events = events.where(MarketingEvent.machine.is_(False))
    return func.count().filter(events.exists())


def progress_json(campaign: Any) -> Any:
    """How a campaign's send stands, counted over its ledger in one statement, as JSON in the response's form
    (`Campaign.progress`): counts by status and of messages with tracking events, and the skips by reason."""
    message = aliased(MarketingMessage)
    status = message.status
    skipped = aliased(MarketingMessage)
    reasons = (
        select(func.coalesce(skipped.skip_reason, "None").label("reason"), func.count().label("count"))
        .where(skipped.campaign_id == campaign.id, skipped.status == "skipped")
        .group_by(skipped.skip_reason)
        .correlate(campaign)
        .lateral("reasons")
    )
    reason = func.json_build_object("reason", reasons.c.reason, "count", reasons.c.count)
    by_reason = select(_list(reason, reasons.c.reason.collate("C"))).select_from(reasons).scalar_subquery()
    counts = {
        "total": func.count(),
        "pending": func.count().filter(status.in_(("pending", "sending"))),
        **{name: func.count().filter(status == name) for name in ("sent", "skipped", "failed", "bounced")},
        "opened": _has(message, "opened"),
        "clicked": _has(message, "clicked"),
        "unsubscribed": _has(message, "unsubscribed"),
        "humanOpens": _has(message, "opened", human=True),
        "humanClicks": _has(message, "clicked", human=True),
        "skippedByReason": by_reason,
    }
    answer = func.json_build_object(*(part for name, value in counts.items() for part in (name, value)))
    return select(answer).where(message.campaign_id == campaign.id).scalar_subquery()


async def ledger_of_contact(
    session: AsyncSession,
    principal: Principal | None,
    contact_id: uuid.UUID,
    limit: int = 200,
    *,
    with_graph: bool = False,
) -> list[tuple[MarketingMessage, Campaign | None, Journey | None]]:
    """A contact's ledger rows (newest first) of campaigns and journeys the caller may see, with their source.
    Neither a journey message's content nor, unless `with_graph`, its journey's graph is read (a journey may
    stand on each of the rows)."""
    m = MarketingMessage
    options = [defer(m.content, raiseload=True)]
    if not with_graph:
        options.append(defer(Journey.graph, raiseload=True))
    rows = await session.execute(
        select(m, Campaign, Journey)
        .options(*options)
        .outerjoin(Campaign, Campaign.id == m.campaign_id)
        .outerjoin(Journey, Journey.id == m.journey_id)
        .where(
            m.contact_id == contact_id,
            or_(
                and_(m.campaign_id.is_not(None), visible_campaigns(principal)),
                and_(m.journey_id.is_not(None), visible_journeys(principal)),
            ),
        )
        .order_by(m.created_at.desc(), m.id.desc())
        .limit(limit)
    )
    return [(message, campaign, journey) for message, campaign, journey in rows]


async def events_of(session: AsyncSession, message_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[MarketingEvent]]:
    """The tracking events of these ledger rows, oldest first."""
    found: dict[uuid.UUID, list[MarketingEvent]] = {i: [] for i in message_ids}
    if message_ids:
        rows = await session.scalars(
            select(MarketingEvent)
            .where(MarketingEvent.message_id.in_(list(message_ids)))
            .order_by(MarketingEvent.at, MarketingEvent.id)
        )
        for event in rows:
            found[event.message_id].append(event)
    return found
