"""What tracked links and provider callbacks record: opens, clicks (told apart from machines'), unsubscribes and
bounces of ledger rows."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.ids import uuid7
from rapport.marketing.attribution.touches import record_touch
from rapport.marketing.campaigns.models import MarketingEvent, MarketingMessage
from rapport.marketing.consent.service import opt_out_address

#: User agents of security scanners and privacy proxies that fetch every link or image of a message.
MACHINE_AGENTS = re.compile(
    r"GoogleImageProxy|YahooMailProxy|Barracuda|Mimecast|Proofpoint|ppops|Symantec|MessageLabs|Forcepoint|"
    r"TrendMicro|Sophos|FireEye|SafeLinks|Microsoft Office/16\.0 \(Windows NT 10\.0; Microsoft Outlook|"
    r"bot\b|crawler|spider|python-requests|python-httpx|curl/|wget/|HeadlessChrome|preview",
    re.IGNORECASE,
)
#: A click this soon after delivery is a machine's (no person reads and clicks that fast).
HUMAN_DELAY = timedelta(seconds=2)
#: The same link fetched again by the same client this soon records nothing new (a replay, a reload).
REPLAY_WINDOW = timedelta(minutes=10)


def machine_agent(user_agent: str | None) -> bool:
    """Whether a user agent is a known scanner or proxy (an empty one counts as a machine)."""
    return not user_agent or MACHINE_AGENTS.search(user_agent) is not None


async def record(
    session: AsyncSession,
    message_id: uuid.UUID,
    kind: str,
    user_agent: str | None,
    url: str | None = None,
    *,
    client: str | None = None,
) -> MarketingEvent | None:
    """Record an open or a click of a message (None: no such message); flagged `machine` when it is one. The same
    fetch by the same client (`client`: `guard.client_key`) within `REPLAY_WINDOW` records nothing new: the
    earlier event is answered."""
    message = await session.get(MarketingMessage, message_id)
    if message is None:
        return None
    now = clock.now()
    machine = machine_agent(user_agent)
    delivered: datetime | None = message.delivered_at or message.sent_at
    if kind == "clicked" and delivered is not None and now - delivered < HUMAN_DELAY:
        machine = True
    if client is not None:
        earlier = (
            await session.scalars(
                select(MarketingEvent).where(
                    MarketingEvent.message_id == message_id,
                    MarketingEvent.kind == kind,
                    MarketingEvent.client_key == client,
                    MarketingEvent.machine.is_(machine),
                    MarketingEvent.url.is_not_distinct_from(url),
                    MarketingEvent.at > now - REPLAY_WINDOW,
                )
            )
        ).first()
        if earlier is not None:
            return earlier
    event = MarketingEvent(
        id=uuid7(), message_id=message_id, kind=kind, at=now, machine=machine, url=url, client_key=client
    )
    session.add(event)
    await session.flush()
    if not machine:  # a person's first open or click of a message is a touch attribution credits
        await touched(session, message, f"message_{kind}", now)
    return event


async def touched(session: AsyncSession, message: MarketingMessage, kind: str, at: datetime) -> None:
    """Record that a message reached its contact (`message_delivered`, `message_opened`, `message_clicked`): a
    touch of the message's campaign and channel, once per message and kind."""
    await record_touch(
        session,
        customer_id=message.customer_id,
        contact_id=message.contact_id,
        at=at,
        kind=kind,
        channel=message.channel,
        campaign_id=message.campaign_id,
        message_id=message.id,
        key=f"{kind}:{message.id}",
    )


async def unsubscribe(session: AsyncSession, message_id: uuid.UUID, client: str | None = None) -> bool:
    """The message's contact opts out of its channel (through its unsubscribe link), with every contact of the same
    address on it; False: no such message. Once the message has its unsubscribe, another records nothing."""
    message = await session.get(MarketingMessage, message_id)
    if message is None:
        return False
    await opt_out_address(session, message.contact_id, message.channel, "unsubscribe_link")
    done = await session.scalar(
        select(MarketingEvent.id).where(MarketingEvent.message_id == message_id, MarketingEvent.kind == "unsubscribed")
    )
    if done is not None:
        return True
    session.add(
        MarketingEvent(id=uuid7(), message_id=message_id, kind="unsubscribed", at=clock.now(), client_key=client)
    )
    await session.flush()
    return True


async def bounce(session: AsyncSession, message_id: uuid.UUID, reason: str | None) -> bool:
    """A provider or mail server says the message bounced; False: no such message."""
    message = await session.get(MarketingMessage, message_id, with_for_update=True)
    if message is None:
        return False
    message.status, message.error = "bounced", (reason or "bounced")[:2000]
    session.add(MarketingEvent(id=uuid7(), message_id=message_id, kind="bounced", at=clock.now()))
    await session.flush()
    return True


async def locale_of(session: AsyncSession, message_id: uuid.UUID) -> str | None:
    """The language a message was written in (None: no such message)."""
    message = await session.get(MarketingMessage, message_id)
    return None if message is None else (message.locale or "zh-CN")


async def contact_of(session: AsyncSession, message_id: uuid.UUID) -> uuid.UUID | None:
    """The contact a message went to (None: no such message)."""
    message = await session.get(MarketingMessage, message_id)
    return None if message is None else message.contact_id


async def engaged(session: AsyncSession, contact_id: uuid.UUID, kind: str, since: datetime) -> bool:
    """Whether a person (not a machine) at this contact opened or clicked (`kind`) a marketing message since then."""
    found = await session.scalar(
        select(MarketingEvent.id)
        .join(MarketingMessage, MarketingMessage.id == MarketingEvent.message_id)
        .where(
            MarketingMessage.contact_id == contact_id,
            MarketingEvent.kind == kind,
            MarketingEvent.machine.is_(False),
            MarketingEvent.at >= since,
        )
        .limit(1)
    )
    return found is not None
