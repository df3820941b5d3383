"""Idempotency keys: a mutation sent again with the same `Idempotency-Key` answers what the first one answered.

A key belongs to the caller (its user) and lives 24 hours. It records a fingerprint of the request (document,
operation name and variables), whether the mutation's unit of work committed (`committed_at`, written in the
mutation's own transaction, so it is true exactly when the change is), and once the answer is written, the answer
itself (encrypted: it may hold what the caller reads in clear). A key whose request never committed and has not
answered for `ABANDONED` is free again (its process died before the change: nothing happened).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.crypto import vault
from rapport.core.db import Base
from rapport.core.errors import ConflictError

#: How long a key answers with its first result.
LIFETIME = timedelta(hours=24)
#: A request that neither committed nor answered in this long died before its change: its key may run again.
ABANDONED = timedelta(minutes=2)
TABLE = "idempotency_key"


class IdempotencyKey(Base):
    """One caller's key and what its first request did."""

    __tablename__ = TABLE
    __table_args__ = (UniqueConstraint("user_id", "key"), Index("ix_idempotency_key_expires_at", "expires_at"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the request's document, operation name and variables.
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    #: Set in the mutation's transaction: the change happened.
    committed_at: Mapped[datetime | None]
    #: Set once the answer is stored.
    finished_at: Mapped[datetime | None]
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(Text)
    body_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


@dataclass(frozen=True)
class Stored:
    """What an earlier request with the key did."""

    fingerprint: bytes
    committed: bool
    finished: bool
    status_code: int | None
    content_type: str | None
    body: bytes | None


_CLAIM = text(
    """
    INSERT INTO idempotency_key (id, user_id, key, fingerprint, created_at, expires_at)
    VALUES (:id, :user_id, :key, :fingerprint, :now, :expires_at)
    ON CONFLICT (user_id, key) DO UPDATE SET
      id = excluded.id, fingerprint = excluded.fingerprint, created_at = excluded.created_at,
      expires_at = excluded.expires_at, committed_at = NULL, finished_at = NULL, status_code = NULL,
      content_type = NULL, body_enc = NULL
    WHERE idempotency_key.expires_at <= :now
       OR (idempotency_key.committed_at IS NULL AND idempotency_key.finished_at IS NULL
           AND idempotency_key.created_at <= :abandoned AND idempotency_key.fingerprint = excluded.fingerprint)
    RETURNING id
    """
)


async def claim(
    session: AsyncSession, user_id: uuid.UUID, key: str, fingerprint: bytes, now: datetime
) -> uuid.UUID | None:
    """Take the key for a new request (its id), or None when an earlier request holds it."""
    claimed = await session.execute(
        _CLAIM,
        {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "key": key,
            "fingerprint": fingerprint,
            "now": now,
            "expires_at": now + LIFETIME,
            "abandoned": now - ABANDONED,
        },
    )
    found = claimed.scalar_one_or_none()
    return None if found is None else uuid.UUID(str(found))


async def stored(session: AsyncSession, user_id: uuid.UUID, key: str) -> Stored | None:
    """What the request holding the key did so far (None when the key is free again)."""
    row = (
        await session.execute(
            text(
                "SELECT id, fingerprint, committed_at, finished_at, status_code, content_type, body_enc "
                "FROM idempotency_key WHERE user_id = :user_id AND key = :key"
            ),
            {"user_id": user_id, "key": key},
        )
    ).first()
    if row is None:
        return None
    body = None
    if row.body_enc is not None:
        body = vault().cipher.decrypt(row.body_enc, table=TABLE, column="body", row_id=row.id).encode()
    return Stored(
        fingerprint=bytes(row.fingerprint),
        committed=row.committed_at is not None,
        finished=row.finished_at is not None,
        status_code=row.status_code,
        content_type=row.content_type,
        body=body,
    )


async def mark_committed(session: AsyncSession, key_id: uuid.UUID, now: datetime) -> None:
    """In the mutation's unit of work, just before it commits: the change happens with this key. When a retry took
    the key meanwhile (this request ran past ABANDONED), raises CONFLICT: the unit of work rolls back, so the change
    happens once, by the retry."""
    held = await session.execute(
        text("UPDATE idempotency_key SET committed_at = coalesce(committed_at, :now) WHERE id = :id RETURNING id"),
        {"id": key_id, "now": now},
    )
    if held.first() is None:
        raise ConflictError(
            "This request ran so long that a retry with its Idempotency-Key took over; nothing was changed by it."
        )


async def finish(
    session: AsyncSession, key_id: uuid.UUID, status_code: int, content_type: str, body: bytes, now: datetime
) -> None:
    """Store the answer the key gives from now on."""
    sealed = vault().cipher.encrypt(body.decode(), table=TABLE, column="body", row_id=key_id)
    await session.execute(
        text(
            "UPDATE idempotency_key SET finished_at = :now, status_code = :status, content_type = :type, "
            "body_enc = :body WHERE id = :id"
        ),
        {"id": key_id, "now": now, "status": status_code, "type": content_type, "body": sealed},
    )


async def forget(session: AsyncSession, key_id: uuid.UUID) -> None:
    """Free a key whose request changed nothing and gave no answer worth keeping (a retry runs it again)."""
    await session.execute(text("DELETE FROM idempotency_key WHERE id = :id AND committed_at IS NULL"), {"id": key_id})


async def purge(session: AsyncSession, now: datetime, limit: int) -> int:
    """Delete up to `limit` expired keys; how many."""
    result = await session.execute(
        text(
            "DELETE FROM idempotency_key WHERE id IN "
            "(SELECT id FROM idempotency_key WHERE expires_at <= :now LIMIT :limit FOR UPDATE SKIP LOCKED)"
        ),
        {"now": now, "limit": limit},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
