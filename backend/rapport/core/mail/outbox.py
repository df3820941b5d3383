"""Queueing outbound email in the caller's transaction, and reading the outbox back.

`enqueue` adds a row to the session of the change that causes the email: the message exists exactly when the
change committed. The delivery job (`rapport.core.mail.delivery`) sends it afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, delete, false, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.crypto import EncryptedColumn, vault
from rapport.core.ids import uuid7
from rapport.core.mail.models import MailStatus, MailStream, OutboundEmail

TABLE = "outbound_email"
#: The outbox's encrypted columns (key rotation re-encrypts them).
ENCRYPTED = (EncryptedColumn(TABLE, "recipient", "recipient_enc"), EncryptedColumn(TABLE, "content", "content_enc"))


@dataclass(frozen=True)
class Content:
    """What a message says: its subject, a plain-text part and (usually) an HTML part."""

    subject: str
    text: str
    html: str | None = None
    #: Extra headers (marketing: `List-Unsubscribe`, `List-Unsubscribe-Post`), stored with the content.
    headers: dict[str, str] | None = None


@dataclass(frozen=True)
class Email:
    """A message to queue.

    `about` names what it concerns (e.g. `("Ticket", id)`), `recipient` whom (e.g. `("Contact", id)`);
    `dedupe_key` makes queueing idempotent: while a message with that key exists, another is not queued.
    """

    to: str
    content: Content
    kind: str
    locale: str
    stream: MailStream = MailStream.SERVICE
    about: tuple[str, uuid.UUID] | None = None
    recipient: tuple[str, uuid.UUID] | None = None
    dedupe_key: str | None = None
    #: (from, until): a window it must not be handed over in; still queued then, it waits until `until`.
    hold: tuple[datetime, datetime] | None = None


def _seal(value: str, column: str, row_id: uuid.UUID) -> bytes:
    return vault().cipher.encrypt(value, table=TABLE, column=column, row_id=row_id)


def _row(email: Email, now: datetime) -> dict[str, Any]:
    """The outbox row of a message, its address and content sealed to its id."""
    row_id = uuid7()
    content = orjson.dumps(
        {
            "subject": email.content.subject,
            "text": email.content.text,
            "html": email.content.html,
            **({"headers": email.content.headers} if email.content.headers else {}),
        }
    )
    return {
        "id": row_id,
        "kind": email.kind,
        "stream": email.stream.value,
        "locale": email.locale,
        "subject_type": email.about[0] if email.about else None,
        "subject_id": email.about[1] if email.about else None,
        "recipient_type": email.recipient[0] if email.recipient else None,
        "recipient_id": email.recipient[1] if email.recipient else None,
        "dedupe_key": email.dedupe_key,
        "recipient_enc": _seal(email.to, "recipient", row_id),
        "content_enc": _seal(content.decode(), "content", row_id),
        "hold_from": email.hold[0] if email.hold else None,
        "hold_until": email.hold[1] if email.hold else None,
        "status": MailStatus.QUEUED.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def enqueue(session: AsyncSession, email: Email) -> uuid.UUID | None:
    """Queue a message in the session's transaction; its id, or None when its dedupe key was queued already."""
    values = _row(email, clock.now())
    statement = insert(OutboundEmail).values(values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement.returning(OutboundEmail.id))
    return result.scalar_one_or_none()


#: The columns `enqueue_many` writes, with their PostgreSQL array types.
_MANY = {
    "id": "uuid",
    "kind": "text",
    "stream": "text",
    "locale": "text",
    "subject_type": "text",
    "subject_id": "uuid",
    "recipient_type": "text",
    "recipient_id": "uuid",
    "dedupe_key": "text",
    "recipient_enc": "bytea",
    "content_enc": "bytea",
    "hold_from": "timestamptz",
    "hold_until": "timestamptz",
}
_INSERT_MANY = text(
    f"INSERT INTO {TABLE} ({', '.join(_MANY)}, status, attempts, next_attempt_at, created_at)"
    f" SELECT *, '{MailStatus.QUEUED.value}', 0, :now, :now FROM unnest("
    + ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _MANY.items())
    + ") ON CONFLICT (dedupe_key) DO NOTHING"
)


async def enqueue_many(session: AsyncSession, emails: Sequence[Email]) -> int:
    """Queue many messages in the session's transaction with one statement (a campaign's batch); how many were
    queued (those whose dedupe key was queued already are not)."""
    if not emails:
        return 0
    now = clock.now()
    rows = [_row(email, now) for email in emails]
    parameters: dict[str, Any] = {name: [row[name] for row in rows] for name in _MANY}
    result = await session.execute(_INSERT_MANY, {**parameters, "now": now})
    return int(result.rowcount)  # type: ignore[attr-defined]


def recipient_of(row: OutboundEmail) -> str:
    """The address a message goes to."""
    return vault().cipher.decrypt(row.recipient_enc, table=TABLE, column="recipient", row_id=row.id)


def content_of(row: OutboundEmail) -> Content:
    """What a message says."""
    return decrypt_content(row.content_enc, row.id)


