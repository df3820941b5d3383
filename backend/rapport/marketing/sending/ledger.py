"""All SQL of the send ledger (`marketing_message`): writing a campaign's recipients, claiming due rows, the
checks a send makes (consent, frequency cap), email delivery read back from the outbox, and finishing campaigns."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, Table, and_, cast, func, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.ids import uuid7
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.customers.service import contacts_of_customers
from rapport.marketing.attribution.touches import record_touches
from rapport.marketing.campaigns.models import (
    Campaign,
    CampaignContent,
    MarketingConsent,
    MarketingEvent,
    MarketingMessage,
)
from rapport.marketing.journeys.models import Journey
from rapport.marketing.segments.members import static_members

#: The ledger statuses a message is still on its way in.
OPEN = ("pending", "sending")


def source_key(campaign_id: uuid.UUID, channel: str) -> str:
    """The key that makes a campaign's message on a channel unique per contact."""
    return f"campaign:{campaign_id}:{channel}"


def dedupe_key(message_id: uuid.UUID) -> str:
    """The outbox's dedupe key of a ledger row's email."""
    return f"marketing:{message_id}"


def journey_source_key(step_run_id: uuid.UUID) -> str:
    """The key that makes a journey send step's message unique per contact (a step runs once per enrollment)."""
    return f"journey:{step_run_id}"


