"""Tables of journeys and of the web tracking snippet's page views."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin


class Journey(IdMixin, VersionedMixin, Base):
    """A flow: one trigger, then waits, conditions and actions (`graph`, validated by `journeys.graph`).

    It belongs to its owner's team (the row scope: own / team / all); its actions run with its owner's rights."""

    __tablename__ = "journey"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'paused', 'archived')", name="status_valid"),
        Index("ix_journey_status", "status"),
    )

    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    #: {nodes: [{id, type, config, position: {x, y}}], edges: [{source, target, branch: null | yes | no}]}.
    graph: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: Whether a customer who finished the journey may go through it again when the trigger fires again.
    allow_reentry: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    activated_at: Mapped[datetime | None]


class JourneyEnrollment(IdMixin, Base):
    """One customer's way through a journey: where they are and when the next step is due."""

    __tablename__ = "journey_enrollment"
    __table_args__ = (
        UniqueConstraint("journey_id", "customer_id", "generation"),
        CheckConstraint("status IN ('active', 'waiting', 'done', 'exited', 'failed')", name="status_valid"),
        Index("ix_journey_enrollment_due", "next_run_at", postgresql_where="status IN ('active', 'waiting')"),
    )

    journey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    #: 1, then 2, 3 ... for each re-entry (only when the journey allows re-entry).
    generation: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16))
    current_node: Mapped[str] = mapped_column(String(64))
    next_run_at: Mapped[datetime | None]
    entered_at: Mapped[datetime]
    #: When the previous step finished (conditions may count from it).
    stepped_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    #: Segment triggers: when the customer was last seen outside the segment (re-entry needs a way out first).
    left_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class JourneyStepRun(IdMixin, Base):
    """The ledger of one node run for one enrollment: at most one row per (enrollment, node).

    Database-only steps insert it `done` in the transaction that does the work and advances the enrollment.
    External steps (webhook, audience, send) commit it `started` before the call; its id is the idempotency key
    the call carries, so a resumed run repeats the call under the same key and receivers drop the copy."""

    __tablename__ = "journey_step_run"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "node_id"),
        CheckConstraint("status IN ('started', 'done', 'failed', 'skipped')", name="status_valid"),
        Index("ix_journey_step_run_journey_node", "journey_id", "node_id"),
    )

    enrollment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journey_enrollment.id", ondelete="CASCADE"))
    journey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    node_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    #: What the step did (e.g. the branch taken, the HTTP status, the audience row).
    outcome: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class PageView(IdMixin, Base):
    """A page of a company site viewed, as the tracking snippet reported it (known contact or anonymous)."""

    __tablename__ = "page_view"
    __table_args__ = (
        Index("ix_page_view_customer_at", "customer_id", "at"),
        Index("ix_page_view_address_at", "address", "at"),
    )

    at: Mapped[datetime]
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    referrer: Mapped[str | None] = mapped_column(Text)
    #: The anonymous visitor id the snippet keeps in the browser's localStorage.
    visitor_id: Mapped[str] = mapped_column(String(64))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    #: The client's address (the rate limit counts by it).
    address: Mapped[str] = mapped_column(String(64))


class JourneyCursor(Base):
    """A reader's place in the domain event log (the event triggers read each committed event once)."""

    __tablename__ = "journey_cursor"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