def decrypt_content(content_enc: bytes, row_id: uuid.UUID | str) -> Content:
    """What a message says, from its stored ciphertext and its id (a UUID or its text)."""
    data = orjson.loads(vault().cipher.decrypt(content_enc, table=TABLE, column="content", row_id=row_id))
    return Content(
        subject=str(data["subject"]), text=str(data["text"]), html=data.get("html"), headers=data.get("headers")
    )


def messages_of(subject_type: str, subject: Any) -> Select[Any]:
    """The messages about a thing (e.g. a ticket's id, a value or a column), as a statement."""
    return select(OutboundEmail).where(OutboundEmail.subject_type == subject_type, OutboundEmail.subject_id == subject)


async def messages_about(
    session: AsyncSession, subject_type: str, subject_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[OutboundEmail]]:
    """The messages about each of these things (e.g. tickets), oldest first."""
    found: dict[uuid.UUID, list[OutboundEmail]] = {subject_id: [] for subject_id in subject_ids}
    if not subject_ids:
        return found
    rows = await session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.subject_type == subject_type, OutboundEmail.subject_id.in_(list(subject_ids)))
        .order_by(OutboundEmail.created_at, OutboundEmail.id)
    )
    for row in rows:
        assert row.subject_id is not None
        found[row.subject_id].append(row)
    return found


async def claim_due(session: AsyncSession, now: Any, limit: int = 1) -> list[OutboundEmail]:
    """Up to `limit` messages due for delivery, oldest due first, locked for this transaction (other workers skip
    them)."""
    statement = (
        select(OutboundEmail)
        .where(OutboundEmail.status == MailStatus.QUEUED.value, OutboundEmail.next_attempt_at <= now)
        .order_by(OutboundEmail.next_attempt_at, OutboundEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(statement)).all())


#: Things of one type by id, e.g. `("Contact", contact_ids)`: whom messages are to, or what they are about.
Targets = tuple[str, Sequence[uuid.UUID]]


def _to_or_about(recipients: Targets, about: Targets) -> ColumnElement[bool]:
    """Messages to one of these recipients (e.g. Contacts) or about one of these things (e.g. Tickets)."""
    clauses: list[ColumnElement[bool]] = []
    if recipients[1]:
        clauses.append(
            (OutboundEmail.recipient_type == recipients[0]) & OutboundEmail.recipient_id.in_(list(recipients[1]))
        )
    if about[1]:
        clauses.append((OutboundEmail.subject_type == about[0]) & OutboundEmail.subject_id.in_(list(about[1])))
    return or_(*clauses) if clauses else false()


async def messages_to_or_about(session: AsyncSession, recipients: Targets, about: Targets) -> list[OutboundEmail]:
    """The messages (any status) to one of `recipients` or about one of `about`, oldest first, e.g.
    `(("Contact", contact_ids), ("Ticket", ticket_ids))`."""
    statement = (
        select(OutboundEmail)
        .where(_to_or_about(recipients, about))
        .order_by(OutboundEmail.created_at, OutboundEmail.id)
    )
    return list((await session.scalars(statement)).all())


async def delete_to_or_about(session: AsyncSession, recipients: Targets, about: Targets) -> int:
    """Delete the messages to one of `recipients` or about one of `about`, queued ones too (nothing of them is
    sent afterwards); how many. A message the delivery job holds at this moment waits for its lock."""
    result = await session.execute(delete(OutboundEmail).where(_to_or_about(recipients, about)))
    return int(result.rowcount)  # type: ignore[attr-defined]


#: The error a withdrawn message is given up with (`withdraw_queued`).
WITHDRAWN = "withdrawn"


async def withdraw_queued(session: AsyncSession, recipients: Targets, about: Targets, reason: str) -> int:
    """Give up on the queued marketing messages to one of `recipients` or about one of `about` (an opt-out, a
    suppressed address, a cancelled campaign): they are never handed over; failed, with `withdrawn: <reason>` as
    their error. Service messages are never withdrawn. How many. A message the delivery job holds at this moment
    waits for its lock (it is handed over, or withdrawn, never both)."""
    result = await session.execute(
        update(OutboundEmail)
        .where(
            _to_or_about(recipients, about),
            OutboundEmail.status == MailStatus.QUEUED.value,
            OutboundEmail.stream == MailStream.MARKETING.value,
        )
        .values(status=MailStatus.FAILED.value, last_error=f"{WITHDRAWN}: {reason}"[:2000])
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def purge_finished(session: AsyncSession, before: datetime, limit: int) -> int:
    """Delete up to `limit` messages that were sent or given up on and queued before `before`; how many.

    Queued messages (waiting for a first try or a retry) are never purged. Rows another transaction holds are
    skipped, so several workers may purge at once.
    """
    batch = (
        select(OutboundEmail.id)
        .where(
            OutboundEmail.status.in_([MailStatus.SENT.value, MailStatus.FAILED.value]),
            OutboundEmail.created_at < before,
        )
        .order_by(OutboundEmail.created_at, OutboundEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.execute(delete(OutboundEmail).where(OutboundEmail.id.in_(batch)))
    return int(result.rowcount)  # type: ignore[attr-defined]
