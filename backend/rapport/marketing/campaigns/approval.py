"""Campaign approval tied to what is sent: an approval records the audience segment, its version and the
recipients (contacts x channels, what the send ledgers) counted then; scheduling above the threshold holds the
frozen audience against that record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.principal import Principal
from rapport.customers.service import contacts_of_customers
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.consent.service import settings_of
from rapport.marketing.models import Segment
from rapport.marketing.segments.members import current_members, static_members
from rapport.marketing.segments.repository import SegmentRepository


async def recipient_count(session: AsyncSession, members: Select[Any], channels: Sequence[str]) -> int:
    """The ledger rows a send to these customers writes: each contact of each customer, on every channel."""
    contacts = contacts_of_customers(members).subquery()
    found = await session.scalar(select(func.count()).select_from(contacts))
    return int(found or 0) * len(channels)


def withdraw(campaign: Campaign) -> None:
    """Forget the campaign's approval (it was changed)."""
    campaign.approved_at = campaign.approved_by_id = None
    campaign.approved_segment_id = campaign.approved_segment_version = campaign.approved_recipients = None


async def approve(session: AsyncSession, principal: Principal, campaign: Campaign) -> Campaign:
    """Approve a draft as it is now: its audience segment at its current version, with the recipients it has now
    as the approver may see them. Who may approve is the policy's grant on `Mutation.campaignApprove`."""
    if campaign.status != "draft":
        raise BadUserInputError("Only a draft campaign is approved.", field="id")
    if campaign.segment_id is None:
        raise BadUserInputError("Choose the campaign's audience (a segment).", field="segmentId")
    segment = await SegmentRepository(session).visible(principal, campaign.segment_id)
    if segment is None:
        raise NotFoundError("No segment with that id.")
    recipients = await recipient_count(session, current_members(segment, principal), campaign.channels)
    campaign.approved_by_id, campaign.approved_at = principal.user_id, clock.now()
    campaign.approved_segment_id, campaign.approved_segment_version = segment.id, segment.version
    campaign.approved_recipients = recipients
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Campaign",
        entity_id=campaign.id,
        action="approve",
        changes={"segment": [None, f"{segment.id}@{segment.version}"], "recipients": [None, recipients]},
    )
    return campaign


async def require_approval(session: AsyncSession, campaign: Campaign, audience: Segment) -> int:
    """The frozen audience's recipients; APPROVAL_REQUIRED when they exceed the threshold and the approval does not
    cover them (none, another segment, the segment changed since, or more recipients than were approved)."""
    recipients = await recipient_count(session, static_members(audience.id), campaign.channels)
    threshold = (await settings_of(session)).approval_threshold
    if recipients <= threshold:
        return recipients
    version = await session.scalar(select(Segment.version).where(Segment.id == audience.source_id))
    covered = (
        campaign.approved_at is not None
        and campaign.approved_segment_id == audience.source_id
        and campaign.approved_segment_version == version
        and recipients <= (campaign.approved_recipients or 0)
    )
    if not covered:
        raise BadUserInputError(
            "The audience is larger than the approval threshold: a marketing manager must approve the campaign.",
            field="id",
            reason="APPROVAL_REQUIRED",
            audience=recipients,
            approved=campaign.approved_recipients,
            threshold=threshold,
        )
    return recipients
