"""Campaign rules: saving drafts (content checked), costs, approval, scheduling (the audience frozen, approval
required above the threshold), sending now and cancelling."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg, supported
from rapport.core.ids import uuid7
from rapport.core.mail.outbox import withdraw_queued
from rapport.core.principal import Principal
from rapport.marketing.campaigns import approval
from rapport.marketing.campaigns.models import CHANNELS, Campaign, CampaignContent, CampaignCost
from rapport.marketing.campaigns.render import MERGE_FIELDS, unknown_fields
from rapport.marketing.models import Segment
from rapport.marketing.scopes import visible_campaigns, visible_segments
from rapport.marketing.segments.members import freeze


@dataclass(frozen=True)
class ContentDraft:
    """What a campaign says on one channel in one language."""

    channel: str
    locale: str
    subject: str | None
    body: str


async def _campaign(session: AsyncSession, principal: Principal, campaign_id: uuid.UUID) -> Campaign:
    found = (
        await session.scalars(
            select(Campaign).where(Campaign.id == campaign_id, visible_campaigns(principal)).with_for_update()
        )
    ).first()
    if found is None:
        raise NotFoundError("No campaign with that id.")
    return found


#: The largest amount a budget or cost may be (the columns' numeric(14, 2)).
MAX_AMOUNT = Decimal("999999999999.99")


def _check_amount(amount: Decimal, field: str) -> Decimal:
    """The amount, or BAD_USER_INPUT when it is negative, too large or not a number."""
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise BadUserInputError(msg("Give an amount from 0 to {max}.", max=MAX_AMOUNT), field=field)
    return amount


def _check_contents(contents: Sequence[ContentDraft], channels: Sequence[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for i, content in enumerate(contents):
        if (content.channel, content.locale) in seen:
            raise BadUserInputError("One content per channel and language.", field=f"contents.{i}.locale")
        seen.add((content.channel, content.locale))
        if content.channel not in channels:
            raise BadUserInputError("Content for a channel the campaign does not use.", field=f"contents.{i}.channel")
        if supported(content.locale) != content.locale:
            raise BadUserInputError("The locale is zh-CN or en.", field=f"contents.{i}.locale")
        if not content.body.strip():
            raise BadUserInputError("Write the message.", field=f"contents.{i}.body")
        if content.channel == "email" and not (content.subject or "").strip():
            raise BadUserInputError("An email needs a subject.", field=f"contents.{i}.subject")
        unknown = unknown_fields(f"{content.subject or ''} {content.body}")
        if unknown:
            raise BadUserInputError(
                "Unknown merge field; the known ones are contact.name and customer.name.",
                field=f"contents.{i}.body",
                unknown=unknown,
                known=list(MERGE_FIELDS),
            )


async def save_campaign(
    session: AsyncSession,
    principal: Principal,
    campaign_id: uuid.UUID | None,
    version: int | None,
    values: Mapping[str, Any],
    contents: Sequence[ContentDraft] | None,
) -> Campaign:
    """Create a draft campaign or change a draft (a change withdraws its approval)."""
    now = clock.now()
    if campaign_id is None:
        campaign = Campaign(
            id=uuid7(),
            version=1,
            name="",
            channels=[],
            status="draft",
            owner_id=principal.user_id,
            team_id=principal.team_id,
            created_at=now,
            updated_at=now,
        )
        session.add(campaign)
    else:
        campaign = await _campaign(session, principal, campaign_id)
        if version is None or campaign.version != version:
            raise ConflictError("The campaign was changed by someone else; reload it.", currentVersion=campaign.version)
        if campaign.status != "draft":
            raise BadUserInputError("Only a draft campaign can be changed; cancel it first.", field="id")
    for key in ("name", "goal"):
        if values.get(key) is not None:
            setattr(campaign, key, str(values[key]).strip())
    if values.get("channels") is not None:
        channels = list(dict.fromkeys(values["channels"]))
        if not channels or any(c not in CHANNELS for c in channels):
            raise BadUserInputError("Choose one or more channels: email, sms, wechat.", field="channels")
        campaign.channels = channels
    if values.get("budget") is not None:
        campaign.budget = _check_amount(Decimal(values["budget"]), "budget")
    if values.get("segment_id") is not None:
        visible = await session.scalar(
            select(Segment.id).where(Segment.id == values["segment_id"], visible_segments(principal))
        )
        if visible is None:
            raise BadUserInputError("No segment with that id.", field="segmentId")
        campaign.segment_id = visible
    if not campaign.name:
        raise BadUserInputError("Give the campaign a name.", field="name")
    if not campaign.channels:
        raise BadUserInputError("Choose one or more channels: email, sms, wechat.", field="channels")
    await session.flush()
    if contents is not None:
        _check_contents(contents, campaign.channels)
        await session.execute(delete(CampaignContent).where(CampaignContent.campaign_id == campaign.id))
        for content in contents:
            session.add(
                CampaignContent(
                    id=uuid7(),
                    campaign_id=campaign.id,
                    channel=content.channel,
                    locale=content.locale,
                    subject=(content.subject or "").strip() or None,
                    body=content.body,
                )
            )
    approval.withdraw(campaign)
    campaign.updated_at = now
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Campaign",
        entity_id=campaign.id,
        action="create" if campaign_id is None else "update",
        changes={"name": [None, campaign.name]},
    )
    return campaign


async def add_cost(
    session: AsyncSession, principal: Principal, campaign_id: uuid.UUID, label: str, amount: Decimal, on: date | None
) -> Campaign:
    """Add an actual cost to a campaign."""
    campaign = await _campaign(session, principal, campaign_id)
    if not label.strip():
        raise BadUserInputError("Say what the cost was for.", field="label")
    _check_amount(amount, "amount")
    now = clock.now()
    session.add(
        CampaignCost(
            id=uuid7(),
            campaign_id=campaign.id,
            label=label.strip(),
            amount=amount,
            incurred_on=on or now.date(),
            created_at=now,
        )
    )
    await session.flush()
    return campaign


async def delete_cost(session: AsyncSession, principal: Principal, cost_id: uuid.UUID) -> Campaign:
    """Remove a cost line of a campaign the caller may see."""
    cost = await session.get(CampaignCost, cost_id)
    if cost is None:
        raise NotFoundError("No cost with that id.")
    campaign = await _campaign(session, principal, cost.campaign_id)
    await session.delete(cost)
    await session.flush()
    return campaign


async def approve(session: AsyncSession, principal: Principal, campaign_id: uuid.UUID) -> Campaign:
    """Approve a draft as it is now (`approval.approve`)."""
    return await approval.approve(session, principal, await _campaign(session, principal, campaign_id))


async def schedule(
    session: AsyncSession, principal: Principal, campaign_id: uuid.UUID, when: datetime | None
) -> Campaign:
    """Schedule a draft for `when` (None: now): its audience is frozen; above the approval threshold it must be
    approved first."""
    campaign = await _campaign(session, principal, campaign_id)
    if campaign.status != "draft":
        raise BadUserInputError("Only a draft campaign is scheduled.", field="id")
    if campaign.segment_id is None:
        raise BadUserInputError("Choose the campaign's audience (a segment).", field="segmentId")
    stored = {(c.channel) for c in await session.scalars(
        select(CampaignContent).where(CampaignContent.campaign_id == campaign.id)
    )}  # fmt: skip
    missing = [channel for channel in campaign.channels if channel not in stored]
    if missing:
        raise BadUserInputError("Write the campaign's content for every channel.", field="contents", missing=missing)
    audience = await freeze(session, principal, campaign.segment_id, name=f"{campaign.name} ({clock.now():%Y-%m-%d})")
    await approval.require_approval(session, campaign, audience)
    size = audience.member_count or 0
    now = clock.now()
    campaign.audience_id, campaign.audience_size = audience.id, size
    campaign.status, campaign.scheduled_at, campaign.updated_at = "scheduled", when or now, now
    audit.record(session, actor_id=principal.user_id, entity_type="Campaign", entity_id=campaign.id, action="schedule")
    return campaign


async def cancel(session: AsyncSession, principal: Principal, campaign_id: uuid.UUID) -> Campaign:
    """Stop a campaign: nothing more of it is sent, its emails still queued for delivery included (messages already
    handed over stay sent)."""
    campaign = await _campaign(session, principal, campaign_id)
    if campaign.status in ("done", "cancelled"):
        raise BadUserInputError("The campaign has ended already.", field="id")
    campaign.status, campaign.finished_at, campaign.updated_at = "cancelled", clock.now(), clock.now()
    await withdraw_queued(session, ("", []), ("Campaign", [campaign.id]), "campaign cancelled")
    audit.record(session, actor_id=principal.user_id, entity_type="Campaign", entity_id=campaign.id, action="cancel")
    return campaign
