"""Webhook endpoints, their deliveries and every try of each delivery; the dispatcher's place in the event log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin


class WebhookEndpoint(IdMixin, VersionedMixin, Base):
    """A URL that hears about chosen domain events, signed with its own secret, shaped by its token's policy."""

    __tablename__ = "webhook_endpoint"

    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    #: The event types it hears (`rapport.core.domain_events.EVENT_TYPES`).
    events: Mapped[list[str]] = mapped_column(ARRAY(Text))
    #: The integration's API token: payloads are read as its user, with that user's masks and row scopes.
    token_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"), index=True)
    #: Who hears when the endpoint is paused (the admin who created it).
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    #: The signing secret (`whsec_...`), encrypted at rest.
    secret_enc: Mapped[bytes] = mapped_column(LargeBinary)
    #: Set when deliveries stopped: after the last retry failed, on 410 Gone, or by an admin.
    paused_at: Mapped[datetime | None]
    pause_reason: Mapped[str | None] = mapped_column(Text)
    #: The same reason as a message (`rapport.core.i18n.Message.to_json`), shown in the reader's language.
    pause_message: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class WebhookDelivery(IdMixin, Base):
    """One event for one endpoint: its signed body, and where its delivery stands."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_delivery_entity", "endpoint_id", "entity_type", "entity_id", "event_seq"),
        Index("ix_webhook_delivery_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        Index("ix_webhook_delivery_endpoint_created", "endpoint_id", "created_at"),
    )

    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    #: The event's place in the commit order: deliveries of one entity go out in this order.
    event_seq: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[uuid.UUID]
    event_type: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID]
    entity_seq: Mapped[int] = mapped_column(Integer)
    #: The JSON body, encrypted at rest (it may hold values the integration may read in clear).
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    #: pending (waiting for its next try), delivered, or failed (the last try failed; the endpoint was paused).
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class WebhookAttempt(IdMixin, Base):
    """One try of a delivery: when, the answer's status code or the error, how long it took."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_delivery", "delivery_id", "at"),)

    delivery_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_delivery.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)
    #: A replay an admin asked for (not one of the scheduled retries).
    replay: Mapped[bool] = mapped_column(Boolean, default=False)


class WebhookDispatch(Base):
    """How far the dispatcher has read the domain event log (one row)."""

    __tablename__ = "webhook_dispatch"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
