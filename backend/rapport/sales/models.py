"""Tables of the sales domain."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin
from rapport.core.i18n import Named, named

MONEY = Numeric(14, 2)


class LeadStatus(StrEnum):
    """Where a lead stands."""

    NEW = "new"
    WORKING = "working"
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"
    CONVERTED = "converted"


class Lead(IdMixin, VersionedMixin, Base):
    """A prospective customer captured from a form, by hand or in bulk; contact details encrypted."""

    __tablename__ = "lead"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'working', 'qualified', 'disqualified', 'converted')", name="status_valid"),
        Index("ix_lead_owner_status", "owner_id", "status"),
        Index("ix_lead_phone_digest", "phone_digest"),
        Index("ix_lead_email_digest", "email_digest"),
    )

    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(64))
    province: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(64))
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_digest: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    email_digest: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=LeadStatus.NEW.value)
    score: Mapped[int] = mapped_column(Integer, default=0)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"), index=True)
    opportunity_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("opportunity.id", ondelete="SET NULL"))
    submissions: Mapped[int] = mapped_column(Integer, default=1)
    last_submitted_at: Mapped[datetime | None]
    converted_at: Mapped[datetime | None]
    #: The web form's UTM parameters (the campaign that brought the visitor); marketing turns them into a touch.
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(200))
    utm_content: Mapped[str | None] = mapped_column(String(200))
    utm_term: Mapped[str | None] = mapped_column(String(200))


class LeadSubmission(Base):
    """One public form submission, kept to rate-limit by address."""

    __tablename__ = "lead_submission"
    __table_args__ = (Index("ix_lead_submission_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class LeadRule(IdMixin, VersionedMixin, Base):
    """An assignment rule: territory (province -> a rep or team), round robin in a team, or least load."""

    __tablename__ = "lead_rule"
    __table_args__ = (CheckConstraint("kind IN ('territory', 'round_robin', 'load')", name="kind_valid"),)

    position: Mapped[int] = mapped_column(Integer, default=100)
    kind: Mapped[str] = mapped_column(String(16))
    province: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(64))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    last_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PipelineStage(IdMixin, VersionedMixin, Base):
    """A stage of the sales pipeline, with its win probability and whether entering it needs approval."""

    __tablename__ = "pipeline_stage"

    key: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    #: A seeded stage's name in each language ({"zh-CN": ..., "en": ...}), shown in the reader's; null once
    #: someone renames it (a name people type stays as typed).
    labels: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    position: Mapped[int] = mapped_column(Integer)
    probability: Mapped[int] = mapped_column(Integer)  # percent
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_threshold: Mapped[Decimal | None] = mapped_column(MONEY)
    is_won: Mapped[bool] = mapped_column(Boolean, default=False)
    is_lost: Mapped[bool] = mapped_column(Boolean, default=False)


class Opportunity(IdMixin, VersionedMixin, Base):
    """A deal with a customer moving through the pipeline."""

    __tablename__ = "opportunity"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'won', 'lost')", name="status_valid"),
        Index("ix_opportunity_owner_status", "owner_id", "status"),
        Index("ix_opportunity_customer", "customer_id"),
        # The open deals changed lately (the minute's win rescoring, migration 0047).
        Index("ix_opportunity_open_updated", "updated_at", postgresql_where=text("status = 'open'")),
    )

    name: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipeline_stage.id"))
    status: Mapped[str] = mapped_column(String(8), default="open")
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    expected_close: Mapped[date | None] = mapped_column(Date)
    lost_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sales_order.id", ondelete="SET NULL"))


class OpportunityLine(IdMixin, Base):
    """A product on an opportunity: quantity and agreed unit price; the deal's amount is their total when it has lines.

    Lines are replaced together, under the opportunity's version.
    """

    __tablename__ = "opportunity_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_opportunity_line_opportunity", "opportunity_id", "position"),
    )

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunity.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"))
    #: The product's name when the line was written (kept if the product is renamed or deleted).
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    amount: Mapped[Decimal] = mapped_column(MONEY)


class StageChange(Base):
    """One move of an opportunity between stages (funnel, velocity and win rates read these)."""

    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_opportunity", "opportunity_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunity.id", ondelete="CASCADE"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    from_stage_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("pipeline_stage.id"))
    to_stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipeline_stage.id"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime]


class Approval(IdMixin, VersionedMixin, Base):
    """A request to move an opportunity into a gated stage, decided by a sales director."""

    __tablename__ = "approval"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected', 'cancelled')", name="status_valid"),
        Index("ix_approval_status", "status", "created_at"),
    )

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    to_stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipeline_stage.id"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)


#: Events of a customer a pool rule may count as contact: an order placed, a deal won, a ticket opened.
POOL_EVENTS = ("order", "won_deal", "ticket")
#: What a rule counts unless told otherwise: the customer buying is contact; a ticket may be a complaint.
DEFAULT_COUNTED_EVENTS = ("order", "won_deal")


class PoolRule(IdMixin, VersionedMixin, Base):
    """Public-pool rules for customers of a grade (null grade: the default)."""

    __tablename__ = "pool_rule"
    __table_args__ = (UniqueConstraint("grade", name="uq_pool_rule_grade", postgresql_nulls_not_distinct=True),)

    grade: Mapped[str | None] = mapped_column(String(1))
    days_without_follow_up: Mapped[int] = mapped_column(Integer, default=30)
    warn_days_before: Mapped[int] = mapped_column(Integer, default=3)
    daily_claim_limit: Mapped[int] = mapped_column(Integer, default=5)
    reclaim_cooldown_days: Mapped[int] = mapped_column(Integer, default=7)
    exempt_from_stage_position: Mapped[int | None] = mapped_column(Integer)
    #: Events of the customer that count as contact besides the owner's follow-ups (`POOL_EVENTS`).
    counted_events: Mapped[list[str]] = mapped_column(
        ARRAY(String(16)), default=lambda: list(DEFAULT_COUNTED_EVENTS), server_default="{order,won_deal}"
    )


class PoolMovement(Base):
    """A customer entering or leaving the public pool: reclaimed, claimed, allocated, warned."""

    __tablename__ = "pool_movement"
    __table_args__ = (
        CheckConstraint("kind IN ('warned', 'reclaimed', 'released', 'claimed', 'allocated')", name="kind_valid"),
        Index("ix_pool_movement_customer", "customer_id", "at"),
        Index("ix_pool_movement_user_kind_at", "user_id", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    data: Mapped[dict[str, object]] = mapped_column(JSONB, default=dict)
    at: Mapped[datetime]


class SalesTarget(IdMixin, VersionedMixin, Base):
    """A revenue target for a rep or a team over a month or quarter."""

    __tablename__ = "sales_target"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (team_id IS NULL)", name="one_subject"),
        CheckConstraint("period IN ('month', 'quarter')", name="period_valid"),
        UniqueConstraint(
            "user_id",
            "team_id",
            "period",
            "period_start",
            name="uq_sales_target_subject_period",
            postgresql_nulls_not_distinct=True,
        ),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)


#: The largest amount a MONEY column holds.
MAX_MONEY = Decimal("999999999999.99")


def stage_name(stage: PipelineStage) -> Named:
    """A stage's name for a message: in the reader's language when seeded, else as typed."""
    return named(stage.name, stage.labels)


def money(value: Decimal, field: str) -> Decimal:
    """An amount in yuan rounded to fen; BAD_USER_INPUT when negative, not a number or too large."""
    from rapport.core.errors import BadUserInputError

    if not value.is_finite() or value < 0:
        raise BadUserInputError("An amount is a number of at least 0.", field=field)
    if value > MAX_MONEY:
        raise BadUserInputError("The amount is too large.", field=field)
    return value.quantize(Decimal("0.01"))
