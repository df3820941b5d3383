"""All SQL of campaigns: scoped lists and loads, contents, costs, progress (aggregated in SQL) and the ledger of a
contact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.marketing.campaigns.models import (
    Campaign,
    CampaignContent,
    CampaignCost,
    MarketingEvent,
    MarketingMessage,
    MarketingSuppression,
)
from rapport.marketing.scopes import visible_campaigns

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


async def contents_of(session: AsyncSession, campaign_id: uuid.UUID) -> list[CampaignContent]:
    """A campaign's contents by channel and locale."""
    rows = await session.scalars(
        select(CampaignContent)
        .where(CampaignContent.campaign_id == campaign_id)
        .order_by(CampaignContent.channel, CampaignContent.locale)
    )
    return list(rows.all())


async def costs_of(session: AsyncSession, campaign_id: uuid.UUID) -> list[CampaignCost]:
    """A campaign's cost lines, oldest first."""
    rows = await session.scalars(
        select(CampaignCost)
        .where(CampaignCost.campaign_id == campaign_id)
        .order_by(CampaignCost.incurred_on, CampaignCost.created_at, CampaignCost.id)
    )
    return list(rows.all())


@dataclass(frozen=True)
class Progress:
    """How a campaign's send stands (counts of ledger rows and of messages with tracking events)."""

    total: int
    pending: int
    sent: int
    skipped: int
    failed: int
    bounced: int
    opened: int
    clicked: int
    unsubscribed: int
    human_opens: int
    human_clicks: int
    skipped_by_reason: dict[str, int]


def _has(kind: str, human: bool = False) -> Any:
    events = select(MarketingEvent.id).where(
        MarketingEvent.message_id == MarketingMessage.id, MarketingEvent.kind == kind
    )
    if human:
        events = events.where(MarketingEvent.machine.is_(False))
    return func.count().filter(events.exists())


async def progress_of(session: AsyncSession, campaign_id: uuid.UUID) -> Progress:
    """A campaign's progress, counted in one SQL statement (and the skips by reason in another)."""
    status = MarketingMessage.status
    counts = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(status.in_(("pending", "sending"))),
                func.count().filter(status == "sent"),
                func.count().filter(status == "skipped"),
                func.count().filter(status == "failed"),
                func.count().filter(status == "bounced"),
                _has("opened"),
                _has("clicked"),
                _has("unsubscribed"),
                _has("opened", human=True),
                _has("clicked", human=True),
            ).where(MarketingMessage.campaign_id == campaign_id)
        )
    ).one()
    reasons = await session.execute(
        select(MarketingMessage.skip_reason, func.count().cast(Integer))
        .where(MarketingMessage.campaign_id == campaign_id, status == "skipped")
        .group_by(MarketingMessage.skip_reason)
    )
    total, pending, sent, skipped, failed, bounced, opened, clicked, unsubscribed, human_opens, human_clicks = (
        int(value) for value in counts
    )
    return Progress(
        total, pending, sent, skipped, failed, bounced, opened, clicked, unsubscribed, human_opens, human_clicks,
        {str(reason): int(count) for reason, count in reasons},
    )  # fmt: skip


async def ledger_of_contact(
    session: AsyncSession, principal: Principal | None, contact_id: uuid.UUID, limit: int = 200
) -> list[tuple[MarketingMessage, Campaign]]:
    """A contact's ledger rows (newest first) of campaigns the caller may see, with their campaigns."""
    rows = await session.execute(
        select(MarketingMessage, Campaign)
        .join(Campaign, Campaign.id == MarketingMessage.campaign_id)
        .where(MarketingMessage.contact_id == contact_id, visible_campaigns(principal))
        .order_by(MarketingMessage.created_at.desc(), MarketingMessage.id.desc())
        .limit(limit)
    )
    return [(message, campaign) for message, campaign in rows]


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
