"""The service desk's part in merges: tickets and portal users follow a merged customer and a merged contact."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.repository import SupportRepository


async def move_on_merge(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> Mapping[str, int]:
    """Merge hook: the merged customer's tickets and portal users become the survivor's."""
    return {"tickets": await SupportRepository(session).move_to_customer(survivor_id, merged_id)}


async def repoint_contact_on_merge(
    session: AsyncSession, kept_id: uuid.UUID, duplicate_id: uuid.UUID
) -> Mapping[str, int]:
    """Contact merge hook: tickets the duplicate contact asked are the kept contact's."""
    return {"tickets": await SupportRepository(session).repoint_contact(kept_id, duplicate_id)}


async def portal_contacts(session: AsyncSession, contact_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Held contacts: a portal user signs in as each of them, so none is merged away (each keeps its login)."""
    return await SupportRepository(session).contacts_with_portal_accounts(contact_ids)