async def write_journey_message(
    session: AsyncSession,
    *,
    journey_id: uuid.UUID,
    step_run_id: uuid.UUID,
    contact_id: uuid.UUID,
    customer_id: uuid.UUID,
    channel: str,
    content: dict[str, dict[str, str]],
    now: datetime,
) -> uuid.UUID:
    """A journey send step's pending ledger row, which the `campaign-send` job sends under the same rules as a
    campaign's (consent, suppression, quiet hours, frequency cap); the row's id. A step tried again finds the row
    its first try wrote (unique contact and source key): the contact gets the message once."""
    key = journey_source_key(step_run_id)
    values = {
        "id": uuid7(),
        "journey_id": journey_id,
        "content": content,
        "contact_id": contact_id,
        "customer_id": customer_id,
        "channel": channel,
        "source_key": key,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    statement = (
        insert(MarketingMessage).values(values).on_conflict_do_nothing(index_elements=["contact_id", "source_key"])
    )
    written: uuid.UUID | None = await session.scalar(statement.returning(MarketingMessage.id))
    if written is not None:
        return written
    found: uuid.UUID = (
        await session.scalars(
            select(MarketingMessage.id).where(
                MarketingMessage.contact_id == contact_id, MarketingMessage.source_key == key
            )
        )
    ).one()
    return found


async def start_due(session: AsyncSession, now: datetime) -> int:
    """Scheduled campaigns whose time has come start sending; how many."""
    result = await session.execute(
        update(Campaign)
        .where(Campaign.status == "scheduled", Campaign.scheduled_at <= now)
        .values(status="sending", started_at=now, updated_at=now, version=Campaign.version + 1)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def claim_unprepared(session: AsyncSession) -> Campaign | None:
    """A sending campaign whose recipients are not written yet, locked (other workers skip it)."""
    statement = (
        select(Campaign)
        .where(Campaign.status == "sending", Campaign.prepared_at.is_(None))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    found: Campaign | None = (await session.scalars(statement)).first()
    return found


async def write_recipients(session: AsyncSession, campaign: Campaign, now: datetime) -> int:
    """One pending ledger row per contact of the audience and channel (rows that exist are kept); how many new."""
    if campaign.audience_id is None:
        return 0
    contacts = contacts_of_customers(static_members(campaign.audience_id)).subquery()
    added = 0
    for channel in campaign.channels:
        rows = select(
            func.gen_random_uuid(),
            literal(campaign.id),
            contacts.c.id,
            contacts.c.customer_id,
            literal(channel, String()),
            literal(source_key(campaign.id, channel), String()),
            literal("pending", String()),
            literal(0),
            literal(now),
            literal(now),
        )
        columns = ["id", "campaign_id", "contact_id", "customer_id", "channel", "source_key", "status", "attempts"]
        statement = (
            insert(MarketingMessage)
            .from_select([*columns, "next_attempt_at", "created_at"], rows)
            .on_conflict_do_nothing(index_elements=["contact_id", "source_key"])
        )
        result = await session.execute(statement)
        added += int(result.rowcount)  # type: ignore[attr-defined]
    return added


async def claim_due(session: AsyncSession, now: datetime, channel: str) -> MarketingMessage | None:
    """The next due ledger row of a sending campaign (or of a journey) on this channel, locked for this
    transaction: a pending one, or one left `sending` by a run that died before it heard the provider's answer
    (its retry time passed)."""
    statement = (
        select(MarketingMessage)
        .outerjoin(Campaign, Campaign.id == MarketingMessage.campaign_id)
        .outerjoin(Journey, Journey.id == MarketingMessage.journey_id)
        .where(
            or_(Campaign.status == "sending", Journey.status == "active"),
            MarketingMessage.channel == channel,
            MarketingMessage.status.in_(OPEN),
            MarketingMessage.next_attempt_at <= now,
        )
        .order_by(MarketingMessage.next_attempt_at, MarketingMessage.id)
        .limit(1)
        .with_for_update(of=MarketingMessage, skip_locked=True)
    )
    found: MarketingMessage | None = (await session.scalars(statement)).first()
    return found


async def consent_of(session: AsyncSession, contact_id: uuid.UUID, channel: str) -> bool | None:
    """The contact's consent on the channel: True, False (opted out) or None (never asked)."""
    granted: bool | None = await session.scalar(
        select(MarketingConsent.granted).where(
            MarketingConsent.contact_id == contact_id, MarketingConsent.channel == channel
        )
    )
    return granted


async def sent_recently(session: AsyncSession, contact_id: uuid.UUID, since: datetime) -> int:
    """Marketing messages sent (or being sent) to the contact since a time, any campaign or channel. The caller
    holds the contact's lock (`lock_contact`), so two workers never both pass the cap."""
    found = await session.scalar(
        select(func.count()).where(
            MarketingMessage.contact_id == contact_id,
            MarketingMessage.status.in_(("sent", "sending")),
            MarketingMessage.sent_at >= since,
        )
    )
    return int(found or 0)


async def content_for(session: AsyncSession, campaign_id: uuid.UUID | None, channel: str, locale: str) -> Any:
    """The campaign's content on a channel in the contact's language, else in another one (None: none)."""
    rows = (
        await session.scalars(
            select(CampaignContent).where(
                CampaignContent.campaign_id == campaign_id, CampaignContent.channel == channel
            )
        )
    ).all()
    by_locale = {row.locale: row for row in rows}
    return by_locale.get(locale) or by_locale.get("zh-CN") or by_locale.get("en") or (rows[0] if rows else None)


_MARK = text(
    "UPDATE marketing_message AS m SET status = v.status, skip_reason = v.reason,"
    " locale = coalesce(v.locale, m.locale), address_masked = coalesce(v.masked, m.address_masked),"
    " sent_at = CASE WHEN v.status = 'sent' THEN :now ELSE m.sent_at END,"
    " attempts = m.attempts + CASE WHEN v.status = 'sent' THEN 1 ELSE 0 END,"
    " next_attempt_at = CASE WHEN v.status = 'pending' THEN v.until ELSE m.next_attempt_at END"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:reasons AS text[]),"
    " CAST(:locales AS text[]), CAST(:masked AS text[]), CAST(:untils AS timestamptz[]))"
    " AS v(id, status, reason, locale, masked, until)"
    " WHERE m.id = v.id"
)


async def mark_batch(
    session: AsyncSession,
    now: datetime,
    sent: list[dict[str, Any]],
    skipped: dict[uuid.UUID, str],
    deferred: dict[uuid.UUID, datetime],
) -> None:
    """Mark a batch's rows in one statement: `sent` ones (`id`, `locale`, `masked` address) sent now, `skipped`
    ones skipped with their reason, `deferred` ones pending until their time (their quiet hours' end)."""
    ids = [row["id"] for row in sent] + list(skipped) + list(deferred)
    if not ids:
        return
    statuses = ["sent"] * len(sent) + ["skipped"] * len(skipped) + ["pending"] * len(deferred)
    reasons = [None] * len(sent) + list(skipped.values()) + [None] * len(deferred)
    locales = [row["locale"] for row in sent] + [None] * (len(skipped) + len(deferred))
    masked = [row["masked"] for row in sent] + [None] * (len(skipped) + len(deferred))
    untils = [None] * (len(sent) + len(skipped)) + list(deferred.values())
    parameters = {"ids": ids, "statuses": statuses, "reasons": reasons, "locales": locales, "masked": masked}
    await session.execute(_MARK, {**parameters, "now": now, "untils": untils})


_DELIVERED = text(
    "UPDATE marketing_message AS m SET delivered_at = v.at"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:ats AS timestamptz[])) AS v(id, at) WHERE m.id = v.id"
)
_FAILED = text(
    "UPDATE marketing_message AS m SET status = 'failed', error = v.error"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:errors AS text[])) AS v(id, error) WHERE m.id = v.id"
)


