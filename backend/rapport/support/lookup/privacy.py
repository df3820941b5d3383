"""A data subject's phone lookups: exported with the customer's data; erased, their hashed number is forgotten."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.manifest import PrivacyPart
from rapport.support.lookup.repository import LookupRepository


async def export_lookups(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, object]]:
    """When the customer was identified by phone, and by whom (the number is only held hashed)."""
    return [
        {"id": str(lookup.id), "at": lookup.at.isoformat(), "by_user_id": str(lookup.user_id)}
        for lookup in await LookupRepository(session).lookups_finding(customer_id)
    ]


async def erase_lookups(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Forget the hashed number of every lookup that found the customer (who looked and when stay)."""
    return await LookupRepository(session).forget_number_of(customer_id)


PHONE_LOOKUPS = PrivacyPart("phoneLookups", export_lookups, erase_lookups)
