"""The phone lookup: a service agent identifies a caller by their whole phone number.

A lookup compares one thing: the blind-index digest of the number as typed, normalised as contacts' phones are
(`rapport.customers.service.phone_digest`), with the digests of contacts' whole numbers. It finds the customers
with a contact of exactly that number and makes them related to the caller (`CallerGrant`, a related source of
the `Customer` row scope) until GRANT passes or their next lookup that finds someone: the agent may then open
that customer's service view and open a ticket for it, and the ticket keeps the customer related as any ticket
in their queues does. What the lookup returns is what the caller's row scope now shows, masked as their policy
says, through the same paths as everything else.

It is no oracle: a fragment, a masked number (`138****5678`), the last four digits or an unknown number all
answer alike — no customers — after the same work; every lookup, whatever it found, counts against the per-user
limits (LIMITS, RATE_LIMITED with `retryAfterSeconds`), and is written to the ledger (who, when, the number's
digest, the ids found) and to the audit log.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, RateLimitedError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers.service import customer_ids_with_phone, phone_digest
from rapport.support.lookup.repository import LookupRepository

#: Lookups a user may make per window: a desk takes calls, not thousands of guesses at a masked number
#: (10,000 candidates for `138****5678` take 50 days at 200 a day, each audited).
LIMITS: tuple[tuple[timedelta, int], ...] = ((timedelta(minutes=10), 20), (timedelta(days=1), 200))
#: How long a caller found by phone stays related to the agent who looked them up (a call and its wrap-up).
GRANT = timedelta(minutes=30)
#: At most this many customers share one number in an answer.
MAX_FOUND = 20


async def look_up(session: AsyncSession, principal: Principal, phone: str) -> list[uuid.UUID]:
    """The ids of the customers with a contact of exactly this whole phone number (shown to the caller as their
    row scope, which now relates them, shows them).

    Raises RateLimitedError past a limit (nothing recorded then), BadUserInputError for a blank number.
    """
    if not phone.strip():
        raise BadUserInputError("Type the caller's whole phone number.", field="phone")
    repo = LookupRepository(session)
    now = clock.now()
    await repo.lock_user(principal.user_id)
    for window, limit in LIMITS:
        count, oldest = await repo.lookups_since(principal.user_id, now - window)
        if count >= limit:
            retry = max(1, int(((oldest or now) + window - now).total_seconds()))
            raise RateLimitedError(
                msg("Too many phone lookups; try again in {seconds} seconds.", seconds=retry),
                retry_after_seconds=retry,
            )
    digest = phone_digest(phone)
    found = await customer_ids_with_phone(session, digest, MAX_FOUND)
    lookup = await repo.record(principal.user_id, now, digest, found)
    if found:  # a miss (a typo) leaves the call being taken as it is
        await repo.replace_grants(principal.user_id, lookup.id, found, now + GRANT)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="PhoneLookup",
        entity_id=lookup.id,
        action="lookup",
        changes={"customerIds": [None, [str(c) for c in found]]},
    )
    await session.flush()
    return found


async def expire_grants(session: AsyncSession) -> int:
    """Callers found by phone stop being related to the agent once their time is up; how many grants ended."""
    return await LookupRepository(session).delete_expired(clock.now())