async def email_outcomes(session: AsyncSession) -> dict[str, int]:
    """Emails the outbox delivered or gave up on since the last look (up to 1000): their ledger rows marked
    delivered (with a `delivered` event and a `message_delivered` touch) or failed, a few statements in all."""
    key = literal("marketing:") + cast(MarketingMessage.id, String())
    joined = and_(OutboundEmail.dedupe_key == key, OutboundEmail.status != MailStatus.QUEUED.value)
    m = MarketingMessage
    pending = (
        select(m.id, m.customer_id, m.contact_id, m.channel, m.campaign_id, m.sent_at, m.created_at)
        .add_columns(OutboundEmail.status, OutboundEmail.sent_at.label("mailed_at"), OutboundEmail.last_error)
        .join(OutboundEmail, joined)
        .where(m.channel == "email", m.status == "sent", m.delivered_at.is_(None))
        .with_for_update(of=m, skip_locked=True)
        .limit(1000)
    )
    rows = (await session.execute(pending)).all()
    delivered = [row for row in rows if row.status == MailStatus.SENT.value]
    failed = [row for row in rows if row.status != MailStatus.SENT.value]
    if delivered:
        ats = [row.mailed_at or row.sent_at or row.created_at for row in delivered]
        await session.execute(_DELIVERED, {"ids": [row.id for row in delivered], "ats": ats})
        events: Table = MarketingEvent.__table__  # type: ignore[assignment]
        await session.execute(
            insert(events),
            [
                {"id": uuid7(), "message_id": row.id, "kind": "delivered", "at": at}
                for row, at in zip(delivered, ats, strict=True)
            ],
        )
        touches = [
            {
                "customer_id": row.customer_id,
                "contact_id": row.contact_id,
                "at": at,
                "kind": "message_delivered",
                "channel": row.channel,
                "campaign_id": row.campaign_id,
                "message_id": row.id,
                "key": f"message_delivered:{row.id}",
            }
            for row, at in zip(delivered, ats, strict=True)
        ]
        await record_touches(session, touches)
    if failed:
        errors = [(row.last_error or "not delivered")[:2000] for row in failed]
        await session.execute(_FAILED, {"ids": [row.id for row in failed], "errors": errors})
    return {"delivered": len(delivered), "failed": len(failed)}


async def finish_sent(session: AsyncSession, now: datetime) -> int:
    """Sending campaigns with every recipient written and none left on its way are done; how many."""
    open_rows = select(MarketingMessage.id).where(
        MarketingMessage.campaign_id == Campaign.id, MarketingMessage.status.in_(OPEN)
    )
    result = await session.execute(
        update(Campaign)
        .where(Campaign.status == "sending", Campaign.prepared_at.is_not(None), ~open_rows.exists())
        .values(status="done", finished_at=now, updated_at=now, version=Campaign.version + 1)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def retry_at(now: datetime, attempts: int) -> datetime:
    """When a message whose provider failed is tried again: 1, 2, 4 minutes after."""
    return now + timedelta(minutes=1 << max(attempts - 1, 0))
