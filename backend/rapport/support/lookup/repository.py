"""All SQL of the phone lookup: its ledger (audit trail and rate limit) and the callers it makes related."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import CallerGrant, PhoneLookup


def granted_customers(user_id: uuid.UUID) -> Select[Any]:
    """A SELECT of the ids of the customers this user identified by phone and still holds (not expired yet:
    expired grants are deleted by the `caller-grant-expiry` job, so the statement holds no time)."""
    return select(CallerGrant.customer_id).where(CallerGrant.user_id == user_id)


class LookupRepository:
    """Reads and writes of phone lookups and caller grants."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_user(self, user_id: uuid.UUID) -> None:
        """Serialise one user's lookups until the transaction ends (so concurrent ones cannot pass the limit)."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('phone-lookup:' || :user))"), {"user": str(user_id)}
        )

    async def lookups_since(self, user_id: uuid.UUID, since: datetime) -> tuple[int, datetime | None]:
        """How many lookups the user made after `since`, and when the oldest of them was."""
        stmt = select(func.count(), func.min(PhoneLookup.at)).where(
            PhoneLookup.user_id == user_id, PhoneLookup.at > since
        )
        count, oldest = (await self.session.execute(stmt)).one()
        return int(count), oldest

    async def record(
        self, user_id: uuid.UUID, at: datetime, digest: bytes, customer_ids: Sequence[uuid.UUID]
    ) -> PhoneLookup:
        """Write one lookup to the ledger."""
        lookup = PhoneLookup(user_id=user_id, at=at, digest=digest, customer_ids=list(customer_ids))
        self.session.add(lookup)
        await self.session.flush()
        return lookup

    async def replace_grants(
        self, user_id: uuid.UUID, lookup_id: uuid.UUID, customer_ids: Sequence[uuid.UUID], expires_at: datetime
    ) -> None:
        """The user's identified callers become exactly these customers, until `expires_at`."""
        await self.session.execute(delete(CallerGrant).where(CallerGrant.user_id == user_id))
        if customer_ids:
            await self.session.execute(
                insert(CallerGrant).values(
                    [
                        {"user_id": user_id, "customer_id": c, "lookup_id": lookup_id, "expires_at": expires_at}
                        for c in dict.fromkeys(customer_ids)
                    ]
                )
            )

    async def delete_expired(self, now: datetime) -> int:
        """Forget the grants that expired by `now`; how many."""
        result = await self.session.execute(delete(CallerGrant).where(CallerGrant.expires_at <= now))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def lookups_finding(self, customer_id: uuid.UUID) -> list[PhoneLookup]:
        """The lookups that found this customer, oldest first (a data subject's export)."""
        stmt = (
            select(PhoneLookup)
            .where(PhoneLookup.customer_ids.contains([customer_id]))
            .order_by(PhoneLookup.at, PhoneLookup.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def forget_number_of(self, customer_id: uuid.UUID) -> int:
        """Erase the hashed number of every lookup that found this customer (a data subject's erasure); how many."""
        result = await self.session.execute(
            update(PhoneLookup)
            .where(PhoneLookup.customer_ids.contains([customer_id]), PhoneLookup.digest.is_not(None))
            .values(digest=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
