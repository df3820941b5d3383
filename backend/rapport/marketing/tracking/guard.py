"""What bounds the public marketing routes: a rate limit per client address and minute (shared by every worker
through PostgreSQL), the client key that makes a replayed fetch record nothing, and the provider callbacks'
webhook ids seen while their signatures are fresh."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.marketing.campaigns.models import MarketingHit, MarketingInboundCall

#: Minutes of hit counts kept (older rows are deleted when a client's new minute starts).
HITS_KEPT = timedelta(minutes=5)


def client_key(address: str, user_agent: str | None) -> str:
    """A short digest of who fetched a link: the client's address and user agent."""
    return hashlib.sha256(f"{address}\n{user_agent or ''}".encode()).hexdigest()[:32]


async def over_limit(session: AsyncSession, address: str, now: datetime, per_minute: int) -> bool:
    """Count one fetch from `address` in this minute; whether it is past `per_minute`."""
    minute = now.replace(second=0, microsecond=0)
    statement = (
        insert(MarketingHit)
        .values(address=address[:64], minute=minute, hits=1)
        .on_conflict_do_update(index_elements=["address", "minute"], set_={"hits": MarketingHit.hits + 1})
        .returning(MarketingHit.hits)
    )
    hits = int((await session.execute(statement)).scalar_one())
    if hits == 1:
        await session.execute(delete(MarketingHit).where(MarketingHit.minute < minute - HITS_KEPT))
    return hits > per_minute


async def first_call(session: AsyncSession, webhook_id: str, now: datetime, window: timedelta) -> bool:
    """Remember a callback's webhook id; False when it was seen within `window` (a replay)."""
    await session.execute(delete(MarketingInboundCall).where(MarketingInboundCall.at < now - window))
    statement = (
        insert(MarketingInboundCall)
        .values(webhook_id=webhook_id[:200], at=now)
        .on_conflict_do_nothing(index_elements=["webhook_id"])
        .returning(MarketingInboundCall.webhook_id)
    )
    return (await session.execute(statement)).first() is not None
