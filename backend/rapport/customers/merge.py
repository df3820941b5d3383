"""Merge: moving everything of one customer (a duplicate) to another.

Other domains' rows move with a merge through the merge hooks of the assembled manifests; the survivor's contacts
of one person (same phone or email) then become one (`contact_merge`).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers.contact_merge import merge_duplicate_contacts
from rapport.customers.locks import locked_customer
from rapport.customers.models import Customer
from rapport.customers.repository import CustomerRepository
from rapport.manifest import installed


async def merge_customers(
    session: AsyncSession, principal: Principal, survivor_id: uuid.UUID, merged_id: uuid.UUID
) -> tuple[Customer, dict[str, int]]:
    """Move everything of `merged_id` to `survivor_id` in this transaction; the merged one becomes a tombstone."""
    if survivor_id == merged_id:
        raise BadUserInputError("A customer cannot be merged into itself.", field="mergedId")
    first, second = sorted([survivor_id, merged_id])  # lock in a fixed order: no deadlock between two merges
    locked = {
        first: await locked_customer(session, principal, first),
        second: await locked_customer(session, principal, second),
    }
    survivor, merged = locked[survivor_id], locked[merged_id]
    moved = dict(await CustomerRepository(session).move_children(survivor.id, merged.id))
    for hook in installed().merge_hooks:
        moved.update(await hook(session, survivor.id, merged.id))
    moved["contacts_merged"] = await merge_duplicate_contacts(session, principal, survivor.id)
    now = clock.now()
    merged.merged_into_id = survivor.id
    merged.archived_at = now
    merged.updated_at = now
    for key in ("last_activity_at", "last_follow_up_at"):
        theirs, ours = getattr(merged, key), getattr(survivor, key)
        if theirs is not None and (ours is None or theirs > ours):
            setattr(survivor, key, theirs)
    survivor.updated_at = now
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=survivor.id,
        action="merge",
        changes={"mergedId": [None, str(merged.id)], "moved": [None, moved]},
    )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=merged.id,
        action="merged_into",
        changes={"mergedInto": [None, str(survivor.id)]},
    )
    emit(
        session,
        "customer.merged",
        "Customer",
        survivor.id,
        actor_id=principal.user_id,
        data={"mergedId": str(merged.id)},
    )
    return survivor, moved
