"""External ids: the ids another system (an ERP, a shop, an old CRM, a call center) gives the rows it sends.

Customers, orders and tickets carry one each, unique per table (a partial unique index), so that a system can
send the same record again and have it updated instead of duplicated (`customerUpsert`, `ordersUpsert`,
`ticketUpsert`, the import wizard). Two transactions that upsert the same new external id at once are
serialised by a transaction-level advisory lock on (kind, id): the second finds the row the first created.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from rapport.core.errors import BadUserInputError

#: The longest external id kept.
MAX_LENGTH = 100


def clean(value: str | None, *, field: str = "externalId") -> str | None:
    """An external id as stored: trimmed, NFC; None for None or blank. BAD_USER_INPUT when too long or when it holds
    control characters (which no system's id has and which would not survive a CSV round trip)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise BadUserInputError("An external id has at most 100 characters.", field=field)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise BadUserInputError("An external id cannot hold control characters.", field=field)
    return text


def required(value: str | None, *, field: str = "externalId") -> str:
    """A cleaned external id that must be given."""
    text = clean(value, field=field)
    if text is None:
        raise BadUserInputError("Give the external id.", field=field)
    return text


async def lock(session: AsyncSession, kind: str, ids: Iterable[str]) -> None:
    """Hold the (kind, id) advisory locks until the transaction ends, taken in one order (no deadlock between two
    batches that share ids)."""
    keys = sorted({f"{kind}:{i}" for i in ids})
    if not keys:
        return
    # One array parameter (unnest keeps its order): the statement is the same for any number of keys, so it is
    # compiled and prepared once.
    given = func.unnest(literal(keys, ARRAY(Text))).table_valued("key").render_derived(name="given")
    await session.execute(
        select(func.count(func.pg_advisory_xact_lock(func.hashtextextended(given.c.key, 0)))).select_from(given)
    )
