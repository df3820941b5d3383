"""The outbox of outbound email: one row per message, written in the transaction of the change that causes it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin


class MailStatus(StrEnum):
    """Where a message is: waiting (first try or a retry), handed to the SMTP server, or given up on."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class MailStream(StrEnum):
    """Service messages (about the customer's own requests) are never suppressed; marketing messages may be."""

    SERVICE = "service"
    MARKETING = "marketing"


class OutboundEmail(IdMixin, Base):
    """One email to one recipient. The address and the content are encrypted (AES-GCM bound to this row): they
    hold personal data and, for a survey, a link that works without signing in."""

    __tablename__ = "outbound_email"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status_valid"),
        CheckConstraint("stream IN ('service', 'marketing')", name="stream_valid"),
        # The delivery job's claim: due messages in order.
        Index("ix_outbound_email_due", "next_attempt_at", postgresql_where="status = 'queued'"),
        Index("ix_outbound_email_subject", "subject_type", "subject_id", "created_at"),
    )

    #: What the message is, e.g. `ticket.acknowledged` (templates and the portal's list name it).
    kind: Mapped[str] = mapped_column(String(64))
    stream: Mapped[str] = mapped_column(String(16))
    #: The language it was written in (zh-CN or en).
    locale: Mapped[str] = mapped_column(String(10))
    #: What it is about (e.g. Ticket and its id): who may see the message follows from that.
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID | None]
    #: Whom it is for (e.g. a Contact), besides the address.
    recipient_type: Mapped[str | None] = mapped_column(String(32))
    recipient_id: Mapped[uuid.UUID | None]
    #: A key that makes queueing idempotent: a second message with the same key is not queued.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    #: The address (encrypted).
    recipient_enc: Mapped[bytes] = mapped_column(LargeBinary)
    #: Subject, plain text and HTML as JSON (encrypted: they quote what people wrote, or hold a survey link).
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[datetime]
    #: A window the message must not be handed over in (e.g. the recipient's quiet hours that begin after it was
    #: queued): should it still be queued then, delivery waits until `hold_until`.
    hold_from: Mapped[datetime | None]
    hold_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
