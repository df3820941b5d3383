"""Contact merges: a duplicate contact's consent and send ledger become the kept contact's, opt-outs first."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.marketing.campaigns.models import MarketingConsent, MarketingMessage
from rapport.marketing.consent.service import set_consent


async def repoint_consent_on_merge(
    session: AsyncSession, kept_id: uuid.UUID, duplicate_id: uuid.UUID
) -> Mapping[str, int]:
    """Contact merge hook: the duplicate's consents join the kept contact's (an opt-out of either wins: nothing is
    sent to the merged person that one of them refused), and its ledger rows are the kept contact's (rows of a
    campaign both got stay the kept contact's only)."""
    kept = {
        row.channel: row
        for row in await session.scalars(select(MarketingConsent).where(MarketingConsent.contact_id == kept_id))
    }
    moved = 0
    for row in (
        await session.scalars(select(MarketingConsent).where(MarketingConsent.contact_id == duplicate_id))
    ).all():
        theirs = kept.get(row.channel)
        if theirs is None:
            await set_consent(session, kept_id, row.channel, row.granted, row.source)
        elif theirs.granted and not row.granted:
            await set_consent(session, kept_id, row.channel, False, row.source)
        moved += 1
    await session.execute(delete(MarketingConsent).where(MarketingConsent.contact_id == duplicate_id))
    both = select(MarketingMessage.source_key).where(MarketingMessage.contact_id == kept_id).scalar_subquery()
    result = await session.execute(
        update(MarketingMessage)
        .where(MarketingMessage.contact_id == duplicate_id, MarketingMessage.source_key.not_in(both))
        .values(contact_id=kept_id)
    )
    return {"marketing_consents": moved, "marketing_messages": int(result.rowcount)}  # type: ignore[attr-defined]
